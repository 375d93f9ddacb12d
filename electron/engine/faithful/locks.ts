/**
 * Locks, part (a) (docs/design.md, Locks): InterFaceGAN's conditional manipulation (Shen et al.
 * 2020). The locked directions' unit vectors are orthonormalised (Gram–Schmidt); each moved
 * direction d becomes d − Σ_l (d·l) l, renormalised, before it is scaled by its own σ, so a move
 * has no component along anything locked. The ‖z'‖ = ‖z‖ rescale (edits.ts) is unchanged.
 * Part (b), the closed loop on the decoded picture, is lock-loop.ts.
 */
import type { SliderTerm } from '../edits';

/** Below this norm a vector is taken to lie in the span of the ones before it. */
const DEPENDENT = 1e-6;

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/**
 * An orthonormal basis of the span of `vectors` (classical Gram–Schmidt, re-orthogonalised once
 * for float64 accuracy); a vector in the span of the earlier ones adds nothing.
 */
export function orthonormalise(vectors: readonly ArrayLike<number>[]): Float64Array[] {
  const basis: Float64Array[] = [];
  for (const v of vectors) {
    const u = Float64Array.from(v as ArrayLike<number>);
    for (let pass = 0; pass < 2; pass++) {
      for (const b of basis) {
        const k = dot(u, b);
        for (let i = 0; i < u.length; i++) u[i] -= k * b[i]!;
      }
    }
    const n = Math.sqrt(dot(u, u));
    if (n < DEPENDENT) continue;
    for (let i = 0; i < u.length; i++) u[i] /= n;
    basis.push(u);
  }
  return basis;
}

/** d − Σ_l (d·l) l over an orthonormal basis, renormalised; null when nothing is left of d. */
export function projectOff(d: ArrayLike<number>, basis: readonly Float64Array[]): Float32Array | null {
  const u = Float64Array.from(d as ArrayLike<number>);
  for (const b of basis) {
    const k = dot(u, b);
    for (let i = 0; i < u.length; i++) u[i] -= k * b[i]!;
  }
  const n = Math.sqrt(dot(u, u));
  if (n < DEPENDENT) return null;
  return Float32Array.from(u, (v) => v / n);
}

export interface LockedEditTerms {
  /** The moved (unlocked) sliders, their directions projected off the locked ones. */
  readonly moved: SliderTerm[];
  /** The locked sliders at their own values (kept, not projected); the loop adds to these. */
  readonly locked: SliderTerm[];
}

/**
 * Splits slider terms into moved and locked ones and projects the moved ones (step a). A moved
 * direction that lies within the locked span is dropped: it could only move what is locked.
 */
export function lockTerms(terms: readonly (SliderTerm & { readonly id: string })[], lockedIds: readonly string[]): LockedEditTerms {
  const lockedSet = new Set(lockedIds);
  const locked = lockedIds.map((id) => {
    const t = terms.find((x) => x.id === id);
    if (!t) throw new RangeError(`lock "${id}" has no direction`);
    return t;
  });
  // 1. Orthonormalise the locked unit vectors.
  const basis = orthonormalise(locked.map((t) => t.vector));
  // 2. Each moved d → d − Σ(d·l)l, renormalised; σ and the slider value stay the direction's own.
  const moved: SliderTerm[] = [];
  for (const t of terms) {
    if (lockedSet.has(t.id) || t.value === 0) continue;
    const vector = projectOff(t.vector, basis);
    if (vector) moved.push({ vector, sigma: t.sigma, value: t.value });
  }
  return { moved, locked: locked.map((t) => ({ vector: t.vector, sigma: t.sigma, value: t.value })) };
}
