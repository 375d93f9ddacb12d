/** Crop boxes keep the pack's aspect ratio and stay inside the photo. */
import { describe, expect, it } from 'vitest';
import { adaptCrop, fitCrop, largestCentred, moveCrop, scaleCrop, MIN_CROP_SIDE } from '../../electron/contract/crop-geometry';

describe('crop geometry', () => {
  it('defaults to the largest centred box of the aspect', () => {
    expect(largestCentred(400, 300, 1)).toEqual({ left: 50, top: 0, width: 300, height: 300 });
    expect(largestCentred(300, 400, 1)).toEqual({ left: 0, top: 50, width: 300, height: 300 });
    expect(largestCentred(400, 400, 2)).toEqual({ left: 0, top: 100, width: 400, height: 200 });
  });

  it('makes any box valid: aspect from its width, inside the photo, whole pixels', () => {
    expect(fitCrop({ left: -20, top: 390, width: 100.4, height: 7 }, 400, 400, 1)).toEqual({ left: 0, top: 300, width: 100, height: 100 });
    expect(fitCrop({ left: 0, top: 0, width: 5000, height: 5000 }, 400, 300, 1)).toEqual({ left: 0, top: 0, width: 300, height: 300 });
    expect(fitCrop({ left: 10, top: 10, width: 1, height: 1 }, 400, 300, 1).width).toBe(MIN_CROP_SIDE);
  });

  it('moves and scales within the photo', () => {
    const box = { left: 100, top: 100, width: 100, height: 100 };
    expect(moveCrop(box, 500, -500, 400, 400, 1)).toEqual({ left: 300, top: 0, width: 100, height: 100 });
    expect(scaleCrop(box, 2, 400, 400, 1)).toEqual({ left: 50, top: 50, width: 200, height: 200 });
    expect(scaleCrop(box, 10, 400, 400, 1)).toEqual({ left: 0, top: 0, width: 400, height: 400 });
  });

  it('agrees with the engine side on the default crop', async () => {
    const { defaultCrop } = await import('../../electron/backend/pictures');
    for (const [w, h, a] of [[320, 320, 1], [360, 240, 1], [260, 360, 1], [1001, 333, 28 / 28], [640, 480, 2]] as const) {
      expect(largestCentred(w, h, a)).toEqual(defaultCrop(w, h, a));
    }
  });

  describe('adapting the box to another pack\'s aspect', () => {
    const centre = (b: { left: number; top: number; width: number; height: number }) => [b.left + b.width / 2, b.top + b.height / 2];

    it('leaves a box that already has the aspect as it is', () => {
      const box = { left: 37, top: 12, width: 120, height: 120 };
      expect(adaptCrop(box, 400, 300, 1)).toEqual(box);
      const wide = { left: 10, top: 20, width: 200, height: 100 };
      expect(adaptCrop(wide, 400, 300, 2)).toEqual(wide);
    });

    it('takes the new aspect about the old centre, with about the same area', () => {
      const box = { left: 100, top: 100, width: 100, height: 100 };
      const wide = adaptCrop(box, 400, 400, 2);
      expect(wide.width / wide.height).toBeCloseTo(2, 1);
      expect(wide.width * wide.height).toBeGreaterThan(0.95 * 100 * 100);
      expect(wide.width * wide.height).toBeLessThan(1.05 * 100 * 100);
      const [cx, cy] = centre(wide);
      expect(Math.abs(cx! - 150)).toBeLessThanOrEqual(1);
      expect(Math.abs(cy! - 150)).toBeLessThanOrEqual(1);
      // And back: a square again, about where it was.
      const square = adaptCrop(wide, 400, 400, 1);
      expect(square.width).toBe(square.height);
      expect(Math.abs(square.width - 100)).toBeLessThanOrEqual(2);
      expect(Math.abs(centre(square)[0]! - 150)).toBeLessThanOrEqual(1.5);
    });

    it('stays inside the photo: moved in from an edge, shrunk when too big', () => {
      // A square in the left edge becomes a wide box: moved right to fit, still centred vertically.
      const edge = adaptCrop({ left: 0, top: 50, width: 100, height: 100 }, 400, 300, 2);
      expect(edge.left).toBe(0);
      expect(edge.left + edge.width).toBeLessThanOrEqual(400);
      expect(Math.abs(centre(edge)[1]! - 100)).toBeLessThanOrEqual(1);
      // The whole height of a landscape photo in a tall aspect: as large as fits, inside.
      const tall = adaptCrop({ left: 50, top: 0, width: 300, height: 300 }, 400, 300, 0.5);
      expect(tall).toEqual({ left: 125, top: 0, width: 150, height: 300 });
      // The largest box of one aspect becomes the largest box of the other.
      const full = adaptCrop(largestCentred(640, 480, 1), 640, 480, 4 / 3);
      expect(full).toEqual(largestCentred(640, 480, 4 / 3));
      for (const b of [edge, tall, full]) {
        expect(b.left).toBeGreaterThanOrEqual(0);
        expect(b.top).toBeGreaterThanOrEqual(0);
        expect(b.left + b.width).toBeLessThanOrEqual(b === full ? 640 : 400);
        expect(b.top + b.height).toBeLessThanOrEqual(b === full ? 480 : 300);
        expect(Number.isInteger(b.left) && Number.isInteger(b.width)).toBe(true);
      }
    });
  });
});
