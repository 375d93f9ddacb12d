/** Reconstruction error measures on images in [0, 1], per batch item. */
import { itemSize, type Tensor4 } from './tensor';

/** Mean squared error of each item of a batch against the same item of the reference. */
export function msePerItem(a: Tensor4, b: Tensor4): number[] {
  if (a.data.length !== b.data.length) throw new RangeError('mse: tensors differ in size');
  const n = itemSize(a.shape);
  const out: number[] = [];
  for (let i = 0; i < a.shape[0]; i++) {
    let sum = 0;
    for (let j = i * n; j < (i + 1) * n; j++) {
      const d = a.data[j]! - b.data[j]!;
      sum += d * d;
    }
    out.push(sum / n);
  }
  return out;
}

/** Peak signal-to-noise ratio in dB for images in [0, 1]; Infinity for a perfect match. */
export function psnr(mse: number): number {
  return mse > 0 ? 10 * Math.log10(1 / mse) : Infinity;
}

/** The largest absolute difference between two arrays (golden tests, provider comparison). */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new RangeError(`maxAbsDiff: lengths ${a.length} and ${b.length} differ`);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}
