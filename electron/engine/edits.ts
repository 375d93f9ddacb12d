/**
 * Seed edits (docs/design.md, Edits): sliders z' = z + Σ_i a_i σ_i d_i, then z' rescaled so that
 * ‖z'‖ = ‖z‖ (the sampler expects seeds on the shell a Gaussian seed lives on); all-zero sliders
 * give back z bit for bit. Spherical interpolation between seeds for the same reason.
 */
import { item, itemSize, type Tensor4 } from './tensor';

export interface SliderTerm {
  /** The direction's unit vector d (C·H·W values). */
  readonly vector: Float32Array;
  /** σ: the standard deviation of the training seeds' projections on d. */
  readonly sigma: number;
  /** a: the slider value in units of σ. */
  readonly value: number;
}

function norm(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i]! * v[i]!;
  return Math.sqrt(s);
}

/** Applies sliders to every item of a batch of seeds; returns a new tensor. */
export function applySliders(z: Tensor4, terms: readonly SliderTerm[]): Tensor4 {
  const n = itemSize(z.shape);
  for (const term of terms) {
    if (term.vector.length !== n) throw new RangeError(`direction has ${term.vector.length} values, the seed ${n}`);
    if (!Number.isFinite(term.value)) throw new RangeError(`slider value ${term.value} is not a finite number`);
  }
  const active = terms.filter((t) => t.value !== 0);
  const out = z.data.slice();
  // 1. All-zero sliders: return z exactly (no rescaling round-off).
  if (active.length === 0) return { data: out, shape: z.shape };
  const edited = new Float64Array(n);
  for (let b = 0; b < z.shape[0]; b++) {
    const zi = item(z, b).data;
    // 2. z' = z + Σ a_i σ_i d_i, accumulated in float64.
    for (let j = 0; j < n; j++) edited[j] = zi[j]!;
    for (const t of active) {
      const k = t.value * t.sigma;
      for (let j = 0; j < n; j++) edited[j] += k * t.vector[j]!;
    }
    // 3. Rescale to ‖z‖; a zero edit result (z = −Σ…) has no direction, keep z then.
    const target = norm(zi);
    const current = norm(edited);
    const scale = current > 0 ? target / current : 0;
    for (let j = 0; j < n; j++) out[b * n + j] = scale > 0 ? edited[j]! * scale : zi[j]!;
  }
  return { data: out, shape: z.shape };
}

/**
 * Spherical linear interpolation between two seeds (batch of one each) at fraction t ∈ [0, 1]:
 * slerp(a, b; t) = sin((1−t)θ)/sin θ · a + sin(tθ)/sin θ · b, θ the angle between a and b.
 * Nearly parallel seeds fall back to linear interpolation, where slerp's division is unstable.
 */
export function slerp(a: Tensor4, b: Tensor4, t: number): Tensor4 {
  if (a.data.length !== b.data.length) throw new RangeError('slerp: seeds differ in size');
  const n = a.data.length;
  let dot = 0;
  for (let j = 0; j < n; j++) dot += a.data[j]! * b.data[j]!;
  const na = norm(a.data);
  const nb = norm(b.data);
  const cos = na > 0 && nb > 0 ? Math.min(1, Math.max(-1, dot / (na * nb))) : 1;
  const theta = Math.acos(cos);
  let wa: number;
  let wb: number;
  if (Math.sin(theta) < 1e-6) {
    wa = 1 - t;
    wb = t;
  } else {
    wa = Math.sin((1 - t) * theta) / Math.sin(theta);
    wb = Math.sin(t * theta) / Math.sin(theta);
  }
  const out = new Float32Array(n);
  for (let j = 0; j < n; j++) out[j] = wa * a.data[j]! + wb * b.data[j]!;
  return { data: out, shape: a.shape };
}

/** The L2 norm of each batch item (tests and reports). */
export function itemNorms(z: Tensor4): number[] {
  return Array.from({ length: z.shape[0] }, (_, b) => norm(item(z, b).data));
}
