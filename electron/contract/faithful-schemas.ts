/**
 * Faithful edits in the editor's requests (docs/design.md, Faithful edits and Locks): keep details,
 * locks and an edit mask on decode, exportImage and exportPhoto, and what each lock did. zod only
 * (the renderer imports this too).
 *
 * Sending any of them asks for a faithful edit: for a seed embedded from a photo the picture comes
 * back in the photo's colours (`colours: 'photo'`: a pack that negates its inputs is turned back);
 * without them a decode is what it always was (the model's colours, D(z')).
 */
import { z } from 'zod';

/** A mask picture is small (a few strokes); its data URL is capped well below a photo's. */
export const MAX_MASK_BASE64_CHARS = 8 * 1024 * 1024;

/** Keep details: the change the sliders make, s·(D(z') − D(z)), added to the photo's own pixels. */
export const KeepDetailsSchema = z.object({
  on: z.boolean(),
  /** s in [0, 1]: 0 keeps the photo as it is, 1 adds the whole change. */
  strength: z.number().min(0).max(1).default(1),
});
export type KeepDetailsSetting = z.infer<typeof KeepDetailsSchema>;

const DirectionIdSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/i, 'expected a direction id');

/** Directions whose attribute of the decoded picture must stay where it was; locked sliders keep their own values. */
export const LocksSchema = z.array(DirectionIdSchema).max(16, 'at most 16 locks');

/**
 * Where the edit goes: a PNG (or JPEG) data URL, white = edit, of any size, stretched over the
 * seed's crop box (crop-relative, so the same mask fits wherever the box sits in the photo). In
 * the exported photo it is feathered by a few pixels; beyond that nothing changes.
 */
export const EditMaskSchema = z
  .string()
  .max(MAX_MASK_BASE64_CHARS, 'the mask is too large')
  .refine((s) => /^data:image\/(png|jpeg);base64,[A-Za-z0-9+/]*={0,2}$/.test(s), 'expected a PNG or JPEG data URL');

/** The optional request fields, spread into decode, exportImage and exportPhoto. */
export const FaithfulRequestFields = {
  keepDetails: KeepDetailsSchema.optional(),
  locks: LocksSchema.optional(),
  mask: EditMaskSchema.optional(),
};

/** What one lock did. */
export const LockStatusSchema = z.object({
  id: z.string(),
  /**
   * closed-loop: measured on the decoded picture and corrected (≤ 4 extra decodes);
   * projection-only: nothing to measure (a custom slider, or a classifier attribute in a pack
   * without an attribute scorer), so the other moves were only projected off it.
   */
  mode: z.enum(['closed-loop', 'projection-only']),
  /** What is measured, e.g. "object-intensity", "P(glasses in [1, 2])"; null when nothing is. */
  attribute: z.string().nullable(),
  /** Its value on the unedited picture, after the projection alone, and as shown. */
  target: z.number().nullable(),
  projected: z.number().nullable(),
  value: z.number().nullable(),
  /** Within tolerance of the target; null when not measured. */
  held: z.boolean().nullable(),
  /** Slider units the loop added to the locked direction. */
  correction: z.number(),
});
export type LockStatusInfo = z.infer<typeof LockStatusSchema>;

/** The response fields (optional in the type, so older callers' fakes still fit; always sent). */
export const FaithfulResultFields = {
  /** photo: in the photo's colours (a faithful edit of an embedded seed); model: as the model draws it. */
  colours: z.enum(['photo', 'model']).optional(),
  /** Whether keep details was applied (it needs an embedded photo). */
  keepDetails: z.boolean().optional(),
  locks: z.array(LockStatusSchema).optional(),
};
