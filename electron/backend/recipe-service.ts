/**
 * Recipes for the editor (issue #19): save the current sliders under a name for the active pack,
 * list, rename, delete, export one as a small JSON file and import one. Every recipe saved or
 * imported is checked against the active pack (its pack id, each direction it names: the pack's
 * or the user's custom ones) with the engine's own check, so the message names what does not fit;
 * a recipe for another pack gets `pack-mismatch`. Batches take a saved recipe by id or one given
 * inline (`forBatch`).
 */
import type { OpenPack } from '../engine/open-pack';
import { parseRecipeFile, recipeHash, RecipeError, resolveRecipe, type ResolvedRecipe } from '../engine/recipe';
import {
  RECIPE_FORMAT,
  type BatchRecipe,
  type RecipeEdit,
  type RecipeFile,
  type RecipeInfo,
  type RecipeList,
  type RecipeSaveRequest,
} from '../contract/recipe-schemas';
import { ErrorCode, ReseedError } from '../contract/result';
import type { DirectionStore } from './direction-store';
import { slugify, uniqueId } from './direction-store';
import type { RecipeStore, SavedRecipe } from './recipe-store';

export interface RecipeServiceOptions {
  /** The active pack (EditorService.pack). */
  readonly pack: () => Promise<OpenPack>;
  readonly store: RecipeStore;
  /** The user's custom directions (EditorService.directions): a recipe may name them. */
  readonly directions: DirectionStore;
}

/** A RecipeError as the envelope code the editor shows: another pack's recipe, or a bad one. */
function coded(error: unknown): unknown {
  if (!(error instanceof RecipeError)) return error;
  return new ReseedError(error.kind === 'pack' ? ErrorCode.packMismatch : ErrorCode.invalidRequest, error.message);
}

const sameName = (a: string, b: string) => a.localeCompare(b, undefined, { sensitivity: 'accent' }) === 0;

export class RecipeService {
  constructor(private readonly options: RecipeServiceOptions) {}

  async list(): Promise<RecipeList> {
    const open = await this.options.pack();
    const custom = await this.custom(open);
    const recipes = await this.options.store.list(open.pack.manifest.id);
    return { pack: open.pack.manifest.id, recipes: recipes.map((r) => this.info(open, r, custom)) };
  }

  /** Saves the sliders under `name`; a name in use is refused unless `replace` (then that recipe is updated). */
  async save(request: RecipeSaveRequest): Promise<RecipeInfo> {
    const { name, replace, ...edit } = request;
    return this.add(name, edit, replace);
  }

  async rename(id: string, name: string): Promise<RecipeInfo> {
    const open = await this.options.pack();
    const all = await this.options.store.list(open.pack.manifest.id);
    const recipe = all.find((r) => r.id === id);
    if (!recipe) throw new ReseedError(ErrorCode.notFound, `"${id}" is not a saved recipe of this pack`);
    if (all.some((r) => r.id !== id && sameName(r.name, name))) throw new ReseedError(ErrorCode.invalidRequest, `a recipe named "${name}" exists already`);
    const renamed = { ...recipe, name };
    await this.options.store.save(renamed);
    return this.info(open, renamed, await this.custom(open));
  }

  async remove(id: string): Promise<{ id: string; deleted: boolean }> {
    const open = await this.options.pack();
    await this.options.store.remove(open.pack.manifest.id, id);
    return { id, deleted: true };
  }

  /** A recipe file's text, validated like `reseed batch --recipe` validates it, then saved. */
  async import(text: string, replace: boolean): Promise<RecipeInfo> {
    let file: RecipeFile;
    try {
      file = parseRecipeFile(text, 'the recipe file');
    } catch (error) {
      throw coded(error);
    }
    const { format: _format, version: _version, name, pack, id: _id, created: _created, ...edit } = file;
    return this.add(name, edit, replace, pack.id);
  }

  /** The file to save: `<id>.recipe.json` with the recipe alone (no id or date: importing makes its own). */
  async export(id: string): Promise<{ fileName: string; text: string }> {
    const open = await this.options.pack();
    const recipe = await this.options.store.get(open.pack.manifest.id, id);
    if (!recipe) throw new ReseedError(ErrorCode.notFound, `"${id}" is not a saved recipe of this pack`);
    const { id: _id, created: _created, ...file } = recipe;
    return { fileName: `${id}.recipe.json`, text: JSON.stringify(file, null, 2) + '\n' };
  }

  /** A batch's recipe: a saved one by id, or the sliders given inline; checked against `open`. */
  async forBatch(open: OpenPack, request: { recipe?: BatchRecipe; recipeId?: string }): Promise<ResolvedRecipe | undefined> {
    if (request.recipe && request.recipeId) throw new ReseedError(ErrorCode.invalidRequest, 'give a recipe or a recipe id, not both');
    const custom = await this.custom(open);
    try {
      if (request.recipeId !== undefined) {
        const saved = await this.options.store.get(open.pack.manifest.id, request.recipeId);
        if (!saved) throw new ReseedError(ErrorCode.notFound, `"${request.recipeId}" is not a saved recipe of this pack`);
        return resolveRecipe(open, saved, { name: saved.name, pack: saved.pack.id, custom });
      }
      if (request.recipe) {
        const { name, ...edit } = request.recipe;
        return resolveRecipe(open, edit, { name: name ?? null, custom });
      }
      return undefined;
    } catch (error) {
      throw coded(error);
    }
  }

  private async add(name: string, edit: RecipeEdit, replace: boolean, pack?: string): Promise<RecipeInfo> {
    const open = await this.options.pack();
    const manifest = open.pack.manifest;
    const custom = await this.custom(open);
    try {
      resolveRecipe(open, edit, { name, pack, custom });
    } catch (error) {
      throw coded(error);
    }
    const all = await this.options.store.list(manifest.id);
    const existing = all.find((r) => sameName(r.name, name));
    if (existing && !replace) throw new ReseedError(ErrorCode.invalidRequest, `a recipe named "${name}" exists already (replace it, or choose another name)`);
    const recipe: SavedRecipe = {
      format: RECIPE_FORMAT,
      version: 1,
      name,
      pack: { id: manifest.id, version: manifest.version },
      ...edit,
      id: existing?.id ?? uniqueId(slugify(name), new Set(all.map((r) => r.id))),
      created: existing?.created ?? new Date().toISOString(),
    };
    await this.options.store.save(recipe);
    return this.info(open, recipe, custom);
  }

  /** The active pack's usable custom directions (a pack direction's id hides a custom one). */
  private async custom(open: OpenPack) {
    const { channels: C, height: H, width: W } = open.pack.manifest.image;
    const all = await this.options.directions.list(open.pack.manifest.id, C * H * W, { fresh: true });
    return all.filter((d) => !open.pack.directions.some((p) => p.id === d.id));
  }

  private info(open: OpenPack, r: SavedRecipe, custom: Awaited<ReturnType<RecipeService['custom']>>): RecipeInfo {
    const steps = r.steps ?? open.pack.manifest.sampler.defaultSteps;
    let error: string | null = null;
    try {
      resolveRecipe(open, r, { name: r.name, pack: r.pack.id, custom });
    } catch (e) {
      // Listed all the same (a custom slider it names may have been deleted): the editor says why it cannot run.
      error = (e as Error).message;
    }
    const { format: _format, version: _version, id, created, ...fields } = r;
    return { ...fields, id, created: created ?? null, hash: recipeHash(open.pack.manifest.id, r, steps), error };
  }
}
