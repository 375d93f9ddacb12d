/**
 * Crop-box arithmetic in the photo's own pixels: the box keeps the pack's aspect ratio
 * (width ÷ height), stays inside the photo, and is at least a few pixels wide. Pure: shared by
 * the fabric.js canvas (mouse) and the keyboard controls; unit-tested.
 *
 * A box may also reach past the photo's edges (`{ outside: true }`): a wide object (a sneaker in
 * a 360×240 photo) can only be framed whole by a square taller than the photo, and the engine pads
 * what lies outside with the pack's background, as the training pictures were padded. Such a box
 * keeps its centre on the photo and its sides within MAX_CROP_SCALE × the photo's longest side.
 */
import type { CropBox } from './contract';

export const MIN_CROP_SIDE = 8;

/** The sides of a crop box reaching past the photo are at most this × the photo's longest side. */
export const MAX_CROP_SCALE = 2;

/** Where a box may lie: inside the photo (the default), or reaching past its edges. */
export interface CropBounds {
  readonly outside?: boolean;
}

/** The largest box of the aspect inside a width × height photo, centred. */
export function largestCentred(width: number, height: number, aspect: number): CropBox {
  let w = width;
  let h = Math.round(w / aspect);
  if (h > height) {
    h = height;
    w = Math.round(h * aspect);
  }
  w = Math.max(1, Math.min(width, w));
  h = Math.max(1, Math.min(height, h));
  return { left: Math.floor((width - w) / 2), top: Math.floor((height - h) / 2), width: w, height: h };
}

/**
 * Any box made valid: its width sets the size (height from the aspect), shrunk to fit the
 * photo, moved inside it, whole pixels.
 */
export function fitCrop(box: CropBox, width: number, height: number, aspect: number, bounds: CropBounds = {}): CropBox {
  if (bounds.outside) return fitOutside(box, width, height, aspect);
  const largest = largestCentred(width, height, aspect);
  const minW = Math.min(largest.width, Math.max(MIN_CROP_SIDE, Math.round(MIN_CROP_SIDE * aspect)));
  const w = Math.max(minW, Math.min(largest.width, Math.round(box.width)));
  const h = Math.max(1, Math.min(height, Math.round(w / aspect)));
  const left = Math.min(width - w, Math.max(0, Math.round(box.left)));
  const top = Math.min(height - h, Math.max(0, Math.round(box.top)));
  return { left, top, width: w, height: h };
}

/** The largest box of the aspect a photo allows when boxes may reach past its edges. */
function largestOutside(width: number, height: number, aspect: number): { width: number; height: number } {
  const side = MAX_CROP_SCALE * Math.max(width, height);
  const w = Math.max(1, Math.floor(Math.min(side, side * aspect)));
  return { width: w, height: Math.max(1, Math.round(w / aspect)) };
}

/** fitCrop for `{ outside: true }`: whole pixels, the centre on the photo, the sides bounded. */
function fitOutside(box: CropBox, width: number, height: number, aspect: number): CropBox {
  const largest = largestOutside(width, height, aspect);
  const minW = Math.min(largest.width, Math.max(MIN_CROP_SIDE, Math.round(MIN_CROP_SIDE * aspect)));
  const w = Math.max(minW, Math.min(largest.width, Math.round(box.width)));
  const h = Math.max(1, Math.round(w / aspect));
  // The centre stays on the photo, so the box always shows some of it.
  const cx = Math.min(width, Math.max(0, box.left + box.width / 2));
  const cy = Math.min(height, Math.max(0, box.top + box.height / 2));
  return { left: Math.round(cx - w / 2), top: Math.round(cy - h / 2), width: w, height: h };
}

/** Whether a box reaches past the photo's edges (its outside is padded with the background). */
export function cropOverhangs(box: CropBox, width: number, height: number): boolean {
  return box.left < 0 || box.top < 0 || box.left + box.width > width || box.top + box.height > height;
}

/**
 * Why the engine cannot use a crop box on a width × height photo, or null when it can: it must
 * show some of the photo, and its sides may be at most MAX_CROP_SCALE × the photo's longest side
 * (boxes made by fitCrop with `{ outside: true }` always pass).
 */
export function cropBoxProblem(box: CropBox, width: number, height: number): string | null {
  const name = `crop box ${box.width}×${box.height}${box.left < 0 ? '' : '+'}${box.left}${box.top < 0 ? '' : '+'}${box.top}`;
  if (box.left >= width || box.top >= height || box.left + box.width <= 0 || box.top + box.height <= 0) {
    return `${name} lies outside the ${width}×${height} image`;
  }
  const side = MAX_CROP_SCALE * Math.max(width, height);
  if (box.width > side || box.height > side) return `${name} is larger than ${MAX_CROP_SCALE}× the ${width}×${height} image's longest side`;
  return null;
}

/** Moved by (dx, dy) photo pixels, kept inside (or, with `{ outside: true }`, its centre on the photo). */
export function moveCrop(box: CropBox, dx: number, dy: number, width: number, height: number, aspect: number, bounds: CropBounds = {}): CropBox {
  return fitCrop({ ...box, left: box.left + dx, top: box.top + dy }, width, height, aspect, bounds);
}

/** Scaled by `factor` about its centre, kept inside (or within the `outside` bounds). */
export function scaleCrop(box: CropBox, factor: number, width: number, height: number, aspect: number, bounds: CropBounds = {}): CropBox {
  const w = box.width * factor;
  const h = w / aspect;
  const cx = box.left + box.width / 2;
  const cy = box.top + box.height / 2;
  return fitCrop({ left: cx - w / 2, top: cy - h / 2, width: w, height: h }, width, height, aspect, bounds);
}

/** Space left around an object by objectCrop on each side, as a fraction of the box's side. */
export const OBJECT_SLACK = 0.02;

/**
 * "Fit whole object": the box of the aspect around an object (its bounding box in photo pixels),
 * centred on it, reaching past the photo's edges where the object's shape needs it. No margin is
 * added for the pack: the preprocessing fits the box inside the pack's margin itself, so a tight
 * box gives exactly the training pictures' framing; OBJECT_SLACK keeps soft edges (a shadow,
 * anti-aliasing) that the object search may have missed from being cut, but never alone pushes
 * the box past the photo's edges (an object filling the photo gets the photo's own square).
 */
export function objectCrop(object: CropBox, width: number, height: number, aspect: number): CropBox {
  const tight = Math.max(object.width, object.height * aspect);
  const cx = object.left + object.width / 2;
  const cy = object.top + object.height / 2;
  // The widest box about this centre that stays on the photo.
  const inside = Math.min(2 * Math.min(cx, width - cx), 2 * Math.min(cy, height - cy) * aspect);
  let w = tight * (1 + 2 * OBJECT_SLACK);
  if (tight <= inside && inside < w) w = inside;
  const h = w / aspect;
  return fitCrop({ left: cx - w / 2, top: cy - h / 2, width: w, height: h }, width, height, aspect, { outside: true });
}

export function sameCrop(a: CropBox, b: CropBox): boolean {
  return a.left === b.left && a.top === b.top && a.width === b.width && a.height === b.height;
}

/**
 * The box for another aspect (a pack switch), centred where the old box was, shrunk to fit the
 * photo and moved inside it. A box as large as the photo allows (it spans the photo's whole width
 * or height, like the default box) stays as large as the new aspect allows; a smaller one keeps
 * about its area. A box that already has the aspect comes back unchanged (fitted only). With
 * `{ outside: true }` a box reaching past the edges may stay there.
 */
export function adaptCrop(box: CropBox, width: number, height: number, aspect: number, bounds: CropBounds = {}): CropBox {
  if (box.width > 0 && box.height > 0 && Math.round(box.width / aspect) === box.height) return fitCrop(box, width, height, aspect, bounds);
  const largest = largestCentred(width, height, aspect);
  const maximal = box.width >= width || box.height >= height;
  const area = Math.max(1, box.width) * Math.max(1, box.height);
  const w = maximal ? largest.width : Math.min(largest.width, Math.sqrt(area * aspect));
  const h = w / aspect;
  const cx = box.left + box.width / 2;
  const cy = box.top + box.height / 2;
  return fitCrop({ left: cx - w / 2, top: cy - h / 2, width: w, height: h }, width, height, aspect, bounds);
}
