/**
 * The folder workflows over `reseed serve`'s HTTP API with the real engine on the fixture pack:
 * allowed roots (outside paths and symlink escapes refused), batch jobs (corrupt files listed,
 * cancel then resume does every image exactly once), pack import (a broken pack is refused and
 * the active pack keeps working) and persisted settings.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReseedEngine } from '../../electron/engine/engine';
import { EventHub } from '../../electron/http/event-stream';
import { newToken, TOKEN_HEADER } from '../../electron/http/guard';
import { EditorService } from '../../electron/backend/editor-service';
import { SettingsStore } from '../../electron/backend/settings-store';
import { createWorkflows, type Workflows } from '../../electron/backend/workflows';
import type { BatchEvent } from '../../electron/contract/workflow-schemas';
import { copyTinyPack, tempDir, TINY_PACK } from '../engine/helpers';
import type { RunningServer } from '../../electron/http/server';
import { apiCaller, serveService } from '../http/helpers';

const root = tempDir('reseed-workflows-');
const home = join(root, 'home');
const outside = join(root, 'outside');
const userPacks = join(root, 'user-data', 'packs');
const token = newToken();
const batchEvents: BatchEvent[] = [];
let onBatchEvent: ((e: BatchEvent) => void) | undefined;
let server: RunningServer;
let service: EditorService;
let workflows: Workflows;

const tinyPng = (shade: number) => sharp({ create: { width: 8, height: 8, channels: 3, background: { r: shade, g: shade, b: shade } } }).png().toBuffer();

beforeAll(async () => {
  mkdirSync(home, { recursive: true });
  mkdirSync(outside, { recursive: true });
  mkdirSync(userPacks, { recursive: true });
  const engine = new ReseedEngine({ packRoots: [{ dir: userPacks, source: 'user' }], threads: 1 });
  const events = new EventHub();
  service = new EditorService({ engine, pack: TINY_PACK, provider: 'cpu', emit: (e, p) => events.send(e, p) });
  workflows = createWorkflows({
    service,
    engine,
    roots: [home],
    userPacks,
    emit: (event, payload) => {
      batchEvents.push(payload);
      onBatchEvent?.(payload);
    },
  });
  server = await serveService({ service, workflows }, { staticDir: join(root, 'static'), token, events });
});

afterAll(async () => {
  await server?.close();
  await service?.dispose();
});

const api = apiCaller(() => server.port, token, TOKEN_HEADER);

describe('folder browser and allowed roots', () => {
  it('lists the roots, then a folder with its sub-folders and images', async () => {
    mkdirSync(join(home, 'pics', 'sub'), { recursive: true });
    writeFileSync(join(home, 'pics', 'a.png'), await tinyPng(10));
    writeFileSync(join(home, 'pics', 'notes.txt'), 'x');
    const top = await api('listFolder', {});
    expect(top.ok).toBe(true);
    expect(top.value.roots).toHaveLength(1);
    const pics = await api('listFolder', { path: join(top.value.roots[0], 'pics') });
    expect(pics.value.entries.map((e: { name: string; kind: string }) => `${e.kind}:${e.name}`)).toEqual(['folder:sub', 'image:a.png']);
    expect(pics.value.parent).toBe(top.value.roots[0]);
  });

  it('refuses a path outside the roots, a relative path and ".."', async () => {
    for (const path of [outside, '/etc', 'pics', join(home, '..', 'outside'), `${home}/pics/../../outside`]) {
      const r = await api('listFolder', { path });
      expect(r.ok, path).toBe(false);
      expect(r.status, path).toBe(403);
      expect(r.error?.code).toBe('forbidden');
    }
  });

  it('refuses a symlink that leads outside the roots, for listing and for batch folders', async () => {
    writeFileSync(join(outside, 'secret.png'), await tinyPng(1));
    symlinkSync(outside, join(home, 'escape'));
    const listed = await api('listFolder', { path: join(home, 'escape') });
    expect(listed.error?.code).toBe('forbidden');
    expect(listed.error?.message).toMatch(/symbolic link/);
    const batch = await api('batchRun', { requestId: 'esc', input: join(home, 'escape'), out: join(home, 'esc-out') });
    expect(batch.error?.code).toBe('forbidden');
    const out = await api('batchRun', { requestId: 'esc2', input: join(home, 'pics'), out: join(home, 'escape', 'new', 'out') });
    expect(out.error?.code).toBe('forbidden');
    expect(existsSync(join(outside, 'new'))).toBe(false);
  });
});

describe('batch jobs', () => {
  it('a folder of 20 images with 2 corrupt ones ends with 18 done and 2 errors listed', async () => {
    const input = join(home, 'twenty');
    mkdirSync(input);
    for (let i = 0; i < 18; i++) writeFileSync(join(input, `img-${i}.png`), await tinyPng(i * 12));
    writeFileSync(join(input, 'broken-1.png'), 'not a png at all');
    writeFileSync(join(input, 'broken-2.jpg'), Buffer.alloc(40, 7));
    const out = join(home, 'twenty-out');
    const run = await api('batchRun', { requestId: 'b20', input, out, batchSize: 8 });
    expect(run.ok, run.error?.message).toBe(true);
    expect(run.value).toMatchObject({ total: 20, done: 20, ok: 18, failed: 2, cancelled: false });
    expect(batchEvents.filter((e) => e.requestId === 'b20').map((e) => e.phase)).toEqual(['start', 'progress', 'progress', 'progress', 'end']);
    const results = await api('batchResults', { input, out, limit: 5 });
    expect(results.value).toMatchObject({ total: 20, ok: 18, failed: 2 });
    expect(results.value.items).toHaveLength(5);
    expect(results.value.items[0].thumbnail).toMatch(/^data:image\/png;base64,/);
    expect(results.value.items[0].reconstruction).toMatch(/^data:image\/png;base64,/);
    expect(typeof results.value.items[0].mse).toBe('number');
    expect(results.value.errors.map((e: { input: string }) => e.input).sort()).toEqual(['broken-1.png', 'broken-2.jpg']);
    expect(results.value.errors.every((e: { reason: string }) => e.reason.length > 0)).toBe(true);
  });

  it('refuses an output folder that is the input folder', async () => {
    const r = await api('batchRun', { requestId: 'same', input: join(home, 'pics'), out: join(home, 'pics') });
    expect(r.error?.code).toBe('invalid-request');
  });

  it('300 images cancelled after the first progress event, then run again: each done exactly once', async () => {
    const input = join(home, 'many');
    mkdirSync(input);
    const png = await tinyPng(128);
    for (let i = 0; i < 300; i++) writeFileSync(join(input, `m-${String(i).padStart(3, '0')}.png`), png);
    const out = join(home, 'many-out');
    let cancelAnswer: Promise<{ ok: boolean; value?: { cancelled: boolean } }> | undefined;
    onBatchEvent = (e) => {
      if (e.requestId === 'many-1' && e.phase === 'progress' && cancelAnswer === undefined) cancelAnswer = api('cancel', { requestId: 'many-1' });
    };
    const first = await api('batchRun', { requestId: 'many-1', input, out, batchSize: 8 });
    onBatchEvent = undefined;
    expect((await cancelAnswer)?.value?.cancelled).toBe(true);
    expect(first.value.cancelled).toBe(true);
    expect(first.value.done).toBeLessThan(300);
    expect(first.value.done).toBeGreaterThan(0);

    const second = await api('batchRun', { requestId: 'many-2', input, out, batchSize: 32 });
    expect(second.value).toMatchObject({ cancelled: false, alreadyDone: first.value.done, done: 300 - first.value.done, failed: 0 });

    const lines = readFileSync(join(out, 'index.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { input: string; status: string });
    expect(lines).toHaveLength(300);
    expect(new Set(lines.map((l) => l.input)).size).toBe(300);
    expect(lines.every((l) => l.status === 'ok')).toBe(true);
    const files = readdirSync(out);
    expect(files.filter((f) => f.endsWith('.latent.npy'))).toHaveLength(300);
    expect(files.filter((f) => f.endsWith('.recon.png'))).toHaveLength(300);
    expect(files.filter((f) => f.endsWith('.tmp'))).toHaveLength(0);
  }, 120_000);
});

describe('model packs', () => {
  it('importing a broken pack shows its error and leaves the active pack working', async () => {
    const before = await api('packInfo');
    expect(before.ok).toBe(true);
    const broken = copyTinyPack(home, (pack) => {
      pack.image.width = 'wide';
    });
    const r = await api('packImport', { dir: broken });
    expect(r.ok).toBe(false);
    expect(r.error?.code).toBe('pack-error');
    expect(r.error?.message).toMatch(/pack\.json/);
    expect(r.error?.message).toMatch(/width/);
    expect(readdirSync(userPacks)).toEqual([]);
    const after = await api('packInfo');
    expect(after.value.dir).toBe(before.value.dir);
    const generated = await api('generate', { requestId: 'g1', seed: 3 });
    expect(generated.ok, generated.error?.message).toBe(true);
  });

  it('refuses a pack whose model does not have the inputs pack.json names, naming the file and field', async () => {
    const renamed = copyTinyPack(home, (pack) => {
      pack.networks.refiner.inputs.reconstruction.name = 'recon';
    });
    const r = await api('packImport', { dir: renamed });
    expect(r.error?.code).toBe('pack-error');
    expect(r.error?.message).toMatch(/refiner\.onnx: networks\.refiner\.inputs\.reconstruction\.name: the model has no input named "recon"/);
    expect(readdirSync(userPacks)).toEqual([]);
  });

  it('refuses to import a pack folder outside the roots', async () => {
    const r = await api('packImport', { dir: TINY_PACK });
    expect(r.error?.code).toBe('forbidden');
  });

  it('imports a valid pack, lists it with licence and metrics, and switches to it', async () => {
    const good = copyTinyPack(home);
    const r = await api('packImport', { dir: good });
    expect(r.ok, r.error?.message).toBe(true);
    expect(r.value.packs[0]).toMatchObject({ source: 'path', active: true, license: 'MIT' });
    const user = r.value.packs.find((p: { source: string }) => p.source === 'user');
    expect(user).toMatchObject({ license: 'MIT', error: null, active: false });
    expect(user.metrics).toMatch(/network mse/);
    const used = await api('packUse', { dir: user.dir });
    expect(used.ok, used.error?.message).toBe(true);
    expect(used.value.dir).toBe(user.dir);
    expect((await api('packCatalog')).value.packs.find((p: { dir: string }) => p.dir === user.dir).active).toBe(true);
    expect((await api('generate', { requestId: 'g2', seed: 4 })).ok).toBe(true);
    const again = await api('packImport', { dir: good });
    expect(again.error?.message).toMatch(/already installed/);
    expect((await api('packUse', { dir: good })).error?.code).toBe('not-found');
  });
});

describe('settings', () => {
  it('persist across restarts in settings.json, written atomically', async () => {
    const file = join(root, 'user-data', 'settings.json');
    const store = new SettingsStore(file);
    expect(await store.get()).toMatchObject({ provider: 'auto', theme: 'system', steps: null });
    await store.update({ theme: 'dark', steps: 20, lastFolders: { batchInput: '/a' } });
    await store.update({ provider: 'cpu', lastFolders: { batchOutput: '/b' } });
    const reopened = await new SettingsStore(file).get();
    expect(reopened).toEqual({
      provider: 'cpu',
      steps: 20,
      theme: 'dark',
      keepDetails: { on: true, strength: 1 },
      lastFolders: { batchInput: '/a', batchOutput: '/b', packImport: null },
    });
    expect(readdirSync(join(root, 'user-data')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    writeFileSync(file, '{ not json');
    expect((await new SettingsStore(file).get()).theme).toBe('system');
  });

  it('are read and changed over the API, and bad values are refused', async () => {
    expect((await api('settingsSet', { theme: 'light' })).value.theme).toBe('light');
    expect((await api('settingsGet')).value.theme).toBe('light');
    expect((await api('settingsSet', { theme: 'neon' })).error?.code).toBe('invalid-request');
  });
});
