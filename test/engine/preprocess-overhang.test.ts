/**
 * Crop boxes reaching past the picture's edges ("fit whole object"): the part outside is padded
 * with the pack's background, the picture's part lands where the box says, the transform keeps
 * the box so paste back maps the model canvas onto the photo, and a box that shows none of the
 * picture (or is absurdly large) is refused. Once any box past the edges was refused, so a wide
 * object could not be framed whole by a square.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../electron/engine/errors';
import { fitObjectInBytes } from '../../electron/engine/image/fit-object';
import { pasteArea } from '../../electron/engine/image/paste-back';
import { preprocessBytes, preprocessFile } from '../../electron/engine/image/preprocess';
import { readManifest } from '../../electron/engine/packs/manifest';
import type { Pack } from '../../electron/contract/pack-schema';
import { productPng, REPO, tempDir, TINY_PACK, TINY_RGB_PACK } from './helpers';

const pack = readManifest(TINY_PACK);
const rgbPack = readManifest(TINY_RGB_PACK);
const plain: Pack = { ...pack, preprocess: { ...pack.preprocess, trim: false, negate: false, margin: 0, fit: 'contain' } };
const dir = tempDir();
const SNEAKER = readFileSync(join(REPO, 'assets', 'samples', 'sneaker.png'));

/** A 300×200 white photo with a dark bar across its whole width (rows 80–119). */
const bar = () => productPng(300, 200, { x: 0, y: 80, w: 300, h: 40 });
const row = (data: Float32Array, y: number, side: number, c = 0) => Array.from(data.subarray(c * side * side + y * side, c * side * side + (y + 1) * side));

describe('crop boxes past the edges', () => {
  it('pads what lies outside the photo with the background and keeps the box in the transform', async () => {
    // A 300×300 square over a 300×200 photo, 50 px past the top and bottom.
    const box = { left: 0, top: -50, width: 300, height: 300 };
    const r = await preprocessBytes(await bar(), plain, { crop: box });
    expect(r.transform.region).toEqual(box);
    expect(r.transform.placed).toEqual({ left: 0, top: 0, width: 28, height: 28 });
    expect(r.crop).toMatchObject({ source: 'box', box });
    // Rows 0–3 and 24–27 are padding (white), the photo's white above the bar is white too; the
    // bar (photo rows 80–119 → box rows 130–169) lands on model rows ~12–15.
    for (const y of [0, 3, 24, 27]) expect(Math.min(...row(r.image.data, y, 28)), `row ${y}`).toBeCloseTo(1, 5);
    for (const y of [13, 14]) expect(Math.max(...row(r.image.data, y, 28)), `row ${y}`).toBeLessThan(0.3);
  });

  it('pads with the RGB pack\'s background for a cover pack, whatever side the box overhangs', async () => {
    const box = { left: -150, top: 0, width: 200, height: 200 }; // 150 px past the left edge
    const r = await preprocessBytes(await bar(), rgbPack, { crop: box });
    expect(r.transform.region).toEqual(box);
    // Model columns 0–17 (box x −150…−1) are the white padding in all three planes, rows of the bar included.
    for (let c = 0; c < 3; c++) expect(Math.min(...row(r.image.data, 12, 24, c).slice(0, 17)), `channel ${c}`).toBeCloseTo(1, 5);
    expect(Math.max(...row(r.image.data, 12, 24).slice(19))).toBeLessThan(0.3); // the bar, from the photo
  });

  it('frames the whole sneaker with the fit-object box, which the default square cannot', async () => {
    const fitted = await fitObjectInBytes(SNEAKER, pack, 'sneaker.png');
    expect(fitted.overhangs).toBe(true);
    expect(fitted.crop.top).toBeLessThan(0);
    expect(fitted.crop.top + fitted.crop.height).toBeGreaterThan(240);
    const whole = await preprocessBytes(SNEAKER, pack); // no box: the whole picture, trimmed
    const boxed = await preprocessBytes(SNEAKER, pack, { crop: fitted.crop });
    // Trimmed to the same sneaker, toe to heel, and the same model input.
    expect(boxed.transform.region).toEqual(whole.transform.region);
    expect(boxed.image.data).toEqual(whole.image.data);
    // The editor's default square (inside the photo) cuts it.
    const square = await preprocessBytes(SNEAKER, pack, { crop: { left: 60, top: 0, width: 240, height: 240 } });
    expect(square.transform.region.width).toBeLessThan(whole.transform.region.width);
  });

  it('gives paste back a canvas on the box and an area clipped to the photo', async () => {
    const box = { left: -50, top: -50, width: 300, height: 300 };
    const r = await preprocessBytes(await bar(), rgbPack, { crop: box });
    const { canvas, area } = pasteArea(rgbPack, r.transform, box);
    expect(canvas).toEqual(box);
    expect(area).toEqual({ left: 0, top: 0, width: 250, height: 200 });
  });

  it('refuses a box that shows none of the photo or is far larger than it', async () => {
    const photo = await bar();
    for (const [crop, reason] of [
      [{ left: 300, top: 0, width: 100, height: 100 }, /crop box 100×100\+300\+0 lies outside the 300×200 image/],
      [{ left: -100, top: -100, width: 100, height: 100 }, /crop box 100×100-100-100 lies outside/],
      [{ left: -400, top: -400, width: 1000, height: 1000 }, /larger than 2× the 300×200 image's longest side/],
    ] as const) {
      const error = await preprocessBytes(photo, plain, { crop }).catch((e) => e);
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).reason).toMatch(reason);
    }
  });

  it('maps a box past the edges of a file decoded shrunk (at most workingSide pixels)', async () => {
    const file = join(dir, 'big.png');
    await sharp(await bar()).resize(3000, 2000, { kernel: 'nearest' }).png().toFile(file);
    const box = { left: 0, top: -500, width: 3000, height: 3000 };
    const r = await preprocessFile(file, plain, { crop: box });
    expect(r.transform.region).toEqual(box);
    const small = await preprocessBytes(await bar(), plain, { crop: { left: 0, top: -50, width: 300, height: 300 } });
    for (let i = 0; i < r.image.data.length; i++) expect(Math.abs(r.image.data[i]! - small.image.data[i]!)).toBeLessThan(0.05);
  });
});
