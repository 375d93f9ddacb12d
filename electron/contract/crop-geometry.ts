/**
 * Crop-box arithmetic in the photo's own pixels: the box keeps the pack's aspect ratio
 * (width ÷ height), stays inside the photo, and is at least a few pixels wide. Pure: shared by
 * the fabric.js canvas (mouse) and the keyboard controls; unit-tested.
 */
import type { CropBox } from './contract';

export const MIN_CROP_SIDE = 8;

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
export function fitCrop(box: CropBox, width: number, height: number, aspect: number): CropBox {
  const largest = largestCentred(width, height, aspect);
  const minW = Math.min(largest.width, Math.max(MIN_CROP_SIDE, Math.round(MIN_CROP_SIDE * aspect)));
  const w = Math.max(minW, Math.min(largest.width, Math.round(box.width)));
  const h = Math.max(1, Math.min(height, Math.round(w / aspect)));
  const left = Math.min(width - w, Math.max(0, Math.round(box.left)));
  const top = Math.min(height - h, Math.max(0, Math.round(box.top)));
  return { left, top, width: w, height: h };
}

/** Moved by (dx, dy) photo pixels, kept inside. */
export function moveCrop(box: CropBox, dx: number, dy: number, width: number, height: number, aspect: number): CropBox {
  return fitCrop({ ...box, left: box.left + dx, top: box.top + dy }, width, height, aspect);
}

/** Scaled by `factor` about its centre, kept inside. */
export function scaleCrop(box: CropBox, factor: number, width: number, height: number, aspect: number): CropBox {
  const w = box.width * factor;
  const h = w / aspect;
  const cx = box.left + box.width / 2;
  const cy = box.top + box.height / 2;
  return fitCrop({ left: cx - w / 2, top: cy - h / 2, width: w, height: h }, width, height, aspect);
}

export function sameCrop(a: CropBox, b: CropBox): boolean {
  return a.left === b.left && a.top === b.top && a.width === b.width && a.height === b.height;
}

/**
 * The box for another aspect (a pack switch), centred where the old box was, shrunk to fit the
 * photo and moved inside it. A box as large as the photo allows (it spans the photo's whole width
 * or height, like the default box) stays as large as the new aspect allows; a smaller one keeps
 * about its area. A box that already has the aspect comes back unchanged (fitted only).
 */
export function adaptCrop(box: CropBox, width: number, height: number, aspect: number): CropBox {
  if (box.width > 0 && box.height > 0 && Math.round(box.width / aspect) === box.height) return fitCrop(box, width, height, aspect);
  const largest = largestCentred(width, height, aspect);
  const maximal = box.width >= width || box.height >= height;
  const area = Math.max(1, box.width) * Math.max(1, box.height);
  const w = maximal ? largest.width : Math.min(largest.width, Math.sqrt(area * aspect));
  const h = w / aspect;
  const cx = box.left + box.width / 2;
  const cy = box.top + box.height / 2;
  return fitCrop({ left: cx - w / 2, top: cy - h / 2, width: w, height: h }, width, height, aspect);
}
