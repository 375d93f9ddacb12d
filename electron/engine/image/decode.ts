/**
 * Decoding any picture safely into raw pixels: the first steps of preprocessing (preprocess.ts),
 * also used by face detection (face-detect.ts).
 *
 * The header comes first (format, decompression bomb, size), read by sharp from the file's path
 * or the bytes: a file is never read whole to find out it is not a picture. Then the decode runs
 * within the process's byte budget (decode-budget.ts) and, given `maxSide`, shrinks while it
 * loads (JPEG and WebP at the decoder, a PNG row by row), so a 100-megapixel photo costs a few
 * megabytes of pixels, not 300.
 */
import sharp from 'sharp';
import { cropBoxProblem } from '../../contract/crop-geometry';
import { InputError } from '../errors';
import { decodeBudget, decodeCost } from './decode-budget';
import { decoderPath, openRegularFile } from './file-guard';
import { intersectBoxes, type Box, type RawImage } from './raster';

/** Decompression-bomb guard: pictures above this many pixels are refused from their header. */
export const MAX_INPUT_PIXELS = 100_000_000;
const ACCEPTED_FORMATS = new Set(['png', 'jpeg', 'webp', 'gif', 'tiff', 'heif']);
const SAMPLE_BYTES: Record<string, number> = { uchar: 1, char: 1, ushort: 2, short: 2, uint: 4, int: 4, float: 4, double: 8 };

function bombMessage(width: number, height: number): string {
  const mp = (width * height) / 1e6;
  return `image is ${width}×${height} (${mp.toFixed(0)} megapixels), above the ${MAX_INPUT_PIXELS / 1e6}-megapixel limit (decompression bomb guard)`;
}

/** How a picture is decoded: the colour alpha is flattened onto, and the colour space. */
export interface DecodeRecipe {
  readonly background: string;
  readonly colorspace: 'gray' | 'rgb';
}

/** What part of the picture to decode, and at what size. */
export interface DecodeFit {
  /** Shrink (keeping the aspect) so the longest side of the decoded pixels is at most this. */
  readonly maxSide?: number;
  /**
   * Decode only this box of the EXIF-rotated picture: the part of it on the picture, for it may
   * reach past the edges (crop-geometry.ts says how far); one showing none of it is refused.
   */
  readonly crop?: Box;
  /** The picture must be exactly this size (an as-is model input): checked from the header. */
  readonly exactSize?: { readonly width: number; readonly height: number };
}

export interface DecodedPicture {
  readonly raw: RawImage;
  readonly format: string;
  /** Size of the whole EXIF-rotated picture. */
  readonly source: { readonly width: number; readonly height: number };
  /**
   * The box of the source that `raw` shows (all of it unless cropped: then the crop box's part on
   * the picture), `raw` being it shrunk or not.
   */
  readonly base: Box;
}

/** A box in the decoded pixels as a box in the source picture's pixels (the same when not shrunk). */
export function toSourceBox(picture: DecodedPicture, box: Box): Box {
  const { base, raw } = picture;
  if (base.width === raw.width && base.height === raw.height) return { left: base.left + box.left, top: base.top + box.top, width: box.width, height: box.height };
  const sx = base.width / raw.width;
  const sy = base.height / raw.height;
  const left = Math.min(base.width - 1, Math.round(box.left * sx));
  const top = Math.min(base.height - 1, Math.round(box.top * sy));
  const width = Math.max(1, Math.min(base.width - left, Math.round(box.width * sx)));
  const height = Math.max(1, Math.min(base.height - top, Math.round(box.height * sy)));
  return { left: base.left + left, top: base.top + top, width, height };
}

type Input = string | Buffer;

/** The pixels' pipeline: the first frame, EXIF-rotated before anything else, a pixel limit. */
function pixelPipeline(input: Input) {
  // failOn 'error': truncated or corrupt data fails; mere warnings (odd metadata) do not.
  return sharp(input, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error', pages: 1, page: 0, autoOrient: true });
}

interface Header {
  readonly format: string;
  readonly width: number;
  readonly height: number;
  readonly cost: (outputBytes: number) => number;
}

async function readHeader(input: Input, label: string): Promise<Header> {
  let meta;
  try {
    meta = await sharp(input, { limitInputPixels: false, pages: 1, page: 0 }).metadata();
  } catch (error) {
    throw new InputError(label, `not a readable image (${(error as Error).message.split('\n')[0]})`);
  }
  const format = meta.format ?? 'unknown';
  if (!ACCEPTED_FORMATS.has(format)) throw new InputError(label, `unsupported image format "${format}"`);
  const width = meta.width ?? 0;
  const height = meta.pageHeight ?? meta.height ?? 0;
  if (width * height > MAX_INPUT_PIXELS) throw new InputError(label, bombMessage(width, height));
  const turned = (meta.orientation ?? 1) >= 5;
  const shape = {
    width,
    height,
    channels: meta.channels ?? 4,
    bytesPerSample: SAMPLE_BYTES[meta.depth ?? 'uchar'] ?? 2,
    streamable: (format === 'png' || format === 'jpeg' || format === 'tiff') && !meta.isProgressive,
  };
  return { format, width: turned ? height : width, height: turned ? width : height, cost: (out) => decodeCost(shape, out) };
}

function decodeFailure(label: string, format: string, header: Header, error: unknown): InputError {
  if (error instanceof InputError) return error;
  const message = (error as Error).message;
  if (/pixel limit/i.test(message)) return new InputError(label, bombMessage(header.width, header.height));
  if (/channel/i.test(message) && /limit/i.test(message)) return new InputError(label, `cannot decode ${format} (too many channels)`);
  // libvips words the same damage many ways ("Unknown error", "premature end", "read error"):
  // the header was fine, so the data after it is what is wrong.
  return new InputError(label, `cannot decode ${format} (truncated or corrupt)`);
}

/**
 * Header check, then the first frame decoded, EXIF-rotated, cropped and shrunk as `fit` says,
 * alpha flattened onto the background, in the recipe's colour space, as raw 8-bit pixels (1 or 3
 * channels); `use` runs on them while their bytes count against the decode budget. Throws an
 * InputError naming `label` on any problem with the picture.
 */
async function withDecoded<T>(input: Input, label: string, recipe: DecodeRecipe, fit: DecodeFit, use: (picture: DecodedPicture) => Promise<T>): Promise<T> {
  const header = await readHeader(input, label);
  const { format } = header;
  const source = { width: header.width, height: header.height };
  if (fit.exactSize && (source.width !== fit.exactSize.width || source.height !== fit.exactSize.height)) {
    throw new InputError(label, `is ${source.width}×${source.height}; as-is input must be the model's ${fit.exactSize.width}×${fit.exactSize.height}`);
  }
  const problem = fit.crop && cropBoxProblem(fit.crop, source.width, source.height);
  if (problem) throw new InputError(label, problem);
  // A box reaching past the edges: only its part on the picture is decoded (preprocess pads the rest).
  const c = fit.crop && intersectBoxes(fit.crop, { left: 0, top: 0, ...source });
  const base: Box = c ?? { left: 0, top: 0, ...source };
  const scale = fit.maxSide ? Math.min(1, fit.maxSide / Math.max(base.width, base.height)) : 1;
  const width = Math.max(1, Math.round(base.width * scale));
  const height = Math.max(1, Math.round(base.height * scale));
  const channels = recipe.colorspace === 'gray' ? 1 : 3;
  return decodeBudget.run(header.cost(width * height * channels), async () => {
    let raw: RawImage;
    try {
      let pipeline = pixelPipeline(input);
      if (c) pipeline = pipeline.extract(c);
      if (scale < 1) pipeline = pipeline.resize(width, height, { fit: 'fill', kernel: 'lanczos3' });
      pipeline = pipeline.flatten({ background: recipe.background }).toColourspace(channels === 1 ? 'b-w' : 'srgb');
      if (channels === 1) pipeline = pipeline.extractChannel(0);
      const { data, info } = await pipeline.raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
      if (info.channels !== channels) throw new InputError(label, `decoder produced ${info.channels} channels, expected ${channels}`);
      raw = { data, width: info.width, height: info.height, channels };
    } catch (error) {
      throw decodeFailure(label, format, header, error);
    }
    return use({ raw, format, source, base });
  });
}

/** Bytes already in memory (pasted or dropped into the editor) decoded and handed to `use`. */
export function withDecodedBytes<T>(bytes: Buffer, label: string, recipe: DecodeRecipe, fit: DecodeFit, use: (picture: DecodedPicture) => Promise<T>): Promise<T> {
  return withDecoded(bytes, label, recipe, fit, use);
}

/** The decoded pixels of bytes in memory, for callers that keep them (face detection). */
export function decodePicture(bytes: Buffer, label: string, recipe: DecodeRecipe, fit: DecodeFit = {}): Promise<DecodedPicture> {
  return withDecoded(bytes, label, recipe, fit, async (picture) => picture);
}

/**
 * A picture file decoded and handed to `use` (see withDecoded): the file is checked (file-guard)
 * and never read whole; a Buffer path reaches names that are not UTF-8.
 */
export async function withDecodedFile<T>(path: string | Buffer, label: string, recipe: DecodeRecipe, fit: DecodeFit, use: (picture: DecodedPicture) => Promise<T>): Promise<T> {
  const { handle } = await openRegularFile(path, label);
  try {
    return await withDecoded(decoderPath(handle, path, label), label, recipe, fit, use);
  } finally {
    await handle.close();
  }
}
