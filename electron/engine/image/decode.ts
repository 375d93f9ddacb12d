/**
 * Decoding any picture safely into raw pixels: the first steps of preprocessing (preprocess.ts),
 * also used by face detection (face-detect.ts).
 */
import sharp from 'sharp';
import { InputError } from '../errors';
import type { RawImage } from './raster';

/** Decompression-bomb guard: pictures above this many pixels are refused from their header. */
export const MAX_INPUT_PIXELS = 100_000_000;
const ACCEPTED_FORMATS = new Set(['png', 'jpeg', 'webp', 'gif', 'tiff', 'heif']);

function bombMessage(width: number, height: number): string {
  const mp = (width * height) / 1e6;
  return `image is ${width}×${height} (${mp.toFixed(0)} megapixels), above the ${MAX_INPUT_PIXELS / 1e6}-megapixel limit (decompression bomb guard)`;
}

/** How a picture is decoded: the colour alpha is flattened onto, and the colour space. */
export interface DecodeRecipe {
  readonly background: string;
  readonly colorspace: 'gray' | 'rgb';
}

/**
 * Header check (format, decompression bomb), then the first frame decoded, EXIF-rotated, alpha
 * flattened onto the background, in the recipe's colour space, as raw 8-bit pixels (1 or 3
 * channels). Throws an InputError naming `label` on any problem.
 */
export async function decodePicture(bytes: Buffer, label: string, recipe: DecodeRecipe): Promise<{ raw: RawImage; format: string }> {
  let meta;
  try {
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch (error) {
    throw new InputError(label, `not a readable image (${(error as Error).message})`);
  }
  const format = meta.format ?? 'unknown';
  if (!ACCEPTED_FORMATS.has(format)) throw new InputError(label, `unsupported image format "${format}"`);
  const width = meta.width ?? 0;
  const height = meta.pageHeight ?? meta.height ?? 0;
  if (width * height > MAX_INPUT_PIXELS) throw new InputError(label, bombMessage(width, height));
  const { background } = recipe;
  const gray = recipe.colorspace === 'gray';
  try {
    // failOn 'error': truncated or corrupt data fails; mere warnings (odd metadata) do not.
    let pipeline = sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error', pages: 1, page: 0 })
      .autoOrient()
      .flatten({ background })
      .toColourspace(gray ? 'b-w' : 'srgb');
    if (gray) pipeline = pipeline.extractChannel(0);
    const { data, info } = await pipeline.raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
    const channels = gray ? 1 : 3;
    if (info.channels !== channels) throw new Error(`decoder produced ${info.channels} channels, expected ${channels}`);
    return { raw: { data, width: info.width, height: info.height, channels }, format };
  } catch (error) {
    const message = (error as Error).message;
    if (/pixel limit/i.test(message)) throw new InputError(label, bombMessage(width, height));
    throw new InputError(label, `cannot decode ${format} (${message.split('\n')[0]})`);
  }
}

