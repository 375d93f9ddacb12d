/**
 * The face detector itself, synchronous: tracking.js's Viola-Jones detector and its frontal-face
 * cascade (npm `tracking`, BSD). tracking.js is a browser script (an IIFE over `window`), so its
 * source is evaluated once in a `node:vm` context with a minimal window; only its pure detector
 * is used. This module imports no native code (no sharp), so the detection worker
 * (face-detect-worker.ts) can load it cheaply; callers use the async face-detect.ts.
 *
 * Detection runs on a copy downscaled (box filter) so its longest side is at most DETECT_MAX_SIDE
 * pixels, which keeps it fast and makes the parameters independent of the photo's resolution;
 * boxes come back in the original pixels, overlapping ones merged, strongest first. A Viola-Jones
 * box covers about brows to mouth, not the hair or chin (face-crop.ts enlarges it for a pack).
 *
 * That copy's smallest window (24 px of 320) misses faces under about a tenth of the photo's side
 * (messi5.jpg from OpenCV's samples: a 40×52 face in 500×375). When it finds no face it trusts
 * (CONFIDENT_HITS), a second pass scans the smaller windows, on a copy up to SMALL_FACE_SIDE
 * pixels: about twice the time, paid only by photos without a clear large face. Trusted faces
 * come first (largest first among them), so a small clear face beats a large chance match.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { runInContext, createContext } from 'node:vm';

export interface FaceBox {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
  /** How many raw detections (scales and positions) were merged into this box. */
  readonly hits: number;
}

/** The longest side of the copy the detector runs on. */
export const DETECT_MAX_SIDE = 320;

/**
 * Detector parameters, chosen on assets/samples/astronaut.jpg and the garment samples (see
 * test/engine/face-detect.test.ts): the smallest window is 20 px × initialScale on the
 * downscaled copy (a face a tenth of the photo's side), grown 1.2× per scale; windows move by
 * stepSize × scale pixels; windows with less than edgesDensity of Sobel edges are skipped.
 */
export const DETECT_PARAMS = { initialScale: 1, scaleFactor: 1.2, stepSize: 1, edgesDensity: 0.2 } as const;

/** Merged detections with fewer raw hits than this are dropped as chance matches. */
export const MIN_HITS = 2;

/** Merged detections with at least this many raw hits are trusted (the astronaut's face has 12; chance matches 2 or 3). */
export const CONFIDENT_HITS = 4;

/** The longest side of the copy the small-face pass runs on (twice DETECT_MAX_SIDE). */
export const SMALL_FACE_SIDE = 640;

type Rect = { x: number; y: number; width: number; height: number; total?: number };
type Pixels = Uint8Array | Uint8ClampedArray;
interface ViolaJones {
  detect(pixels: Pixels, width: number, height: number, initialScale: number, scaleFactor: number, stepSize: number, edgesDensity: number, classifier: Float64Array): Rect[];
  classifiers: { face: Float64Array };
  // The pieces of detect() (tracking.js 1.1.x), for a scan over a range of window sizes.
  isTriviallyExcluded(edgesDensity: number, sobel: Int32Array, i: number, j: number, width: number, blockWidth: number, blockHeight: number): boolean;
  evalStages_(data: Float64Array, sum: Int32Array, square: Int32Array, tilted: Int32Array, i: number, j: number, width: number, blockWidth: number, blockHeight: number, scale: number): boolean;
  mergeRectangles_(rects: Rect[]): Rect[];
}
interface TrackingImage {
  computeIntegralImage(pixels: Pixels, width: number, height: number, sum: Int32Array, square: Int32Array, tilted: Int32Array, sobel: Int32Array): void;
}

let loaded: { vj: ViolaJones; image: TrackingImage } | undefined;

/** tracking.js and its face cascade, evaluated once in a sandbox with a minimal `window`. */
function violaJones(): { vj: ViolaJones; image: TrackingImage } {
  if (loaded) return loaded;
  const require = createRequire(import.meta.url);
  const sandbox: Record<string, unknown> = { navigator: {}, URL: {} };
  sandbox.window = sandbox;
  const context = createContext(sandbox);
  for (const file of ['tracking/build/tracking.js', 'tracking/build/data/face.js']) {
    runInContext(readFileSync(require.resolve(file), 'utf8'), context, { filename: file });
  }
  const tracking = sandbox.tracking as { ViolaJones?: ViolaJones; Image?: TrackingImage } | undefined;
  if (!tracking?.ViolaJones?.classifiers.face || !tracking.Image) throw new Error('tracking.js did not define ViolaJones with the face cascade');
  loaded = { vj: tracking.ViolaJones, image: tracking.Image };
  return loaded;
}

/**
 * tracking.js's detect() restricted to windows from `fromScale` up to (not including) `toScale`
 * times the cascade's 20 px: the same integral images, edge test, stages and merge.
 */
function scanScales(pixels: Pixels, width: number, height: number, fromScale: number, toScale: number): Rect[] {
  const { vj, image } = violaJones();
  const { scaleFactor, stepSize, edgesDensity } = DETECT_PARAMS;
  const n = width * height;
  const [sum, square, tilted, sobel] = [new Int32Array(n), new Int32Array(n), new Int32Array(n), new Int32Array(n)];
  image.computeIntegralImage(pixels, width, height, sum, square, tilted, sobel);
  const cascade = vj.classifiers.face;
  const rects: Rect[] = [];
  for (let scale = fromScale; scale < toScale; scale *= scaleFactor) {
    const bw = (scale * cascade[0]!) | 0;
    const bh = (scale * cascade[1]!) | 0;
    if (bw >= width || bh >= height) break;
    const step = (scale * stepSize + 0.5) | 0;
    for (let i = 0; i < height - bh; i += step) {
      for (let j = 0; j < width - bw; j += step) {
        if (vj.isTriviallyExcluded(edgesDensity, sobel, i, j, width, bw, bh)) continue;
        if (vj.evalStages_(cascade, sum, square, tilted, i, j, width, bw, bh, scale)) rects.push({ width: bw, height: bh, x: j, y: i });
      }
    }
  }
  return vj.mergeRectangles_(rects);
}

/** Raw detections as boxes in the photo's pixels. */
function toPhotoBoxes(rects: readonly Rect[], width: number, height: number, copy: { width: number; height: number }): FaceBox[] {
  const sx = width / copy.width;
  const sy = height / copy.height;
  return rects.map((r) => ({ left: r.x * sx, top: r.y * sy, width: r.width * sx, height: r.height * sy, hits: r.total ?? 1 }));
}

/** A box-filtered RGBA copy whose longest side is at most `maxSide` (the same pixels if already). */
export function downscaleRgba(src: Uint8Array | Uint8ClampedArray, width: number, height: number, channels: number, maxSide: number): { data: Uint8ClampedArray; width: number; height: number } {
  const scale = Math.min(1, maxSide / Math.max(width, height));
  const w = Math.max(1, Math.round(width * scale));
  const h = Math.max(1, Math.round(height * scale));
  const out = new Uint8ClampedArray(w * h * 4);
  const rgb = channels >= 3;
  for (let y = 0; y < h; y++) {
    const y0 = Math.floor((y * height) / h);
    const y1 = Math.max(y0 + 1, Math.floor(((y + 1) * height) / h));
    for (let x = 0; x < w; x++) {
      const x0 = Math.floor((x * width) / w);
      const x1 = Math.max(x0 + 1, Math.floor(((x + 1) * width) / w));
      let r = 0;
      let g = 0;
      let b = 0;
      for (let sy = y0; sy < y1; sy++) {
        for (let sx = x0; sx < x1; sx++) {
          const p = (sy * width + sx) * channels;
          r += src[p]!;
          g += src[rgb ? p + 1 : p]!;
          b += src[rgb ? p + 2 : p]!;
        }
      }
      const n = (y1 - y0) * (x1 - x0);
      const q = (y * w + x) * 4;
      out[q] = r / n;
      out[q + 1] = g / n;
      out[q + 2] = b / n;
      out[q + 3] = 255;
    }
  }
  return { data: out, width: w, height: h };
}

function overlapOfSmaller(a: FaceBox, b: FaceBox): number {
  const w = Math.min(a.left + a.width, b.left + b.width) - Math.max(a.left, b.left);
  const h = Math.min(a.top + a.height, b.top + b.height) - Math.max(a.top, b.top);
  if (w <= 0 || h <= 0) return 0;
  return (w * h) / Math.min(a.width * a.height, b.width * b.height);
}

/** Boxes that overlap by more than half of the smaller one become one, weighted by their hits. */
export function mergeBoxes(boxes: readonly FaceBox[]): FaceBox[] {
  let groups = boxes.map((b) => [b]);
  for (let changed = true; changed; ) {
    changed = false;
    outer: for (let i = 0; i < groups.length; i++) {
      for (let j = i + 1; j < groups.length; j++) {
        if (groups[i]!.some((a) => groups[j]!.some((b) => overlapOfSmaller(a, b) > 0.5))) {
          groups[i] = [...groups[i]!, ...groups[j]!];
          groups = groups.filter((_, k) => k !== j);
          changed = true;
          break outer;
        }
      }
    }
  }
  return groups.map((g) => {
    const hits = g.reduce((s, b) => s + b.hits, 0);
    const avg = (f: (b: FaceBox) => number) => g.reduce((s, b) => s + f(b) * b.hits, 0) / hits;
    return { left: avg((b) => b.left), top: avg((b) => b.top), width: avg((b) => b.width), height: avg((b) => b.height), hits };
  });
}

export interface DetectOptions {
  /** Interleaved channels of `pixels`: 4 (RGBA, the default), 3 (RGB) or 1 (gray). */
  readonly channels?: number;
}

/**
 * Faces in a picture given as interleaved 8-bit pixels: boxes in its own pixels (whole numbers,
 * inside it), overlapping detections merged, strongest first (strongestFirst). Pure and
 * synchronous: it blocks its thread for the whole scan (~0.5 s a photo, twice that without a
 * clear large face), so the app calls it only inside the detection worker
 * (face-detect-worker.ts) through detectFaces in face-detect.ts.
 */
export function detectFacesSync(pixels: Uint8Array | Uint8ClampedArray, width: number, height: number, options: DetectOptions = {}): FaceBox[] {
  const channels = options.channels ?? 4;
  if (pixels.length < width * height * channels) throw new RangeError(`expected ${width}×${height}×${channels} pixels, got ${pixels.length} values`);
  if (width < 20 || height < 20) return [];
  const { vj } = violaJones();
  const small = downscaleRgba(pixels, width, height, channels, DETECT_MAX_SIDE);
  const { initialScale, scaleFactor, stepSize, edgesDensity } = DETECT_PARAMS;
  const rects = vj.detect(small.data, small.width, small.height, initialScale, scaleFactor, stepSize, edgesDensity, vj.classifiers.face);
  let faces = mergeBoxes(toPhotoBoxes(rects, width, height, small)).filter((b) => b.hits >= MIN_HITS);
  if (!faces.some(trusted)) faces = mergeBoxes([...faces, ...smallFaces(pixels, width, height, channels, small.width)]);
  return faces
    .map((b) => {
      const left = Math.max(0, Math.round(b.left));
      const top = Math.max(0, Math.round(b.top));
      return { left, top, width: Math.min(width - left, Math.round(b.width)), height: Math.min(height - top, Math.round(b.height)), hits: b.hits };
    })
    .sort(strongestFirst);
}

const trusted = (f: FaceBox) => f.hits >= CONFIDENT_HITS;
const area = (f: FaceBox) => f.width * f.height;

/** Trusted faces first, largest first among them; then the others, most hits first. */
function strongestFirst(a: FaceBox, b: FaceBox): number {
  if (trusted(a) !== trusted(b)) return trusted(a) ? -1 : 1;
  return trusted(a) ? area(b) - area(a) : b.hits - a.hits || area(b) - area(a);
}

/**
 * The second pass (see the module comment): windows smaller than the first pass's smallest, on a
 * copy `ratio` times as large as the first one's (`firstWidth` wide); none if it is no larger.
 */
function smallFaces(pixels: Pixels, width: number, height: number, channels: number, firstWidth: number): FaceBox[] {
  const large = downscaleRgba(pixels, width, height, channels, SMALL_FACE_SIDE);
  const ratio = large.width / firstWidth;
  if (ratio < DETECT_PARAMS.scaleFactor) return [];
  // The first pass's smallest window is initialScale × scaleFactor × 20 px on its copy.
  const first = DETECT_PARAMS.initialScale * DETECT_PARAMS.scaleFactor;
  const rects = scanScales(large.data, large.width, large.height, first, first * ratio * DETECT_PARAMS.scaleFactor ** 2);
  return mergeBoxes(toPhotoBoxes(rects, width, height, large)).filter((b) => b.hits >= MIN_HITS);
}
