/**
 * Face detection for the editor: the largest face in a photo and the crop box the active pack
 * would use around it (the same box `reseed embed` crops to without --crop). Only for packs whose
 * recipe crops around faces (`crop: face`): for the others a face means nothing, so the request is
 * refused, and the editor should not offer it (packInfo's `crop`).
 */
import { faceCropBox } from '../engine/image/face-crop';
import { detectFacesInPicture } from '../engine/image/face-detect';
import type { FaceDetected } from '../contract/face-schemas';
import { cropMode, type Pack } from '../contract/pack-schema';
import { ErrorCode, ReseedError } from '../contract/result';

/** What the user is told when no face is found. */
export const NO_FACE_MESSAGE = 'no face found (a face turned to the side, or narrower than about a fifteenth of the photo, is missed): draw the crop box around the face';

export async function findFace(bytes: Buffer, name: string, pack: Pack): Promise<Omit<FaceDetected, 'imageId'>> {
  if (cropMode(pack.preprocess) !== 'face') {
    throw new ReseedError(ErrorCode.unsupported, `${pack.name} does not crop around faces (its pictures are framed by the crop box alone): face search is for packs with crop "face"`);
  }
  const start = performance.now();
  const { faces, width, height } = await detectFacesInPicture(bytes, name);
  const detectMs = performance.now() - start;
  const aspect = pack.image.width / pack.image.height;
  const face = faces[0];
  if (face === undefined) return { face: null, faces: 0, crop: null, aspect, packId: pack.id, detectMs, message: NO_FACE_MESSAGE };
  const { left, top, width: w, height: h } = face;
  const more = faces.length > 1 ? ` (the largest of ${faces.length})` : '';
  const message = `face found at ${w}×${h}+${left}+${top}${more}: the crop box is around it`;
  return { face: { left, top, width: w, height: h }, faces: faces.length, crop: faceCropBox(face, width, height, aspect), aspect, packId: pack.id, detectMs, message };
}
