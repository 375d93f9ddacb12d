/**
 * Preview decoding (issue #21): while a slider is dragged the editor asks for `quality: 'preview'`,
 * the pack's one-pass preview decoder (pack.json networks.preview), and for the full S-step decode
 * when the slider rests. A pack without a preview answers a preview request with the full decode,
 * so the answer always says which decoder made the picture (`decoder`): the status bar shows it
 * and a preview picture is never taken for the final one.
 */
import { z } from 'zod';

/** Which decoder makes a picture: the S-step sampler (`full`) or the pack's one-pass preview. */
export const DecodeQualitySchema = z.enum(['preview', 'full']);
export type DecodeQuality = z.infer<typeof DecodeQualitySchema>;

/** Added to a decode request: absent means `full`, the picture as every export makes it. */
export const PreviewRequestFields = {
  quality: DecodeQualitySchema.optional(),
};

/** Added to a decode answer: the decoder that ran (`full` when a preview was asked of a pack without one). */
export const PreviewResultFields = {
  decoder: DecodeQualitySchema,
};
