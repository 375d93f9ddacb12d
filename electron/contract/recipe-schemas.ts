/**
 * Recipes (issue #19, "Edit a whole folder"): a named set of slider values (the pack's directions
 * and the user's custom ones), locks, keep details and its strength, sampler steps and the embedding
 * method, for one pack. The editor saves its sliders as one (kept per pack in the user data folder),
 * `reseed batch --recipe` applies one to every picture of a folder, and the same JSON is the file a
 * recipe is exported to and imported from (docs/cli.md, "Recipe files"). zod only: the renderer
 * imports this too.
 *
 * The schema checks a recipe's shape; whether its directions exist and its pack is the active one
 * needs the pack, so the engine checks that (engine/recipe.ts) and names what is wrong.
 */
import { z } from 'zod';
import { EmbedMethodSchema, SliderValuesSchema, StepsSchema } from './editor-schemas';
import { KeepDetailsSchema, LocksSchema } from './faithful-schemas';

export const RECIPE_FORMAT = 'reseed-recipe';

/** An exported recipe is a few hundred bytes; anything near this is not one. */
export const MAX_RECIPE_FILE_CHARS = 64 * 1024;

export const RecipeNameSchema = z
  .string()
  .trim()
  .min(1, 'give the recipe a name')
  .max(80, 'at most 80 characters')
  .refine((s) => /[\p{L}\p{N}]/u.test(s), 'the name needs a letter or digit');

/** A saved recipe's id (its file name in the user data folder), made from its first name. */
export const RecipeIdSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'expected a recipe id (a–z, 0–9, -)');

/** What a recipe does to every picture. */
export const RecipeEditSchema = z.object({
  /** Slider values in units of σ, by direction id (the pack's or a custom one). */
  sliders: SliderValuesSchema,
  /** Directions whose attribute must stay where it was (docs/design.md, Locks). */
  locks: LocksSchema.default([]),
  /** Keep details (docs/design.md, Faithful edits): on by default, at full strength. */
  keepDetails: KeepDetailsSchema.default({ on: true, strength: 1 }),
  /** Sampler steps; null: the pack's default. */
  steps: StepsSchema.nullable().default(null),
  /** How pictures are embedded when a batch has to embed them first. */
  method: EmbedMethodSchema.default('network'),
});
export type RecipeEdit = z.infer<typeof RecipeEditSchema>;

export const RecipePackSchema = z.object({
  id: z.string().min(1).max(128),
  /** The pack's version when the recipe was saved (shown; not checked). */
  version: z.string().max(64).optional(),
});

/** The recipe file: what recipeExport writes, recipeImport and `reseed batch --recipe` read. */
export const RecipeFileSchema = z.strictObject({
  format: z.literal(RECIPE_FORMAT),
  version: z.literal(1),
  name: RecipeNameSchema,
  pack: RecipePackSchema,
  ...RecipeEditSchema.shape,
  /** In the user data folder: the id it is saved under and when (ignored on import). */
  id: RecipeIdSchema.optional(),
  created: z.iso.datetime().optional(),
});
export type RecipeFile = z.infer<typeof RecipeFileSchema>;

/** A recipe as the editor lists it. */
export const RecipeInfoSchema = z.object({
  id: z.string(),
  name: z.string(),
  pack: RecipePackSchema,
  ...RecipeEditSchema.shape,
  /** 12 hex digits of sha256 over what the edit does (not the name): batch index lines carry it. */
  hash: z.string(),
  created: z.string().nullable(),
  /** Why it cannot run on the active pack now (a custom slider it names was deleted); null: it can. */
  error: z.string().nullable(),
});
export type RecipeInfo = z.infer<typeof RecipeInfoSchema>;

export const RecipeListSchema = z.object({
  /** The active pack, whose recipes these are. */
  pack: z.string(),
  recipes: z.array(RecipeInfoSchema),
});
export type RecipeList = z.infer<typeof RecipeListSchema>;

/** Saves the editor's current sliders for the active pack. */
export const RecipeSaveRequestSchema = z.object({
  name: RecipeNameSchema,
  ...RecipeEditSchema.shape,
  /** Replace the recipe of the same name (else a name already used is refused). */
  replace: z.boolean().default(false),
});
export type RecipeSaveRequest = z.infer<typeof RecipeSaveRequestSchema>;

export const RecipeRenameRequestSchema = z.object({ id: RecipeIdSchema, name: RecipeNameSchema });
export const RecipeDeleteRequestSchema = z.object({ id: RecipeIdSchema });
export const RecipeDeletedSchema = z.object({ id: z.string(), deleted: z.boolean() });

/** A recipe file's text (the renderer reads the file the user chose; no path crosses the API). */
export const RecipeImportRequestSchema = z.object({
  text: z.string().max(MAX_RECIPE_FILE_CHARS, 'too large for a recipe file'),
  replace: z.boolean().default(false),
});

export const RecipeExportRequestSchema = z.object({ id: RecipeIdSchema });
/** The file to save: a suggested name and its JSON text. */
export const RecipeExportedSchema = z.object({ fileName: z.string(), text: z.string() });

/** A batch's recipe given inline (the editor's current sliders, unsaved): for the active pack. */
export const BatchRecipeSchema = RecipeEditSchema.extend({ name: RecipeNameSchema.optional() });
export type BatchRecipe = z.infer<typeof BatchRecipeSchema>;

/** What a batch's index line says of the edit (engine/batch/index-file.ts writes the same). */
export const EditRecordSchema = z.object({
  /** The recipe's name; null for sliders given on the command line. */
  recipe: z.string().nullable(),
  hash: z.string(),
  status: z.enum(['ok', 'error']),
  error: z.string().nullable(),
  /** With locks: whether each held on this picture (null: nothing to measure, the projection alone). */
  locks: z.array(z.object({ id: z.string(), held: z.boolean().nullable() })).optional(),
});
export type EditRecord = z.infer<typeof EditRecordSchema>;
