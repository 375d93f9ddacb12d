/**
 * Turns any picture into a model input by the pack's own recipe (pack.json `preprocess`), so that
 * inputs look like the training data did. A product photo on white becomes a Fashion-MNIST-like
 * input: trimmed to the garment, centred with a margin, negated to light-on-black.
 *
 * Steps (each numbered below): read safely → header check (format, decompression bomb) →
 * decode first frame, EXIF-rotate, flatten alpha onto the background, convert colour → crop box
 * (given, or for a `crop: face` pack around the largest detected face) → polarity (polarity.ts:
 * negate or not, from the picture's border) → trim → fit (contain/cover) inside the margin → pad
 * with the background → negate.
 *
 * A crop box may reach past the picture's edges ("fit whole object": a wide sneaker in a square):
 * the part outside is the background, as the training pictures were padded. A picture already at
 * the model's size whose colours need no negation is a model input and is taken as is.
 *
 * A file is decoded shrunk to workingSide(pack) at most (decode.ts): the model input is tens of
 * pixels, so a 100-megapixel photo needs no more than a thousand on a side for the trim, the face
 * search and the fit; the transform and crop boxes are still given in the photo's own pixels.
 */
import sharp from 'sharp';
import { cropMode, type Pack } from '../../contract/pack-schema';
import { InputError } from '../errors';
import type { Tensor4 } from '../tensor';
import { fitPlacement, intersectBoxes, pad, trimBox, type Box, type Placement, type RawImage } from './raster';
import { CropBoxSchema, type CropBox } from '../../contract/editor-schemas';
import type { Polarity, PolarityApplied } from '../../contract/polarity-schema';
import { toSourceBox, withDecodedBytes, withDecodedFile, type DecodedPicture, type DecodeFit } from './decode';
import { faceCropBox } from './face-crop';
import { detectFaces, type FaceBox } from './face-detect';
import { decidePolarity } from './polarity';

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
  /** Negate or not (polarity.ts); default `auto`: from the picture's border. Ignored with asIs. */
  readonly polarity?: Polarity;
}

export interface Preprocessed {
  /** C×H×W in [0, 1] as a batch of one, ready for the embedder (before normalization). */
  readonly image: Tensor4;
  /** Where the model input came from, so the editor can paste a result back into the photo. */
  readonly transform: {
    readonly source: { readonly width: number; readonly height: number; readonly format: string };
    /**
     * The part of the source that was fitted (crop box, then trim), in source pixels. It reaches
     * past the source's edges when the crop box does (and no trim cut it back): that part was
     * padded with the background.
     */
    readonly region: Box;
    /** Where that region landed in the model input, in model pixels (before cover cropping). */
    readonly placed: Box;
    /**
     * Whether the model input is the picture negated (polarity.ts), so a model image goes back
     * into the photo negated again exactly then. Absent (older seeds): as the recipe's `negate`.
     */
    readonly negated?: boolean;
  };
  /**
   * Where the picture was cropped: `box` a crop box given by the caller; `face` a box around the
   * largest detected face (a `crop: face` pack without a given box; `face` is the detection);
   * `centre` the whole picture, fitted the pack's usual way (no face found, or a centre pack).
   */
  readonly crop: PreprocessCrop;
  /** Whether the picture was negated and why, for the user ("dark background: kept as is"). */
  readonly polarity: PolarityApplied;
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

/**
 * The caller's crop box in decoded pixels: all of them when it lies on the picture (only it was
 * decoded), else reaching past them as far as the box reaches past the picture.
 */
function givenBox(picture: DecodedPicture, crop: CropBox): Box {
  const { raw, base } = picture;
  if (crop.left === base.left && crop.top === base.top && crop.width === base.width && crop.height === base.height) {
    return { left: 0, top: 0, width: raw.width, height: raw.height };
  }
  const sx = raw.width / base.width;
  const sy = raw.height / base.height;
  const left = Math.round((crop.left - base.left) * sx);
  const top = Math.round((crop.top - base.top) * sy);
  const right = Math.round((crop.left + crop.width - base.left) * sx);
  const bottom = Math.round((crop.top + crop.height - base.top) * sy);
  return { left, top, width: Math.max(1, right - left), height: Math.max(1, bottom - top) };
}

/** 4. The region to fit: the caller's crop box (decoded alone), else for a face pack the box around the largest face. */
async function cropRegion(picture: DecodedPicture, pack: Pack, given: CropBox | undefined): Promise<Cropped> {
  const { raw } = picture;
  const whole: Box = { left: 0, top: 0, width: raw.width, height: raw.height };
  if (given) return { box: givenBox(picture, given), crop: { source: 'box', box: given } };
  if (cropMode(pack.preprocess) === 'face') {
    const [face] = await detectFaces(raw.data, raw.width, raw.height, { channels: raw.channels });
    if (face) {
      const box = faceCropBox(face, raw.width, raw.height, pack.image.width / pack.image.height);
      return { box, crop: { source: 'face', box: toSourceBox(picture, box), face: { ...toSourceBox(picture, face), hits: face.hits } } };
    }
  }
  return { box: whole, crop: { source: 'centre', box: toSourceBox(picture, whole) } };
}

/** An image that is already a model input, taken pixel for pixel (PreprocessOptions.asIs, or one found to be). */
function modelInput(raw: RawImage, format: string, pack: Pack, polarity: PolarityApplied): Preprocessed {
  const { width: W, height: H, channels: C } = pack.image;
  const out = new Float32Array(C * H * W);
  for (let c = 0; c < C; c++) for (let i = 0; i < H * W; i++) out[c * H * W + i] = raw.data[i * C + c]! / 255;
  const whole = { left: 0, top: 0, width: W, height: H };
  const transform = { source: { width: W, height: H, format }, region: whole, placed: whole, negated: false };
  return { image: { data: out, shape: [1, C, H, W] }, transform, crop: { source: 'centre', box: whole }, polarity };
}

/** A picture at the model's size, not shrunk by the decode, with no crop box: a model input if its colours need no negation. */
function atModelSize(picture: DecodedPicture, pack: Pack, options: PreprocessOptions): boolean {
  const { raw, source } = picture;
  const { width: W, height: H } = pack.image;
  return options.crop === undefined && source.width === W && source.height === H && raw.width === W && raw.height === H;
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

/** The picture's part of `region` resized at the placement's scale, and where it lands on the canvas. */
async function drawRegion(raw: RawImage, region: Box, place: Placement, label: string): Promise<{ image: RawImage; offset: { left: number; top: number } }> {
  const inside = intersectBoxes(region, { left: 0, top: 0, width: raw.width, height: raw.height });
  const sx = place.resize.width / region.width;
  const sy = place.resize.height / region.height;
  // Both edges from the region's own scale, so the part lands exactly where the whole region would.
  const x0 = place.offset.left + Math.round((inside.left - region.left) * sx);
  const y0 = place.offset.top + Math.round((inside.top - region.top) * sy);
  const x1 = place.offset.left + Math.round((inside.left + inside.width - region.left) * sx);
  const y1 = place.offset.top + Math.round((inside.top + inside.height - region.top) * sy);
  const offset = { left: x0, top: y0 };
  if (inside.width === 0 || inside.height === 0) return { image: { data: new Uint8Array(0), width: 0, height: 0, channels: raw.channels }, offset };
  const width = Math.max(1, x1 - x0);
  const height = Math.max(1, y1 - y0);
  try {
    let resized = sharp(raw.data, { raw: { width: raw.width, height: raw.height, channels: raw.channels as 1 | 3 } })
      .extract(inside)
      .resize(width, height, { fit: 'fill', kernel: 'lanczos3' });
    // sharp writes one-channel raw input back out as three channels; keep exactly one.
    if (raw.channels === 1) resized = resized.extractChannel(0);
    return { image: { data: await resized.raw().toBuffer(), width, height, channels: raw.channels }, offset };
  } catch (error) {
    throw new InputError(label, `cannot resize (${(error as Error).message})`);
  }
}

/** Steps 4–9 on the decoded picture. */
async function prepare(picture: DecodedPicture, pack: Pack, options: PreprocessOptions, label: string): Promise<Preprocessed> {
  const recipe = pack.preprocess;
  const { width: W, height: H, channels: C } = pack.image;
  const { raw, format } = picture;
  if (options.asIs) return modelInput(raw, format, pack, { negated: false, note: 'taken as is (a model input)' });
  const whole: Box = { left: 0, top: 0, width: raw.width, height: raw.height };
  // 4a. Already a model input (a dataset's own image): fitting it again would only blur it.
  if (atModelSize(picture, pack, options)) {
    const polarity = decidePolarity(pack, raw, whole, options.polarity);
    if (!polarity.negated) return modelInput(raw, format, pack, { negated: false, note: `${polarity.note}; already the model's ${W}×${H}, not fitted again` });
  }
  // 4. Crop box (from the editor or the command line, or around a face), in the rotated picture's pixels.
  const cropped = await cropRegion(picture, pack, options.crop);
  // 5. Polarity from the region's border; padding and trimming use the background in the picture's own colours.
  const polarity = decidePolarity(pack, raw, cropped.box, options.polarity);
  let region: Box = cropped.box;
  // 6. Trim a uniform border of the background colour (product photos on white), inside the picture.
  const inPicture = intersectBoxes(region, whole);
  if (recipe.trim && inPicture.width > 0 && inPicture.height > 0) {
    const trimmed = trimBox(raw, inPicture, polarity.background);
    if (trimmed !== inPicture) region = trimmed; // a blank region is fitted as it is
  }
  // 7. Fit the region inside the margin: contain keeps all of it, cover fills and crops.
  const place = fitPlacement(region, W, H, recipe.margin, recipe.fit);
  const drawn = await drawRegion(raw, region, place, label);
  // 8. Pad to the model size with the background: around the fitted region, where the crop box
  //    reaches past the picture, and cropping what cover let overflow.
  const canvas = pad(drawn.image, W, H, drawn.offset, polarity.background, place.inner);
  // 9. To C×H×W floats in [0, 1], negated as decided.
  const out = new Float32Array(C * H * W);
  for (let c = 0; c < C; c++) {
    for (let i = 0; i < H * W; i++) {
      const v = canvas[i * C + c]! / 255;
      out[c * H * W + i] = polarity.negated ? 1 - v : v;
    }
  }
  // Only a given crop box reaches past the picture (when no trim cut it back); it is reported as given.
  const onPicture = intersectBoxes(region, whole);
  const overhangs = onPicture.width !== region.width || onPicture.height !== region.height;
  return {
    image: { data: out, shape: [1, C, H, W] },
    transform: {
      source: { ...picture.source, format },
      region: overhangs && options.crop ? { ...options.crop } : toSourceBox(picture, region),
      placed: { left: place.offset.left, top: place.offset.top, width: place.resize.width, height: place.resize.height },
      negated: polarity.negated,
    },
    crop: cropped.crop,
    polarity: { negated: polarity.negated, note: polarity.note },
  };
}
