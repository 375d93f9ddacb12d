/**
 * Crop boxes that may reach past the photo (crop-geometry.ts, `{ outside: true }`, shared with the
 * renderer): their centre stays on the photo and their sides within MAX_CROP_SCALE × its longest
 * side; "fit whole object" (objectCrop) frames a wide object with a square taller than the photo;
 * the engine's check (cropBoxProblem) accepts every box the geometry makes. Without the option
 * boxes stay inside, as before.
 */
import { describe, expect, it } from 'vitest';
import {
  adaptCrop,
  cropBoxProblem,
  cropOverhangs,
  fitCrop,
  MAX_CROP_SCALE,
  moveCrop,
  objectCrop,
  OBJECT_SLACK,
  scaleCrop,
} from '../../electron/contract/crop-geometry';
import { CropBoxSchema, EmbedRequestSchema } from '../../electron/contract/editor-schemas';

const outside = { outside: true } as const;
const centre = (b: { left: number; top: number; width: number; height: number }) => [b.left + b.width / 2, b.top + b.height / 2] as const;

describe('crop boxes past the edges', () => {
  it('keep a box past the edges where it is, its centre on the photo', () => {
    const tall = { left: 0, top: -60, width: 360, height: 360 };
    expect(fitCrop(tall, 360, 240, 1, outside)).toEqual(tall);
    expect(fitCrop(tall, 360, 240, 1)).toEqual({ left: 0, top: 0, width: 240, height: 240 }); // the default: inside
    // Moved far off: the centre stops on the photo's edge.
    const moved = moveCrop({ left: 100, top: 50, width: 100, height: 100 }, -1000, 1000, 360, 240, 1, outside);
    expect(centre(moved)).toEqual([0, 240]);
    expect(cropOverhangs(moved, 360, 240)).toBe(true);
  });

  it('grow up to MAX_CROP_SCALE × the longest side, keeping the aspect', () => {
    const huge = scaleCrop({ left: 100, top: 50, width: 100, height: 100 }, 100, 360, 240, 1, outside);
    expect(huge.width).toBe(MAX_CROP_SCALE * 360);
    expect(huge.height).toBe(huge.width);
    const wide = fitCrop({ left: 0, top: 0, width: 5000, height: 2500 }, 360, 240, 2, outside);
    expect(wide).toMatchObject({ width: 720, height: 360 });
    expect(adaptCrop({ left: 0, top: -60, width: 360, height: 360 }, 360, 240, 1, outside)).toEqual({ left: 0, top: -60, width: 360, height: 360 });
  });

  it('frame a wide object whole with a square taller than the photo (fit whole object)', () => {
    // The sneaker sample: 292×123 at (36, 71) in a 360×240 photo.
    const object = { left: 36, top: 71, width: 292, height: 123 };
    const box = objectCrop(object, 360, 240, 1);
    expect(box.width).toBe(box.height);
    expect(box.width).toBe(Math.round(292 * (1 + 2 * OBJECT_SLACK)));
    expect(centre(box)[0]).toBeCloseTo(36 + 146, 0);
    expect(box.left).toBeLessThanOrEqual(object.left);
    expect(box.left + box.width).toBeGreaterThanOrEqual(object.left + object.width);
    expect(box.top).toBeLessThan(0);
    expect(box.top + box.height).toBeGreaterThan(240);
    expect(cropBoxProblem(box, 360, 240)).toBeNull();
  });

  it('leave an object that fills the photo with the photo\'s own square, and a small one inside', () => {
    expect(objectCrop({ left: 0, top: 0, width: 512, height: 512 }, 512, 512, 1)).toEqual({ left: 0, top: 0, width: 512, height: 512 });
    const small = objectCrop({ left: 100, top: 100, width: 50, height: 80 }, 400, 300, 1);
    expect(cropOverhangs(small, 400, 300)).toBe(false);
    expect(small.height).toBeGreaterThanOrEqual(80);
  });

  it('are accepted by the schema and by the engine\'s check, unless they miss the photo or are huge', () => {
    const box = { left: -20, top: -5, width: 100, height: 100 };
    expect(CropBoxSchema.parse(box)).toEqual(box);
    expect(EmbedRequestSchema.safeParse({ requestId: 'r', imageId: 'i', crop: box }).success).toBe(true);
    expect(CropBoxSchema.safeParse({ ...box, left: 1.5 }).success).toBe(false);
    expect(cropBoxProblem(box, 200, 100)).toBeNull();
    expect(cropBoxProblem({ left: 200, top: 0, width: 10, height: 10 }, 200, 100)).toMatch(/lies outside the 200×100 image/);
    expect(cropBoxProblem({ left: -10, top: -10, width: 10, height: 10 }, 200, 100)).toMatch(/lies outside/);
    expect(cropBoxProblem({ left: -300, top: -300, width: 401, height: 401 }, 200, 100)).toMatch(/larger than 2×/);
    // Every box the geometry makes passes.
    for (const b of [fitCrop({ left: -9999, top: 9999, width: 9999, height: 9999 }, 200, 100, 1, outside), moveCrop(box, 500, 500, 200, 100, 1, outside)]) {
      expect(cropBoxProblem(b, 200, 100)).toBeNull();
    }
  });
});
