/**
 * Schemas of face detection in the open photo (packs whose preprocessing has `crop: face`; other
 * packs are refused with `unsupported`): the detected face and the crop box proposed around it
 * for the active pack. Runs in the renderer too: zod only.
 */
import { z } from 'zod';
import { CropBoxSchema, IdSchema } from './editor-schemas';

export const FaceDetectRequestSchema = z.object({ imageId: IdSchema });

export const FaceBoxSchema = z.object({
  left: z.number().int().nonnegative(),
  top: z.number().int().nonnegative(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
});

export const FaceDetectedSchema = z.object({
  imageId: IdSchema,
  /** The largest face (photo pixels, after EXIF rotation); null when none was found. */
  face: FaceBoxSchema.nullable(),
  /** How many faces were found. */
  faces: z.number().int().nonnegative(),
  /** The crop box around the face for the active pack (its aspect and framing); null without a face. */
  crop: CropBoxSchema.nullable(),
  /** Width ÷ height of the active pack's images, which `crop` keeps. */
  aspect: z.number().positive(),
  /** The active pack's id: a proposal applies only while that pack is active. */
  packId: z.string(),
  detectMs: z.number().nonnegative(),
  /** For the user: where the face is, or that none was found and the box is to be drawn by hand. */
  message: z.string(),
});
export type FaceDetected = z.infer<typeof FaceDetectedSchema>;
