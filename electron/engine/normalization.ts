/** Per-channel normalization (docs/design.md): the networks see (x − mean) / std of images in [0, 1]. */
import type { Shape4, Tensor4 } from './tensor';

export interface NormalizationSpec {
  readonly mean: readonly number[];
  readonly std: readonly number[];
}

/** (x − mean) / std per channel, into a new array. */
export function normalize(images: Tensor4, spec: NormalizationSpec): Float32Array {
  const plane = images.shape[2] * images.shape[3];
  const C = images.shape[1];
  const out = new Float32Array(images.data.length);
  for (let i = 0; i < out.length; i++) {
    const c = Math.floor(i / plane) % C;
    out[i] = (images.data[i]! - spec.mean[c]!) / spec.std[c]!;
  }
  return out;
}

/** x·std + mean per channel into a new array, optionally clipped to [0, 1]. */
export function denormalize(x: Float32Array, shape: Shape4, spec: NormalizationSpec, clip: boolean): Float32Array {
  const plane = shape[2] * shape[3];
  const out = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const c = Math.floor(i / plane) % shape[1];
    const v = x[i]! * spec.std[c]! + spec.mean[c]!;
    out[i] = clip ? Math.min(1, Math.max(0, v)) : v;
  }
  return out;
}
