/** Slider edits and spherical interpolation (docs/design.md, Edits). */
import { describe, expect, it } from 'vitest';
import { applySliders, itemNorms, slerp } from '../../electron/engine/edits';
import { maxAbsDiff } from '../../electron/engine/metrics';
import { seededNormal } from '../../electron/engine/rng';
import type { Tensor4 } from '../../electron/engine/tensor';
import { golden } from './helpers';

const seed = (n: number, batch = 1): Tensor4 => ({ data: seededNormal(n, batch * 784), shape: [batch, 1, 28, 28] });

function unit(n: number): Float32Array {
  const v = seededNormal(n, 784);
  const norm = Math.hypot(...v);
  return v.map((x) => x / norm);
}

describe('applySliders', () => {
  it('gives back z bit for bit when every slider is zero', () => {
    const z = seed(1);
    const out = applySliders(z, [
      { vector: unit(2), sigma: 0.4, value: 0 },
      { vector: unit(3), sigma: 0.9, value: 0 },
    ]);
    expect(out.data).toEqual(z.data);
    expect(out.data).not.toBe(z.data); // a copy: editing it never touches the original
    expect(applySliders(z, []).data).toEqual(z.data);
  });

  it('keeps the norm of every seed in a batch', () => {
    const z = seed(4, 3);
    const out = applySliders(z, [
      { vector: unit(5), sigma: 0.5, value: 2.5 },
      { vector: unit(6), sigma: 0.3, value: -1 },
    ]);
    const before = itemNorms(z);
    const after = itemNorms(out);
    for (let i = 0; i < 3; i++) expect(after[i]).toBeCloseTo(before[i]!, 3);
    expect(maxAbsDiff(out.data, z.data)).toBeGreaterThan(0.01);
  });

  it('moves the seed along the direction', () => {
    const z = seed(7);
    const d = unit(8);
    const dot = (v: Float32Array) => v.reduce((s, x, i) => s + x * d[i]!, 0);
    const plus = applySliders(z, [{ vector: d, sigma: 1, value: 3 }]);
    const minus = applySliders(z, [{ vector: d, sigma: 1, value: -3 }]);
    expect(dot(plus.data)).toBeGreaterThan(dot(z.data));
    expect(dot(minus.data)).toBeLessThan(dot(z.data));
  });

  it('refuses a vector of the wrong size or a non-finite value', () => {
    expect(() => applySliders(seed(1), [{ vector: new Float32Array(10), sigma: 1, value: 1 }])).toThrow(/784/);
    expect(() => applySliders(seed(1), [{ vector: unit(2), sigma: 1, value: NaN }])).toThrow(/finite/);
  });
});

describe('slerp', () => {
  it('starts at a, ends at b and keeps the norm between equal-norm seeds', () => {
    const a = seed(7);
    const b = seed(8);
    expect(maxAbsDiff(slerp(a, b, 0).data, a.data)).toBeLessThan(1e-5);
    expect(maxAbsDiff(slerp(a, b, 1).data, b.data)).toBeLessThan(1e-5);
    // Two 784-dimensional Gaussian seeds are nearly orthogonal with nearly equal norms.
    const mid = slerp(a, b, 0.5);
    const [na, nb, nm] = [itemNorms(a)[0]!, itemNorms(b)[0]!, itemNorms(mid)[0]!];
    expect(nm).toBeGreaterThan(0.97 * Math.min(na, nb));
    expect(nm).toBeLessThan(1.03 * Math.max(na, nb));
  });

  it('falls back to linear interpolation for parallel seeds', () => {
    const a = seed(1);
    const out = slerp(a, a, 0.3);
    expect(maxAbsDiff(out.data, a.data)).toBeLessThan(1e-5);
    expect(out.data.every(Number.isFinite)).toBe(true);
  });

  it('matches the Python golden slerp', () => {
    const g = golden();
    const c = g.cases.slerp;
    const out = slerp(g.array(c.a), g.array(c.b), c.t);
    expect(maxAbsDiff(out.data, g.array(c.output).data)).toBeLessThan(1e-5);
  });
});
