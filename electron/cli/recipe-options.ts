/**
 * The edit of `reseed batch` (issue #19): `--recipe <file.json | saved id>`, or `--set id=v…` with
 * `--lock` and `--keep-details[=s]` / `--no-keep-details` as in `reseed edit`. A recipe file is
 * validated with the editor's own schema and checked against the opened pack and the user's custom
 * directions (engine/recipe.ts): a recipe for another pack, or naming a direction the pack does not
 * have, is a usage error (exit 2) that names it, found before any picture is read.
 */
import { readFile, stat } from 'node:fs/promises';
import type { EmbedMethod } from '../engine/embedding';
import type { OpenPack } from '../engine/open-pack';
import { parseRecipeFile, RecipeError, resolveRecipe, type ResolvedRecipe } from '../engine/recipe';
import { resolveUserData } from '../backend/user-data';
import { RecipeStore } from '../backend/recipe-store';
import { MAX_RECIPE_FILE_CHARS, RecipeIdSchema, type RecipeEdit, type RecipeFile } from '../contract/recipe-schemas';
import { sliderValues } from './args';
import { loadCustomDirections } from './custom-directions';
import { UsageError } from './exit-codes';
import { faithfulOptions, type FaithfulOptions } from './faithful-options';
import { absolute } from './files';
import type { CliIO } from './io';

export interface RecipeValues {
  recipe?: string;
  set?: string[];
  lock?: string[];
  'keep-details'?: string;
  'no-keep-details'?: boolean;
  photo?: boolean;
}

/** Whether the command line asks for an edit at all (checked before the pack is opened). */
export function wantsEdit(values: RecipeValues): boolean {
  return values.recipe !== undefined || (values.set ?? []).length > 0;
}

/** Usage errors of the edit options alone, before any work. */
export async function checkRecipeOptions(io: CliIO, values: RecipeValues): Promise<FaithfulOptions | undefined> {
  const sliders = (values.set ?? []).length > 0;
  const faithful = values.lock !== undefined || values['keep-details'] !== undefined || values['no-keep-details'] !== undefined;
  if (values.recipe !== undefined && sliders) throw new UsageError('give --recipe or --set, not both (a recipe holds its own sliders)');
  if (values.recipe !== undefined && faithful) throw new UsageError('--lock and --keep-details go with --set; a recipe holds its own (give --set instead of --recipe to choose them here)');
  if (!wantsEdit(values) && (faithful || values.photo)) {
    throw new UsageError(`${values.photo ? '--photo' : '--lock and --keep-details'} need an edit: --recipe <file.json> or --set <direction>=<value>`);
  }
  return sliders ? faithfulOptions(io, values) : undefined;
}

/** The recipe file, or a recipe saved in the editor for this pack (user data) by its id. */
async function readRecipe(io: CliIO, open: OpenPack, arg: string): Promise<RecipeFile> {
  const path = absolute(io, arg);
  const info = await stat(path).catch(() => undefined);
  if (info?.isFile()) {
    if (info.size > MAX_RECIPE_FILE_CHARS) throw new UsageError(`--recipe ${arg}: too large for a recipe file`);
    return parseRecipeFile(await readFile(path, 'utf8'), arg);
  }
  if (!info && RecipeIdSchema.safeParse(arg).success) {
    const store = new RecipeStore(resolveUserData({ env: io.env }).recipes, { warn: (m) => io.stderr(m + '\n') });
    const saved = await store.get(open.pack.manifest.id, arg);
    if (saved) return saved;
  }
  throw new UsageError(`--recipe ${arg}: ${info ? 'not a file' : `no such file, nor a recipe saved for the pack "${open.pack.manifest.id}"`}`);
}

/**
 * The edit for the opened pack: the recipe (with --steps and --method replacing its own), or the
 * --set sliders with --lock and keep details (on at strength 1 unless told otherwise, as in
 * `reseed edit`). undefined: no edit asked for.
 */
export async function resolveEdit(
  io: CliIO,
  open: OpenPack,
  values: RecipeValues,
  faithful: FaithfulOptions | undefined,
  overrides: { steps?: number; method?: EmbedMethod },
): Promise<ResolvedRecipe | undefined> {
  if (!wantsEdit(values)) return undefined;
  const custom = await loadCustomDirections(io, open);
  try {
    if (values.recipe !== undefined) {
      const file = await readRecipe(io, open, values.recipe);
      const edit: RecipeEdit = { ...file, steps: overrides.steps ?? file.steps, method: overrides.method ?? file.method };
      return resolveRecipe(open, edit, { name: file.name, pack: file.pack.id, custom: custom.usable, label: `--recipe ${values.recipe} ("${file.name}")` });
    }
    const edit: RecipeEdit = {
      sliders: sliderValues(values.set ?? []),
      locks: faithful?.locks ?? [],
      keepDetails: faithful?.keepDetails ? { on: true, strength: faithful.keepDetails.strength } : { on: false, strength: 1 },
      steps: overrides.steps ?? null,
      method: overrides.method ?? 'network',
    };
    return resolveRecipe(open, edit, { name: null, custom: custom.usable, label: '--set' });
  } catch (error) {
    if (error instanceof RecipeError) throw new UsageError(error.message);
    throw error;
  }
}
