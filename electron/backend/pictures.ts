/**
 * Photos and model images as the editor shows them: a photo's size and a display preview, the
 * default crop box, data URLs of model images, and a seed drawn as a picture.
 */
import sharp from 'sharp';
import { toPixels } from '../engine/image/encode';
import { writePng } from '../engine/image/png-writer';
import { InputError } from '../engine/errors';
import { MAX_INPUT_PIXELS } from '../engine/image/preprocess';
import type { Tensor4 } from '../engine/tensor';

import { largestCentred } from '../contract/crop-geometry';

/** Longest side of the preview sent to the renderer: enough to place a crop box, small to send. */
export const PREVIEW_MAX_SIDE = 1024;

export interface PhotoFacts {
  /** Size after EXIF rotation: the coordinates crop boxes use. */
  readonly width: number;
  readonly height: number;
  readonly preview: string;
}

/**
 * Reads a photo's header and draws its preview; an unreadable, unsupported or oversized file is an
 * InputError naming it (the editor shows the message and keeps what was open).
 */
export async function describePhoto(bytes: Buffer, name: string, background = '#ffffff'): Promise<PhotoFacts> {
  let meta;
  try {
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch (error) {
    throw new InputError(name, `not a readable image (${(error as Error).message.split('\n')[0]})`);
  }
  const rawWidth = meta.width ?? 0;
  const rawHeight = meta.pageHeight ?? meta.height ?? 0;
  if (rawWidth * rawHeight > MAX_INPUT_PIXELS) {
    throw new InputError(name, `image is ${rawWidth}×${rawHeight}, above the ${MAX_INPUT_PIXELS / 1e6}-megapixel limit`);
  }
  // Orientations 5–8 swap the axes; the preprocessing rotates the same way (autoOrient).
  const swapped = (meta.orientation ?? 1) >= 5;
  const width = swapped ? rawHeight : rawWidth;
  const height = swapped ? rawWidth : rawHeight;
  try {
    const preview = await sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error', pages: 1 })
      .autoOrient()
      .resize(PREVIEW_MAX_SIDE, PREVIEW_MAX_SIDE, { fit: 'inside', withoutEnlargement: true })
      .flatten({ background })
      .jpeg({ quality: 88 })
      .toBuffer();
    return { width, height, preview: dataUrl(preview, 'jpeg') };
  } catch (error) {
    throw new InputError(name, `cannot decode ${meta.format ?? 'image'} (${(error as Error).message.split('\n')[0]})`);
  }
}

/** The default crop: the largest box of width ÷ height = `aspect`, centred in the photo. */
export const defaultCrop = largestCentred;

export function dataUrl(bytes: Buffer, kind: 'png' | 'jpeg' = 'png'): string {
  return `data:image/${kind};base64,${bytes.toString('base64')}`;
}

/** A model image (item 0 of a batch in [0, 1]) as a PNG data URL at the model's resolution. */
export async function imageDataUrl(images: Tensor4): Promise<string> {
  // Shown, not kept: the fast writer (a drag sends one a frame), not sharp's smaller files.
  return dataUrl(await writePng(toPixels(images, 0)));
}

/**
 * A seed drawn as a picture: 0.5 + z/6, so ±3σ spans black to white. Shows whether a seed looks
 * like noise (a healthy seed) or carries the image's structure (a poor one).
 */
export async function seedDataUrl(z: Tensor4): Promise<string> {
  const [, C, H, W] = z.shape;
  const n = C * H * W;
  const data = new Float32Array(n);
  for (let i = 0; i < n; i++) data[i] = Math.min(1, Math.max(0, 0.5 + z.data[i]! / 6));
  return imageDataUrl({ data, shape: [1, C, H, W] });
}

/** PSNR in dB of an MSE between images in [0, 1] (capped where the images are identical). */
export function psnrOf(mse: number): number {
  return mse <= 1e-10 ? 100 : -10 * Math.log10(mse);
}
