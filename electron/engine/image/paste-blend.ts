/**
 * The per-pixel part of paste back (paste-back.ts): how the photo's pixels in the pasted area
 * change. Two ways: the regrown model picture blended in (keep details off), or the change the
 * sliders made added to the photo's own pixels (keep details on: docs/design.md, Faithful edits).
 * Both weigh each pixel by the seam feather at the crop box's edges and by the edit mask; a weight
 * of 0, or a change of exactly 0, leaves the pixel's bytes as they were.
 */
import type { Tensor4 } from '../tensor';
import type { Box } from './raster';

export interface BlendArea {
  /** RGBA bytes of `held` (the area alone when the photo streams, else the whole photo); changed in place. */
  readonly px: Buffer;
  readonly held: Box;
  /** The photo pixels that may change. */
  readonly area: Box;
  /** Where the whole model canvas lands on the photo. */
  readonly canvas: Box;
  readonly photo: { readonly width: number; readonly height: number };
  /** Seam feather in photo pixels at the area's edges (none where the edge is the photo's). */
  readonly feather: number;
  /** Edit-mask weights 0–255 over `area`, row-major (edit-mask.ts); none: everywhere. */
  readonly mask?: Uint8Array;
}

/** Blend weight 0–1 at (x, y) of the area: ramps up over `feather` px from each edge inside the photo. */
function seamWeight(x: number, y: number, a: BlendArea): number {
  const { area, feather, photo } = a;
  if (feather <= 0) return 1;
  // An edge that is also the photo's edge needs no seam.
  const dl = area.left === 0 ? Infinity : x - area.left + 0.5;
  const dt = area.top === 0 ? Infinity : y - area.top + 0.5;
  const dr = area.left + area.width === photo.width ? Infinity : area.left + area.width - x - 0.5;
  const db = area.top + area.height === photo.height ? Infinity : area.top + area.height - y - 0.5;
  return Math.min(1, Math.min(dl, dt, dr, db) / feather);
}

function weight(x: number, y: number, a: BlendArea): number {
  const m = a.mask ? a.mask[(y - a.area.top) * a.area.width + (x - a.area.left)]! / 255 : 1;
  return m === 0 ? 0 : m * seamWeight(x, y, a);
}

const clip = (v: number) => Math.round(Math.min(255, Math.max(0, v)));

/**
 * Keep details off: the model picture `big` (C channels, the canvas's size, in the photo's
 * colours) replaces the photo; a gray picture replaces only the luminance, so colours survive.
 */
export function blendImage(a: BlendArea, big: Buffer, C: number, background: readonly number[]): void {
  const { px, held, area, canvas } = a;
  for (let y = area.top; y < area.top + area.height; y++) {
    for (let x = area.left; x < area.left + area.width; x++) {
      const w = weight(x, y, a);
      if (w === 0) continue;
      const p = ((y - held.top) * held.width + (x - held.left)) * 4;
      const q = ((y - canvas.top) * canvas.width + (x - canvas.left)) * C;
      // Transparent photo pixels are seen over the pack's background, as the preprocessing saw them.
      const alpha = px[p + 3]! / 255;
      const rgb = [0, 1, 2].map((c) => px[p + c]! * alpha + background[c]! * (1 - alpha));
      let target: number[];
      if (C === 1) {
        const luma = 0.2126 * rgb[0]! + 0.7152 * rgb[1]! + 0.0722 * rgb[2]!;
        const shift = big[q]! - luma;
        target = rgb.map((v) => v + shift);
      } else {
        target = [big[q]!, big[q + 1]!, big[q + 2]!];
      }
      for (let c = 0; c < 3; c++) px[p + c] = clip(px[p + c]! + w * (target[c]! - px[p + c]!));
      px[p + 3] = clip(px[p + 3]! + w * (255 - px[p + 3]!));
    }
  }
}

/** Bilinear taps along one axis: photo pixel i of a span of `span` pixels onto `n` model pixels. */
function taps(span: number, n: number, offset: number, count: number): { i0: Int32Array; i1: Int32Array; f: Float32Array } {
  const i0 = new Int32Array(count);
  const i1 = new Int32Array(count);
  const f = new Float32Array(count);
  for (let k = 0; k < count; k++) {
    // Pixel centres: photo pixel k + offset of the span sits at model coordinate (k + offset + 0.5)·n/span − 0.5.
    const u = Math.min(n - 1, Math.max(0, ((k + offset + 0.5) * n) / span - 0.5));
    const lo = Math.floor(u);
    i0[k] = lo;
    i1[k] = Math.min(n - 1, lo + 1);
    f[k] = u - lo;
  }
  return { i0, i1, f };
}

/**
 * Keep details on: the change Δ (model size, C channels, in the photo's colours, in [−1, 1])
 * upsampled bilinearly to the canvas and added to the photo's own pixels, 255·w·Δ. A gray change
 * moves all three channels alike (the luminance); transparency is the photo's and stays.
 */
export function addChange(a: BlendArea, delta: Tensor4): void {
  const { px, held, area, canvas } = a;
  const [, C, H, W] = delta.shape;
  const plane = H * W;
  const xs = taps(canvas.width, W, area.left - canvas.left, area.width);
  const ys = taps(canvas.height, H, area.top - canvas.top, area.height);
  const d = delta.data;
  const change = [0, 0, 0];
  for (let j = 0; j < area.height; j++) {
    const y = area.top + j;
    const r0 = ys.i0[j]! * W;
    const r1 = ys.i1[j]! * W;
    const fy = ys.f[j]!;
    for (let i = 0; i < area.width; i++) {
      const x = area.left + i;
      const w = weight(x, y, a);
      if (w === 0) continue;
      const c0 = xs.i0[i]!;
      const c1 = xs.i1[i]!;
      const fx = xs.f[i]!;
      let any = false;
      for (let c = 0; c < C; c++) {
        const o = c * plane;
        const top = d[o + r0 + c0]! * (1 - fx) + d[o + r0 + c1]! * fx;
        const bottom = d[o + r1 + c0]! * (1 - fx) + d[o + r1 + c1]! * fx;
        change[c] = 255 * w * (top * (1 - fy) + bottom * fy);
        if (change[c] !== 0) any = true;
      }
      if (!any) continue;
      const p = ((y - held.top) * held.width + (x - held.left)) * 4;
      for (let c = 0; c < 3; c++) px[p + c] = clip(px[p + c]! + change[C === 1 ? 0 : c]!);
    }
  }
}
