/**
 * A direction from examples (docs/design.md, Edits): seeds of pictures that have an attribute and of
 * pictures that lack it give d = mean(with) − mean(without), stored as the unit vector d̂ with
 * sigma = the standard deviation of every example seed's projection on d̂, so its slider is in
 * the same units as a pack's own directions. Pure maths on seed tensors, float64 accumulators.
 */
import { itemSize, type Tensor4 } from './tensor';

export interface ExampleDirection {
  /** The unit vector d̂, C·H·W values. */
  readonly vector: Float32Array;
  /** Standard deviation of the projections of all example seeds on d̂ (1 when degenerate). */
  readonly sigma: number;
  /** ‖mean(with) − mean(without)‖ before normalising: how far apart the two groups lie. */
  readonly distance: number;
}

/** Below this the two means coincide (up to float32 round-off): there is no direction. */
const MIN_DISTANCE = 1e-6;
/** A spread this small would make one slider unit a no-op; 1 is the fallback then. */
const MIN_SIGMA = 1e-6;

function meanOf(seeds: Tensor4): Float64Array {
  const n = itemSize(seeds.shape);
  const count = seeds.shape[0];
  const mean = new Float64Array(n);
  for (let b = 0; b < count; b++) {
    const offset = b * n;
    for (let j = 0; j < n; j++) mean[j] += seeds.data[offset + j]!;
  }
  for (let j = 0; j < n; j++) mean[j] /= count;
  return mean;
}

function projections(seeds: Tensor4, unit: Float64Array): number[] {
  const n = unit.length;
  return Array.from({ length: seeds.shape[0] }, (_, b) => {
    let dot = 0;
    const offset = b * n;
    for (let j = 0; j < n; j++) dot += seeds.data[offset + j]! * unit[j]!;
    return dot;
  });
}

/** Population standard deviation; NaN for an empty list. */
export function standardDeviation(values: readonly number[]): number {
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length;
  return Math.sqrt(variance);
}

/**
 * The direction from seeds "with" to seeds "without" the attribute (each a batch N×C×H×W, N ≥ 1).
 * Throws a RangeError when the shapes differ or the two means coincide.
 */
export function directionFromExamples(withSeeds: Tensor4, withoutSeeds: Tensor4): ExampleDirection {
  const n = itemSize(withSeeds.shape);
  if (itemSize(withoutSeeds.shape) !== n) throw new RangeError('the two groups of seeds differ in size');
  if (withSeeds.shape[0] === 0 || withoutSeeds.shape[0] === 0) throw new RangeError('each group needs at least one seed');
  const a = meanOf(withSeeds);
  const b = meanOf(withoutSeeds);
  const d = new Float64Array(n);
  let squared = 0;
  for (let j = 0; j < n; j++) {
    d[j] = a[j]! - b[j]!;
    squared += d[j]! * d[j]!;
  }
  const distance = Math.sqrt(squared);
  if (!Number.isFinite(distance) || distance < MIN_DISTANCE) {
    throw new RangeError('the two groups of pictures give the same mean seed: there is no direction between them');
  }
  for (let j = 0; j < n; j++) d[j] /= distance;
  const spread = standardDeviation([...projections(withSeeds, d), ...projections(withoutSeeds, d)]);
  const sigma = Number.isFinite(spread) && spread > MIN_SIGMA ? spread : 1;
  return { vector: Float32Array.from(d), sigma, distance };
}
