/**
 * Paste back: puts a model image (an edited crop) back into the full-resolution photo at the crop
 * box, so the user exports their own photo with the edit in it.
 *
 * The model canvas maps onto the photo by the preprocessing transform (`region` of the photo was
 * resized to `placed` in the model canvas); the model image is resized by that same scale, limited
 * to the crop box, and blended in with a feathered edge that stays inside the box. Gray packs are
 * un-negated as their recipe says and replace only the photo's luminance, so colours survive.
 * The output is encoded fresh by sharp without `withMetadata`: no EXIF, GPS or ICC data leaks.
 *
 * Memory: an opaque single-page photo (a camera JPEG, the large case) is never held as pixels
 * whole: only the pasted area is decoded and blended here, and sharp composites it while it
 * streams the photo from its file to the encoder. A photo with transparency is blended whole, as
 * libvips' compositing would round semi-transparent pixels outside the box.
 */
import sharp, { type Sharp } from 'sharp';
import type { Pack } from '../../contract/pack-schema';
import { InputError } from '../errors';
import { toPixels } from './encode';
import { MAX_INPUT_PIXELS, type Preprocessed } from './preprocess';
import { parseHexColour, type Box } from './raster';
import type { Tensor4 } from '../tensor';

/** The feather never exceeds this many photo pixels (a soft seam, not a halo). */
export const MAX_FEATHER_PX = 16;

export type PhotoFormat = 'png' | 'jpeg';

export interface PasteBackOptions {
  /** The crop box the user chose, in photo pixels; nothing outside it changes. */
  readonly crop: Box;
  readonly transform: Preprocessed['transform'];
  readonly format: PhotoFormat;
  /** JPEG quality (1–100). */
  readonly quality?: number;
  readonly label?: string;
}

export interface PastedPhoto {
  readonly bytes: Buffer;
  readonly width: number;
  readonly height: number;
  /** The photo pixels that may differ from the original (the crop box clipped to the model canvas). */
  readonly area: Box;
}

/** Where the whole model canvas lands on the photo, intersected with the crop box. */
export function pasteArea(pack: Pack, transform: Preprocessed['transform'], crop: Box): { canvas: Box; area: Box } {
  const { width: W, height: H } = pack.image;
  const { region, placed } = transform;
  const sx = region.width / placed.width;
  const sy = region.height / placed.height;
  const canvas = {
    left: Math.round(region.left - placed.left * sx),
    top: Math.round(region.top - placed.top * sy),
    width: Math.max(1, Math.round(W * sx)),
    height: Math.max(1, Math.round(H * sy)),
  };
  const x0 = Math.max(canvas.left, crop.left, 0);
  const y0 = Math.max(canvas.top, crop.top, 0);
  const x1 = Math.min(canvas.left + canvas.width, crop.left + crop.width, transform.source.width);
  const y1 = Math.min(canvas.top + canvas.height, crop.top + crop.height, transform.source.height);
  return { canvas, area: { left: x0, top: y0, width: Math.max(0, x1 - x0), height: Math.max(0, y1 - y0) } };
}

/** Blend weight 0–1 at (x, y) of the area: ramps up over `feather` px from each edge inside the photo. */
function weightAt(x: number, y: number, area: Box, feather: number, photo: { width: number; height: number }): number {
  if (feather <= 0) return 1;
  // An edge that is also the photo's edge needs no seam.
  const dl = area.left === 0 ? Infinity : x - area.left + 0.5;
  const dt = area.top === 0 ? Infinity : y - area.top + 0.5;
  const dr = area.left + area.width === photo.width ? Infinity : area.left + area.width - x - 0.5;
  const db = area.top + area.height === photo.height ? Infinity : area.top + area.height - y - 0.5;
  return Math.min(1, Math.min(dl, dt, dr, db) / feather);
}

const decodeFailed = (label: string, error: unknown) => new InputError(label, `cannot decode (${(error as Error).message.split('\n')[0]})`);

/** The photo as RGBA, rotated as the preprocessing saw it (a pipeline: nothing decoded yet). */
function photoPipeline(bytes: Buffer): Sharp {
  return sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error', pages: 1, page: 0 }).autoOrient().toColourspace('srgb').ensureAlpha();
}

/** Whether the photo can be streamed (single page, no alpha channel) and its rotated size, from its header only. */
async function photoFacts(bytes: Buffer, label: string): Promise<{ streamed: boolean; width: number; height: number }> {
  try {
    const meta = await sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS }).metadata();
    return { streamed: !meta.hasAlpha && (meta.pages ?? 1) === 1, ...meta.autoOrient };
  } catch (error) {
    throw decodeFailed(label, error);
  }
}

/** RGBA bytes of `region` of the photo, or of all of it (null) with its decoded size. */
async function decodePhoto(bytes: Buffer, region: Box | null, label: string): Promise<{ data: Buffer; width: number; height: number }> {
  try {
    const pipeline = region === null ? photoPipeline(bytes) : photoPipeline(bytes).extract(region);
    const { data, info } = await pipeline.raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
    return { data, width: info.width, height: info.height };
  } catch (error) {
    throw decodeFailed(label, error);
  }
}

/** Model image (batch item 0, in [0, 1]) pasted into the photo `bytes`; returns the encoded photo. */
export async function pasteBack(bytes: Buffer, pack: Pack, image: Tensor4, options: PasteBackOptions): Promise<PastedPhoto> {
  const label = options.label ?? 'image';
  const recipe = pack.preprocess;
  const { width, height } = options.transform.source;
  const changed = () => new InputError(label, 'the photo changed since it was embedded');
  const { canvas, area } = pasteArea(pack, options.transform, options.crop);
  // 1. The photo pixels blended here (`held`): the area alone when the photo streams, else all of it.
  const facts = await photoFacts(bytes, label);
  const streamed = facts.streamed;
  if (streamed && (facts.width !== width || facts.height !== height)) throw changed();
  const held: Box = streamed ? area : { left: 0, top: 0, width, height };
  let px: Buffer = Buffer.alloc(0);
  if (!streamed) {
    const photo = await decodePhoto(bytes, null, label);
    if (photo.width !== width || photo.height !== height) throw changed();
    px = photo.data;
  } else if (area.width > 0 && area.height > 0) {
    px = (await decodePhoto(bytes, area, label)).data;
  }
  // 2. The model image in photo colours (un-negated), resized to the canvas's size on the photo.
  const model = toPixels(image, 0);
  if (recipe.negate) for (let i = 0; i < model.data.length; i++) model.data[i] = 255 - model.data[i]!;
  let resized = sharp(model.data, { raw: { width: model.width, height: model.height, channels: model.channels } })
    .resize(canvas.width, canvas.height, { fit: 'fill', kernel: 'cubic' });
  if (model.channels === 1) resized = resized.extractChannel(0);
  const big = await resized.raw().toBuffer();
  const C = model.channels;
  // 3. Blend into the area with a feather inside it; gray replaces luminance, colour replaces RGB.
  const feather = Math.min(MAX_FEATHER_PX, Math.floor(Math.min(area.width, area.height) / 4));
  const bg = parseHexColour(recipe.background, 3);
  for (let y = area.top; y < area.top + area.height; y++) {
    for (let x = area.left; x < area.left + area.width; x++) {
      const w = weightAt(x, y, area, feather, { width, height });
      const p = ((y - held.top) * held.width + (x - held.left)) * 4;
      const q = ((y - canvas.top) * canvas.width + (x - canvas.left)) * C;
      // Transparent photo pixels are seen over the pack's background, as the preprocessing saw them.
      const a = px[p + 3]! / 255;
      const rgb = [0, 1, 2].map((c) => px[p + c]! * a + bg[c]! * (1 - a));
      let target: number[];
      if (C === 1) {
        const luma = 0.2126 * rgb[0]! + 0.7152 * rgb[1]! + 0.0722 * rgb[2]!;
        const shift = big[q]! - luma;
        target = rgb.map((v) => v + shift);
      } else {
        target = [big[q]!, big[q + 1]!, big[q + 2]!];
      }
      for (let c = 0; c < 3; c++) {
        const v = px[p + c]! + w * (target[c]! - px[p + c]!);
        px[p + c] = Math.round(Math.min(255, Math.max(0, v)));
      }
      px[p + 3] = Math.round(px[p + 3]! + w * (255 - px[p + 3]!));
    }
  }
  // 4. Encode without metadata; JPEG has no alpha, so it is flattened onto the background. An
  //    opaque area composited "over" replaces the photo's pixels exactly.
  let out: Sharp;
  if (!streamed) out = sharp(px, { raw: { width, height, channels: 4 } });
  else if (px.length === 0) out = photoPipeline(bytes);
  else out = photoPipeline(bytes).composite([{ input: px, raw: { width: held.width, height: held.height, channels: 4 }, left: held.left, top: held.top }]);
  const encoded =
    options.format === 'png'
      ? await out.png({ compressionLevel: 6 }).toBuffer()
      : await out.flatten({ background: recipe.background }).jpeg({ quality: options.quality ?? 92 }).toBuffer();
  return { bytes: encoded, width, height, area };
}
