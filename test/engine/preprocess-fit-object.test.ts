/**
 * "Fit whole object" in the engine (engine/image/fit-object.ts): the object is what differs from
 * the photo's border colour, specks of noise do not stretch it, and the box around it keeps the
 * pack's aspect and reaches past the photo where the object's shape needs it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { findObject, fitObjectInBytes, fitObjectInFile } from '../../electron/engine/image/fit-object';
import { readManifest } from '../../electron/engine/packs/manifest';
import { REPO, TINY_PACK, TINY_RGB_PACK } from './helpers';

const pack = readManifest(TINY_PACK);
const SAMPLES = join(REPO, 'assets', 'samples');

describe('fit whole object', () => {
  it('finds the object by its difference from the border colour, ignoring specks', () => {
    // 100×60 gray 90 with a 40×20 block of 200 at (30, 25) and three specks of noise.
    const data = new Uint8Array(100 * 60 * 3).fill(90);
    const set = (x: number, y: number, v: number) => data.fill(v, (y * 100 + x) * 3, (y * 100 + x) * 3 + 3);
    for (let y = 25; y < 45; y++) for (let x = 30; x < 70; x++) set(x, y, 200);
    set(2, 3, 0);
    set(95, 50, 255);
    set(50, 58, 0);
    const found = findObject({ data, width: 100, height: 60, channels: 3 });
    expect(found.background).toEqual([90, 90, 90]);
    expect(found.object).toEqual({ left: 30, top: 25, width: 40, height: 20 });
    expect(findObject({ data: new Uint8Array(30 * 30 * 3).fill(7), width: 30, height: 30, channels: 3 }).object).toBeNull();
  });

  it('frames the wide sneaker with a square past its top and bottom edges', async () => {
    const fitted = await fitObjectInFile(join(SAMPLES, 'sneaker.png'), pack);
    expect(fitted).toMatchObject({ width: 360, height: 240, background: '#ffffff', overhangs: true });
    const { object, crop } = fitted;
    // The sneaker spans about x 36–327, y 71–193 (what preprocessing trims it to).
    expect(object!.left).toBeGreaterThanOrEqual(34);
    expect(object!.left + object!.width).toBeLessThanOrEqual(330);
    expect(crop.width).toBe(crop.height);
    expect(crop.left).toBeLessThanOrEqual(object!.left);
    expect(crop.left + crop.width).toBeGreaterThanOrEqual(object!.left + object!.width);
    expect(crop.top).toBeLessThan(0);
    expect(crop.top + crop.height).toBeGreaterThan(240);
  });

  it('gives the same box from bytes, for the RGB pack too, and the default box without an object', async () => {
    const bytes = readFileSync(join(SAMPLES, 'tshirt.png'));
    const fromBytes = await fitObjectInBytes(bytes, pack, 'tshirt.png');
    expect(fromBytes).toEqual(await fitObjectInFile(join(SAMPLES, 'tshirt.png'), pack));
    expect(fromBytes.overhangs).toBe(false);
    const rgb = await fitObjectInBytes(bytes, readManifest(TINY_RGB_PACK), 'tshirt.png');
    expect(rgb.crop).toEqual(fromBytes.crop); // both square
    const blank = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#334455' } }).png().toBuffer();
    expect(await fitObjectInBytes(blank, pack)).toEqual({
      crop: { left: 50, top: 0, width: 200, height: 200 },
      object: null,
      overhangs: false,
      background: '#334455',
      width: 300,
      height: 200,
    });
  });
});
