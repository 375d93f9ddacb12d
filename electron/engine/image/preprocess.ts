/**
 * Turns any picture into a model input by the pack's own recipe (pack.json `preprocess`), so that
 * inputs look like the training data did. A product photo on white becomes a Fashion-MNIST-like
 * input: trimmed to the garment, centred with a margin, negated to light-on-black.
 *
 * Steps (each numbered below): read safely → header check (format, decompression bomb) →
 * decode first frame, EXIF-rotate, flatten alpha onto the background, convert colour → crop box
 * (given, or for a `crop: face` pack around the largest detected face) → trim → fit
 * (contain/cover) inside the margin → pad with the background → negate.
 *
 * A file is decoded shrunk to workingSide(pack) at most (decode.ts): the model input is tens of
 * pixels, so a 100-megapixel photo needs no more than a thousand on a side for the trim, the face
 * search and the fit; the transform and crop boxes are still given in the photo's own pixels.
 */
import sharp from 'sharp';
import { cropMode, type Pack } from '../../contract/pack-schema';
import { InputError } from '../errors';
import type { Tensor4 } from '../tensor';
import { fitPlacement, pad, parseHexColour, trimBox, type Box, type RawImage } from './raster';
import { CropBoxSchema, type CropBox } from '../../contract/editor-schemas';
import { toSourceBox, withDecodedBytes, withDecodedFile, type DecodedPicture, type DecodeFit } from './decode';
import { faceCropBox } from './face-crop';
import { detectFaces, type FaceBox } from './face-detect';

export { MAX_INPUT_PIXELS } from './decode';
export { CropBoxSchema, type CropBox };

export interface PreprocessOptions {
  /** A region of the (EXIF-rotated) picture to use instead of the whole of it. */
  readonly crop?: CropBox;
  /** Shown in errors instead of the path (the batch uses the path relative to its folder). */
  readonly label?: string;
  /**
   * The picture is already a model input (the pack's size and colour convention, e.g. a
   * Fashion-MNIST test image): only the colour space is converted; no trim, fit or negation.
   * This is how a batch over a dataset's own images reproduces the pipeline's measured error.
   */
  readonly asIs?: boolean;
}

export interface Preprocessed {
  /** C×H×W in [0, 1] as a batch of one, ready for the embedder (before normalization). */
  readonly image: Tensor4;
  /** Where the model input came from, so the editor can paste a result back into the photo. */
  readonly transform: {
    readonly source: { readonly width: number; readonly height: number; readonly format: string };
    /** The part of the source that was fitted (crop box, then trim), in source pixels. */
    readonly region: Box;
    /** Where that region landed in the model input, in model pixels (before cover cropping). */
    readonly placed: Box;
  };
  /**
   * Where the picture was cropped: `box` a crop box given by the caller; `face` a box around the
   * largest detected face (a `crop: face` pack without a given box; `face` is the detection);
   * `centre` the whole picture, fitted the pack's usual way (no face found, or a centre pack).
   */
  readonly crop: PreprocessCrop;
}

export interface PreprocessCrop {
  readonly source: 'box' | 'face' | 'centre';
  /** The region of the picture that was fitted (before trimming), in its pixels. */
  readonly box: Box;
  readonly face?: FaceBox;
}

/** A crop in decoded pixels (`box`, what the pipeline uses) and as reported, in the photo's pixels. */
interface Cropped {
  readonly box: Box;
  readonly crop: PreprocessCrop;
}

/** 4. The region to fit: the caller's crop box (decoded alone), else for a face pack the box around the largest face. */
async function cropRegion(picture: DecodedPicture, pack: Pack, boxGiven: boolean): Promise<Cropped> {
  const { raw } = picture;
  const whole: Box = { left: 0, top: 0, width: raw.width, height: raw.height };
  if (boxGiven) return { box: whole, crop: { source: 'box', box: picture.base } };
  if (cropMode(pack.preprocess) === 'face') {
    const [face] = await detectFaces(raw.data, raw.width, raw.height, { channels: raw.channels });
    if (face) {
      const box = faceCropBox(face, raw.width, raw.height, pack.image.width / pack.image.height);
      return { box, crop: { source: 'face', box: toSourceBox(picture, box), face: { ...toSourceBox(picture, face), hits: face.hits } } };
    }
  }
  return { box: whole, crop: { source: 'centre', box: toSourceBox(picture, whole) } };
}

/** An image that is already a model input, taken pixel for pixel (PreprocessOptions.asIs). */
function modelInput(raw: RawImage, format: string, pack: Pack): Preprocessed {
  const { width: W, height: H, channels: C } = pack.image;
  const out = new Float32Array(C * H * W);
  for (let c = 0; c < C; c++) for (let i = 0; i < H * W; i++) out[c * H * W + i] = raw.data[i * C + c]! / 255;
  const whole = { left: 0, top: 0, width: W, height: H };
  const transform = { source: { width: W, height: H, format }, region: whole, placed: whole };
  return { image: { data: out, shape: [1, C, H, W] }, transform, crop: { source: 'centre', box: whole } };
}

/** Longest side a file is decoded at: ample for any crop of it the model input is made from. */
export function workingSide(pack: Pack): number {
  return Math.max(1024, 4 * Math.max(pack.image.width, pack.image.height));
}

/** What to decode: the crop box alone if given, an as-is input only at the model's size. */
function decodeFit(pack: Pack, options: PreprocessOptions, maxSide?: number): DecodeFit {
  if (options.asIs) return { exactSize: pack.image };
  return { maxSide, crop: options.crop ? CropBoxSchema.parse(options.crop) : undefined };
}

/**
 * Prepares one picture file for the pack; throws an InputError naming the file on any problem.
 * The file is never read whole, and is decoded shrunk (workingSide); a Buffer path reaches a name
 * that is not UTF-8.
 */
export async function preprocessFile(path: string | Buffer, pack: Pack, options: PreprocessOptions = {}): Promise<Preprocessed> {
  const label = options.label ?? path.toString();
  return withDecodedFile(path, label, pack.preprocess, decodeFit(pack, options, workingSide(pack)), (picture) => prepare(picture, pack, options, label));
}

/** The same from bytes already in memory (pasted or dropped into the editor), at full size. */
export async function preprocessBytes(bytes: Buffer, pack: Pack, options: PreprocessOptions = {}): Promise<Preprocessed> {
  const label = options.label ?? 'image';
  return withDecodedBytes(bytes, label, pack.preprocess, decodeFit(pack, options), (picture) => prepare(picture, pack, options, label));
}

/** Steps 4–8 on the decoded picture. */
async function prepare(picture: DecodedPicture, pack: Pack, options: PreprocessOptions, label: string): Promise<Preprocessed> {
  const recipe = pack.preprocess;
  const { width: W, height: H, channels: C } = pack.image;
  const { raw, format } = picture;
  if (options.asIs) return modelInput(raw, format, pack);
  const bg = parseHexColour(recipe.background, C);
  // 4. Crop box (from the editor or the command line, or around a face), in the rotated picture's pixels.
  const cropped = await cropRegion(picture, pack, options.crop !== undefined);
  let region: Box = cropped.box;
  // 5. Trim a uniform border of the background colour (product photos on white).
  if (recipe.trim) region = trimBox(raw, region, bg);
  // 6. Fit the region inside the margin: contain keeps all of it, cover fills and crops.
  const place = fitPlacement(region, W, H, recipe.margin, recipe.fit);
  let fitted: Buffer;
  try {
    let resized = sharp(raw.data, { raw: { width: raw.width, height: raw.height, channels: raw.channels as 1 | 3 } })
      .extract(region)
      .resize(place.resize.width, place.resize.height, { fit: 'fill', kernel: 'lanczos3' });
    // sharp writes one-channel raw input back out as three channels; keep exactly one.
    if (raw.channels === 1) resized = resized.extractChannel(0);
    fitted = await resized.raw().toBuffer();
  } catch (error) {
    throw new InputError(label, `cannot resize (${(error as Error).message})`);
  }
  // 7. Pad to the model size with the background (cropping what cover let overflow).
  const canvas = pad({ data: fitted, width: place.resize.width, height: place.resize.height, channels: C }, W, H, place.offset, bg, place.inner);
  // 8. To C×H×W floats in [0, 1], negated where the training data was.
  const out = new Float32Array(C * H * W);
  for (let c = 0; c < C; c++) {
    for (let i = 0; i < H * W; i++) {
      const v = canvas[i * C + c]! / 255;
      out[c * H * W + i] = recipe.negate ? 1 - v : v;
    }
  }
  return {
    image: { data: out, shape: [1, C, H, W] },
    transform: {
      source: { ...picture.source, format },
      region: toSourceBox(picture, region),
      placed: { left: place.offset.left, top: place.offset.top, width: place.resize.width, height: place.resize.height },
    },
    crop: cropped.crop,
  };
}
