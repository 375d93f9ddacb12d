/**
 * Saved recipes in the user data folder: `recipes/<pack-id>/<recipe-id>.json`, one file each, in
 * the recipe file format (contract/recipe-schemas.ts) with its id and creation time. Written
 * atomically (temp file + rename); every file is validated on load and a broken one is skipped
 * with a warning, so a hand-edited folder never keeps the editor or the CLI from starting. The
 * CLI reads it on its own (`reseed batch --recipe <saved id>`), like the custom directions.
 */
import { readdir, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../engine/batch/atomic-write';
import { parseRecipeFile } from '../engine/recipe';
import { RecipeIdSchema, type RecipeFile } from '../contract/recipe-schemas';
import { ErrorCode, ReseedError } from '../contract/result';

/** A saved recipe: a recipe file with the id it is saved under. */
export type SavedRecipe = RecipeFile & { readonly id: string };

export class RecipeStore {
  /** Without a folder (tests, a service without user data): kept in memory only. */
  private readonly memory = new Map<string, Map<string, string>>();
  private readonly warn: (message: string) => void;

  /** root: `<user data>/recipes`. */
  constructor(
    private readonly root?: string,
    options: { warn?: (message: string) => void } = {},
  ) {
    this.warn = options.warn ?? ((message) => console.warn(message));
  }

  /** The pack's saved recipes, oldest first; broken files are skipped with a warning. */
  async list(packId: string): Promise<SavedRecipe[]> {
    const out: SavedRecipe[] = [];
    for (const [id, label, text] of await this.files(packId)) {
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
    const text = JSON.stringify(recipe, null, 2) + '\n';
    if (this.root === undefined) this.folderInMemory(recipe.pack.id).set(id, text);
    else await writeFileAtomic(join(this.root, recipe.pack.id, `${id}.json`), text);
  }

  async remove(packId: string, id: string): Promise<void> {
    const missing = () => new ReseedError(ErrorCode.notFound, `"${id}" is not a saved recipe of this pack`);
    if (!RecipeIdSchema.safeParse(id).success) throw missing();
    if (this.root === undefined) {
      if (!this.folderInMemory(packId).delete(id)) throw missing();
      return;
    }
    try {
      await unlink(join(this.root, packId, `${id}.json`));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw missing();
      throw error;
    }
  }

  private folderInMemory(packId: string): Map<string, string> {
    const folder = this.memory.get(packId) ?? new Map<string, string>();
    this.memory.set(packId, folder);
    return folder;
  }

  /** Every file of the pack's folder as [id, label, text]; a missing folder is simply none. */
  private async files(packId: string): Promise<[string, string, string][]> {
    if (this.root === undefined) return [...this.folderInMemory(packId)].map(([id, text]) => [id, `${id}.json`, text]);
    const folder = join(this.root, packId);
    let names: string[];
    try {
      names = (await readdir(folder)).filter((n) => n.endsWith('.json') && !n.startsWith('.')).sort();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const out: [string, string, string][] = [];
    for (const name of names) {
      const id = name.slice(0, -'.json'.length);
      const label = join(folder, name);
      if (!RecipeIdSchema.safeParse(id).success) {
        this.warn(`reseed: skipped the recipe ${label}: its name is not a recipe id`);
        continue;
      }
      try {
        out.push([id, label, await readFile(label, 'utf8')]);
      } catch (error) {
        this.warn(`reseed: skipped the recipe ${label}: ${(error as Error).message}`);
      }
    }
    return out;
  }
}
