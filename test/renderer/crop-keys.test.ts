/** Keyboard crop controls: + on a box that cannot grow leaves it where it is. */
import { describe, expect, it } from 'vitest';
import { largestCentred } from '../../electron/contract/crop-geometry';
import { cropForKey, resizeCrop } from '../../renderer/src/state/crop-keys';

const photo = { width: 400, height: 300, aspect: 1 };

describe('crop keys', () => {
  it('leaves a full-size box in place on +', () => {
    const full = largestCentred(400, 300, 1);
    expect(full).toEqual({ left: 50, top: 0, width: 300, height: 300 });
    expect(cropForKey('+', false, full, photo)).toBe(full);
    expect(cropForKey('+', true, full, photo)).toBe(full);
    // A box near full size grows to full size about its centre, not shifted towards a corner.
    const near = { left: 60, top: 5, width: 290, height: 290 };
    const grown = resizeCrop(near, 1.2, photo);
    expect(grown.width).toBe(300);
    expect(Math.abs(grown.left + grown.width / 2 - (near.left + near.width / 2))).toBeLessThanOrEqual(0.5);
  });

  it('resizes about the centre and moves by 1 % (Shift 10 %) of the longest side', () => {
    const box = { left: 100, top: 100, width: 100, height: 100 };
    const bigger = cropForKey('+', false, box, photo)!;
    expect(bigger.width).toBe(105);
    expect(Math.abs(bigger.left + bigger.width / 2 - 150)).toBeLessThanOrEqual(0.5);
    expect(cropForKey('-', false, box, photo)!.width).toBe(95);
    expect(cropForKey('ArrowRight', false, box, photo)).toEqual({ ...box, left: 104 });
    expect(cropForKey('ArrowUp', true, box, photo)).toEqual({ ...box, top: 60 });
    expect(cropForKey('x', false, box, photo)).toBeNull();
  });

  it('keeps a box inside the photo inside; lets one already past an edge move and grow out there', () => {
    const inside = { left: 0, top: 0, width: 100, height: 100 };
    expect(cropForKey('ArrowUp', false, inside, photo)).toEqual(inside);
    const past = { left: 50, top: -20, width: 300, height: 300 };
    expect(cropForKey('ArrowUp', false, past, photo)).toEqual({ ...past, top: -24 });
    const grown = cropForKey('+', false, past, photo)!;
    expect(grown.width).toBe(315);
    expect(grown.top).toBeLessThan(past.top);
  });
});
