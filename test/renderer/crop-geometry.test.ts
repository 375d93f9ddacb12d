/** Crop boxes keep the pack's aspect ratio and stay inside the photo. */
import { describe, expect, it } from 'vitest';
import { fitCrop, largestCentred, moveCrop, scaleCrop, MIN_CROP_SIDE } from '../../electron/shared/crop-geometry';

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
    const { defaultCrop } = await import('../../electron/service/pictures');
    for (const [w, h, a] of [[320, 320, 1], [360, 240, 1], [260, 360, 1], [1001, 333, 28 / 28], [640, 480, 2]] as const) {
      expect(largestCentred(w, h, a)).toEqual(defaultCrop(w, h, a));
    }
  });
});
