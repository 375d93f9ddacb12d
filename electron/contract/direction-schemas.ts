/**
 * Schemas of custom sliders made from examples (two folders of pictures, with and without an
 * attribute) and of opening a folder in the system's file manager. Runs in the renderer too: zod
 * only. Folder paths are checked against the allowed roots on the engine side.
 */
import { z } from 'zod';
import { DirectionInfoSchema, RequestIdSchema } from './editor-schemas';
import { PathSchema } from './workflow-schemas';

/** A direction id as slider values name it (editor-schemas.ts, SliderValuesSchema). */
export const DirectionIdSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'expected a direction id (a–z, 0–9, -)');

/** Pictures read per folder at most: enough for a stable mean, quick on a CPU. */
export const MAX_EXAMPLES_PER_FOLDER = 200;
/** Usable pictures needed per folder: one picture has no spread, and its mean is just noise. */
export const MIN_EXAMPLES_PER_FOLDER = 2;

export const DirectionCreateRequestSchema = z.object({
  requestId: RequestIdSchema,
  /** The slider's label; its id is made from it. */
  name: z
    .string()
    .trim()
    .min(1, 'give the slider a name')
    .max(60, 'at most 60 characters')
    .refine((s) => /[\p{L}\p{N}]/u.test(s), 'the name needs a letter or digit'),
  /** Pictures that have the attribute (the slider's positive end). */
  withFolder: PathSchema,
  /** Pictures that lack it. */
  withoutFolder: PathSchema,
});
export type DirectionCreateRequest = z.infer<typeof DirectionCreateRequestSchema>;

export const ExampleGroupSchema = z.object({
  folder: z.string(),
  /** Pictures embedded. */
  used: z.number().int().nonnegative(),
  /** Image-named files that could not be read (corrupt, not a picture). */
  skipped: z.number().int().nonnegative(),
  /** True when the folder held more pictures than were read. */
  truncated: z.boolean(),
});
export type ExampleGroup = z.infer<typeof ExampleGroupSchema>;

export const DirectionCreatedSchema = z.object({
  direction: DirectionInfoSchema,
  sigma: z.number().positive(),
  with: ExampleGroupSchema,
  without: ExampleGroupSchema,
});
export type DirectionCreated = z.infer<typeof DirectionCreatedSchema>;

export const DirectionDeleteRequestSchema = z.object({ id: DirectionIdSchema });
export const DirectionDeletedSchema = z.object({ id: z.string(), deleted: z.boolean() });

export const OpenFolderRequestSchema = z.object({ path: PathSchema });
/** The folder as opened (its real path, symlinks resolved). */
export const FolderOpenedSchema = z.object({ path: z.string() });
