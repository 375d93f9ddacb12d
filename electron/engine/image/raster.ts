/**
 * Small raster helpers on interleaved 8-bit pixels (H×W×C), kept out of sharp where the exact
 * result matters more than speed: the trim box, the fitted placement and the padding.
 */

export interface RawImage {
  readonly data: Uint8Array;
  readonly width: number;
  readonly height: number;
  readonly channels: number;
}

export interface Box {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

/** The part of `a` inside `b` (width or height 0 when they do not overlap). */
export function intersectBoxes(a: Box, b: Box): Box {
  const left = Math.max(a.left, b.left);
  const top = Math.max(a.top, b.top);
  const right = Math.min(a.left + a.width, b.left + b.width);
  const bottom = Math.min(a.top + a.height, b.top + b.height);
  return { left, top, width: Math.max(0, right - left), height: Math.max(0, bottom - top) };
}

/** `colour` (0–255 per channel) negated. */
export function invertColour(colour: readonly number[]): number[] {
  return colour.map((v) => 255 - v);
}

/** Pixels this far (0–255, in any channel) from the background count as content when trimming. */
export const TRIM_THRESHOLD = 24;

function toLinear(v: number): number {
  const c = v / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

function fromLinear(c: number): number {
  const v = c <= 0.0031308 ? c * 12.92 : 1.055 * c ** (1 / 2.4) - 0.055;
  return Math.round(Math.min(1, Math.max(0, v)) * 255);
}

/** '#rrggbb' as channel values: [r, g, b], or for one channel its luminance as sRGB gray. */
export function parseHexColour(hex: string, channels: number): number[] {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) throw new RangeError(`not a #rrggbb colour: ${hex}`);
  const rgb = [m[1]!, m[2]!, m[3]!].map((h) => parseInt(h, 16));
  if (channels === 3) return rgb;
  // Rec. 709 luminance in linear light, as libvips converts sRGB to gray.
  const y = 0.2126 * toLinear(rgb[0]!) + 0.7152 * toLinear(rgb[1]!) + 0.0722 * toLinear(rgb[2]!);
  return [fromLinear(y)];
}

/** The bounding box of content (pixels unlike the background) inside `region`; all of it if none. */
export function trimBox(img: RawImage, region: Box, background: readonly number[], threshold = TRIM_THRESHOLD): Box {
  const { data, width, channels } = img;
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -1;
  let maxY = -1;
  for (let y = region.top; y < region.top + region.height; y++) {
    for (let x = region.left; x < region.left + region.width; x++) {
      const p = (y * width + x) * channels;
      let content = false;
      for (let c = 0; c < channels; c++) {
        if (Math.abs(data[p + c]! - background[c]!) > threshold) {
          content = true;
          break;
        }
      }
      if (content) {
        if (x < minX) minX = x;
        if (x > maxX) maxX = x;
        if (y < minY) minY = y;
        if (y > maxY) maxY = y;
      }
    }
  }
  if (maxX < 0) return region; // a blank picture: nothing to trim to
  return { left: minX, top: minY, width: maxX - minX + 1, height: maxY - minY + 1 };
}

export interface Placement {
  /** Size the region is resized to. */
  readonly resize: { readonly width: number; readonly height: number };
  /** Where its top-left corner lands on the W×H canvas (negative when cover overflows). */
  readonly offset: { readonly left: number; readonly top: number };
  /** The area inside the margin; nothing is drawn outside it. */
  readonly inner: Box;
}

/** Scales `region` into the W×H canvas less `margin` on each side, centred. */
export function fitPlacement(region: Box, W: number, H: number, margin: number, fit: 'contain' | 'cover'): Placement {
  const innerW = Math.max(1, Math.round(W * (1 - 2 * margin)));
  const innerH = Math.max(1, Math.round(H * (1 - 2 * margin)));
  const sx = innerW / region.width;
  const sy = innerH / region.height;
  const scale = fit === 'contain' ? Math.min(sx, sy) : Math.max(sx, sy);
  const width = Math.max(1, Math.round(region.width * scale));
  const height = Math.max(1, Math.round(region.height * scale));
  const inner = { left: Math.floor((W - innerW) / 2), top: Math.floor((H - innerH) / 2), width: innerW, height: innerH };
  return {
    resize: { width, height },
    offset: { left: Math.floor((W - width) / 2), top: Math.floor((H - height) / 2) },
    inner,
  };
}

/** A W×H canvas of the background with `img` drawn at `offset`, clipped to `clip` (default all). */
export function pad(img: RawImage, W: number, H: number, offset: { left: number; top: number }, background: readonly number[], clip?: Box): Uint8Array {
  const C = img.channels;
  const out = new Uint8Array(W * H * C);
  for (let i = 0; i < W * H; i++) for (let c = 0; c < C; c++) out[i * C + c] = background[c]!;
  const x0 = Math.max(0, offset.left, clip?.left ?? 0);
  const y0 = Math.max(0, offset.top, clip?.top ?? 0);
  const x1 = Math.min(W, offset.left + img.width, clip ? clip.left + clip.width : W);
  const y1 = Math.min(H, offset.top + img.height, clip ? clip.top + clip.height : H);
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const src = ((y - offset.top) * img.width + (x - offset.left)) * C;
      const dst = (y * W + x) * C;
      for (let c = 0; c < C; c++) out[dst + c] = img.data[src + c]!;
    }
  }
  return out;
}
