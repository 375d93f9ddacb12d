/**
 * Keep details (docs/design.md, Faithful edits): the edit is the change the sliders make, added
 * to the user's own pixels, `out = crop + s·(D(z') − D(z))`, rather than the regrown picture
 * D(z'), which loses whatever the model cannot draw (print, texture, the exact outline). With
 * every slider at zero z' = z exactly, D(z') = D(z) bit for bit, the change is exactly zero and
 * the output is the crop itself.
 *
 * Everything here works at the model's size, in the model's colours (a negating pack's change is
 * un-negated where it meets the photo: paste-back.ts and photo-colours.ts).
 */
import { item, type Tensor4 } from '../tensor';

/** Keep details on, with strength s in [0, 1] (0: the crop as it is; 1: the whole change). */
export interface KeepDetails {
  readonly strength: number;
}

/** Per-pixel weights in [0, 1] of a mask at the model's size (H·W values, shared by the channels). */
export type PixelWeights = Float32Array;

function checkSame(a: Tensor4, b: Tensor4, what: string): void {
  if (a.shape.slice(1).join() !== b.shape.slice(1).join()) throw new RangeError(`${what}: ${a.shape.join('×')} and ${b.shape.join('×')} differ`);
}

function checkWeights(weights: PixelWeights | undefined, t: Tensor4): void {
  if (weights && weights.length !== t.shape[2] * t.shape[3]) throw new RangeError(`mask weights have ${weights.length} values, the image ${t.shape[2]}×${t.shape[3]}`);
}

/** The change Δ = s·(D(z') − D(z)) of item 0, at the model's size; exactly 0 where the decodes agree. */
export function detailDelta(edited: Tensor4, base: Tensor4, strength: number): Tensor4 {
  checkSame(edited, base, 'detailDelta');
  if (!(strength >= 0 && strength <= 1)) throw new RangeError(`keep-details strength must be in [0, 1], got ${strength}`);
  const a = item(edited, 0).data;
  const b = item(base, 0).data;
  const out = new Float32Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = strength * (a[i]! - b[i]!);
  return { data: out, shape: [1, edited.shape[1], edited.shape[2], edited.shape[3]] };
}

/** True when the change is zero everywhere (all-zero sliders): the photo needs no new pixels. */
export function isZero(delta: Tensor4): boolean {
  return delta.data.every((v) => v === 0);
}

/** crop + w·Δ, clipped to [0, 1]; w from the mask (1 without one). */
export function addDelta(crop: Tensor4, delta: Tensor4, weights?: PixelWeights): Tensor4 {
  checkSame(crop, delta, 'addDelta');
  checkWeights(weights, crop);
  const x = item(crop, 0).data;
  const plane = crop.shape[2] * crop.shape[3];
  const out = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const w = weights ? weights[i % plane]! : 1;
    const d = w * delta.data[i]!;
    // Exactly the crop where nothing changes (no clipping round-off either).
    out[i] = d === 0 ? x[i]! : Math.min(1, Math.max(0, x[i]! + d));
  }
  return { data: out, shape: [1, crop.shape[1], crop.shape[2], crop.shape[3]] };
}

/** Keep details off with a mask: the regrown picture inside it, the crop outside, blended by w. */
export function blendInside(crop: Tensor4, image: Tensor4, weights: PixelWeights): Tensor4 {
  checkSame(crop, image, 'blendInside');
  checkWeights(weights, crop);
  const x = item(crop, 0).data;
  const y = item(image, 0).data;
  const plane = crop.shape[2] * crop.shape[3];
  const out = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const w = weights[i % plane]!;
    out[i] = w === 0 ? x[i]! : w === 1 ? y[i]! : x[i]! + w * (y[i]! - x[i]!);
  }
  return { data: out, shape: [1, crop.shape[1], crop.shape[2], crop.shape[3]] };
}

/** One end of an interpolation with keep details: its crop (or, for a seed, its own picture) and D(z). */
export interface DetailEnd {
  readonly crop: Tensor4;
  readonly base: Tensor4;
}

/**
 * Keep details along an interpolation (`reseed interpolate`): frame t is
 * s·D(z_t) + (1 − t)·(crop_a − s·D(z_a)) + t·(crop_b − s·D(z_b)): the regrown frame carries each
 * end's own details (what the model could not draw of it), cross-faded, so t = 0 and t = 1 give
 * the two crops exactly; a seed's "crop" is its own picture. Item 0 of `frame`, clipped to [0, 1].
 */
export function interpolationFrame(frame: Tensor4, t: number, a: DetailEnd, b: DetailEnd, strength: number): Tensor4 {
  for (const x of [a.crop, a.base, b.crop, b.base]) checkSame(frame, x, 'interpolationFrame');
  const f = item(frame, 0).data;
  const out = new Float32Array(f.length);
  const [ca, ba, cb, bb] = [a.crop, a.base, b.crop, b.base].map((x) => item(x, 0).data) as [Float32Array, Float32Array, Float32Array, Float32Array];
  for (let i = 0; i < f.length; i++) {
    // The ends exactly, not to within round-off.
    if (t === 0) out[i] = ca[i]!;
    else if (t === 1) out[i] = cb[i]!;
    else out[i] = Math.min(1, Math.max(0, strength * f[i]! + (1 - t) * (ca[i]! - strength * ba[i]!) + t * (cb[i]! - strength * bb[i]!)));
  }
  return { data: out, shape: [1, frame.shape[1], frame.shape[2], frame.shape[3]] };
}
