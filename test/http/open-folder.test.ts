/**
 * "Open output folder" in `reseed serve`: the openFolder operation checks the path against the
 * allowed roots and hands it to the injected opener (never a real file manager here); the system
 * opener picks the platform's program, spawns it detached with the path as one argument, and
 * reports a program that cannot start. Also the batch end hook that notifications hang on.
 */
import { EventEmitter } from 'node:events';
import { mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ReseedEngine } from '../../electron/engine/engine';
import { platformOpener, systemFolderOpener } from '../../electron/http/folder-opener';
import { newToken, TOKEN_HEADER } from '../../electron/http/guard';
import { EditorService } from '../../electron/backend/editor-service';
import { createWorkflows } from '../../electron/backend/workflows';
import type { BatchOutcome } from '../../electron/contract/batch-outcome';
import { tempDir, TINY_PACK } from '../engine/helpers';
import type { RunningServer } from '../../electron/http/server';
import { apiCaller, serveService } from './helpers';

const root = tempDir('reseed-open-folder-');
const home = join(root, 'home');
const token = newToken();
const opened: string[] = [];
const ended: BatchOutcome[] = [];
let failWith: string | null = null;
let server: RunningServer;
let service: EditorService;

beforeAll(async () => {
  mkdirSync(join(home, 'out'), { recursive: true });
  mkdirSync(join(root, 'outside'), { recursive: true });
  const engine = new ReseedEngine({ packRoots: [], threads: 1 });
  service = new EditorService({ engine, pack: TINY_PACK, provider: 'cpu' });
  const workflows = createWorkflows({ service, engine, roots: [home], userPacks: join(root, 'packs'), onBatchEnd: (o) => ended.push(o) });
  server = await serveService(
    {
      service,
      workflows,
      openFolder: async (path) => {
      if (failWith !== null) throw new Error(failWith);
      opened.push(path);
    },
    },
    { staticDir: join(root, 'static'), token },
  );
});

afterAll(async () => {
  await server?.close();
  await service?.dispose();
});

const api = apiCaller(() => server.port, token, TOKEN_HEADER);

describe('openFolder over HTTP', () => {
  it('opens a folder inside the roots with the injected opener, by its real path', async () => {
    const r = await api('openFolder', { path: join(home, 'out') });
    expect(r.ok, r.error?.message).toBe(true);
    const real = realpathSync(join(home, 'out'));
    expect(r.value).toEqual({ path: real });
    expect(opened).toEqual([real]);
  });

  it('refuses paths outside the roots, missing folders and files, without calling the opener', async () => {
    opened.length = 0;
    writeFileSync(join(home, 'file.txt'), 'x');
    expect(await api('openFolder', { path: join(root, 'outside') })).toMatchObject({ status: 403, error: { code: 'forbidden' } });
    expect(await api('openFolder', { path: `${home}/../outside` })).toMatchObject({ status: 403 });
    expect(await api('openFolder', { path: 'out' })).toMatchObject({ error: { code: 'forbidden' } });
    expect(await api('openFolder', { path: join(home, 'missing') })).toMatchObject({ status: 404, error: { code: 'not-found' } });
    expect(await api('openFolder', { path: join(home, 'file.txt') })).toMatchObject({ error: { code: 'invalid-request' } });
    expect(await api('openFolder', {})).toMatchObject({ error: { code: 'invalid-request' } });
    expect(opened).toEqual([]);
  });

  it('reports an opener that fails with a clear error', async () => {
    failWith = 'xdg-open is not installed';
    try {
      const r = await api('openFolder', { path: join(home, 'out') });
      expect(r.error?.code).toBe('open-failed');
      expect(r.error?.message).toMatch(/cannot open .*out in the file manager: xdg-open is not installed/);
    } finally {
      failWith = null;
    }
  });
});

describe('the system folder opener', () => {
  it('uses the platform program', () => {
    expect(platformOpener('linux')).toBe('xdg-open');
    expect(platformOpener('freebsd')).toBe('xdg-open');
    expect(platformOpener('darwin')).toBe('open');
    expect(platformOpener('win32')).toBe('explorer');
  });

  function fakeSpawn(outcome: 'spawn' | NodeJS.ErrnoException) {
    const child = Object.assign(new EventEmitter(), { unref: vi.fn() });
    const spawn = vi.fn(() => {
      setImmediate(() => (outcome === 'spawn' ? child.emit('spawn') : child.emit('error', outcome)));
      return child;
    });
    return { spawn, child };
  }

  it('spawns it detached, without a shell, the path as one argument, and lets it go', async () => {
    const { spawn, child } = fakeSpawn('spawn');
    await systemFolderOpener({ platform: 'darwin', spawn })('/Users/me/out; rm -rf ~');
    expect(spawn).toHaveBeenCalledWith('open', ['/Users/me/out; rm -rf ~'], expect.objectContaining({ detached: true, stdio: 'ignore', shell: false }));
    expect(child.unref).toHaveBeenCalled();
  });

  it('takes another program when one is named ($RESEED_OPENER)', async () => {
    const { spawn } = fakeSpawn('spawn');
    await systemFolderOpener({ platform: 'linux', command: '/usr/bin/thunar', spawn })('/home/me/out');
    expect(spawn).toHaveBeenCalledWith('/usr/bin/thunar', ['/home/me/out'], expect.anything());
  });

  it('rejects when the program is missing, naming it', async () => {
    const missing = Object.assign(new Error('spawn xdg-open ENOENT'), { code: 'ENOENT' });
    const { spawn } = fakeSpawn(missing);
    await expect(systemFolderOpener({ platform: 'linux', spawn })('/x')).rejects.toThrow(/xdg-open is not installed/);
  });
});

describe('batch end hook', () => {
  it('reports how a batch ended, with its time and counts', async () => {
    const input = join(home, 'in');
    mkdirSync(input);
    for (let i = 0; i < 3; i++) writeFileSync(join(input, `i${i}.png`), await sharp({ create: { width: 8, height: 8, channels: 3, background: { r: i * 50, g: 0, b: 0 } } }).png().toBuffer());
    const r = await api('batchRun', { requestId: 'b1', input, out: join(home, 'in-out') });
    expect(r.ok, r.error?.message).toBe(true);
    expect(ended).toEqual([expect.objectContaining({ status: 'done', ok: 3, failed: 0 })]);
    expect(ended[0]!.elapsedSeconds).toBeGreaterThan(0);
    writeFileSync(join(home, 'in-out-file'), 'x');
    const failed = await api('batchRun', { requestId: 'b2', input, out: join(home, 'in-out-file') });
    expect(failed.ok).toBe(false);
    expect(ended[1]).toMatchObject({ status: 'failed', error: expect.stringMatching(/not a folder/) });
  });
});
