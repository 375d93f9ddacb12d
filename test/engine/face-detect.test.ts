/**
 * Face detection (tracking.js Viola-Jones, engine/image/face-detect.ts), the crop box around a
 * face (face-crop.ts) and a `crop: face` pack's preprocessing without a given box.
 *
 * assets/samples/astronaut.jpg (512×512): looked at by eye, the face (Eileen Collins) spans about
 * x 180–268 (cheek to cheek) and y 70 (brows) to 165 (chin), nose tip near (224, 118); the hair
 * reaches up to y ≈ 15. So the face centre is taken as (224, 115) ± 20 px.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { decodePicture } from '../../electron/engine/image/decode';
import { faceCropBox, FACE_CROP_SCALE } from '../../electron/engine/image/face-crop';
import { detectFaces, detectFacesInPicture, downscaleRgba, mergeBoxes } from '../../electron/engine/image/face-detect';
import { preprocessFile } from '../../electron/engine/image/preprocess';
import { PackSchema, PreprocessSchema, type Pack } from '../../electron/contract/pack-schema';
import { REPO, TINY_RGB_PACK } from './helpers';

const SAMPLES = join(REPO, 'assets', 'samples');
const ASTRONAUT = join(SAMPLES, 'astronaut.jpg');
const FACE_CENTRE = { x: 224, y: 115 };
const TOLERANCE = 20;
const rgbPack = (): Pack => PackSchema.parse(JSON.parse(readFileSync(join(TINY_RGB_PACK, 'pack.json'), 'utf8')));

async function rgba(path: string) {
  const { data, info } = await sharp(path).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8ClampedArray(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height };
}

const contains = (b: { left: number; top: number; width: number; height: number }, x: number, y: number) =>
  x >= b.left && x < b.left + b.width && y >= b.top && y < b.top + b.height;

describe('detectFaces', () => {
  it('finds the face in the astronaut photo, centred on it and about face-sized', async () => {
    const img = await rgba(ASTRONAUT);
    const faces = await detectFaces(img.data, img.width, img.height);
    expect(faces).toHaveLength(1);
    const f = faces[0]!;
    expect(contains(f, FACE_CENTRE.x, FACE_CENTRE.y)).toBe(true);
    expect(Math.abs(f.left + f.width / 2 - FACE_CENTRE.x)).toBeLessThan(TOLERANCE);
    expect(Math.abs(f.top + f.height / 2 - FACE_CENTRE.y)).toBeLessThan(TOLERANCE);
    expect(f.width).toBeGreaterThan(70);
    expect(f.width).toBeLessThan(130);
  });

  it('gives boxes in the original pixels whatever the resolution (detection runs on ≤ 320 px)', async () => {
    const big = await sharp(ASTRONAUT).resize(1024, 1024).ensureAlpha().raw().toBuffer();
    const [f] = await detectFaces(big, 1024, 1024);
    expect(f).toBeDefined();
    expect(Math.abs(f!.left + f!.width / 2 - 2 * FACE_CENTRE.x)).toBeLessThan(2 * TOLERANCE);
    expect(Math.abs(f!.top + f!.height / 2 - 2 * FACE_CENTRE.y)).toBeLessThan(2 * TOLERANCE);
  });

  it('finds no face in a plain white picture or in the garment samples', async () => {
    const white = new Uint8ClampedArray(400 * 300 * 4).fill(255);
    expect(await detectFaces(white, 400, 300)).toEqual([]);
    for (const name of ['tshirt.png', 'dress.png', 'sneaker.png', 'bag.jpg']) {
      const img = await rgba(join(SAMPLES, name));
      expect(await detectFaces(img.data, img.width, img.height), name).toEqual([]);
    }
  });

  it('takes RGB pixels too, and decodes files itself', async () => {
    const { raw } = await decodePicture(readFileSync(ASTRONAUT), 'astronaut', { background: '#ffffff', colorspace: 'rgb' });
    const fromRgb = await detectFaces(raw.data, raw.width, raw.height, { channels: 3 });
    const fromFile = await detectFacesInPicture(ASTRONAUT);
    expect(fromFile).toMatchObject({ width: 512, height: 512 });
    expect(fromFile.faces).toEqual(fromRgb);
    await expect(detectFaces(new Uint8Array(10), 20, 20)).rejects.toThrow(/expected 20×20×4/);
  });

  it('downscales with a box filter and merges overlapping boxes, weighted by hits', () => {
    const src = new Uint8Array([0, 0, 0, 255, 200, 200, 200, 255]);
    expect(Array.from(downscaleRgba(src, 2, 1, 4, 1).data)).toEqual([100, 100, 100, 255]);
    const merged = mergeBoxes([
      { left: 0, top: 0, width: 10, height: 10, hits: 3 },
      { left: 4, top: 0, width: 10, height: 10, hits: 1 },
      { left: 50, top: 50, width: 5, height: 5, hits: 2 },
    ]);
    expect(merged).toEqual([
      { left: 1, top: 0, width: 10, height: 10, hits: 4 },
      { left: 50, top: 50, width: 5, height: 5, hits: 2 },
    ]);
  });
});

describe('faceCropBox', () => {
  const face = { left: 174, top: 66, width: 96, height: 96 };
  it('keeps the aspect, stays inside the photo and contains the face with room for the hair', () => {
    for (const [aspect, W, H] of [[1, 512, 512], [0.75, 512, 400], [4 / 3, 300, 512], [1, 200, 180]] as const) {
      const c = faceCropBox(face, W, H, aspect);
      expect(Math.abs(c.width / c.height - aspect)).toBeLessThan(0.02);
      expect(c.left).toBeGreaterThanOrEqual(0);
      expect(c.top).toBeGreaterThanOrEqual(0);
      expect(c.left + c.width).toBeLessThanOrEqual(W);
      expect(c.top + c.height).toBeLessThanOrEqual(H);
      if (W >= 400 && H >= 400) {
        expect(contains(c, face.left, face.top) && contains(c, face.left + face.width - 1, face.top + face.height - 1)).toBe(true);
        expect(c.top).toBeLessThan(face.top - 30); // lifted towards the hair
      }
    }
    expect(faceCropBox(face, 512, 512, 1)).toEqual({ left: 138, top: 16, width: 168, height: 168 });
    expect(Math.round(96 * FACE_CROP_SCALE)).toBe(168);
  });
});

describe('preprocess.crop in the pack schema', () => {
  it('accepts centre and face, defaults to absent (centre), and refuses anything else', () => {
    const base = rgbPack().preprocess;
    expect(PreprocessSchema.parse({ ...base, crop: 'face' }).crop).toBe('face');
    expect(PreprocessSchema.parse({ ...base, crop: 'centre' }).crop).toBe('centre');
    const { crop: _drop, ...without } = base;
    expect(PreprocessSchema.parse(without).crop).toBeUndefined();
    const bad = PackSchema.safeParse({ ...rgbPack(), preprocess: { ...base, crop: 'eyes' } });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(['preprocess', 'crop']);
  });
});

describe('a crop: face pack without a given box', () => {
  it('crops around the face, falls back to centre without one, and a given box wins', async () => {
    const pack = rgbPack();
    expect(pack.preprocess.crop).toBe('face');
    const face = await preprocessFile(ASTRONAUT, pack);
    expect(face.crop).toMatchObject({ source: 'face', box: { left: 138, top: 16, width: 168, height: 168 } });
    expect(face.transform.region).toEqual(face.crop.box);
    const none = await preprocessFile(join(SAMPLES, 'tshirt.png'), pack);
    expect(none.crop).toEqual({ source: 'centre', box: { left: 0, top: 0, width: 320, height: 320 } });
    const given = await preprocessFile(ASTRONAUT, pack, { crop: { left: 0, top: 0, width: 100, height: 100 } });
    expect(given.crop).toEqual({ source: 'box', box: { left: 0, top: 0, width: 100, height: 100 } });
    const centrePack = { ...pack, preprocess: { ...pack.preprocess, crop: 'centre' as const } };
    expect((await preprocessFile(ASTRONAUT, centrePack)).crop.source).toBe('centre');
  });
});
