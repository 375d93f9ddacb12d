/** Slider graduation: every slider's grid passes through 0 exactly, and a drag near 0 ends at 0. */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detentWidth, sliderStep, withDetent, zeroReachable } from '../../renderer/src/state/slider-scale';

const MODELS = join(__dirname, '..', '..', 'models');
const FIXTURES = join(__dirname, '..', 'fixtures');

/** Every direction range shipped (packs and fixtures), plus custom sliders' ±3. */
function ranges(): { id: string; min: number; max: number }[] {
  const out = [{ id: 'custom', min: -3, max: 3 }];
  for (const root of [MODELS, FIXTURES]) {
    for (const name of readdirSync(root)) {
      const file = join(root, name, 'pack.json');
      if (!existsSync(file)) continue;
      const text = readFileSync(file, 'utf8').replace(/\bNaN\b|-?Infinity\b/g, 'null');
      const pack = JSON.parse(text) as { directions?: { items?: { id: string; min: number; max: number }[] } };
      for (const d of pack.directions?.items ?? []) out.push({ id: `${name}/${d.id}`, min: d.min, max: d.max });
    }
  }
  return out;
}

/** The values a browser's range input can take: min + k·step (Chromium steps in decimal). */
function grid(min: number, max: number, step: number): number[] {
  const n = Math.round((max - min) / step);
  return Array.from({ length: n + 1 }, (_, k) => Number((min + k * step).toFixed(6)));
}

describe('slider scale', () => {
  it('the old step (range/120 to 3 decimals) missed 0 on Wider and Longer (−8…8)', () => {
    const old = Number((16 / 120).toFixed(3));
    expect(grid(-8, 8, old)).not.toContain(0);
    expect(zeroReachable(-8, 8, old)).toBe(false);
  });

  it('gives every shipped slider a step whose grid holds 0 and both ends', () => {
    const all = ranges();
    expect(all.length).toBeGreaterThan(10);
    for (const { id, min, max } of all) {
      const step = sliderStep(min, max);
      expect(zeroReachable(min, max, step), `${id} [${min}, ${max}] step ${step}`).toBe(true);
      const values = grid(min, max, step);
      expect(values, id).toContain(0);
      expect(values.at(-1), id).toBeCloseTo(max, 6);
      // About 60–300 steps: fine enough to drag, coarse enough for the arrow keys.
      expect(values.length, id).toBeGreaterThan(60);
      expect(values.length, id).toBeLessThan(300);
    }
    expect(sliderStep(-8, 8)).toBe(0.1);
  });

  it('snaps a value near 0 to 0 (the detent), and leaves others alone', () => {
    expect(withDetent(0.1, -8, 8)).toBe(0);
    expect(withDetent(-0.2, -8, 8)).toBe(0);
    expect(withDetent(0.6, -8, 8)).toBe(0);
    expect(withDetent(0.7, -8, 8)).toBe(0.7);
    expect(withDetent(-3, -4, 8)).toBe(-3);
    expect(detentWidth(-3, 3)).toBeCloseTo(0.24);
    // A range without 0 has no detent.
    expect(withDetent(1.02, 1, 5)).toBe(1.02);
  });
});
