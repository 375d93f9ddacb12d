/**
 * One JSON file per item in a folder per pack (`<root>/<pack-id>/<item-id>.json`): the storage
 * under the saved recipes and the custom directions. Written atomically (temp file + rename);
 * an unreadable file is reported through `warn` and left out, so a hand-edited or half-synced
 * folder never keeps the editor or the CLI from starting. Without a root (tests, a service
 * without user data) the files are kept in memory only.
 */
import { readdir, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../engine/batch/atomic-write';

/** A file of a pack's folder: its id (the name without `.json`), a label for messages, its text. */
export interface PackJsonFile {
  readonly id: string;
  readonly label: string;
  readonly text: string;
}

export class PackJsonFolder {
  private readonly memory = new Map<string, Map<string, string>>();

  constructor(
    private readonly root: string | undefined,
    private readonly warn: (message: string) => void,
    /** Names the kind of file in warnings ("recipe", "custom direction"). */
    private readonly kind: string,
  ) {}

  /** Every file of the pack's folder, sorted by name; a missing folder is simply none. */
  async files(packId: string): Promise<PackJsonFile[]> {
    if (this.root === undefined) {
      return [...this.inMemory(packId)].map(([id, text]) => ({ id, label: `${id}.json`, text }));
    }
    const folder = join(this.root, packId);
    let names: string[];
    try {
      names = (await readdir(folder)).filter((n) => n.endsWith('.json') && !n.startsWith('.')).sort();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const out: PackJsonFile[] = [];
    for (const name of names) {
      const label = join(folder, name);
      try {
        out.push({ id: name.slice(0, -'.json'.length), label, text: await readFile(label, 'utf8') });
      } catch (error) {
        this.warn(`reseed: skipped the ${this.kind} ${label}: ${(error as Error).message}`);
      }
    }
    return out;
  }

  async write(packId: string, id: string, text: string): Promise<void> {
    if (this.root === undefined) this.inMemory(packId).set(id, text);
    else await writeFileAtomic(join(this.root, packId, `${id}.json`), text);
  }

  /** False when there was no such file. `id` must already be checked: it becomes a file name. */
  async remove(packId: string, id: string): Promise<boolean> {
    if (this.root === undefined) return this.inMemory(packId).delete(id);
    try {
      await unlink(join(this.root, packId, `${id}.json`));
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw error;
    }
  }

  private inMemory(packId: string): Map<string, string> {
    const folder = this.memory.get(packId) ?? new Map<string, string>();
    this.memory.set(packId, folder);
    return folder;
  }
}
