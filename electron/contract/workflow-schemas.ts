/**
 * Schemas of the editor's folder workflows: the folder browser (allowed roots), batch jobs, model
 * packs and settings. Runs in the renderer too: zod only, no Node or electron imports.
 *
 * Paths travel as absolute strings; the engine side checks every one against its allowed roots
 * (electron/backend/allowed-roots.ts), so the schema only bounds their shape.
 */
import { z } from 'zod';
import { EmbedMethodSchema, RequestIdSchema, StepsSchema } from './editor-schemas';
import { PolaritySchema } from './polarity-schema';
import { BatchRecipeSchema, EditRecordSchema, RecipeIdSchema } from './recipe-schemas';

/** An absolute path as the renderer sends it; no NUL bytes, bounded length. */
export const PathSchema = z
  .string()
  .min(1)
  .max(4096)
  .refine((s) => !s.includes('\0'), 'a path may not contain NUL');

export const ListFolderRequestSchema = z.object({
  /** null or absent: the allowed roots themselves. */
  path: PathSchema.nullable().optional(),
});

export const FolderListingSchema = z.object({
  /** null: the listing of the roots. */
  path: z.string().nullable(),
  /** The folder above, when it is still inside a root. */
  parent: z.string().nullable(),
  roots: z.array(z.string()),
  entries: z.array(z.object({ name: z.string(), path: z.string(), kind: z.enum(['folder', 'image']) })),
  /** True when the folder holds more entries than were listed. */
  truncated: z.boolean(),
});
export type FolderListing = z.infer<typeof FolderListingSchema>;

export const BatchRunRequestSchema = z.object({
  requestId: RequestIdSchema,
  input: PathSchema,
  out: PathSchema,
  recursive: z.boolean().default(false),
  method: EmbedMethodSchema.default('network'),
  steps: StepsSchema.optional(),
  /** Images per network batch; smaller batches make Cancel stop sooner. */
  batchSize: z.number().int().min(1).max(64).default(8),
  /** Negate or not (polarity-schema.ts); absent: `auto`, decided from each picture's border. */
  polarity: PolaritySchema.optional(),
  /**
   * Edit every picture (issue #19): a recipe given inline (the editor's current sliders) or a
   * saved one by id (recipeList), not both. Its method and steps replace `method` and `steps`.
   * Writes OUT/…/x.jpg.edited.png beside each seed; pictures embedded by an earlier run into the
   * same folder are edited from their seeds, not embedded again.
   */
  recipe: BatchRecipeSchema.optional(),
  recipeId: RecipeIdSchema.optional(),
  /**
   * Re-edit without embedding: the output folder of an earlier batch, whose seeds are decoded with
   * the recipe (one is required) into `out`; `input` is where their pictures are (keep details and
   * `photo` use them). `out` may not be this folder.
   */
  fromSeeds: PathSchema.optional(),
  /** With a recipe: also the whole photo with the edit pasted back (x.jpg.edited.jpg, x.png.edited.full.png). */
  photo: z.boolean().optional(),
});
export type BatchRunRequest = z.infer<typeof BatchRunRequestSchema>;

export const BatchProgressSchema = z.object({
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  ok: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  alreadyDone: z.number().int().nonnegative(),
  imagesPerSecond: z.number().nonnegative(),
  etaSeconds: z.number().nonnegative().nullable(),
  elapsedSeconds: z.number().nonnegative(),
});
export type BatchProgressInfo = z.infer<typeof BatchProgressSchema>;

export const BatchSummarySchema = BatchProgressSchema.extend({
  cancelled: z.boolean(),
  indexFile: z.string(),
  /** With a recipe: its name (null inline without one) and hash, pictures edited (of them `reused`: from earlier seeds) and edits failed. */
  edit: z
    .object({ recipe: z.string().nullable(), hash: z.string(), edited: z.number().int(), failed: z.number().int(), reused: z.number().int() })
    .optional(),
});
export type BatchSummaryInfo = z.infer<typeof BatchSummarySchema>;

export const BatchEventSchema = z.object({
  requestId: RequestIdSchema,
  phase: z.enum(['start', 'progress', 'end']),
  progress: BatchProgressSchema,
});
export type BatchEvent = z.infer<typeof BatchEventSchema>;

export const BatchResultsRequestSchema = z.object({
  input: PathSchema,
  out: PathSchema,
  offset: z.number().int().nonnegative().default(0),
  /** Items with thumbnails per page (thumbnails are small data URLs). */
  limit: z.number().int().min(1).max(200).default(48),
  /** A re-edit's results (`out` written by batchRun with fromSeeds): the seeds' folder, where the reconstructions are. */
  fromSeeds: PathSchema.optional(),
});

export const BatchResultsSchema = z.object({
  /** Inputs recorded in the index (the last line for an input wins). */
  total: z.number().int().nonnegative(),
  ok: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  items: z.array(
    z.object({
      input: z.string(),
      mse: z.number().nullable(),
      psnr: z.number().nullable(),
      thumbnail: z.string().nullable(),
      reconstruction: z.string().nullable(),
      /** A pack that negates: what it did with the picture ("dark background: kept as is"); else null. */
      polarity: z.string().nullable().default(null),
      /** With a recipe: the edit its index line records (recipe name, hash, status, error); else null. */
      edit: EditRecordSchema.nullable().optional(),
      /** The edited picture at the model's size (data URL) and its path; null when there is none. */
      edited: z.string().nullable().optional(),
      editedPath: z.string().nullable().optional(),
      /** The whole photo with the edit pasted back (a batch with `photo`), by path; null when there is none. */
      photoPath: z.string().nullable().optional(),
    }),
  ),
  errors: z.array(z.object({ input: z.string(), reason: z.string() })),
});
export type BatchResults = z.infer<typeof BatchResultsSchema>;

export const PackImportRequestSchema = z.object({ dir: PathSchema });
export const PackUseRequestSchema = z.object({ dir: PathSchema });
export const PackRemoveRequestSchema = z.object({ dir: PathSchema });

/** The report of a pack trained with `reseed train` (its report/ folder and metrics.training). */
export const PackReportSchema = z.object({
  /** Quality numbers as label and formatted value ("Reconstruction (network)", "MSE 0.0156, 18.3 dB"). */
  quality: z.array(z.object({ label: z.string(), value: z.string() })),
  /** The sample grid from random seeds and the slider strips, as PNG data URLs (null when absent or too large). */
  samples: z.string().nullable(),
  strips: z.string().nullable(),
  /** The report's markdown file, for opening outside the app. */
  file: z.string(),
});
export type PackReport = z.infer<typeof PackReportSchema>;

export const PackSummarySchema = z.object({
  dir: z.string(),
  source: z.string(),
  id: z.string().nullable(),
  name: z.string().nullable(),
  version: z.string().nullable(),
  license: z.string().nullable(),
  /** pack.json's attribution (who made the pack and its data), when it names one. */
  attribution: z.string().nullable(),
  /** Where the training images came from and under which licence. */
  trainingData: z.object({ name: z.string(), source: z.string(), license: z.string(), images: z.number() }).nullable(),
  /** A short line of the pack's measured metrics ("mse 0.004, psnr 24.1"). */
  metrics: z.string().nullable(),
  error: z.string().nullable(),
  active: z.boolean(),
  /** The user imported it and may delete it (packRemove): not built in, not the default, not active. */
  removable: z.boolean().default(false),
  /** A trained pack's report (reseed train); null for other packs. */
  report: PackReportSchema.nullable().default(null),
});
export const PackCatalogSchema = z.object({ packs: z.array(PackSummarySchema) });
export type PackCatalog = z.infer<typeof PackCatalogSchema>;

export const ThemeSchema = z.enum(['system', 'light', 'dark']);
export const ProviderPreferenceSchema = z.enum(['auto', 'cpu', 'cuda', 'webgpu', 'coreml', 'dml']);

/** Settings persisted in the user data folder (settings.json). Every field has a default. */
export const SettingsSchema = z.object({
  provider: ProviderPreferenceSchema.default('auto'),
  steps: StepsSchema.nullable().default(null),
  theme: ThemeSchema.default('system'),
  /** Keep details (docs/design.md, Faithful edits): on by default, at full strength. */
  keepDetails: z.object({ on: z.boolean().default(true), strength: z.number().min(0).max(1).default(1) }).prefault({}),
  lastFolders: z
    .object({
      batchInput: z.string().max(4096).nullable().default(null),
      batchOutput: z.string().max(4096).nullable().default(null),
      packImport: z.string().max(4096).nullable().default(null),
    })
    .prefault({}),
});
export type Settings = z.infer<typeof SettingsSchema>;

/** A partial update: only the fields given change. */
export const SettingsPatchSchema = z.object({
  provider: ProviderPreferenceSchema.optional(),
  steps: StepsSchema.nullable().optional(),
  theme: ThemeSchema.optional(),
  keepDetails: z.object({ on: z.boolean().optional(), strength: z.number().min(0).max(1).optional() }).optional(),
  lastFolders: z
    .object({
      batchInput: z.string().max(4096).nullable().optional(),
      batchOutput: z.string().max(4096).nullable().optional(),
      packImport: z.string().max(4096).nullable().optional(),
    })
    .optional(),
});
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>;
