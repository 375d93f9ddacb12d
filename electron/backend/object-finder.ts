/**
 * "Fit whole object" for the editor: the crop box around the object of an open photo for the
 * active pack (engine/image/fit-object.ts), with a line saying what it found, the same box
 * `reseed embed --fit-object` uses.
 */
import { fitObjectInBytes } from '../engine/image/fit-object';
import type { ObjectFitted } from '../contract/fit-object-schemas';
import type { Pack } from '../contract/pack-schema';

export async function findObjectBox(bytes: Buffer, name: string, pack: Pack): Promise<Omit<ObjectFitted, 'imageId'>> {
  const fitted = await fitObjectInBytes(bytes, pack, name);
  const aspect = pack.image.width / pack.image.height;
  const message =
    fitted.object === null
      ? `no object found: the photo is all like its border (${fitted.background}); the default box is proposed`
      : fitted.overhangs
        ? "the whole object: the box reaches past the photo's edges, which are padded with the background"
        : 'the whole object';
  return { crop: fitted.crop, object: fitted.object, overhangs: fitted.overhangs, background: fitted.background, aspect, packId: pack.id, message };
}
