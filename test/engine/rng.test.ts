/** Seeds from integers: the same float32 values as Python's training/rng.py. */
import { describe, expect, it } from 'vitest';
import { mulberry32, seededNormal } from '../../electron/engine/rng';
import { golden } from './helpers';

describe('mulberry32', () => {
  it('is deterministic and stays in [0, 1)', () => {
    const next = mulberry32(0);
    const first = [next(), next(), next()];
    expect(first.every((u) => u >= 0 && u < 1)).toBe(true);
    const a = mulberry32(7);
    const b = mulberry32(7);
    for (let i = 0; i < 100; i++) expect(a()).toBe(b());
  });

  it('has 32-bit resolution (outputs times 2^32 are integers)', () => {
    const next = mulberry32(123);
    for (let i = 0; i < 100; i++) expect(Number.isInteger(next() * 4294967296)).toBe(true);
  });
});

describe('seededNormal', () => {
  it('matches the Python golden seeds exactly (float32)', () => {
    const g = golden();
    for (const c of g.cases.seededNormal as { seed: number; shape: number[]; output: string }[]) {
      const expected = g.array(c.output).data;
      const count = c.shape.reduce((x, y) => x * y, 1);
      const actual = seededNormal(c.seed, count);
      expect(actual.length).toBe(expected.length);
      let mismatches = 0;
      for (let i = 0; i < count; i++) if (actual[i] !== expected[i]) mismatches++;
      expect(mismatches, `seed ${c.seed}`).toBe(0);
    }
  });

  it('is reproducible and roughly standard normal', () => {
    const a = seededNormal(42, 20000);
    expect(seededNormal(42, 20000)).toEqual(a);
    const mean = a.reduce((s, v) => s + v, 0) / a.length;
    const variance = a.reduce((s, v) => s + (v - mean) ** 2, 0) / a.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.05);
  });

  it('wraps seeds to 32 bits like Python and refuses non-integers', () => {
    expect(seededNormal(-1, 8)).toEqual(seededNormal(4294967295, 8));
    expect(seededNormal(2 ** 32 + 5, 8)).toEqual(seededNormal(5, 8));
    expect(() => seededNormal(1.5, 8)).toThrow(/integer/);
  });
});
