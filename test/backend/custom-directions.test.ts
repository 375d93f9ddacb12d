/**
 * Custom sliders from examples over `reseed serve`'s HTTP API, with the real engine on the fixture
 * pack: two folders of generated pictures (light vs dark) make a direction saved in the user data,
 * listed by packInfo as custom and applied by decode like a pack direction; unreadable files are
 * skipped and counted, too few pictures and folders outside the roots are refused, a corrupt
 * direction file is skipped with a warning. Also the store on its own (ids, atomic files).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ReseedEngine } from '../../electron/engine/engine';
import { EventHub } from '../../electron/http/event-stream';
import { newToken, TOKEN_HEADER } from '../../electron/http/guard';
import { DirectionStore, decodeVector, encodeVector, slugify, uniqueId, type CustomDirection } from '../../electron/backend/direction-store';
import { EditorService } from '../../electron/backend/editor-service';
import { createWorkflows } from '../../electron/backend/workflows';
import type { ProgressEvent } from '../../electron/contract/editor-schemas';
import { tempDir, TINY_PACK } from '../engine/helpers';
import type { RunningServer } from '../../electron/http/server';
import { apiCaller, serveService } from '../http/helpers';

const root = tempDir('reseed-custom-dirs-');
const home = join(root, 'home');
const outside = join(root, 'outside');
const directionsDir = join(root, 'user-data', 'directions');
const token = newToken();
const progress: ProgressEvent[] = [];
let server: RunningServer;
let service: EditorService;

/** A 28×28 garment-like picture: a white block on a background of the given gray. */
const picture = (shade: number, offset = 0) =>
  sharp({ create: { width: 28, height: 28, channels: 3, background: { r: shade, g: shade, b: shade } } })
    .composite([{ input: Buffer.from(`<svg width="28" height="28"><rect x="${6 + offset}" y="4" width="12" height="20" fill="white"/></svg>`) }])
    .png()
    .toBuffer();

async function folderOf(name: string, shades: number[]): Promise<string> {
  const dir = join(home, name);
  mkdirSync(dir, { recursive: true });
  for (const [i, shade] of shades.entries()) writeFileSync(join(dir, `p-${i}.png`), await picture(shade, i % 4));
  return dir;
}

beforeAll(async () => {
  mkdirSync(home, { recursive: true });
  mkdirSync(outside, { recursive: true });
  const engine = new ReseedEngine({ packRoots: [], threads: 1 });
  const events = new EventHub();
  service = new EditorService({
    engine,
    pack: TINY_PACK,
    provider: 'cpu',
    directions: new DirectionStore(directionsDir),
    emit: (event, payload) => {
      progress.push(payload);
      events.send(event, payload);
    },
  });
  const workflows = createWorkflows({ service, engine, roots: [home], userPacks: join(root, 'user-data', 'packs') });
  server = await serveService({ service, workflows }, { staticDir: join(root, 'static'), token, events });
});

afterAll(async () => {
  await server?.close();
  await service?.dispose();
});

const api = apiCaller(() => server.port, token, TOKEN_HEADER);

describe('creating a custom direction from two folders', () => {
  let light: string;
  let dark: string;

  beforeAll(async () => {
    light = await folderOf('light', [200, 210, 220, 230, 240]);
    dark = await folderOf('dark', [10, 20, 30, 40]);
    writeFileSync(join(dark, 'broken.png'), 'not a picture');
    writeFileSync(join(dark, 'notes.txt'), 'ignored: not an image name');
  });

  it('embeds both folders, skips what cannot be read, and saves the unit vector with sigma', async () => {
    const r = await api('directionCreate', { requestId: 'mk1', name: 'Lighter background!', withFolder: light, withoutFolder: dark });
    expect(r.ok, r.error?.message).toBe(true);
    expect(r.value).toMatchObject({
      direction: { id: 'lighter-background', label: 'Lighter background!', custom: true, min: -3, max: 3 },
      with: { used: 5, skipped: 0, truncated: false },
      without: { used: 4, skipped: 1, truncated: false },
    });
    expect(r.value.sigma).toBeGreaterThan(0);
    const events = progress.filter((p) => p.requestId === 'mk1');
    expect(events.every((p) => p.operation === 'direction')).toBe(true);
    expect(events.at(-1)).toMatchObject({ done: 10, total: 10 });

    const file = join(directionsDir, 'tiny', 'lighter-background.json');
    const stored = JSON.parse(readFileSync(file, 'utf8'));
    expect(stored).toMatchObject({ format: 'reseed-direction', version: 1, id: 'lighter-background', pack: { id: 'tiny' }, shape: [1, 28, 28], method: 'examples' });
    expect(stored.examples.with.folder).toBe(light);
    const vector = decodeVector(stored.vector, 28 * 28);
    expect(vector).toBeInstanceOf(Float32Array);
    expect(Math.hypot(...(vector as Float32Array))).toBeCloseTo(1, 4);
    expect(readdirSync(join(directionsDir, 'tiny')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('lists it after the pack directions, marked custom, and a second one with the same name gets its own id', async () => {
    const again = await api('directionCreate', { requestId: 'mk2', name: 'Lighter  background', withFolder: light, withoutFolder: dark });
    expect(again.value.direction.id).toBe('lighter-background-2');
    const info = await api('packInfo');
    expect(info.value.directions.map((d: { id: string; custom: boolean }) => `${d.id}:${d.custom}`)).toEqual([
      'more-like-a-sneaker:false',
      'darker:false',
      'lighter-background:true',
      'lighter-background-2:true',
    ]);
  });

  it('moves the seed like a pack direction: a non-zero value changes the image, zero gives it back', async () => {
    const generated = await api('generate', { requestId: 'g', seed: 11 });
    const seedId = generated.value.seedId;
    const zero = await api('decode', { requestId: 'd0', seedId, sliders: { 'lighter-background': 0 } });
    const moved = await api('decode', { requestId: 'd1', seedId, sliders: { 'lighter-background': 3 } });
    const back = await api('decode', { requestId: 'd2', seedId, sliders: { 'lighter-background': -3 } });
    expect(moved.ok, moved.error?.message).toBe(true);
    expect(zero.value.image).toBe(generated.value.image);
    expect(moved.value.image).not.toBe(zero.value.image);
    expect(back.value.image).not.toBe(moved.value.image);
    const exported = await api('exportImage', { seedId, sliders: { 'lighter-background': 3 } });
    expect(exported.value.fileName).toMatch(/-edited\.png$/);
  });

  it('deletes a custom direction, and refuses to delete a pack direction', async () => {
    expect((await api('directionDelete', { id: 'lighter-background-2' })).value).toEqual({ id: 'lighter-background-2', deleted: true });
    expect(existsSync(join(directionsDir, 'tiny', 'lighter-background-2.json'))).toBe(false);
    expect((await api('directionDelete', { id: 'lighter-background-2' })).error?.code).toBe('not-found');
    expect((await api('directionDelete', { id: 'darker' })).error?.code).toBe('not-found');
    expect((await api('directionDelete', { id: '../../etc' })).error?.code).toBe('invalid-request');
    const info = await api('packInfo');
    expect(info.value.directions.map((d: { id: string }) => d.id)).not.toContain('lighter-background-2');
    const seedId = (await api('generate', { requestId: 'g3', seed: 2 })).value.seedId;
    const decoded = await api('decode', { requestId: 'd3', seedId, sliders: { 'lighter-background-2': 1 } });
    expect(decoded.error?.message).toMatch(/unknown direction "lighter-background-2"/);
  });

  it('needs at least 2 usable pictures per folder, with a clear error', async () => {
    const one = await folderOf('one', [128]);
    writeFileSync(join(one, 'bad.jpg'), Buffer.alloc(50, 1));
    const r = await api('directionCreate', { requestId: 'mk3', name: 'One', withFolder: one, withoutFolder: dark });
    expect(r.error?.code).toBe('input-error');
    expect(r.error?.message).toMatch(/only 1 usable picture \(1 could not be read\).*at least 2/);
    const empty = join(home, 'empty');
    mkdirSync(empty);
    const none = await api('directionCreate', { requestId: 'mk4', name: 'None', withFolder: light, withoutFolder: empty });
    expect(none.error?.message).toMatch(/holds no pictures/);
    const same = await api('directionCreate', { requestId: 'mk5', name: 'Same', withFolder: light, withoutFolder: light });
    expect(same.error?.code).toBe('invalid-request');
  });

  it('never reads a picture linked from outside the allowed roots: it counts as skipped', async () => {
    const linked = await folderOf('linked', [60, 70, 80]);
    writeFileSync(join(outside, 'private.png'), await picture(90));
    symlinkSync(join(outside, 'private.png'), join(linked, 'z-private.png'));
    // A link to a picture elsewhere inside the roots is fine.
    symlinkSync(join(light, 'p-0.png'), join(linked, 'z-inside.png'));
    const r = await api('directionCreate', { requestId: 'mk-links', name: 'Linked', withFolder: linked, withoutFolder: dark });
    expect(r.ok, r.error?.message).toBe(true);
    expect(r.value.with).toMatchObject({ used: 4, skipped: 1 });
    expect((await api('directionDelete', { id: r.value.direction.id })).ok).toBe(true);
  });

  it('refuses folders outside the allowed roots, and names that are not names', async () => {
    const r = await api('directionCreate', { requestId: 'mk6', name: 'Out', withFolder: outside, withoutFolder: dark });
    expect(r.status).toBe(403);
    expect(r.error?.code).toBe('forbidden');
    const dots = await api('directionCreate', { requestId: 'mk7', name: 'Out', withFolder: `${light}/../../outside`, withoutFolder: dark });
    expect(dots.error?.code).toBe('forbidden');
    for (const name of ['', '   ', '!!!', 'x'.repeat(61)]) {
      const bad = await api('directionCreate', { requestId: 'mk8', name, withFolder: light, withoutFolder: dark });
      expect(bad.error?.code, name).toBe('invalid-request');
    }
  });

  it('skips a corrupt direction file with a warning instead of failing', async () => {
    const folder = join(directionsDir, 'tiny');
    writeFileSync(join(folder, 'garbage.json'), '{ not json');
    const good = JSON.parse(readFileSync(join(folder, 'lighter-background.json'), 'utf8'));
    writeFileSync(join(folder, 'short.json'), JSON.stringify({ ...good, id: 'short', vector: encodeVector(new Float32Array([1])) }));
    writeFileSync(join(folder, 'no-sigma.json'), JSON.stringify({ ...good, id: 'no-sigma', sigma: -1 }));
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const info = await api('packInfo');
      expect(info.ok).toBe(true);
      expect(info.value.directions.filter((d: { custom: boolean }) => d.custom).map((d: { id: string }) => d.id)).toEqual(['lighter-background']);
      const warned = warn.mock.calls.map((c) => String(c[0])).join('\n');
      expect(warned).toMatch(/garbage\.json: not valid JSON/);
      expect(warned).toMatch(/short\.json: the vector has 1 values/);
      expect(warned).toMatch(/no-sigma\.json: .*sigma/);
    } finally {
      warn.mockRestore();
    }
  });
});

describe('the direction store', () => {
  it('makes ids from names', () => {
    expect(slugify('Big smile!')).toBe('big-smile');
    expect(slugify('  Crème brûlée ')).toBe('creme-brulee');
    expect(slugify('???')).toBe('slider');
    expect(slugify('a'.repeat(100))).toHaveLength(48);
    expect(uniqueId('x', new Set(['x', 'x-2']))).toBe('x-3');
  });

  it('round-trips a direction, keeps packs apart, and rejects a vector of another size', async () => {
    const store = new DirectionStore(join(root, 'store'));
    const vector = new Float32Array(4).fill(0.5);
    const direction: CustomDirection = {
      id: 'brighter',
      label: 'Brighter',
      created: new Date().toISOString(),
      pack: { id: 'p', version: '1' },
      method: 'examples',
      shape: [1, 2, 2],
      min: -3,
      max: 3,
      sigma: 0.7,
      examples: { with: { folder: '/a', used: 2, skipped: 0, truncated: false }, without: { folder: '/b', used: 3, skipped: 1, truncated: false } },
      vector,
    };
    await store.save('p', direction);
    const [loaded] = await store.list('p', 4);
    expect(loaded).toMatchObject({ id: 'brighter', sigma: 0.7, examples: direction.examples });
    expect([...loaded!.vector]).toEqual([0.5, 0.5, 0.5, 0.5]);
    expect(await store.list('other', 4)).toEqual([]);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(await new DirectionStore(join(root, 'store')).list('p', 9)).toEqual([]);
    expect(warn).toHaveBeenCalledOnce();
    warn.mockRestore();
    await store.remove('p', 'brighter');
    expect(await store.list('p', 4)).toEqual([]);
  });
});
