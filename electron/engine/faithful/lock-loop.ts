/**
 * Locks, part (b) (docs/design.md, Locks): the decoder is not linear, so projecting the moves off
 * the locked directions (locks.ts) still leaves much of a locked attribute's change. This closes
 * the loop on the picture: the locked directions' own coefficients c (in units of their σ, added
 * to their slider values) are solved for f(c) = attribute(D(z'(c))) − target = 0 by Broyden's
 * method: Newton steps with the Jacobian started from the pack's measured effect per unit
 * (`effect.perUnit`, a diagonal) and corrected by each decode, which for one lock is the secant
 * method. Every step costs one decode; at most `maxExtra` of them, and the best c found is kept.
 */

export interface LoopEvaluation<T> {
  /** The locked attributes measured on the decoded picture, one per lock. */
  readonly values: readonly number[];
  readonly payload: T;
}

export interface LoopProblem<T> {
  /** Decodes at coefficients c and measures; c = 0 is the plain (projected) edit. */
  evaluate(c: readonly number[]): Promise<LoopEvaluation<T>>;
  /** The value each locked attribute must keep. */
  readonly targets: readonly number[];
  /** Attribute change per slider unit, the starting Jacobian's diagonal; undefined: probe it. */
  readonly slopes: readonly (number | undefined)[];
  /** |f| within these counts as held. */
  readonly tolerances: readonly number[];
  /** Decodes beyond the first (default 4). */
  readonly maxExtra?: number;
  /** |c| stays within this many σ (default 12): a wild secant step must not leave the model's range. */
  readonly limit?: number;
  /** Per lock, [lowest, highest] c (e.g. the locked slider's own range less its value); within `limit` too. */
  readonly bounds?: readonly (readonly [number, number])[];
}

export interface LoopResult<T> {
  readonly c: number[];
  readonly values: number[];
  readonly payload: T;
  /** The values at c = 0 (projection only). */
  readonly projected: number[];
  readonly extraDecodes: number;
  readonly converged: boolean;
}

/** x solving A x = b (n small; Gaussian elimination with partial pivoting); null if singular. */
export function solve(A: number[][], b: number[]): number[] | null {
  const n = b.length;
  const m = A.map((row, i) => [...row, b[i]!]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r]![col]!) > Math.abs(m[pivot]![col]!)) pivot = r;
    if (Math.abs(m[pivot]![col]!) < 1e-12) return null;
    [m[col], m[pivot]] = [m[pivot]!, m[col]!];
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const k = m[r]![col]! / m[col]![col]!;
      for (let j = col; j <= n; j++) m[r]![j]! -= k * m[col]![j]!;
    }
  }
  return m.map((row, i) => row[n]! / row[i]!);
}

export async function closeLoop<T>(problem: LoopProblem<T>): Promise<LoopResult<T>> {
  const n = problem.targets.length;
  const maxExtra = problem.maxExtra ?? 4;
  const limit = problem.limit ?? 12;
  const residual = (values: readonly number[]) => values.map((v, i) => v - problem.targets[i]!);
  const held = (f: readonly number[]) => f.every((v, i) => Math.abs(v) <= problem.tolerances[i]!);
  const badness = (f: readonly number[]) => f.reduce((s, v, i) => s + (v / problem.tolerances[i]!) ** 2, 0);
  // 1. The projected edit, c = 0: the decode the edit needs anyway.
  let c: number[] = Array(n).fill(0);
  const first = await problem.evaluate(c);
  let f = residual(first.values);
  let best = { c, values: [...first.values], payload: first.payload, f };
  let extra = 0;
  // 2. The starting Jacobian: diag(effect per unit); a lock without one is probed at +1σ.
  const J: number[][] = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? (problem.slopes[i] ?? 0) : 0)));
  for (let i = 0; i < n && !held(f); i++) {
    if (problem.slopes[i] !== undefined && problem.slopes[i] !== 0) continue;
    if (extra >= maxExtra) break;
    const probe = c.map((v, j) => (j === i ? v + 1 : v));
    const e = await problem.evaluate(probe);
    extra++;
    const fp = residual(e.values);
    for (let r = 0; r < n; r++) J[r]![i] = fp[r]! - f[r]!;
    if (badness(fp) < badness(best.f)) best = { c: probe, values: [...e.values], payload: e.payload, f: fp };
  }
  // 3. Newton steps c ← c − J⁻¹ f, each followed by Broyden's update of J from what it measured.
  while (!held(best.f) && extra < maxExtra) {
    const step = solve(J, f.map((v) => -v));
    if (!step || step.every((s) => s === 0)) break;
    const next = c.map((v, i) => {
      const [lo, hi] = problem.bounds?.[i] ?? [-limit, limit];
      return Math.min(Math.min(limit, hi), Math.max(Math.max(-limit, lo), v + step[i]!));
    });
    const dc = next.map((v, i) => v - c[i]!);
    const dcNorm = dc.reduce((s, v) => s + v * v, 0);
    if (dcNorm === 0) break;
    const e = await problem.evaluate(next);
    extra++;
    const fn = residual(e.values);
    const df = fn.map((v, i) => v - f[i]!);
    for (let r = 0; r < n; r++) {
      const predicted = J[r]!.reduce((s, v, j) => s + v * dc[j]!, 0);
      for (let j = 0; j < n; j++) J[r]![j]! += ((df[r]! - predicted) * dc[j]!) / dcNorm;
    }
    c = next;
    f = fn;
    if (badness(fn) < badness(best.f)) best = { c: next, values: [...e.values], payload: e.payload, f: fn };
  }
  return { c: best.c, values: best.values, payload: best.payload, projected: [...first.values], extraDecodes: extra, converged: held(best.f) };
}
