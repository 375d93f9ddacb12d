/**
 * Face detection for the editor: the largest face in a photo and the crop box the active pack
 * would use around it (the same box `reseed embed` crops to without --crop).
 */
import { faceCropBox } from '../engine/image/face-crop';
import { detectFacesInPicture } from '../engine/image/face-detect';
import type { FaceDetected } from '../contract/face-schemas';
import type { Pack } from '../contract/pack-schema';

export async function findFace(bytes: Buffer, name: string, pack: Pack): Promise<Omit<FaceDetected, 'imageId'>> {
  const start = performance.now();
  const { faces, width, height } = await detectFacesInPicture(bytes, name);
  const detectMs = performance.now() - start;
  const aspect = pack.image.width / pack.image.height;
  const face = faces[0];
  if (face === undefined) return { face: null, faces: 0, crop: null, aspect, packId: pack.id, detectMs };
  const { left, top, width: w, height: h } = face;
  return { face: { left, top, width: w, height: h }, faces: faces.length, crop: faceCropBox(face, width, height, aspect), aspect, packId: pack.id, detectMs };
}
