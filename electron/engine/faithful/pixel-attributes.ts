/**
 * Pixel attributes of model images (N×C×H×W in [0, 1], the model's own colours), with exactly the
 * definitions of training/attributes.py: what the attribute sliders were regressed on and what a
 * lock on them holds (docs/design.md, Locks). test/engine/attributes.test.ts checks both sides
 * agree on golden images (training/golden_attributes.py).
 */
import type { PixelAttribute } from '../../contract/pack-schema';
import type { Tensor4 } from '../tensor';

/**
 * Pixels above this count as the object (Fashion-MNIST draws garments light on black). PyTorch
 * compares float32 pixels with 0.2 as float32, so a pixel of exactly 51/255 is not above it: the
 * threshold here is 0.2 rounded to float32 too (the golden test found the difference).
 */
export const OBJECT_THRESHOLD = Math.fround(0.2);

/** One item's gray plane: the mean over the channels, in float32 as PyTorch computes it. */
function gray(images: Tensor4, b: number): Float32Array {
  const [, C, H, W] = images.shape;
  const plane = H * W;
  const out = new Float32Array(plane);
  const base = b * C * plane;
  for (let i = 0; i < plane; i++) {
    let s = 0;
    for (let c = 0; c < C; c++) s += images.data[base + c * plane + i]!;
    out[i] = s / C;
  }
  return out;
}

/** Spread of a 1-D mass profile: 2 × its standard deviation, in pixels. */
function extent(profile: Float64Array): number {
  let mass = 0;
  let first = 0;
  for (let i = 0; i < profile.length; i++) {
    mass += profile[i]!;
    first += profile[i]! * i;
  }
  mass = Math.max(mass, 1e-6);
  const mean = first / mass;
  let second = 0;
  for (let i = 0; i < profile.length; i++) second += profile[i]! * (i - mean) ** 2;
  return 2 * Math.sqrt(second / mass);
}

type Measure = (g: Float32Array, H: number, W: number) => number;

const MEASURES: Record<PixelAttribute, Measure> = {
  'mean-intensity': (g) => g.reduce((s, v) => s + v, 0) / g.length,
  // Mean brightness of the object's own pixels: darker or lighter fabric, not smaller garments.
  'object-intensity': (g) => {
    let sum = 0;
    let count = 0;
    for (const v of g) {
      if (v > OBJECT_THRESHOLD) {
        sum += v;
        count++;
      }
    }
    return sum / Math.max(count, 1);
  },
  width: (g, H, W) => {
    const profile = new Float64Array(W);
    for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) profile[x] += g[y * W + x]!;
    return extent(profile);
  },
  height: (g, H, W) => {
    const profile = new Float64Array(H);
    for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) profile[y] += g[y * W + x]!;
    return extent(profile);
  },
  // Mean absolute gradient inside the object (patterns, folds, print), on the (H−1)×(W−1) grid
  // whose pixel (y, x) is the image's (y+1, x+1).
  texture: (g, H, W) => {
    let sum = 0;
    let count = 0;
    for (let y = 1; y < H; y++) {
      for (let x = 1; x < W; x++) {
        const v = g[y * W + x]!;
        if (!(v > OBJECT_THRESHOLD)) continue;
        sum += Math.abs(v - g[y * W + x - 1]!) + Math.abs(v - g[(y - 1) * W + x]!);
        count++;
      }
    }
    return sum / Math.max(count, 1);
  },
  area: (g) => g.reduce((s, v) => s + (v > OBJECT_THRESHOLD ? 1 : 0), 0) / g.length,
};

export const PIXEL_ATTRIBUTE_UNITS: Record<PixelAttribute, string> = {
  'mean-intensity': 'mean pixel value',
  'object-intensity': "mean brightness of the object's pixels",
  width: 'pixels',
  height: 'pixels',
  texture: 'mean |gradient| inside the object',
  area: 'fraction of the image covered',
};

/** The attribute of every item of a batch of model images. */
export function pixelAttribute(name: PixelAttribute, images: Tensor4): Float64Array {
  const measure = MEASURES[name];
  if (!measure) throw new RangeError(`unknown pixel attribute "${name}"`);
  const [N, , H, W] = images.shape;
  return Float64Array.from({ length: N }, (_, b) => measure(gray(images, b), H, W));
}
