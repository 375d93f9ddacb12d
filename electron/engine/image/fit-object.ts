/**
 * "Fit whole object": the crop box that frames the whole object of a photo for a pack. The square
 * crop the editor starts with lies inside the photo, so a wide object (a 360×240 sneaker) always
 * loses its toe and heel; this box is centred on the object and as large as the object needs,
 * reaching past the photo's edges where the photo is too narrow (preprocess.ts pads that part
 * with the pack's background, as the training pictures were padded).
 *
 * The object is what differs from the photo's border colour (the median of its outer ring, the
 * same measure the polarity uses): rows and columns where at least MIN_LINE_FRACTION of the pixels
 * differ by more than TRIM_THRESHOLD in some channel, so a few specks of noise do not stretch it.
 */
import { cropOverhangs, largestCentred, objectCrop } from '../../contract/crop-geometry';
import type { CropBox } from '../../contract/editor-schemas';
import type { Pack } from '../../contract/pack-schema';
import { decodePicture, toSourceBox, withDecodedFile, type DecodedPicture, type DecodeFit, type DecodeRecipe } from './decode';
import { borderMedian } from './polarity';
import { TRIM_THRESHOLD, type Box, type RawImage } from './raster';

/** A row or column belongs to the object when at least this fraction of it differs from the border (two pixels at least). */
export const MIN_LINE_FRACTION = 0.01;

/** Object search needs no more pixels than this on the longest side. */
const SEARCH_SIDE = 1024;

export interface FoundObject {
  /** The object's bounding box in the picture's pixels; null when all of it is like the border. */
  readonly object: Box | null;
  /** The border's median colour, 0–255 per channel. */
  readonly background: readonly number[];
}

/** The bounding box of what differs from the picture's border colour (see the module comment). */
export function findObject(raw: RawImage, threshold = TRIM_THRESHOLD): FoundObject {
  const { data, width, height, channels: C } = raw;
  const background = borderMedian(raw, { left: 0, top: 0, width, height }) ?? new Array<number>(C).fill(255);
  const columns = new Uint32Array(width);
  const rows = new Uint32Array(height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = (y * width + x) * C;
      for (let c = 0; c < C; c++) {
        if (Math.abs(data[p + c]! - background[c]!) > threshold) {
          columns[x]!++;
          rows[y]!++;
          break;
        }
      }
    }
  }
  const span = (counts: Uint32Array, length: number): [number, number] | null => {
    const need = Math.max(2, Math.round(MIN_LINE_FRACTION * length));
    const first = counts.findIndex((n) => n >= need);
    if (first < 0) return null;
    let last = counts.length - 1;
    while (counts[last]! < need) last--;
    return [first, last];
  };
  const xs = span(columns, height);
  const ys = span(rows, width);
  if (xs === null || ys === null) return { object: null, background };
  return { object: { left: xs[0], top: ys[0], width: xs[1] - xs[0] + 1, height: ys[1] - ys[0] + 1 }, background };
}

export interface FittedObject {
  /** The box to embed, in the photo's pixels (after EXIF rotation); the default crop without an object. */
  readonly crop: CropBox;
  /** The object's bounding box in the photo's pixels; null when none was found. */
  readonly object: CropBox | null;
  /** Whether `crop` reaches past the photo's edges. */
  readonly overhangs: boolean;
  /** The border colour the object was told apart from, as #rrggbb. */
  readonly background: string;
  /** The photo's size (after EXIF rotation). */
  readonly width: number;
  readonly height: number;
}

const hex = (colour: readonly number[]) => `#${[0, 1, 2].map((c) => (colour[Math.min(c, colour.length - 1)] ?? 255).toString(16).padStart(2, '0')).join('')}`;

/** The box around the object of a decoded picture, for a pack whose images are `aspect` wide ÷ high. */
export function fitObjectBox(picture: DecodedPicture, aspect: number): FittedObject {
  const { width, height } = picture.source;
  const found = findObject(picture.raw);
  const object = found.object && toSourceBox(picture, found.object);
  const crop = object ? objectCrop(object, width, height, aspect) : largestCentred(width, height, aspect);
  return { crop, object, overhangs: cropOverhangs(crop, width, height), background: hex(found.background), width, height };
}

/** Colour (object and border may differ in hue alone), alpha on the pack's background, shrunk for the search. */
function searchRecipe(pack: Pack): { recipe: DecodeRecipe; fit: DecodeFit } {
  return { recipe: { background: pack.preprocess.background, colorspace: 'rgb' }, fit: { maxSide: SEARCH_SIDE } };
}

const aspectOf = (pack: Pack) => pack.image.width / pack.image.height;

/** fitObjectBox for a picture in memory (an open photo); an InputError names `label` on a bad picture. */
export async function fitObjectInBytes(bytes: Buffer, pack: Pack, label = 'image'): Promise<FittedObject> {
  const { recipe, fit } = searchRecipe(pack);
  return fitObjectBox(await decodePicture(bytes, label, recipe, fit), aspectOf(pack));
}

/** fitObjectBox for a picture file (`reseed embed --fit-object`), read as preprocessing reads it. */
export function fitObjectInFile(path: string, pack: Pack, label = path): Promise<FittedObject> {
  const { recipe, fit } = searchRecipe(pack);
  return withDecodedFile(path, label, recipe, fit, async (picture) => fitObjectBox(picture, aspectOf(pack)));
}
