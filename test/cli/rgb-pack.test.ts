/**
 * An RGB pack end to end through `reseed` (issue #8): a colour photo (assets/samples/bag.jpg) is
 * prepared by the tiny-rgb pack's recipe (rgb, cover, no negation), embedded to a 3×24×24 seed and
 * decoded to an RGB PNG; edits and seeds from integers work on it too.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { decodeNpy } from '../../electron/engine/npy';
import { golden, GOLDEN_RGB_DIR, REPO, tempDir, TINY_RGB_PACK } from '../engine/helpers';
import { runCli } from './helpers';

const cwd = tempDir('reseed-cli-rgb-');
const home = join(cwd, 'home');
const cli = (...args: string[]) => runCli(args, { cwd, home });
const P = ['--pack', TINY_RGB_PACK, '--provider', 'cpu'];
const BAG = join(REPO, 'assets', 'samples', 'bag.jpg');

describe('reseed on an RGB pack (tiny-rgb)', () => {
  it('embeds a colour photo: a 3-channel seed and an RGB reconstruction PNG', async () => {
    const r = await cli('embed', BAG, ...P, '--out', 'bag.npy', '--recon', 'bag-recon.png', '--json');
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json).toMatchObject({ method: 'network', steps: 10, provider: 'cpu' });
    expect(json.mse).toBeGreaterThan(0);
    const seed = decodeNpy(readFileSync(join(cwd, 'bag.npy')));
    expect(seed.shape).toEqual([3, 24, 24]);
    expect(seed.data.every(Number.isFinite)).toBe(true);
    const meta = await sharp(join(cwd, 'bag-recon.png')).metadata();
    expect(meta).toMatchObject({ width: 24, height: 24, channels: 3, space: 'srgb' });
    // The colour planes of the reconstruction are not all the same: colour made it through.
    const { data } = await sharp(join(cwd, 'bag-recon.png')).raw().toBuffer({ resolveWithObject: true });
    let differs = 0;
    for (let i = 0; i < data.length; i += 3) if (data[i] !== data[i + 1] || data[i + 1] !== data[i + 2]) differs++;
    expect(differs).toBeGreaterThan(0);
  });

  it('generates the golden seed 7 image and edits a seed of the pack', async () => {
    const g = await cli('generate', ...P, '--seed', '7', '--out', 'g7.png', '--save-seed', 'g7.npy');
    expect(g.code, g.stderr).toBe(0);
    const seed = decodeNpy(readFileSync(join(cwd, 'g7.npy')));
    expect(seed.shape).toEqual([3, 24, 24]);
    expect(seed.data).toEqual(golden(GOLDEN_RGB_DIR).array('seed_7').data);
    const png = await sharp(join(cwd, 'g7.png')).raw().toBuffer({ resolveWithObject: true });
    expect(png.info).toMatchObject({ width: 24, height: 24, channels: 3 });
    const zero = await cli('edit', 'g7.npy', ...P, '--set', 'more-like-a-bar=0', '--out', 'e0.png');
    expect(zero.code, zero.stderr).toBe(0);
    expect(readFileSync(join(cwd, 'e0.png'))).toEqual(readFileSync(join(cwd, 'g7.png')));
    const moved = await cli('edit', 'bag.npy', ...P, '--set', 'darker=2', '--set', 'more-like-a-bar=1', '--out', 'e1.png');
    expect(moved.code, moved.stderr).toBe(0);
    expect((await sharp(join(cwd, 'e1.png')).metadata()).channels).toBe(3);
  });
});
