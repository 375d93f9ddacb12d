/**
 * The photo's keyboard crop controls (arrows move, + / − resize) as a pure function. Resizing is
 * about the box's centre; a box that cannot grow (it already spans the photo's width or height,
 * like the default box) stays exactly where it is, where growing and clamping used to shift it.
 * Pure: unit-tested in test/renderer/crop-keys.test.ts.
 */
import type { CropBox } from '../../../electron/contract/contract';
import { cropOverhangs, fitCrop, moveCrop, sameCrop, scaleCrop, type CropBounds } from '../../../electron/contract/crop-geometry';

export interface PhotoSize {
  readonly width: number;
  readonly height: number;
  readonly aspect: number;
}

/** The box `factor` times larger (or smaller) about its centre; the same box when it cannot change. */
export function resizeCrop(box: CropBox, factor: number, photo: PhotoSize, bounds: CropBounds = {}): CropBox {
  const scaled = scaleCrop(box, factor, photo.width, photo.height, photo.aspect, bounds);
  if (scaled.width === box.width && scaled.height === box.height) return box;
  // Clamped to the photo: centre the size it got on the old centre again, then keep it inside.
  const cx = box.left + box.width / 2;
  const cy = box.top + box.height / 2;
  const centred = fitCrop({ left: cx - scaled.width / 2, top: cy - scaled.height / 2, width: scaled.width, height: scaled.height }, photo.width, photo.height, photo.aspect, bounds);
  return sameCrop(centred, box) ? box : centred;
}

/**
 * What a key does to the crop box (null: not a crop key). Shift takes larger steps. A box inside
 * the photo stays inside (the keys stop at its edges, as they always did); a box already reaching
 * past them (dragged there, or "fit whole object") may move and grow out there.
 */
export function cropForKey(key: string, shift: boolean, box: CropBox, photo: PhotoSize): CropBox | null {
  const bounds: CropBounds = { outside: cropOverhangs(box, photo.width, photo.height) };
  const step = Math.max(1, Math.round(Math.max(photo.width, photo.height) * (shift ? 0.1 : 0.01)));
  const moves: Record<string, [number, number]> = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
  const move = moves[key];
  if (move !== undefined) return moveCrop(box, move[0], move[1], photo.width, photo.height, photo.aspect, bounds);
  if (key === '+' || key === '=') return resizeCrop(box, shift ? 1.2 : 1.05, photo, bounds);
  if (key === '-' || key === '_') return resizeCrop(box, shift ? 1 / 1.2 : 1 / 1.05, photo, bounds);
  return null;
}
