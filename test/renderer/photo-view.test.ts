/** Zoom and pan of the photo: at the pointer, within limits, never off the photo. */
import { describe, expect, it } from 'vitest';
import { actualSize, clampView, FIT, panBy, wheelFactor, zoomAt, zoomLimits, zoomPercent, type Frame } from '../../renderer/src/state/photo-view';

// A 2000×1000 photo fitted into a 500×400 canvas: scale 0.25, photo at (0, 75) 500×250.
const frame: Frame = { width: 500, height: 400, photo: { left: 0, top: 75, width: 500, height: 250 }, scale: 0.25 };

describe('photo view', () => {
  it('fits at zoom 1 and reads 100 % at one photo pixel per screen pixel', () => {
    expect(clampView(FIT, frame)).toEqual(FIT);
    expect(zoomPercent(FIT, frame)).toBe(25);
    const actual = actualSize(250, 200, frame);
    expect(actual.zoom).toBe(4);
    expect(zoomPercent(actual, frame)).toBe(100);
    expect(zoomLimits(frame)).toEqual({ min: 1, max: 64 });
  });

  it('zooms at the pointer: the scene point under it stays there', () => {
    const px = 100;
    const py = 150;
    const zoomed = zoomAt(FIT, 2, px, py, frame);
    expect(zoomed.zoom).toBe(2);
    // Scene point under the pointer before: ((100 − 0)/1, (150 − 0)/1) = (100, 150).
    expect(zoomed.x + 100 * zoomed.zoom).toBeCloseTo(px);
    expect(zoomed.y + 150 * zoomed.zoom).toBeCloseTo(py);
    // Zooming out past fit stops at fit.
    expect(zoomAt(zoomed, 0.1, px, py, frame)).toEqual(FIT);
  });

  it('pans only as far as the photo reaches', () => {
    const zoomed = zoomAt(FIT, 2, 250, 200, frame);
    expect(panBy(zoomed, 10_000, 0, frame).x).toBe(0);
    expect(panBy(zoomed, -10_000, 0, frame).x).toBe(500 - 1000);
    // At zoom 2 the photo is 500 px tall: the canvas (400 px) stays covered.
    const up = panBy(zoomed, 0, 10_000, frame);
    expect(up.y + 75 * 2).toBe(0);
    // At fit, the photo's short axis stays centred whatever the pan.
    expect(panBy(FIT, 40, 40, frame)).toEqual(FIT);
  });

  it('turns wheel notches into zoom factors', () => {
    expect(wheelFactor(-100)).toBeGreaterThan(1.15);
    expect(wheelFactor(100)).toBeLessThan(0.87);
    expect(wheelFactor(-3, 1)).toBeCloseTo(wheelFactor(-99), 5);
  });
});
