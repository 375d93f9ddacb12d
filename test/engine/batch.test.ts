/**
 * Batch folder embedding: mirrored outputs, bad inputs recorded while the batch goes on, resume,
 * cancellation after the batch in flight, sharding, the output checks, a streamed listing.
 */
import { execFileSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { runBatch } from '../../electron/engine/batch/batch-job';
import { readIndex, repairTail } from '../../electron/engine/batch/index-file';
import { listImages } from '../../electron/engine/batch/listing';
import { indexFileName, shardIndex, ShardSchema } from '../../electron/engine/batch/shard';
import { OutputError } from '../../electron/engine/errors';
import { decodeNpy } from '../../electron/engine/npy';
import { packFixture, tinyPng } from './helpers';

const fx = packFixture('reseed-batch-');
const root = fx.root;

/** A folder with `n` good images (optionally in sub-folders). */
const folder = fx.images;

function lines(file: string): { input: string; status: string; error: string | null }[] {
  return readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
}

function once(records: { input: string }[]): boolean {
  return new Set(records.map((r) => r.input)).size === records.length;
}

describe('batch', () => {
  it('mirrors the folder: OUT/a/b/x.jpg.latent.npy, .recon.png and an index line each', async () => {
    const input = await folder(3, (i) => ['x.png', 'a/b/x.png', 'a/y.png'][i]!);
    writeFileSync(join(input, 'x.jpg'), await sharp(await tinyPng(9)).jpeg().toBuffer()); // x.jpg beside x.png
    writeFileSync(join(input, 'readme.txt'), 'not an image: skipped');
    writeFileSync(join(input, '.hidden.png'), await tinyPng(1));
    const out = join(root, 'out-mirror');
    const s = await runBatch(fx.open, { input, out, recursive: true });
    expect(s).toMatchObject({ ok: 4, failed: 0, total: 4, cancelled: false });
    for (const rel of ['x.png', 'x.jpg', 'a/b/x.png', 'a/y.png']) {
      const latent = decodeNpy(readFileSync(join(out, `${rel}.latent.npy`)));
      expect(latent.shape).toEqual([1, 28, 28]);
      const meta = await sharp(join(out, `${rel}.recon.png`)).metadata();
      expect([meta.width, meta.height, meta.channels]).toEqual([28, 28, 1]);
    }
    const index = lines(join(out, 'index.jsonl'));
    expect(index.map((r) => r.input).sort()).toEqual(['a/b/x.png', 'a/y.png', 'x.jpg', 'x.png']);
    expect(index[0]).toMatchObject({ status: 'ok', error: null, method: 'network' });
    // The tiny pack negates, so each line says whether it did (issue #17).
    expect(Object.keys(index[0]!)).toEqual(['input', 'status', 'error', 'mse', 'psnr', 'ms', 'method', 'polarity', 'seed']);
    // Not recursive: sub-folders are left alone.
    const flat = await runBatch(fx.open, { input, out: join(root, 'out-flat') });
    expect(flat.ok).toBe(2);
  });

  it('records each bad input with its reason and goes on', async () => {
    const input = await folder(3);
    writeFileSync(join(input, 'empty.png'), '');
    const png = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#808080' } }).png({ compressionLevel: 0 }).toBuffer();
    writeFileSync(join(input, 'truncated.png'), png.subarray(0, png.length >> 1));
    writeFileSync(join(input, 'text.jpg'), 'hello, I am text');
    const header = Buffer.from(await tinyPng(1));
    header.writeUInt32BE(30000, 16);
    header.writeUInt32BE(30000, 20); // IHDR width/height (the CRC no longer matches either)
    writeFileSync(join(input, 'huge.png'), header);
    if (process.platform !== 'win32') {
      execFileSync('mkfifo', [join(input, 'x.png')]);
      symlinkSync(join(input, 'missing.png'), join(input, 'dangling.png'));
    }
    const out = join(root, 'out-bad');
    const records: string[] = [];
    const s = await runBatch(fx.open, { input, out, batchSize: 4, onRecord: (r) => records.push(r.input) });
    const bad = process.platform === 'win32' ? 4 : 6;
    expect(s).toMatchObject({ ok: 3, failed: bad, done: 3 + bad });
    const errors = Object.fromEntries(lines(join(out, 'index.jsonl')).filter((r) => r.status === 'error').map((r) => [r.input, r.error]));
    expect(errors['empty.png']).toBe('empty file');
    expect(errors['truncated.png']).toMatch(/png|readable/);
    expect(errors['text.jpg']).toMatch(/not a readable image/);
    expect(errors['huge.png']).toMatch(/30000×30000|not a readable image/);
    if (process.platform !== 'win32') {
      expect(errors['x.png']).toMatch(/named pipe/);
      expect(errors['dangling.png']).toMatch(/dangling symbolic link/);
    }
    expect(records).toHaveLength(3 + bad);
    // A re-run does nothing: errors are recorded as done unless asked to retry them.
    expect((await runBatch(fx.open, { input, out })).done).toBe(0);
    const retry = await runBatch(fx.open, { input, out, retryErrors: true });
    expect(retry).toMatchObject({ done: bad, failed: bad, alreadyDone: 3 });
  }, 20_000);

  it('resumes: a re-run skips what is done and does only the new images', async () => {
    const input = await folder(5);
    const out = join(root, 'out-resume');
    expect((await runBatch(fx.open, { input, out })).ok).toBe(5);
    writeFileSync(join(input, 'new.png'), await tinyPng(99));
    const again = await runBatch(fx.open, { input, out });
    expect(again).toMatchObject({ total: 1, alreadyDone: 5, ok: 1 });
    const index = lines(join(out, 'index.jsonl'));
    expect(index).toHaveLength(6);
    expect(once(index)).toBe(true);
  });

  it('cuts a partial last index line (a kill mid-write) and redoes that image', async () => {
    const input = await folder(3);
    const out = join(root, 'out-partial');
    await runBatch(fx.open, { input, out });
    const file = join(out, 'index.jsonl');
    const [first, second] = lines(file);
    writeFileSync(file, JSON.stringify(first) + '\n' + JSON.stringify(second) + '\n');
    appendFileSync(file, '{"input":"img-2.png","sta'); // the third line, cut short
    expect((await readIndex(file)).size).toBe(2);
    const s = await runBatch(fx.open, { input, out });
    expect(s).toMatchObject({ ok: 1, alreadyDone: 2 });
    const index = lines(file);
    expect(index).toHaveLength(3);
    expect(once(index)).toBe(true);
    await repairTail(file); // idempotent on a clean file
    expect(lines(file)).toHaveLength(3);
  });

  it('stops after the batch in flight when aborted, and a re-run finishes the rest', async () => {
    const input = await folder(10);
    const out = join(root, 'out-cancel');
    const controller = new AbortController();
    const s = await runBatch(fx.open, { input, out, batchSize: 3, signal: controller.signal, onProgress: () => controller.abort() });
    expect(s).toMatchObject({ cancelled: true, done: 3, ok: 3 });
    expect(lines(join(out, 'index.jsonl'))).toHaveLength(3);
    const rest = await runBatch(fx.open, { input, out, batchSize: 3 });
    expect(rest).toMatchObject({ cancelled: false, ok: 7, alreadyDone: 3 });
    const index = lines(join(out, 'index.jsonl'));
    expect(index).toHaveLength(10);
    expect(once(index)).toBe(true);
  });

  it('splits a folder into shards that cover it exactly once, each with its own index', async () => {
    const input = await folder(12, (i) => `d${i % 3}/img-${i}.png`);
    const out = join(root, 'out-shards');
    const a = await runBatch(fx.open, { input, out, recursive: true, shard: { k: 1, n: 2 } });
    const b = await runBatch(fx.open, { input, out, recursive: true, shard: { k: 2, n: 2 } });
    expect(a.ok + b.ok).toBe(12);
    expect(a.ok).toBeGreaterThan(0);
    expect(b.ok).toBeGreaterThan(0);
    const one = lines(join(out, 'index.1-of-2.jsonl')).map((r) => r.input);
    const two = lines(join(out, 'index.2-of-2.jsonl')).map((r) => r.input);
    expect(new Set([...one, ...two]).size).toBe(12);
    expect(one.filter((x) => two.includes(x))).toEqual([]);
    expect(existsSync(join(out, 'index.jsonl'))).toBe(false);
  });

  it('refuses an output path that is an existing file before any work', async () => {
    const input = await folder(2);
    const out = join(root, 'a-file');
    writeFileSync(out, 'I am a file');
    const error = await runBatch(fx.open, { input, out }).catch((e) => e);
    expect(error).toBeInstanceOf(OutputError);
    expect(error.message).toMatch(/a-file: exists and is not a folder/);
    expect(readFileSync(out, 'utf8')).toBe('I am a file');
  });

  it('never embeds its own outputs when OUT lies inside the input folder', async () => {
    const input = await folder(2);
    const s1 = await runBatch(fx.open, { input, out: join(input, 'embedded'), recursive: true });
    const s2 = await runBatch(fx.open, { input, out: join(input, 'embedded'), recursive: true });
    expect(s1.ok).toBe(2);
    expect(s2).toMatchObject({ total: 0, alreadyDone: 2 });
  });

  it('refuses a second writer on the same index while the first runs', async () => {
    const input = await folder(4);
    const out = join(root, 'out-lock');
    let pending: Promise<unknown> | undefined;
    // The second run starts while the first holds the lock (onStart comes after it is taken).
    await runBatch(fx.open, { input, out, batchSize: 1, onStart: () => (pending = runBatch(fx.open, { input, out }).catch((e) => e)) });
    const second = (await pending) as Error;
    expect(second).toBeInstanceOf(OutputError);
    expect(second.message).toMatch(/another batch is writing to this folder/);
  });
});

describe('streamed listing and shards over 2,000 images', () => {
  it('lists a generated folder of 2,000 tiny images once each, and a shard of it embeds', async () => {
    const input = join(root, 'big');
    mkdirSync(join(input, 'sub'), { recursive: true });
    const png = await tinyPng(3, 4);
    for (let i = 0; i < 2000; i++) writeFileSync(join(input, i % 2 ? 'sub' : '', `p${i}.png`), png);
    const seen = new Set<string>();
    for await (const f of listImages(input, { recursive: true })) seen.add(f.rel);
    expect(seen.size).toBe(2000);
    let flat = 0;
    for await (const _ of listImages(input)) flat++;
    expect(flat).toBe(1000);
    const s = await runBatch(fx.open, { input, out: join(root, 'out-big'), recursive: true, shard: { k: 3, n: 40 }, batchSize: 32 });
    const expected = [...seen].filter((rel) => shardIndex(rel, 40) === 2).length;
    expect(s).toMatchObject({ total: expected, ok: expected, failed: 0 });
    expect(expected).toBeGreaterThan(20);
    expect(expected).toBeLessThan(90);
  }, 30_000);
});

describe('shard arithmetic', () => {
  it('parses k/n (k from 1) and names the index', () => {
    expect(ShardSchema.parse('2/4')).toEqual({ k: 2, n: 4 });
    for (const bad of ['0/4', '5/4', '1/0', 'a/b', '1-4']) expect(ShardSchema.safeParse(bad).success).toBe(false);
    expect(indexFileName({ k: 2, n: 4 })).toBe('index.2-of-4.jsonl');
    expect(indexFileName(undefined)).toBe('index.jsonl');
  });

  it('is a fixed function of the relative path (the same on every machine)', () => {
    expect(shardIndex('a/b/x.jpg', 7)).toBe(shardIndex('a/b/x.jpg', 7));
    const counts = new Array(4).fill(0);
    for (let i = 0; i < 4000; i++) counts[shardIndex(`photos/img-${i}.jpg`, 4)]++;
    for (const c of counts) expect(c).toBeGreaterThan(850);
  });
});
