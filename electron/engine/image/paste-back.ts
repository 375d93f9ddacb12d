/**
 * Paste back: puts a model image (an edited crop) back into the full-resolution photo at the crop
 * box, so the user exports their own photo with the edit in it.
 *
 * The model canvas maps onto the photo by the preprocessing transform (`region` of the photo was
 * resized to `placed` in the model canvas); the model image is resized by that same scale, limited
 * to the crop box, and blended in with a feathered edge that stays inside the box. Gray packs are
 * un-negated as their recipe says and replace only the photo's luminance, so colours survive.
 * With keep details (docs/design.md, Faithful edits) the change D(z') − D(z) is added to the
 * photo's own pixels instead (paste-blend.ts), so all-zero sliders give the photo's pixels back
 * exactly; an edit mask (edit-mask.ts) limits either to where it is white.
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
import { isZero } from '../faithful/keep-details';
import { toPixels } from './encode';
import { photoMaskWeights } from './edit-mask';
import { addChange, blendImage, type BlendArea } from './paste-blend';
import { deltaToPhotoColours, negatesPhoto, toPhotoColours } from './photo-colours';
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
  /** An edit mask (a picture file, white = edit), stretched over the crop box (edit-mask.ts). */
  readonly mask?: Buffer;
}

/**
 * What goes into the photo (model size, batch item 0, in the model's colours): the regrown
 * picture D(z') (keep details off), or the change s·(D(z') − D(z)) added to the photo's pixels.
 */
export type PasteChange = { readonly image: Tensor4 } | { readonly delta: Tensor4 };

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

/** A model picture or change (PasteChange) pasted into the photo `bytes`; returns the encoded photo. */
export async function pasteBack(bytes: Buffer, pack: Pack, change: PasteChange, options: PasteBackOptions): Promise<PastedPhoto> {
  const label = options.label ?? 'image';
  const recipe = pack.preprocess;
  const negate = negatesPhoto(pack, options.transform);
  const { width, height } = options.transform.source;
  const changed = () => new InputError(label, 'the photo changed since it was embedded');
  const { canvas, area: whole } = pasteArea(pack, options.transform, options.crop);
  // 0. A change that is zero everywhere (all-zero sliders, keep details on) touches no pixel.
  const area = 'delta' in change && isZero(change.delta) ? { ...whole, width: 0, height: 0 } : whole;
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
  const mask = options.mask && area.width > 0 && area.height > 0 ? await photoMaskWeights(options.mask, options.crop, area, label) : undefined;
  const feather = Math.min(MAX_FEATHER_PX, Math.floor(Math.min(area.width, area.height) / 4));
  const blend: BlendArea = { px, held, area, canvas, photo: { width, height }, feather, mask };
  if ('delta' in change) {
    // 2a. Keep details: the change in the photo's colours (un-negated), upsampled and added.
    if (area.width > 0 && area.height > 0) addChange(blend, deltaToPhotoColours(change.delta, negate));
  } else {
    // 2b. The model image in photo colours (un-negated), resized to the canvas's size on the photo;
    //     gray replaces luminance, colour replaces RGB.
    const model = toPixels(toPhotoColours(change.image, negate), 0);
    let resized = sharp(model.data, { raw: { width: model.width, height: model.height, channels: model.channels } })
      .resize(canvas.width, canvas.height, { fit: 'fill', kernel: 'cubic' });
    if (model.channels === 1) resized = resized.extractChannel(0);
    const big = await resized.raw().toBuffer();
    blendImage(blend, big, model.channels, parseHexColour(recipe.background, 3));
  }
  // 3. Encode without metadata; JPEG has no alpha, so it is flattened onto the background. An
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
