/**
 * Whether a picture is negated on its way into the model: the choice of embed and batch requests,
 * and what was done. Imported by editor-schemas.ts and workflow-schemas.ts, so it imports neither.
 * Runs in the renderer too: zod only.
 */
import { z } from 'zod';

/**
 * `auto` (the default) decides from the picture: a pack whose recipe negates (Fashion-MNIST:
 * light garments on black) negates a picture whose border is like the recipe's background (a
 * product on white) and keeps one whose border is already like the training pictures' (a light
 * garment on black); a pack that does not negate never does. `negate` and `keep` force the choice.
 */
export const PolaritySchema = z.enum(['auto', 'negate', 'keep']);
export type Polarity = z.infer<typeof PolaritySchema>;

/** What was done, for the user: `note` like "dark background: kept as is". */
export const PolarityAppliedSchema = z.object({
  negated: z.boolean(),
  note: z.string(),
});
export type PolarityApplied = z.infer<typeof PolarityAppliedSchema>;
