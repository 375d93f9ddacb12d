/**
 * Locks (docs/design.md, Locks): (a) InterFaceGAN's projection, moved directions made orthogonal
 * to the locked ones by Gram–Schmidt; (b) the closed loop, Broyden/secant steps on the locked
 * coefficients, here on made-up nonlinear attributes where the answer is known.
 */
import { describe, expect, it } from 'vitest';
import { closeLoop, solve } from '../../electron/engine/faithful/lock-loop';
import { lockTerms, orthonormalise, projectOff } from '../../electron/engine/faithful/locks';

const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((s, v, i) => s + v * b[i]!, 0);
const unit = (v: number[]) => {
  const n = Math.sqrt(dot(v, v));
  return Float32Array.from(v, (x) => x / n);
};

describe('projection off the locked directions (a)', () => {
  it('orthonormalises the locked vectors and drops one in their span', () => {
    const basis = orthonormalise([unit([1, 1, 0, 0]), unit([1, 0, 1, 0]), unit([2, 1, 1, 0])]);
    expect(basis).toHaveLength(2);
    expect(dot(basis[0]!, basis[0]!)).toBeCloseTo(1, 12);
    expect(dot(basis[1]!, basis[1]!)).toBeCloseTo(1, 12);
    expect(dot(basis[0]!, basis[1]!)).toBeCloseTo(0, 12);
  });

  it('d − Σ(d·l)l, renormalised: unit length, orthogonal to every locked vector; nothing left of a vector in the span', () => {
    const locked = [unit([1, 1, 0, 0]), unit([0, 1, 1, 0])];
    const basis = orthonormalise(locked);
    const d = projectOff(unit([1, 2, 3, 4]), basis)!;
    expect(dot(d, d)).toBeCloseTo(1, 6);
    for (const l of locked) expect(dot(d, l)).toBeCloseTo(0, 6);
    expect(projectOff(unit([1, 2, 1, 0]), basis)).toBeNull();
  });

  it('splits slider terms: moved ones projected (σ and value kept), locked ones at their own values', () => {
    const terms = [
      { id: 'a', vector: unit([1, 1, 0]), sigma: 2, value: 3 },
      { id: 'b', vector: unit([1, 0, 0]), sigma: 0.5, value: 1 },
      { id: 'c', vector: unit([0, 0, 1]), sigma: 1, value: 0 },
    ];
    const { moved, locked } = lockTerms(terms, ['b']);
    expect(locked).toEqual([{ vector: terms[1]!.vector, sigma: 0.5, value: 1 }]);
    expect(moved).toHaveLength(1); // c has value 0: nothing to move
    expect(moved[0]!.sigma).toBe(2);
    expect(moved[0]!.value).toBe(3);
    expect(Array.from(moved[0]!.vector).map((v) => Number(v.toFixed(6)))).toEqual([0, 1, 0]);
    expect(() => lockTerms(terms, ['zzz'])).toThrow(/lock "zzz"/);
  });
});

describe('the closed loop (b)', () => {
  it('solves small linear systems', () => {
    expect(solve([[2, 1], [1, 3]], [3, 5])!.map((v) => Number(v.toFixed(9)))).toEqual([0.8, 1.4]);
    expect(solve([[1, 2], [2, 4]], [1, 2])).toBeNull();
  });

  it('one lock: secant steps bring a nonlinear attribute back to its target within 4 decodes', async () => {
    // attribute(c) = 0.5 + 0.3·tanh(0.4·(c − 1.5)): the projected edit (c = 0) moved it off 0.5;
    // the pack's slope (0.1 per unit) is only roughly right.
    const f = (c: number) => 0.5 + 0.3 * Math.tanh(0.4 * (c - 1.5));
    let calls = 0;
    const r = await closeLoop({
      targets: [0.5],
      slopes: [0.1],
      tolerances: [1e-3],
      evaluate: async ([c]) => {
        calls++;
        return { values: [f(c!)], payload: c };
      },
    });
    expect(r.converged).toBe(true);
    expect(r.c[0]).toBeCloseTo(1.5, 1);
    expect(Math.abs(r.values[0]! - 0.5)).toBeLessThanOrEqual(1e-3);
    expect(Math.abs(r.projected[0]! - 0.5)).toBeGreaterThan(0.1);
    expect(r.extraDecodes).toBeLessThanOrEqual(4);
    expect(calls).toBe(1 + r.extraDecodes);
  });

  it('two coupled locks (Broyden), and a lock without a measured slope probed first; never more than 4 extra decodes', async () => {
    // values = A·c + offset + a little curvature: the loop must undo the offset.
    const g = ([a, b]: readonly number[]) => [0.2 * a! + 0.05 * b! - 0.3 + 0.01 * a! * a!, 0.04 * a! + 0.5 * b! + 0.2];
    let calls = 0;
    const r = await closeLoop({
      targets: [0, 0],
      slopes: [0.15, undefined],
      tolerances: [0.01, 0.01],
      evaluate: async (c) => {
        calls++;
        return { values: g(c), payload: null };
      },
    });
    expect(r.extraDecodes).toBeLessThanOrEqual(4);
    expect(calls).toBe(1 + r.extraDecodes);
    const before = Math.hypot(...r.projected);
    const after = Math.hypot(...r.values);
    expect(after).toBeLessThan(before / 10);
  });

  it('keeps the best point found and stays inside the slider limit', async () => {
    // A bounded attribute that cannot reach the target: the loop must not run off to infinity.
    const r = await closeLoop({
      targets: [2],
      slopes: [0.01],
      tolerances: [1e-3],
      limit: 12,
      evaluate: async ([c]) => ({ values: [Math.tanh(c!)], payload: c }),
    });
    expect(r.converged).toBe(false);
    expect(Math.abs(r.c[0]!)).toBeLessThanOrEqual(12);
    expect(r.values[0]!).toBeGreaterThanOrEqual(Math.tanh(0));
  });
});
