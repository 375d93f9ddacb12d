/**
 * Saved recipes in the user data folder: `recipes/<pack-id>/<recipe-id>.json`, one file each, in
 * the recipe file format (contract/recipe-schemas.ts) with its id and creation time. Written
 * atomically (temp file + rename); every file is validated on load and a broken one is skipped
 * with a warning, so a hand-edited folder never keeps the editor or the CLI from starting. The
 * CLI reads it on its own (`reseed batch --recipe <saved id>`), like the custom directions.
 */
import { PackJsonFolder } from './pack-json-folder';
import { parseRecipeFile } from '../engine/recipe';
import { RecipeIdSchema, type RecipeFile } from '../contract/recipe-schemas';
import { ErrorCode, ReseedError } from '../contract/result';

/** A saved recipe: a recipe file with the id it is saved under. */
export type SavedRecipe = RecipeFile & { readonly id: string };

export class RecipeStore {
  private readonly folder: PackJsonFolder;
  private readonly warn: (message: string) => void;

  /** root: `<user data>/recipes`; without one (tests, a service without user data), in memory. */
  constructor(root?: string, options: { warn?: (message: string) => void } = {}) {
    this.warn = options.warn ?? ((message) => console.warn(message));
    this.folder = new PackJsonFolder(root, this.warn, 'recipe');
  }

  /** The pack's saved recipes, oldest first; broken files are skipped with a warning. */
  async list(packId: string): Promise<SavedRecipe[]> {
    const out: SavedRecipe[] = [];
    for (const { id, label, text } of await this.folder.files(packId)) {
      if (!RecipeIdSchema.safeParse(id).success) {
        this.warn(`reseed: skipped the recipe ${label}: its name is not a recipe id`);
        continue;
      }
      try {
        const recipe = parseRecipeFile(text, label);
        if (recipe.pack.id !== packId) throw new Error(`pack: "${recipe.pack.id}", in the folder of "${packId}"`);
        out.push({ ...recipe, id });
      } catch (error) {
        this.warn(`reseed: skipped the recipe ${label}: ${(error as Error).message.replace(`${label}: `, '')}`);
      }
    }
    return out.sort((a, b) => (a.created ?? '').localeCompare(b.created ?? '') || a.id.localeCompare(b.id));
  }

  async get(packId: string, id: string): Promise<SavedRecipe | undefined> {
    if (!RecipeIdSchema.safeParse(id).success) return undefined;
    return (await this.list(packId)).find((r) => r.id === id);
  }

  async save(recipe: SavedRecipe): Promise<void> {
    const id = RecipeIdSchema.parse(recipe.id);
    await this.folder.write(recipe.pack.id, id, JSON.stringify(recipe, null, 2) + '\n');
  }

  async remove(packId: string, id: string): Promise<void> {
    const removed = RecipeIdSchema.safeParse(id).success && (await this.folder.remove(packId, id));
    if (!removed) throw new ReseedError(ErrorCode.notFound, `"${id}" is not a saved recipe of this pack`);
  }
}
