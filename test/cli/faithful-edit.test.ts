/**
 * `reseed edit`'s faithful edits (docs/design.md, Faithful edits and Locks), in-process: keep
 * details (on by default), --photo pasted back, --mask, --lock; and on the shipped default pack,
 * that "darker" darkens the garment in the exported photo.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { MASK_FEATHER_PX } from '../../electron/engine/image/edit-mask';
import { preprocessFile } from '../../electron/engine/image/preprocess';
import { readManifest } from '../../electron/engine/packs/manifest';
import { productPng, REPO, tempDir, TINY_PACK } from '../engine/helpers';
import { runCli } from './helpers';

const cwd = tempDir('reseed-faithful-');
const home = tempDir('reseed-faithful-home-');
const P = ['--pack', TINY_PACK, '--provider', 'cpu', '--threads', '1'];
const cli = (...args: string[]) => runCli(args, { cwd, home });

async function rgb(path: string) {
  const { data, info } = await sharp(readFileSync(path)).toColourspace('srgb').removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

beforeAll(async () => {
  // A dark garment on white, off-centre so the crop (the whole picture) has white around it.
  writeFileSync(join(cwd, 'shirt.png'), await productPng(160, 200, { x: 30, y: 40, w: 90, h: 120 }, 60));
});

describe('reseed edit: keep details, photo, mask', () => {
  it('all-zero sliders: --out is the crop in its own colours, --photo the picture pixel for pixel', async () => {
    const r = await cli('edit', 'shirt.png', ...P, '--set', 'darker=0', '--out', 'z.png', '--photo', 'z-photo.png', '--json');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json).toMatchObject({ colours: 'photo', keepDetails: { strength: 1 }, locks: [] });
    expect((await rgb(join(cwd, 'z-photo.png'))).data.equals((await rgb(join(cwd, 'shirt.png'))).data)).toBe(true);
    // The crop as the model saw it, un-negated: a dark garment again.
    const input = await preprocessFile(join(cwd, 'shirt.png'), readManifest(TINY_PACK));
    const out = await rgb(join(cwd, 'z.png'));
    for (let i = 0; i < 28 * 28; i++) expect(out.data[i * 3]).toBe(Math.round((1 - input.image.data[i]!) * 255));
  });

  it('moves: keep details changes the picture by D(z′) − D(z); --no-keep-details gives the regrown one', async () => {
    expect((await cli('edit', 'shirt.png', ...P, '--set', 'darker=3', '--out', 'k.png', '--photo', 'k.png.jpg')).code).toBe(0);
    expect((await cli('edit', 'shirt.png', ...P, '--set', 'darker=3', '--no-keep-details', '--out', 'r.png')).code).toBe(0);
    expect((await cli('edit', 'shirt.png', ...P, '--set', 'darker=3', '--keep-details=0.5', '--out', 'h.png')).code).toBe(0);
    expect((await cli('edit', 'shirt.png', ...P, '--keep-details', '--set', 'darker=3', '--out', 'k1.png')).code).toBe(0);
    const k = readFileSync(join(cwd, 'k.png'));
    expect(readFileSync(join(cwd, 'k1.png')).equals(k)).toBe(true);
    expect(readFileSync(join(cwd, 'r.png')).equals(k)).toBe(false);
    expect(readFileSync(join(cwd, 'h.png')).equals(k)).toBe(false);
    const photo = await sharp(readFileSync(join(cwd, 'k.png.jpg'))).metadata();
    expect([photo.format, photo.width, photo.height]).toEqual(['jpeg', 160, 200]);
  });

  it('--mask: outside the mask and its feather the photo is unchanged (max difference 0)', async () => {
    // White over the right half of the crop (the whole 160×200 picture).
    const mask = Buffer.alloc(20 * 10);
    for (let y = 0; y < 10; y++) mask.fill(255, y * 20 + 10, y * 20 + 20);
    writeFileSync(join(cwd, 'mask.png'), await sharp(mask, { raw: { width: 20, height: 10, channels: 1 } }).png().toBuffer());
    const r = await cli('edit', 'shirt.png', ...P, '--set', 'darker=3', '--set', 'more-like-a-sneaker=2', '--mask', 'mask.png', '--out', 'm.png', '--photo', 'm-photo.png');
    expect(r.code).toBe(0);
    const before = await rgb(join(cwd, 'shirt.png'));
    const after = await rgb(join(cwd, 'm-photo.png'));
    let outside = 0;
    let inside = 0;
    for (let y = 0; y < 200; y++) {
      for (let x = 0; x < 160; x++) {
        const p = (y * 160 + x) * 3;
        const diff = Math.max(...[0, 1, 2].map((c) => Math.abs(before.data[p + c]! - after.data[p + c]!)));
        if (x < 80 - MASK_FEATHER_PX - 1) outside = Math.max(outside, diff);
        else if (x > 80 + MASK_FEATHER_PX && diff > 0) inside++;
      }
    }
    expect(outside).toBe(0);
    expect(inside).toBeGreaterThan(100);
  });

  it('refuses --mask and --photo for a seed, and a bad strength', async () => {
    expect((await cli('generate', ...P, '--seed', '5', '--out', 'g5.png', '--save-seed', 'g5.npy')).code).toBe(0);
    expect((await cli('edit', 'g5.npy', ...P, '--set', 'darker=1', '--out', 'x.png', '--photo', 'x.jpg')).stderr).toMatch(/--photo needs a picture/);
    expect((await cli('edit', 'seed:5', ...P, '--set', 'darker=1', '--out', 'x.png', '--mask', 'mask.png')).code).toBe(2);
    expect((await cli('edit', 'shirt.png', ...P, '--set', 'darker=1', '--out', 'x.png', '--keep-details=2')).stderr).toMatch(/--keep-details: expected a number from 0 to 1/);
    // A saved seed still edits as before (keep details needs a picture: none here).
    const zero = await cli('edit', 'g5.npy', ...P, '--set', 'darker=0', '--out', 'g5-zero.png', '--json');
    expect(JSON.parse(zero.stdout)).toMatchObject({ colours: 'model', keepDetails: null });
    expect(readFileSync(join(cwd, 'g5-zero.png')).equals(readFileSync(join(cwd, 'g5.png')))).toBe(true);
  });
});

describe('reseed interpolate: keep details', () => {
  it("starts at the picture's own crop and ends at the other end's picture", async () => {
    expect((await cli('edit', 'shirt.png', ...P, '--set', 'darker=0', '--out', 'crop.png')).code).toBe(0);
    const r = await cli('interpolate', 'shirt.png', 'seed:2', ...P, '--frames', '3', '--out', 'kd-frames', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ keepDetails: { strength: 1 }, colours: 'photo' });
    expect(readFileSync(join(cwd, 'kd-frames', 'frame-000.png')).equals(readFileSync(join(cwd, 'crop.png')))).toBe(true);
    expect((await cli('interpolate', 'shirt.png', 'seed:2', ...P, '--frames', '3', '--no-keep-details', '--out', 'plain-frames')).code).toBe(0);
    expect(readFileSync(join(cwd, 'plain-frames', 'frame-001.png')).equals(readFileSync(join(cwd, 'kd-frames', 'frame-001.png')))).toBe(false);
    // Two seeds: nothing to keep, the frames as before.
    const seeds = JSON.parse((await cli('interpolate', 'seed:1', 'seed:2', ...P, '--frames', '2', '--out', 'seed-frames', '--json')).stdout);
    expect(seeds).toMatchObject({ keepDetails: null, colours: 'model' });
  });
});

describe('reseed edit --lock', () => {
  it('holds a measured attribute by the closed loop and says which locks are projection only', async () => {
    const free = JSON.parse((await cli('edit', 'seed:3', ...P, '--set', 'more-like-a-sneaker=3', '--out', 'l0.png', '--json')).stdout);
    expect(free.locks).toEqual([]);
    const r = await cli('edit', 'seed:3', ...P, '--set', 'more-like-a-sneaker=3', '--lock', 'darker', '--out', 'l1.png', '--json');
    expect(r.code).toBe(0);
    const [lock] = JSON.parse(r.stdout).locks;
    expect(lock).toMatchObject({ id: 'darker', mode: 'closed-loop', attribute: 'mean-intensity' });
    expect(Math.abs(lock.value - lock.target)).toBeLessThanOrEqual(Math.abs(lock.projected - lock.target) + 1e-9);
    // The tiny pack has no attribute scorer: a class direction can only be projected off.
    const other = JSON.parse((await cli('edit', 'seed:3', ...P, '--set', 'darker=3', '--lock', 'more-like-a-sneaker', '--out', 'l2.png', '--json')).stdout);
    expect(other.locks[0]).toMatchObject({ id: 'more-like-a-sneaker', mode: 'projection-only', value: null });
    expect((await cli('edit', 'seed:3', ...P, '--set', 'darker=1', '--lock', 'taller', '--out', 'l3.png')).code).toBe(2);
  });
});

describe('the default pack: "darker" darkens the exported photo', () => {
  it('lowers the mean brightness inside the garment at +3 and raises it at −3', async () => {
    const pack = join(REPO, 'models', 'fashion-mnist');
    const F = ['--pack', pack, '--provider', 'cpu', '--threads', '1'];
    const tshirt = join(REPO, 'assets', 'samples', 'tshirt.png');
    const means: Record<string, number> = {};
    for (const value of [-3, 0, 3]) {
      for (const keep of ['--keep-details', '--no-keep-details']) {
        const name = `t${value}${keep}.png`;
        expect((await cli('edit', tshirt, ...F, '--set', `darker=${value}`, keep, '--out', `m-${name}`, '--photo', name)).code).toBe(0);
        const { data, width, height } = await rgb(join(cwd, name));
        // Inside the garment: its centre quarter, where the sample is a t-shirt on white.
        let sum = 0;
        let n = 0;
        for (let y = Math.floor(height * 0.375); y < height * 0.625; y++) {
          for (let x = Math.floor(width * 0.375); x < width * 0.625; x++) {
            sum += data[(y * width + x) * 3]! + data[(y * width + x) * 3 + 1]! + data[(y * width + x) * 3 + 2]!;
            n += 3;
          }
        }
        means[`${value}${keep}`] = sum / n;
      }
    }
    for (const keep of ['--keep-details', '--no-keep-details']) {
      expect(means[`3${keep}`]!, keep).toBeLessThan(means[`0${keep}`]! - 2);
      expect(means[`-3${keep}`]!, keep).toBeGreaterThan(means[`0${keep}`]! + 2);
    }
  });
});
