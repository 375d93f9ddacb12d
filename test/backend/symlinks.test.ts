/**
 * Symbolic links never lead the editor out of the allowed roots, for files as for folders: a
 * dangling link is followed to where it would lead, the folder browser hides links leading out,
 * batch results show no thumbnail of a linked file outside, pack import refuses a pack whose
 * files link outside before reading any of them, and a pack.json that is not JSON is reported
 * without quoting its text.
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { AllowedRoots } from '../../electron/backend/allowed-roots';
import { BatchService } from '../../electron/backend/batch-service';
import { listFolder } from '../../electron/backend/folder-browser';
import { PackManager } from '../../electron/backend/pack-manager';
import type { OpenPack } from '../../electron/engine/open-pack';
import { ReseedEngine } from '../../electron/engine/engine';
import { parseManifest } from '../../electron/engine/packs/manifest';
import { copyTinyPack, tempDir } from '../engine/helpers';

const base = tempDir('reseed-symlinks-');
const home = join(base, 'home');
const outside = join(base, 'outside');
const userPacks = join(base, 'user-packs');
const PASSWD = 'root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n';
let roots: AllowedRoots;

const png = (shade: number) => sharp({ create: { width: 8, height: 8, channels: 3, background: { r: shade, g: shade, b: shade } } }).png().toBuffer();

beforeAll(async () => {
  for (const dir of [home, outside, userPacks]) mkdirSync(dir, { recursive: true });
  writeFileSync(join(outside, 'secret.png'), await png(3));
  writeFileSync(join(outside, 'passwd'), PASSWD);
  roots = new AllowedRoots([home]);
});

async function refusal(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { code: string; message: string };
  }
  throw new Error('expected a refusal');
}

describe('AllowedRoots', () => {
  it('follows a dangling link to where writing through it would lead', async () => {
    symlinkSync(join(outside, 'not-yet'), join(home, 'dangling-out'));
    for (const path of [join(home, 'dangling-out'), join(home, 'dangling-out', 'sub', 'out')]) {
      expect(await refusal(roots.check(path)), path).toMatchObject({ code: 'forbidden', message: expect.stringMatching(/symbolic link leads outside/) });
    }
    symlinkSync(join(home, 'results-later'), join(home, 'dangling-in'));
    expect(await roots.check(join(home, 'dangling-in', 'out'))).toBe(join(roots.list()[0]!, 'results-later', 'out'));
  });

  it('resolves files too: a link to a file outside is refused, one inside gives its real path', async () => {
    symlinkSync(join(outside, 'secret.png'), join(home, 'secret-link.png'));
    expect(await refusal(roots.check(join(home, 'secret-link.png')))).toMatchObject({ code: 'forbidden' });
    expect(await roots.resolveInside(join(home, 'secret-link.png'))).toBeNull();
    writeFileSync(join(home, 'mine.png'), await png(100));
    symlinkSync(join(home, 'mine.png'), join(home, 'mine-link.png'));
    expect(await roots.resolveInside(join(home, 'mine-link.png'))).toBe(join(roots.list()[0]!, 'mine.png'));
  });
});

describe('the folder browser', () => {
  it('lists a link as what it leads to, and hides links leading outside the roots', async () => {
    const pics = join(home, 'pics');
    mkdirSync(join(pics, 'sub'), { recursive: true });
    writeFileSync(join(pics, 'a.png'), await png(10));
    symlinkSync(join(outside, 'secret.png'), join(pics, 'out.png'));
    symlinkSync(outside, join(pics, 'out-folder'));
    symlinkSync(join(pics, 'a.png'), join(pics, 'b.png'));
    symlinkSync(join(pics, 'sub'), join(pics, 'sub-link'));
    const listing = await listFolder(roots, pics);
    expect(listing.entries.map((e) => `${e.kind}:${e.name}`)).toEqual(['folder:sub', 'folder:sub-link', 'image:a.png', 'image:b.png']);
  });
});

describe('batch results', () => {
  it('shows no thumbnail or reconstruction of a file that links outside the folders', async () => {
    const input = join(home, 'batch-in');
    const out = join(home, 'batch-out');
    mkdirSync(input);
    mkdirSync(out);
    writeFileSync(join(input, 'good.png'), await png(50));
    writeFileSync(join(out, 'good.png.recon.png'), await png(60));
    symlinkSync(join(outside, 'secret.png'), join(input, 'linked.png'));
    symlinkSync(join(outside, 'secret.png'), join(out, 'linked.png.recon.png'));
    const record = (name: string) => JSON.stringify({ input: name, status: 'ok', error: null, mse: 0.01, psnr: 20, ms: 1, method: 'network' });
    writeFileSync(join(out, 'index.jsonl'), `${record('good.png')}\n${record('linked.png')}\n`);
    const batches = new BatchService({ pack: () => Promise.reject(new Error('no pack needed')) as Promise<OpenPack>, roots });
    const results = await batches.results({ input, out, offset: 0, limit: 10 });
    const byName = Object.fromEntries(results.items.map((i) => [i.input, i]));
    expect(byName['good.png']?.thumbnail).toMatch(/^data:image\/png;base64,/);
    expect(byName['good.png']?.reconstruction).toMatch(/^data:image\/png;base64,/);
    expect(byName['linked.png']).toMatchObject({ thumbnail: null, reconstruction: null });
  });
});

describe('pack import', () => {
  const manager = () =>
    new PackManager({
      engine: new ReseedEngine({ packRoots: [{ dir: userPacks, source: 'user' }] }),
      roots,
      userPacks,
      use: () => Promise.reject(new Error('not used here')),
    });

  it('refuses a pack.json linked to a file outside without reading or echoing it', async () => {
    const pack = copyTinyPack(home);
    const manifest = join(pack, 'pack.json');
    rmSync(manifest);
    symlinkSync(join(outside, 'passwd'), manifest);
    const error = await refusal(manager().import(pack));
    expect(error.code).toBe('forbidden');
    expect(error.message).toMatch(/pack\.json: a symbolic link leads outside the allowed folders/);
    expect(error.message).not.toMatch(/root|daemon|bash/);
    expect(readdirSync(userPacks)).toEqual([]);
  });

  it('refuses a pack whose network file links outside, and copies nothing', async () => {
    const pack = copyTinyPack(home);
    renameSync(join(pack, 'refiner.onnx'), join(outside, 'refiner.onnx'));
    symlinkSync(join(outside, 'refiner.onnx'), join(pack, 'refiner.onnx'));
    expect(await refusal(manager().import(pack))).toMatchObject({ code: 'forbidden', message: expect.stringMatching(/refiner\.onnx: a symbolic link leads outside/) });
    expect(readdirSync(userPacks)).toEqual([]);
  });

  it('still imports a pack whose links stay inside the roots', async () => {
    const pack = copyTinyPack(home, (p) => {
      p.id = 'tiny-linked';
    });
    renameSync(join(pack, 'refiner.onnx'), join(home, 'refiner-elsewhere.onnx'));
    symlinkSync(join(home, 'refiner-elsewhere.onnx'), join(pack, 'refiner.onnx'));
    const catalog = await manager().import(pack);
    expect(catalog.packs.map((p) => p.id)).toContain('tiny-linked');
    expect(existsSync(join(userPacks, 'tiny-linked', 'refiner.onnx'))).toBe(true);
  });
});

describe('pack.json that is not JSON', () => {
  it('is reported with where parsing stopped, never with the text it holds', () => {
    for (const text of [PASSWD, '{"schemaVersion": 1, "id": "secret-value" "x"}', '{"name": "abc']) {
      let message = '';
      try {
        parseManifest(text, '/packs/x/pack.json');
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message, text).toMatch(/^\/packs\/x\/pack\.json: not valid JSON/);
      expect(message, text).not.toMatch(/root|daemon|secret-value|abc/);
    }
  });
});
