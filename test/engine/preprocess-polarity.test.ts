/**
 * Polarity (engine/image/polarity.ts): a pack that negates (the tiny pack, like Fashion-MNIST:
 * light garments on black) negates a dark product on white, but keeps a picture that is already
 * light on dark (Fashion-MNIST's own images), which it once negated into garbage; a picture at the
 * model's size that needs no negation is taken pixel for pixel; `negate` and `keep` force it; a
 * pack that does not negate never does.
 */
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { preprocessBytes } from '../../electron/engine/image/preprocess';
import { borderMedian, decidePolarity } from '../../electron/engine/image/polarity';
import { readManifest } from '../../electron/engine/packs/manifest';
import { productPng, TINY_PACK, TINY_RGB_PACK } from './helpers';

const pack = readManifest(TINY_PACK);
const rgbPack = readManifest(TINY_RGB_PACK);
const at = (data: Float32Array, x: number, y: number, side = 28) => data[y * side + x]!;

/** A light square (value `shade`) on black: how Fashion-MNIST draws a garment. */
async function lightOnDark(w: number, h: number, shade = 220): Promise<Buffer> {
  const px = Buffer.alloc(w * h);
  for (let y = Math.floor(h / 4); y < Math.floor((3 * h) / 4); y++) px.fill(shade, y * w + Math.floor(w / 4), y * w + Math.floor((3 * w) / 4));
  return sharp(px, { raw: { width: w, height: h, channels: 1 } }).png().toBuffer();
}

describe('polarity', () => {
  it('negates a dark product on white, and says so', async () => {
    const r = await preprocessBytes(await productPng(300, 200), pack);
    expect(r.polarity).toEqual({ negated: true, note: 'light background: negated' });
    expect(r.transform.negated).toBe(true);
    expect(at(r.image.data, 14, 14)).toBeGreaterThan(0.8); // the dark product, light after negation
  });

  it('keeps a light garment on black as it is: black background, light garment, no negation', async () => {
    const r = await preprocessBytes(await lightOnDark(120, 90), pack);
    expect(r.polarity).toEqual({ negated: false, note: 'dark background: kept as is' });
    expect(r.transform.negated).toBe(false);
    // Trimmed to the square against black and fitted: the garment fills the frame, light.
    expect(r.transform.region).toEqual({ left: 30, top: 22, width: 60, height: 45 });
    expect(at(r.image.data, 14, 14)).toBeCloseTo(220 / 255, 1);
    // The letterbox of the 4:3 garment is padded with the training pictures' black, not white.
    expect(at(r.image.data, 14, 0)).toBeCloseTo(0, 5);
  });

  it('takes a picture at the model\'s size with a dark border pixel for pixel', async () => {
    const px = Buffer.alloc(28 * 28);
    for (let y = 6; y < 22; y++) for (let x = 8; x < 20; x++) px[y * 28 + x] = 100 + x * 5 + y;
    const png = await sharp(px, { raw: { width: 28, height: 28, channels: 1 } }).png().toBuffer();
    const r = await preprocessBytes(png, pack);
    expect(r.image.data).toEqual(Float32Array.from(px, (v) => v / 255));
    expect(r.polarity.negated).toBe(false);
    expect(r.polarity.note).toBe("dark background: kept as is; already the model's 28×28, not fitted again");
    // The same picture with a crop box is fitted (the box says what to use), still not negated.
    const boxed = await preprocessBytes(png, pack, { crop: { left: 0, top: 0, width: 28, height: 28 } });
    expect(boxed.polarity.negated).toBe(false);
  });

  it('negates a model-size picture on white the recipe\'s way', async () => {
    const r = await preprocessBytes(await productPng(28, 28), pack);
    expect(r.polarity.negated).toBe(true);
    expect(at(r.image.data, 0, 0)).toBeGreaterThan(0.8); // trimmed and fitted: the product fills it
  });

  it('does what it is told with negate and keep', async () => {
    const dark = await lightOnDark(120, 90);
    const forced = await preprocessBytes(dark, pack, { polarity: 'negate' });
    expect(forced.polarity).toEqual({ negated: true, note: 'negated (as asked)' });
    expect(at(forced.image.data, 14, 14)).toBeLessThan(0.2);
    const kept = await preprocessBytes(await productPng(300, 200), pack, { polarity: 'keep' });
    expect(kept.polarity).toEqual({ negated: false, note: 'kept as is (as asked)' });
    expect(at(kept.image.data, 14, 14)).toBeCloseTo(40 / 255, 1);
  });

  it('never negates for a pack that does not (the RGB pack: colour on white)', async () => {
    const dark = await sharp(await lightOnDark(120, 90)).toColourspace('srgb').png().toBuffer();
    const r = await preprocessBytes(dark, rgbPack);
    expect(r.polarity).toEqual({ negated: false, note: 'kept as is (the pack does not negate)' });
    const on = await preprocessBytes(await productPng(120, 90), rgbPack);
    expect(on.polarity.negated).toBe(false);
  });

  it('reads the border ring\'s median per channel, and decides by the nearer background', () => {
    // 10×10 gray: the ring (36 pixels) is 0 except 10 pixels of 255; the inside is 255.
    const data = new Uint8Array(100).fill(255);
    for (let i = 0; i < 100; i++) {
      const x = i % 10;
      const y = Math.floor(i / 10);
      if ((x === 0 || y === 0 || x === 9 || y === 9) && !(y === 0 && x < 10)) data[i] = 0;
    }
    const raw = { data, width: 10, height: 10, channels: 1 };
    const whole = { left: 0, top: 0, width: 10, height: 10 };
    expect(borderMedian(raw, whole)).toEqual([0]);
    expect(borderMedian(raw, { left: 20, top: 0, width: 5, height: 5 })).toBeNull();
    expect(decidePolarity(pack, raw, whole).negated).toBe(false);
    expect(decidePolarity(pack, { ...raw, data: new Uint8Array(100).fill(200) }, whole).negated).toBe(true);
  });
});
