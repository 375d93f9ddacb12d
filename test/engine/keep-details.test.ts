/**
 * Faithful edits at the engine level (docs/design.md, Faithful edits): the change added to the
 * crop at the model's size, and to the full-resolution photo in its own colours; zero change gives
 * the photo's pixels back exactly; a mask keeps everything beyond its feather byte for byte.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { addDelta, blendInside, detailDelta, isZero } from '../../electron/engine/faithful/keep-details';
import { MASK_FEATHER_PX, modelMaskWeights, photoMaskWeights } from '../../electron/engine/image/edit-mask';
import { pasteBack } from '../../electron/engine/image/paste-back';
import { toPhotoColours } from '../../electron/engine/image/photo-colours';
import { preprocessBytes } from '../../electron/engine/image/preprocess';
import { readManifest } from '../../electron/engine/packs/manifest';
import type { Tensor4 } from '../../electron/engine/tensor';
import { REPO, TINY_PACK, TINY_RGB_PACK } from './helpers';

const gray = readManifest(TINY_PACK);
const rgb = readManifest(TINY_RGB_PACK);

function filled(shape: Tensor4['shape'], value: number | ((i: number) => number)): Tensor4 {
  const n = shape[0] * shape[1] * shape[2] * shape[3];
  return { data: Float32Array.from({ length: n }, (_, i) => (typeof value === 'number' ? value : value(i))), shape };
}

async function rgba(bytes: Buffer) {
  const { data, info } = await sharp(bytes).autoOrient().toColourspace('srgb').ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/** A white mask picture with the given rectangle (fractions of its size) white, the rest black. */
async function maskPng(w: number, h: number, box: { x0: number; y0: number; x1: number; y1: number }): Promise<Buffer> {
  const px = Buffer.alloc(w * h);
  for (let y = Math.round(box.y0 * h); y < Math.round(box.y1 * h); y++) px.fill(255, y * w + Math.round(box.x0 * w), y * w + Math.round(box.x1 * w));
  return sharp(px, { raw: { width: w, height: h, channels: 1 } }).png().toBuffer();
}

describe('keep details at the model size', () => {
  const shape = [1, 1, 4, 4] as const;
  it('adds s·(D(z′) − D(z)) to the crop, exactly the crop where the decodes agree', () => {
    const crop = filled(shape, (i) => i / 16);
    const base = filled(shape, 0.5);
    const edited = filled(shape, (i) => (i < 8 ? 0.5 : 0.9));
    const delta = detailDelta(edited, base, 0.5);
    expect(isZero(delta)).toBe(false);
    const out = addDelta(crop, delta);
    for (let i = 0; i < 16; i++) expect(out.data[i]).toBeCloseTo(i < 8 ? i / 16 : Math.min(1, i / 16 + 0.2), 6);
    expect(out.data.subarray(0, 8)).toEqual(crop.data.subarray(0, 8));
    expect(isZero(detailDelta(base, base, 1))).toBe(true);
    expect(addDelta(crop, detailDelta(base, base, 1)).data).toEqual(crop.data);
    expect(() => detailDelta(edited, base, 1.5)).toThrow(/strength/);
  });

  it('weighs the change and the regrown picture by a mask', () => {
    const crop = filled(shape, 0.2);
    const weights = Float32Array.from({ length: 16 }, (_, i) => (i % 4 < 2 ? 1 : 0));
    const out = addDelta(crop, filled(shape, 0.3), weights);
    expect([...out.data].map((v) => Number(v.toFixed(3)))).toEqual(Array.from({ length: 16 }, (_, i) => (i % 4 < 2 ? 0.5 : 0.2)));
    const blended = blendInside(crop, filled(shape, 0.9), weights);
    expect([...blended.data].map((v) => Number(v.toFixed(3)))).toEqual(Array.from({ length: 16 }, (_, i) => (i % 4 < 2 ? 0.9 : 0.2)));
  });

  it("shows a negating pack's pictures in the photo's colours", () => {
    expect(toPhotoColours(filled(shape, 0.25), true).data[0]).toBe(0.75);
    const same = filled(shape, 0.25);
    expect(toPhotoColours(same, false)).toBe(same);
  });
});

describe('keep details in the photo (paste back)', () => {
  const photo = readFileSync(join(REPO, 'assets', 'samples', 'bag.jpg'));
  const crop = { left: 40, top: 60, width: 200, height: 200 };

  it('gives the photo back pixel for pixel when the change is zero (PNG), streamed or with alpha', async () => {
    const png = await sharp(photo).png().toBuffer();
    const withAlpha = await sharp(photo).ensureAlpha(0.5).png().toBuffer();
    for (const bytes of [png, withAlpha]) {
      const input = await preprocessBytes(bytes, gray, { crop });
      const zero = filled([1, 1, 28, 28], 0);
      const out = await pasteBack(bytes, gray, { delta: zero }, { crop, transform: input.transform, format: 'png' });
      expect(out.area.width * out.area.height).toBe(0);
      expect((await rgba(out.bytes)).data.equals((await rgba(bytes)).data)).toBe(true);
    }
  });

  it("adds the change in the photo's colours: a negating pack's lighter model garment is darker in the photo", async () => {
    const png = await sharp(photo).png().toBuffer();
    const input = await preprocessBytes(png, gray, { crop });
    // +0.2 everywhere in the model (lighter on black) is −51 levels in the photo.
    const out = await pasteBack(png, gray, { delta: filled([1, 1, 28, 28], 0.2) }, { crop, transform: input.transform, format: 'png' });
    const before = await rgba(png);
    const after = await rgba(out.bytes);
    // A pixel well inside the area (away from the seam feather), not clipped at 0.
    const { area } = out;
    let checked = 0;
    for (let y = area.top + 20; y < area.top + area.height - 20; y += 7) {
      for (let x = area.left + 20; x < area.left + area.width - 20; x += 7) {
        const p = (y * before.width + x) * 4;
        for (let c = 0; c < 3; c++) {
          if (before.data[p + c]! < 60) continue;
          expect(after.data[p + c]).toBe(before.data[p + c]! - 51);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(50);
    // RGB packs are not negated: +0.2 is +51.
    const rgbInput = await preprocessBytes(png, rgb, { crop });
    const up = await pasteBack(png, rgb, { delta: filled([1, 3, 24, 24], 0.2) }, { crop, transform: rgbInput.transform, format: 'png' });
    const a = (await rgba(up.bytes)).data;
    const y = up.area.top + Math.floor(up.area.height / 2);
    const x = up.area.left + Math.floor(up.area.width / 2);
    const p = (y * before.width + x) * 4;
    expect(a[p]).toBe(Math.min(255, before.data[p]! + 51));
  });

  it('upsamples the change bilinearly: a left-to-right ramp stays monotonic across the area', async () => {
    const png = await sharp({ create: { width: 300, height: 300, channels: 3, background: '#808080' } }).png().toBuffer();
    const whole = { left: 0, top: 0, width: 300, height: 300 };
    const input = await preprocessBytes(png, rgb, { crop: whole });
    const ramp = filled([1, 3, 24, 24], (i) => ((i % 24) / 23) * 0.4 - 0.2);
    const out = await pasteBack(png, rgb, { delta: ramp }, { crop: whole, transform: input.transform, format: 'png' });
    const a = await rgba(out.bytes);
    const row = 150;
    const values = Array.from({ length: 300 }, (_, x) => a.data[(row * 300 + x) * 4]!);
    for (let x = 1; x < 300; x++) expect(values[x]!).toBeGreaterThanOrEqual(values[x - 1]!);
    // No 8-pixel-wide steps: at 12.5 photo pixels per model pixel, a nearest-neighbour copy would jump.
    const jumps = values.slice(1).map((v, x) => v - values[x]!);
    expect(Math.max(...jumps)).toBeLessThanOrEqual(2);
  });

  it('changes nothing beyond the feathered mask (max difference 0) and changes the inside', async () => {
    const png = await sharp(photo).png().toBuffer();
    const input = await preprocessBytes(png, gray, { crop });
    const mask = await maskPng(40, 80, { x0: 0.25, y0: 0.25, x1: 0.75, y1: 0.75 });
    const out = await pasteBack(png, gray, { delta: filled([1, 1, 28, 28], 0.3) }, { crop, transform: input.transform, format: 'png', mask });
    const before = await rgba(png);
    const after = await rgba(out.bytes);
    const inner = { x0: crop.left + 50, y0: crop.top + 50, x1: crop.left + 150, y1: crop.top + 150 };
    let outsideMax = 0;
    let insideChanged = 0;
    for (let y = 0; y < before.height; y++) {
      for (let x = 0; x < before.width; x++) {
        const p = (y * before.width + x) * 4;
        let diff = 0;
        for (let c = 0; c < 4; c++) diff = Math.max(diff, Math.abs(before.data[p + c]! - after.data[p + c]!));
        // One pixel of slack for where the stretched mask's edge lands after resampling.
        const reach = MASK_FEATHER_PX + 1;
        const far = x < inner.x0 - reach || x >= inner.x1 + reach || y < inner.y0 - reach || y >= inner.y1 + reach;
        if (far) outsideMax = Math.max(outsideMax, diff);
        else if (x > inner.x0 + MASK_FEATHER_PX && x < inner.x1 - MASK_FEATHER_PX && y > inner.y0 + MASK_FEATHER_PX && y < inner.y1 - MASK_FEATHER_PX && diff > 0) insideChanged++;
      }
    }
    expect(outsideMax).toBe(0);
    expect(insideChanged).toBeGreaterThan(80 * 80 * 0.5);
  });

  it('feathers the mask: weights ramp over the feather, 0 beyond it, 255 deep inside', async () => {
    const mask = await maskPng(100, 100, { x0: 0.5, y0: 0, x1: 1, y1: 1 });
    const box = { left: 0, top: 0, width: 100, height: 100 };
    const w = await photoMaskWeights(mask, box, box, 'mask.png');
    const row = Array.from(w.subarray(50 * 100, 51 * 100));
    expect(row.slice(0, 50 - MASK_FEATHER_PX)).toEqual(Array(50 - MASK_FEATHER_PX).fill(0));
    expect(row.slice(50 + MASK_FEATHER_PX)).toEqual(Array(50 - MASK_FEATHER_PX).fill(255));
    for (let x = 1; x < 100; x++) expect(row[x]!).toBeGreaterThanOrEqual(row[x - 1]!);
    // At the model's size: the left half of the crop is 0, the right half 1.
    const png = await sharp({ create: { width: 100, height: 100, channels: 3, background: '#808080' } }).png().toBuffer();
    const input = await preprocessBytes(png, rgb, { crop: box });
    const m = await modelMaskWeights(mask, rgb, input.transform, box, 'mask.png');
    expect(m[12 * 24 + 2]).toBe(0);
    expect(m[12 * 24 + 21]).toBe(1);
  });
});
