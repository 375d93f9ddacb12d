/**
 * Issue #17 on the command line (the tiny pack, which negates like Fashion-MNIST):
 * - `reseed batch` without --as-is over a dataset's own images (the golden embed case's four
 *   held-out images, light on black at the model's size) reproduces the --as-is error: they are
 *   taken as they are, not negated into garbage; each index line and the summary say so;
 * - `--polarity` forces the choice (and does not go with --as-is);
 * - `reseed embed --fit-object` frames the whole sneaker with a box past the photo's edges, and
 *   --crop takes such a box (negative offsets) too.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { golden, REPO, tempDir, TINY_PACK } from '../engine/helpers';
import { runCli } from './helpers';

const cwd = tempDir('reseed-cli-polarity-');
const home = join(cwd, 'home');
const cli = (...args: string[]) => runCli(args, { cwd, home });
const P = ['--pack', TINY_PACK, '--provider', 'cpu'];
const SNEAKER = join(REPO, 'assets', 'samples', 'sneaker.png');
const records = (dir: string) => readFileSync(join(cwd, dir, 'index.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));

/** The golden images as PNGs in `dir`, `scale` times the model's size. */
async function goldenPngs(dir: string, scale = 1): Promise<{ mse: number[] }> {
  const g = golden();
  const images = g.array(g.cases.embed.images);
  const [n, , h, w] = images.shape;
  mkdirSync(join(cwd, dir));
  for (let b = 0; b < n; b++) {
    const pixels = Buffer.from(Array.from(images.data.subarray(b * h * w, (b + 1) * h * w), (v) => Math.round(v * 255)));
    const png = sharp(pixels, { raw: { width: w, height: h, channels: 1 } }).resize(w * scale, h * scale, { kernel: 'nearest' });
    writeFileSync(join(cwd, dir, `img${b}.png`), await png.png().toBuffer());
  }
  return { mse: g.cases.embed.mse };
}

describe('batch polarity', () => {
  it('takes a dataset\'s own images as they are without --as-is, reproducing the Python MSE', async () => {
    const { mse } = await goldenPngs('in');
    const run = await cli('batch', 'in', '--out', 'out', ...P);
    expect(run.code, run.stderr).toBe(0);
    for (const r of records('out')) {
      const b = Number(/img(\d)/.exec(r.input)![1]);
      expect(Math.abs(r.mse - mse[b]!), r.input).toBeLessThan(1e-5);
      expect(r.polarity).toEqual({ negated: false, note: "dark background: kept as is; already the model's 28×28, not fitted again" });
    }
    expect(run.stdout).toMatch(/polarity: dark background: kept as is; already the model's 28×28, not fitted again 4/);
  });

  it('keeps the same images enlarged (fitted, not negated); --polarity negate forces it', async () => {
    const { mse } = await goldenPngs('big', 3);
    const auto = await cli('batch', 'big', '--out', 'big-auto', ...P);
    expect(auto.code, auto.stderr).toBe(0);
    const kept = records('big-auto');
    expect(kept.map((r) => r.polarity.note)).toEqual(Array(4).fill('dark background: kept as is'));
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    const negated = await cli('batch', 'big', '--out', 'big-neg', '--polarity', 'negate', ...P);
    expect(negated.code, negated.stderr).toBe(0);
    expect(records('big-neg').every((r) => r.polarity.negated)).toBe(true);
    // Kept: near the error of the images as they are; negated (what --polarity auto once did): far worse.
    expect(mean(kept.map((r) => r.mse))).toBeLessThan(3 * mean(mse));
    expect(mean(records('big-neg').map((r) => r.mse))).toBeGreaterThan(2 * mean(kept.map((r) => r.mse)));
  });

  it('refuses --polarity with --as-is, and an unknown polarity', async () => {
    expect((await cli('batch', 'in', '--out', 'x', '--as-is', '--polarity', 'keep', ...P)).code).toBe(2);
    const bad = await cli('batch', 'in', '--out', 'x', '--polarity', 'invert', ...P);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--polarity/);
  });
});

describe('embed framing', () => {
  it('--fit-object frames the whole sneaker with a box past the photo\'s top and bottom', async () => {
    const json = await cli('embed', SNEAKER, '--fit-object', ...P, '--json');
    expect(json.code, json.stderr).toBe(0);
    const r = JSON.parse(json.stdout);
    expect(r.crop.source).toBe('box');
    expect(r.crop.box.top).toBeLessThan(0);
    expect(r.crop.box.top + r.crop.box.height).toBeGreaterThan(240);
    expect(r.object).toMatchObject({ overhangs: true, background: '#ffffff' });
    expect(r.polarity).toEqual({ negated: true, note: 'light background: negated' });
    // Trimmed to the whole sneaker: what the whole picture gives, not the default square's cut.
    const whole = JSON.parse((await cli('embed', SNEAKER, ...P, '--json')).stdout);
    expect(r.transform.region).toEqual(whole.transform.region);
    const text = await cli('embed', SNEAKER, '--fit-object', ...P);
    expect(text.stdout).toMatch(/crop: the whole object at \d+×\d+\+\d+\+\d+ → \d+×\d+\+\d+-\d+, reaching past the picture/);
    expect(text.stdout).toMatch(/polarity: light background: negated/);
  });

  it('--crop takes a box past the edges; --crop and --fit-object together are a usage error', async () => {
    const json = await cli('embed', SNEAKER, '--crop=0,-60,360,360', ...P, '--json');
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout).crop.box).toEqual({ left: 0, top: -60, width: 360, height: 360 });
    const outside = await cli('embed', SNEAKER, '--crop=400,0,100,100', ...P);
    expect(outside.code).toBe(3);
    expect(outside.stderr).toMatch(/lies outside the 360×240 image/);
    expect((await cli('embed', SNEAKER, '--crop', '0,0,100,100', '--fit-object', ...P)).code).toBe(2);
  });
});
