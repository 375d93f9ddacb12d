/**
 * Faithful edits through the backend's handler map (the path IPC and `reseed serve` take: zod
 * request validation, the handler, response validation), on the real engine with the fixture pack
 * (28×28 gray, negated): keep details on decode, exportImage and exportPhoto, locks with their
 * per-lock status, a mask, bad requests refused, and the keep-details setting remembered.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EditorService } from '../../electron/backend/editor-service';
import { createServiceHandlers, type ServiceHandlers } from '../../electron/backend/handlers';
import { runOperation } from '../../electron/backend/run-operation';
import { SettingsStore } from '../../electron/backend/settings-store';
import { createWorkflows } from '../../electron/backend/workflows';
import type { InvokeName } from '../../electron/contract/channels';
import { ReseedEngine } from '../../electron/engine/engine';
import { MASK_FEATHER_PX } from '../../electron/engine/image/edit-mask';
import { REPO, tempDir, TINY_PACK, type LooseJson } from '../engine/helpers';

const root = tempDir('reseed-faithful-backend-');
let service: EditorService;
let handlers: ServiceHandlers;
let photo: Buffer;
let seedId: string;
const crop = { left: 40, top: 60, width: 200, height: 200 };

/** One call as a transport makes it: the envelope, never a throw. */
async function call(name: InvokeName, payload: unknown): Promise<LooseJson> {
  return runOperation(name, payload, handlers[name] as never);
}

async function rgba(bytes: Buffer) {
  const { data, info } = await sharp(bytes).autoOrient().toColourspace('srgb').ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

const pngOf = (dataUrl: string) => Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64');

beforeAll(async () => {
  const engine = new ReseedEngine({ packRoots: [], threads: 1 });
  service = new EditorService({ engine, pack: TINY_PACK, provider: 'cpu' });
  const workflows = createWorkflows({ service, engine, roots: [root], userPacks: join(root, 'packs'), settings: new SettingsStore(join(root, 'settings.json')) });
  handlers = createServiceHandlers({ service, appInfo: () => ({}) as never, workflows });
  photo = await sharp(readFileSync(join(REPO, 'assets', 'samples', 'bag.jpg'))).png().toBuffer();
  const opened = await call('openImage', { source: 'upload', name: 'bag.png', data: photo.toString('base64') });
  expect(opened.ok).toBe(true);
  const embedded = await call('embed', { requestId: 'fe-embed', imageId: opened.value.imageId, crop });
  expect(embedded.ok).toBe(true);
  seedId = embedded.value.seedId;
});

afterAll(async () => {
  await service?.dispose();
});

describe('keep details over the handlers', () => {
  it('without faithful fields a decode is what it was; with keep details it is in the photo colours', async () => {
    const plain = await call('decode', { requestId: 'd0', seedId, sliders: { darker: 2 } });
    expect(plain.value).toMatchObject({ colours: 'model', keepDetails: false, locks: [] });
    const kept = await call('decode', { requestId: 'd1', seedId, sliders: { darker: 2 }, keepDetails: { on: true, strength: 1 } });
    expect(kept.value).toMatchObject({ colours: 'photo', keepDetails: true, locks: [] });
    const regrown = await call('decode', { requestId: 'd2', seedId, sliders: { darker: 2 }, keepDetails: { on: false } });
    expect(regrown.value).toMatchObject({ colours: 'photo', keepDetails: false });
    // Keep details off in photo colours is the plain decode un-negated.
    const a = await sharp(pngOf(plain.value.image)).raw().toBuffer();
    const b = await sharp(pngOf(regrown.value.image)).raw().toBuffer();
    for (let i = 0; i < a.length; i++) expect(Math.abs(255 - a[i]! - b[i]!)).toBeLessThanOrEqual(1);
    expect(kept.value.image).not.toBe(regrown.value.image);
  });

  it('zero sliders + keep details: the photo export is the photo pixel for pixel (PNG)', async () => {
    const out = await call('exportPhoto', { seedId, sliders: {}, format: 'png', keepDetails: { on: true, strength: 1 } });
    expect(out.ok).toBe(true);
    expect(out.value.area).toMatchObject({ width: 0, height: 0 });
    expect((await rgba(Buffer.from(out.value.data, 'base64'))).data.equals((await rgba(photo)).data)).toBe(true);
    const model = await call('exportImage', { seedId, sliders: { darker: 0 }, keepDetails: { on: true, strength: 1 } });
    expect(model.value).toMatchObject({ colours: 'photo', keepDetails: true, width: 28, height: 28 });
  });

  it('a mask keeps the photo byte for byte beyond its feather', async () => {
    const m = Buffer.alloc(10 * 10);
    for (let y = 0; y < 10; y++) m.fill(255, y * 10, y * 10 + 5);
    const mask = `data:image/png;base64,${(await sharp(m, { raw: { width: 10, height: 10, channels: 1 } }).png().toBuffer()).toString('base64')}`;
    const out = await call('exportPhoto', { seedId, sliders: { darker: 3, 'more-like-a-sneaker': 3 }, format: 'png', keepDetails: { on: true, strength: 1 }, mask });
    expect(out.ok).toBe(true);
    const before = await rgba(photo);
    const after = await rgba(Buffer.from(out.value.data, 'base64'));
    let outside = 0;
    let inside = 0;
    for (let y = 0; y < before.height; y++) {
      for (let x = 0; x < before.width; x++) {
        const p = (y * before.width + x) * 4;
        const diff = Math.max(...[0, 1, 2, 3].map((c) => Math.abs(before.data[p + c]! - after.data[p + c]!)));
        if (x >= crop.left + 100 + MASK_FEATHER_PX + 1 || x < crop.left || y < crop.top || y >= crop.top + crop.height) outside = Math.max(outside, diff);
        else if (diff > 0) inside++;
      }
    }
    expect(outside).toBe(0);
    expect(inside).toBeGreaterThan(300);
    // A generated seed has no photo to mask.
    const generated = await call('generate', { requestId: 'g', seed: 4 });
    expect((await call('decode', { requestId: 'd3', seedId: generated.value.seedId, sliders: { darker: 1 }, mask })).error.code).toBe('unsupported');
  });

  it('refuses bad faithful fields by schema', async () => {
    for (const bad of [{ keepDetails: { on: true, strength: 2 } }, { locks: ['Not An Id!'] }, { mask: 'data:text/plain;base64,aGk=' }, { locks: Array(17).fill('darker') }]) {
      expect((await call('decode', { requestId: 'bad', seedId, sliders: {}, ...bad })).error.code, JSON.stringify(bad).slice(0, 60)).toBe('invalid-request');
    }
    expect((await call('decode', { requestId: 'bad', seedId, sliders: {}, locks: ['taller'] })).error.code).toBe('invalid-request');
  });
});

describe('locks over the handlers', () => {
  it('packInfo says which sliders a lock can hold on the picture', async () => {
    const info = await call('packInfo', undefined);
    expect(Object.fromEntries(info.value.directions.map((d: LooseJson) => [d.id, d.lock]))).toEqual({ 'more-like-a-sneaker': 'projection-only', darker: 'closed-loop' });
  });

  it('reports a closed loop for a measured attribute and projection only where nothing is measured', async () => {
    const r = await call('decode', { requestId: 'l1', seedId, sliders: { 'more-like-a-sneaker': 3 }, locks: ['darker'], keepDetails: { on: true, strength: 1 } });
    expect(r.ok).toBe(true);
    const [lock] = r.value.locks;
    expect(lock).toMatchObject({ id: 'darker', mode: 'closed-loop', attribute: 'mean-intensity' });
    expect(Math.abs(lock.value - lock.target)).toBeLessThanOrEqual(Math.abs(lock.projected - lock.target) + 1e-9);
    const other = await call('decode', { requestId: 'l2', seedId, sliders: { darker: 2 }, locks: ['more-like-a-sneaker'] });
    expect(other.value.locks).toEqual([expect.objectContaining({ id: 'more-like-a-sneaker', mode: 'projection-only', held: null })]);
    // The export of what was shown reuses the loop's result: the same locks, the same picture.
    const exported = await call('exportImage', { seedId, sliders: { 'more-like-a-sneaker': 3 }, locks: ['darker'], keepDetails: { on: true, strength: 1 } });
    expect(exported.value.locks).toEqual(r.value.locks);
    // The same pixels (the editor's data URL and the export are written by different PNG encoders).
    expect((await sharp(Buffer.from(exported.value.png, 'base64')).raw().toBuffer()).equals(await sharp(pngOf(r.value.image)).raw().toBuffer())).toBe(true);
    const photoOut = await call('exportPhoto', { seedId, sliders: { 'more-like-a-sneaker': 3 }, locks: ['darker'], format: 'png', keepDetails: { on: true, strength: 1 } });
    expect(photoOut.value.locks).toEqual(r.value.locks);
  });
});

describe('settings', () => {
  it('remember keep details and its strength', async () => {
    expect((await call('settingsGet', undefined)).value.keepDetails).toEqual({ on: true, strength: 1 });
    expect((await call('settingsSet', { keepDetails: { strength: 0.4 } })).value.keepDetails).toEqual({ on: true, strength: 0.4 });
    expect((await call('settingsSet', { keepDetails: { on: false } })).value.keepDetails).toEqual({ on: false, strength: 0.4 });
    expect((await new SettingsStore(join(root, 'settings.json')).get()).keepDetails).toEqual({ on: false, strength: 0.4 });
    expect((await call('settingsSet', { keepDetails: { strength: 1.5 } })).error.code).toBe('invalid-request');
  });
});
