/**
 * Schemas of "fit whole object": the crop box of the active pack's aspect around the object of an
 * open photo, found by its difference from the photo's border colour. Runs in the renderer too:
 * zod only.
 */
import { z } from 'zod';
import { CropBoxSchema, IdSchema } from './editor-schemas';

export const FitObjectRequestSchema = z.object({ imageId: IdSchema });

export const ObjectFittedSchema = z.object({
  imageId: IdSchema,
  /**
   * The box to embed (photo pixels): the object centred and whole, with a little room; it may
   * reach past the photo's edges (negative left/top, or beyond the far side), where the engine
   * pads with the pack's background. Without an object it is the default crop.
   */
  crop: CropBoxSchema,
  /** The object's bounding box (pixels unlike the photo's border colour); null when none was found. */
  object: CropBoxSchema.nullable(),
  /** Whether `crop` reaches past the photo's edges. */
  overhangs: z.boolean(),
  /** The photo's border colour the object was told apart from (#rrggbb, its median). */
  background: z.string().regex(/^#[0-9a-f]{6}$/),
  /** Width ÷ height of the active pack's images, which `crop` keeps. */
  aspect: z.number().positive(),
  /** The active pack's id: a proposal applies only while that pack is active. */
  packId: z.string(),
  /** For the user, e.g. "the whole object: the box reaches past the photo's edges (padded with white)". */
  message: z.string(),
});
export type ObjectFitted = z.infer<typeof ObjectFittedSchema>;
