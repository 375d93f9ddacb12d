/**
 * What a batch meets in a folder besides ordinary pictures: big photos (decoded shrunk, within a
 * byte budget), junk files with an image name (refused from their header, never read whole),
 * truncated PNGs, names that are not UTF-8, links to files outside the folder, and an output
 * folder that is, holds or lies inside the input folder.
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it, vi } from 'vitest';
import { runBatch } from '../../electron/engine/batch/batch-job';
import { InputError, OutputError } from '../../electron/engine/errors';
import { ByteBudget } from '../../electron/engine/image/decode-budget';
import { FaceDetectorThread } from '../../electron/engine/image/face-detect-thread';
import { preprocessFile, workingSide } from '../../electron/engine/image/preprocess';
import { decodeNpy } from '../../electron/engine/npy';
import { PackSchema, type Pack } from '../../electron/contract/pack-schema';
import { packFixture, REPO, tinyPng, TINY_PACK, TINY_RGB_PACK } from './helpers';

const fx = packFixture('reseed-inputs-');
const root = fx.root;

const fresh = fx.fresh;

function index(out: string): { input: string; status: string; error: string | null }[] {
  return readFileSync(join(out, 'index.jsonl'), 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
}

const rgbPack = (): Pack => PackSchema.parse(JSON.parse(readFileSync(join(TINY_RGB_PACK, 'pack.json'), 'utf8')));

describe('big pictures and junk', () => {
  it('decodes a big photo shrunk, and the face search gets the shrunk pixels; boxes stay in the photo’s pixels', async () => {
    const file = join(fresh('big'), 'astronaut-4k.png');
    await sharp(join(REPO, 'assets', 'samples', 'astronaut.jpg')).resize(4096, 4096).png({ compressionLevel: 1 }).toFile(file);
    const pack = rgbPack();
    const detect = vi.spyOn(FaceDetectorThread.prototype, 'detect');
    try {
      const r = await preprocessFile(file, pack);
      expect(detect).toHaveBeenCalledTimes(1);
      const [, width, height] = detect.mock.calls[0]!;
      expect(Math.max(width, height)).toBeLessThanOrEqual(workingSide(pack));
      expect(r.transform.source).toMatchObject({ width: 4096, height: 4096 });
      // The 512-pixel original's face crop (face-detect.test.ts) is 168 px at (138, 16): 8× here.
      expect(r.crop.source).toBe('face');
      for (const [got, want] of [
        [r.crop.box.left, 138 * 8],
        [r.crop.box.top, 16 * 8],
        [r.crop.box.width, 168 * 8],
      ] as const) {
        expect(Math.abs(got - want)).toBeLessThan(8 * 12);
      }
    } finally {
      detect.mockRestore();
    }
  });

  it('refuses files with a bad header without reading them whole, and holds few big pictures at once (peak RSS)', async () => {
    const input = fresh('junk');
    // Sparse: 6 × 200 MB of zeros that take no disk, but 1.2 GB of memory if read.
    for (let i = 0; i < 6; i++) {
      const f = join(input, `junk-${i}.png`);
      closeSync(openSync(f, 'w'));
      truncateSync(f, 200 * 2 ** 20);
    }
    // 48 megapixels each (144 MB of pixels decoded whole), a small file on disk.
    for (let i = 0; i < 3; i++) await sharp({ create: { width: 8000, height: 6000, channels: 3, background: '#336699' } }).png({ compressionLevel: 1 }).toFile(join(input, `big-${i}.png`));
    const out = join(root, 'out-junk');
    const script = `
      import { runBatch } from ${JSON.stringify(join(REPO, 'electron/engine/batch/batch-job.ts'))};
      import { ReseedEngine } from ${JSON.stringify(join(REPO, 'electron/engine/engine.ts'))};
      const engine = new ReseedEngine({ packRoots: [] });
      const open = await engine.open(${JSON.stringify(TINY_PACK)}, 'cpu');
      const s = await runBatch(open, { input: ${JSON.stringify(input)}, out: ${JSON.stringify(out)} });
      console.log(JSON.stringify({ ok: s.ok, failed: s.failed, maxRssMiB: process.resourceUsage().maxRSS / 1024 }));
      process.exit(0);`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: REPO, stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    await new Promise((resolve) => child.on('exit', resolve));
    const result = JSON.parse(stdout.trim().split('\n').pop()!);
    expect(result).toMatchObject({ ok: 3, failed: 6 });
    for (const r of index(out).filter((x) => x.status === 'error')) expect(r.error).toMatch(/^not a readable image/);
    // Reading the junk whole took over 1.2 GB; decoding the big ones whole another 400 MB.
    expect(result.maxRssMiB).toBeLessThan(450);
  }, 60_000);

  it('says "truncated or corrupt" for a PNG cut anywhere after its header', async () => {
    const dir = fresh('cut');
    const px = Buffer.alloc(300 * 200 * 3);
    for (let i = 0; i < px.length; i++) px[i] = (i * 7) % 251;
    const png = await sharp(px, { raw: { width: 300, height: 200, channels: 3 } }).png().toBuffer();
    for (const fraction of [0.2, 0.4, 0.6, 0.8, 0.95]) {
      const file = join(dir, `cut-${fraction}.png`);
      writeFileSync(file, png.subarray(0, Math.floor(png.length * fraction)));
      const error = await preprocessFile(file, fx.open.pack.manifest).catch((e) => e);
      expect(error).toBeInstanceOf(InputError);
      expect(error.reason).toBe('cannot decode png (truncated or corrupt)');
    }
  });

  it('bounds the bytes decoding holds at once; one larger than the budget runs alone, in turn', async () => {
    const budget = new ByteBudget(100);
    const gates: (() => void)[] = [];
    let peak = 0;
    const order: string[] = [];
    const task = (name: string, cost: number) =>
      budget.run(cost, async () => {
        order.push(name);
        peak = Math.max(peak, budget.inFlight);
        await new Promise<void>((resolve) => gates.push(resolve));
      });
    const all = [task('a', 60), task('b', 30), task('huge', 500), task('c', 10)];
    const settle = async () => {
      for (let i = 0; i < 20; i++) await Promise.resolve();
    };
    await settle();
    expect(order).toEqual(['a', 'b']); // c waits behind huge: first come, first served
    gates.shift()!();
    gates.shift()!();
    await settle();
    expect(order).toEqual(['a', 'b', 'huge']);
    expect(budget.inFlight).toBe(500);
    gates.shift()!();
    await settle();
    expect(order).toEqual(['a', 'b', 'huge', 'c']);
    gates.shift()!();
    await Promise.all(all);
    expect(peak).toBe(500);
    expect(budget.inFlight).toBe(0);
  });
});

describe.runIf(process.platform === 'linux')('file names that are not UTF-8', () => {
  it('keeps two such files apart (index keys, outputs) and resumes both', async () => {
    const input = fresh('names');
    const a = Buffer.concat([Buffer.from(input + '/x'), Buffer.of(0xff), Buffer.from('.png')]);
    const b = Buffer.concat([Buffer.from(input + '/x'), Buffer.of(0xfe), Buffer.from('.png')]);
    writeFileSync(a, await tinyPng(1));
    writeFileSync(b, await tinyPng(200));
    const out = join(root, 'out-names');
    const s = await runBatch(fx.open, { input, out });
    expect(s).toMatchObject({ ok: 2, failed: 0 });
    const keys = index(out).map((r) => r.input);
    expect(new Set(keys).size).toBe(2);
    expect(keys.sort()).toEqual(['x\udcfe.png', 'x\udcff.png']);
    // The outputs mirror the input's own bytes, and differ as the pictures do.
    const latent = (name: Buffer) => decodeNpy(readFileSync(Buffer.concat([Buffer.from(out), name.subarray(input.length), Buffer.from('.latent.npy')]))).data;
    expect(latent(a)).not.toEqual(latent(b));
    expect(existsSync(Buffer.concat([Buffer.from(out), b.subarray(input.length), Buffer.from('.recon.png')]))).toBe(true);
    expect(await runBatch(fx.open, { input, out })).toMatchObject({ total: 0, alreadyDone: 2 });
  });
});

describe.runIf(process.platform !== 'win32')('links and the output folder', () => {
  it('records a link to a file outside the input folder as an error and never reads it', async () => {
    const outside = fresh('outside');
    writeFileSync(join(outside, 'secret.png'), 'password=hunter2\n');
    writeFileSync(join(outside, 'photo.png'), await tinyPng(5));
    const input = fresh('links');
    writeFileSync(join(input, 'real.png'), await tinyPng(6));
    symlinkSync(join(outside, 'secret.png'), join(input, 'secret.png'));
    symlinkSync(join(outside, 'photo.png'), join(input, 'photo.png'));
    symlinkSync('real.png', join(input, 'alias.png')); // inside: fine
    const out = join(root, 'out-links');
    const s = await runBatch(fx.open, { input, out });
    expect(s).toMatchObject({ ok: 2, failed: 2 });
    const byInput = Object.fromEntries(index(out).map((r) => [r.input, r]));
    expect(byInput['real.png']?.status).toBe('ok');
    expect(byInput['alias.png']?.status).toBe('ok');
    for (const name of ['secret.png', 'photo.png']) {
      expect(byInput[name]).toMatchObject({ status: 'error', error: 'symbolic link to a file outside the input folder (not read)' });
    }
    expect(readFileSync(join(out, 'index.jsonl'), 'utf8')).not.toMatch(/hunter2/);
    expect(existsSync(join(out, 'photo.png.latent.npy'))).toBe(false);
  });

  it('refuses an output folder that is the input folder or holds it', async () => {
    const input = fresh('same');
    writeFileSync(join(input, 'x.png'), await tinyPng(1));
    for (const [out, why] of [
      [input, /is the input folder/],
      [join(input, '.'), /is the input folder/],
      [join(input, '..'), /holds the input folder/],
    ] as const) {
      const error = await runBatch(fx.open, { input, out }).catch((e) => e);
      expect(error).toBeInstanceOf(OutputError);
      expect(error.message).toMatch(why);
    }
    expect(existsSync(join(input, 'index.jsonl'))).toBe(false);
    expect(existsSync(join(input, 'x.png.recon.png'))).toBe(false);
  });

  it('never lists the output folder inside the input folder, however its path is spelled', async () => {
    const input = fresh('nested');
    for (let i = 0; i < 3; i++) writeFileSync(join(input, `p${i}.png`), await tinyPng(i));
    const alias = join(fresh('alias'), 'link');
    symlinkSync(input, alias);
    // The input by its real path, the output through a link to it: the same folder inside.
    for (let run = 0; run < 3; run++) await runBatch(fx.open, { input, out: join(alias, 'embedded'), recursive: true });
    const inputs = index(join(input, 'embedded')).map((r) => r.input);
    expect(inputs.sort()).toEqual(['p0.png', 'p1.png', 'p2.png']);
    expect(existsSync(join(input, 'embedded', 'embedded'))).toBe(false);
  });
});
