/** Directions from examples (engine/example-direction.ts): d̂ = unit(mean(with) − mean(without)), sigma. */
import { describe, expect, it } from 'vitest';
import { directionFromExamples, standardDeviation } from '../../electron/engine/example-direction';
import type { Tensor4 } from '../../electron/engine/tensor';

const seeds = (rows: number[][]): Tensor4 => ({ data: Float32Array.from(rows.flat()), shape: [rows.length, 1, 1, rows[0]!.length] });

describe('directionFromExamples', () => {
  it('points from the mean seed without the attribute to the mean seed with it, as a unit vector', () => {
    const made = directionFromExamples(seeds([[3, 1, 0], [5, 1, 0]]), seeds([[0, 1, 0], [0, 1, 2]]));
    // mean(with) = (4, 1, 0), mean(without) = (0, 1, 1): d = (4, 0, −1)
    const n = Math.sqrt(17);
    [4 / n, 0, -1 / n].forEach((expected, i) => expect(made.vector[i]).toBeCloseTo(expected, 6));
    expect(made.distance).toBeCloseTo(n, 6);
    const norm = Math.hypot(...made.vector);
    expect(norm).toBeCloseTo(1, 6);
  });

  it('sigma is the standard deviation of every example seed projected on d̂', () => {
    const withSeeds = seeds([[3, 1, 0], [5, 1, 0]]);
    const withoutSeeds = seeds([[0, 1, 0], [0, 1, 2]]);
    const made = directionFromExamples(withSeeds, withoutSeeds);
    const n = Math.sqrt(17);
    const projections = [[3, 1, 0], [5, 1, 0], [0, 1, 0], [0, 1, 2]].map(([a, , c]) => (4 * a! - c!) / n);
    expect(made.sigma).toBeCloseTo(standardDeviation(projections), 6);
  });

  it('falls back to sigma 1 when the projections have no spread to speak of', () => {
    // One seed per group: the spread is half the distance between them.
    const made = directionFromExamples(seeds([[1e-3, 0]]), seeds([[0, 0]]));
    expect(made.sigma).toBeCloseTo(5e-4, 8);
    const flat = directionFromExamples(seeds([[2e-6, 5], [2e-6, -5]]), seeds([[0, 5], [0, -5]]));
    expect(flat.sigma).toBe(1);
  });

  it('refuses two groups with the same mean seed, or seeds of different sizes', () => {
    expect(() => directionFromExamples(seeds([[1, 2], [3, 4]]), seeds([[2, 3], [2, 3]]))).toThrow(/same mean seed/);
    expect(() => directionFromExamples(seeds([[1, 2]]), seeds([[1, 2, 3]]))).toThrow(/differ in size/);
  });
});
