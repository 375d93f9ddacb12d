/**
 * From a detected face to a crop box for a pack whose training images are whole faces (emoji
 * faces fill most of the frame, hair included). A Viola-Jones box spans about brows to mouth or
 * chin, so it is enlarged FACE_CROP_SCALE times about a centre moved up by FACE_CROP_LIFT of its
 * height (towards the hair), then made a valid crop box of the pack's aspect (fitCrop: whole
 * pixels, inside the photo).
 */
import { fitCrop } from '../../contract/crop-geometry';
import type { CropBox } from '../../contract/editor-schemas';

/** Side of the crop box ÷ side of the face box (chosen on assets/samples/astronaut.jpg). */
export const FACE_CROP_SCALE = 1.75;
/** How far the crop's centre sits above the face box's centre, as a fraction of its height. */
export const FACE_CROP_LIFT = 0.15;

export interface FaceRect {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

/** The crop box of `aspect` (width ÷ height) around `face` in a width × height photo. */
export function faceCropBox(face: FaceRect, width: number, height: number, aspect: number): CropBox {
  const cx = face.left + face.width / 2;
  const cy = face.top + face.height / 2 - FACE_CROP_LIFT * face.height;
  // Cover the enlarged face in both directions at the pack's aspect.
  let w = Math.max(face.width, face.height * aspect) * FACE_CROP_SCALE;
  let h = w / aspect;
  // Shrink to fit the photo about the same centre before fitCrop clamps the position.
  const fit = Math.min(1, width / w, height / h);
  w *= fit;
  h *= fit;
  return fitCrop({ left: cx - w / 2, top: cy - h / 2, width: w, height: h }, width, height, aspect);
}
