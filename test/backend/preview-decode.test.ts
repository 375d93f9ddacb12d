/**
 * Decoding with the preview decoder through the backend's handler map (issue #21): `quality:
 * 'preview'` runs the pack's preview and says so, a pack without one decodes fully and says that,
 * keep details measures a preview edit against the preview of the unedited seed (zero sliders give
 * the photo's crop either way), and an export is always the full decode.
 */
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { EditorService } from '../../electron/backend/editor-service';
import { createServiceHandlers, type ServiceHandlers } from '../../electron/backend/handlers';
import { runOperation } from '../../electron/backend/run-operation';
import { SettingsStore } from '../../electron/backend/settings-store';
import { createWorkflows } from '../../electron/backend/workflows';
import type { InvokeName } from '../../electron/contract/channels';
import { ReseedEngine } from '../../electron/engine/engine';
import { copyTinyPack, REPO, tempDir, TINY_PACK, type LooseJson } from '../engine/helpers';

const root = tempDir('reseed-preview-backend-');
const FIXTURE = join(REPO, 'test', 'fixtures', 'tiny-preview');
const crop = { left: 40, top: 60, width: 200, height: 200 };
const services: EditorService[] = [];

function previewPack(): string {
  const dir = copyTinyPack(root, (p) => (p.networks.preview = JSON.parse(readFileSync(join(FIXTURE, 'preview-entry.json'), 'utf8'))));
  copyFileSync(join(FIXTURE, 'preview.onnx'), join(dir, 'preview.onnx'));
  return dir;
}

/** The handler map on a pack, with the bag photo embedded: call(name, payload) and the seed id. */
async function editor(pack: string): Promise<{ call: (name: InvokeName, payload: unknown) => Promise<LooseJson>; seedId: string }> {
  const engine = new ReseedEngine({ packRoots: [], threads: 1 });
  const service = new EditorService({ engine, pack, provider: 'cpu' });
  services.push(service);
  const workflows = createWorkflows({ service, engine, roots: [root], userPacks: join(root, 'packs'), settings: new SettingsStore(join(root, `settings-${services.length}.json`)) });
  const handlers: ServiceHandlers = createServiceHandlers({ service, appInfo: () => ({}) as never, workflows });
  const call = (name: InvokeName, payload: unknown) => runOperation(name, payload, handlers[name] as never) as Promise<LooseJson>;
  const photo = await sharp(readFileSync(join(REPO, 'assets', 'samples', 'bag.jpg'))).png().toBuffer();
  const opened = await call('openImage', { source: 'upload', name: 'bag.png', data: photo.toString('base64') });
  const embedded = await call('embed', { requestId: 'p-embed', imageId: opened.value.imageId, crop });
  expect(embedded.ok).toBe(true);
  return { call, seedId: embedded.value.seedId };
}

afterAll(async () => {
  await Promise.all(services.map((s) => s.dispose()));
});

describe('decode quality over the handlers', () => {
  it('runs the preview when asked and the pack has one; full otherwise', async () => {
    const { call, seedId } = await editor(previewPack());
    const preview = await call('decode', { requestId: 'p1', seedId, sliders: { darker: 2 }, quality: 'preview' });
    expect(preview.ok).toBe(true);
    expect(preview.value.decoder).toBe('preview');
    const full = await call('decode', { requestId: 'p2', seedId, sliders: { darker: 2 } });
    expect(full.value.decoder).toBe('full');
    expect(full.value.image).not.toBe(preview.value.image);
    // Keep details on a preview: zero sliders give the crop itself, as the full decode does.
    const kd = { keepDetails: { on: true, strength: 1 } };
    const still = await call('decode', { requestId: 'p3', seedId, sliders: {}, quality: 'preview', ...kd });
    const stillFull = await call('decode', { requestId: 'p4', seedId, sliders: {}, ...kd });
    expect(still.value).toMatchObject({ decoder: 'preview', colours: 'photo', keepDetails: true });
    expect(still.value.image).toBe(stillFull.value.image);
    // A lock's loop runs on the preview too, and answers with the lock's status.
    const locked = await call('decode', { requestId: 'p5', seedId, sliders: { 'more-like-a-sneaker': 3 }, locks: ['darker'], quality: 'preview' });
    expect(locked.value.decoder).toBe('preview');
    expect(locked.value.locks.map((l: LooseJson) => l.id)).toEqual(['darker']);
  });

  it('a pack without a preview answers a preview request with the full decode, and says so', async () => {
    const { call, seedId } = await editor(TINY_PACK);
    const asked = await call('decode', { requestId: 'n1', seedId, sliders: { darker: 2 }, quality: 'preview' });
    const full = await call('decode', { requestId: 'n2', seedId, sliders: { darker: 2 } });
    expect(asked.value.decoder).toBe('full');
    expect(asked.value.image).toBe(full.value.image);
  });
});
