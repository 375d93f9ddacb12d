/**
 * Recently opened pictures. Files opened through the desktop app's dialog are remembered by path
 * (persisted in the user data folder when a file is given); pictures the renderer uploaded
 * (browser file input, drop, paste) are remembered by their image id for as long as the engine
 * keeps their bytes. The renderer only ever sees opaque keys: it can reopen an entry, never name a
 * path of its own. The same picture opened again moves to the top instead of repeating: a file by
 * its path, an upload by a hash of its bytes (each upload gets a new image id).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';

export const RECENT_LIMIT = 10;

const EntrySchema = z.object({
  key: z.string(),
  name: z.string(),
  kind: z.enum(['file', 'upload']),
  path: z.string().optional(),
  imageId: z.string().optional(),
  /** Uploads: a hash of the bytes, so the same picture uploaded again replaces its entry. */
  hash: z.string().optional(),
  openedAt: z.string(),
});
export type RecentEntry = z.infer<typeof EntrySchema>;

/** A stable key for a path (the same file reopened moves to the top instead of repeating). */
export function keyForPath(path: string): string {
  return `f-${createHash('sha256').update(path).digest('hex').slice(0, 24)}`;
}

export class RecentList {
  private entries: RecentEntry[] = [];

  /** `file`: where file entries persist (JSON); none: kept in memory only. */
  constructor(private readonly file?: string) {
    if (file === undefined) return;
    try {
      const parsed = z.array(EntrySchema).safeParse(JSON.parse(readFileSync(file, 'utf8')));
      // Only file entries survive a restart; an upload's bytes are gone with the process.
      if (parsed.success) this.entries = parsed.data.filter((e) => e.kind === 'file' && e.path).slice(0, RECENT_LIMIT);
    } catch {
      // No list yet, or an unreadable one: start empty rather than fail the editor.
    }
  }

  list(): readonly RecentEntry[] {
    return this.entries;
  }

  find(key: string): RecentEntry | undefined {
    return this.entries.find((e) => e.key === key);
  }

  async addFile(path: string, name: string): Promise<RecentEntry> {
    return this.add({ key: keyForPath(path), name, kind: 'file', path, openedAt: new Date().toISOString() });
  }

  /** `bytes`: the picture, hashed so a second upload of the same file replaces the first's entry. */
  async addUpload(imageId: string, name: string, bytes?: Uint8Array): Promise<RecentEntry> {
    const hash = bytes === undefined ? undefined : createHash('sha256').update(bytes).digest('hex').slice(0, 32);
    if (hash !== undefined) this.entries = this.entries.filter((e) => e.kind !== 'upload' || e.hash !== hash);
    return this.add({ key: `u-${imageId}`.slice(0, 64), name, kind: 'upload', imageId, ...(hash === undefined ? {} : { hash }), openedAt: new Date().toISOString() });
  }

  /** Drops entries whose upload is no longer held (evicted from the image store). */
  prune(isHeld: (imageId: string) => boolean): void {
    this.entries = this.entries.filter((e) => e.kind === 'file' || (e.imageId !== undefined && isHeld(e.imageId)));
  }

  remove(key: string): Promise<void> {
    this.entries = this.entries.filter((e) => e.key !== key);
    return this.save();
  }

  private async add(entry: RecentEntry): Promise<RecentEntry> {
    this.entries = [entry, ...this.entries.filter((e) => e.key !== entry.key)].slice(0, RECENT_LIMIT);
    await this.save();
    return entry;
  }

  /** Writes the file entries atomically (write then rename); a failure only loses the list. */
  private async save(): Promise<void> {
    if (this.file === undefined) return;
    const files = this.entries.filter((e) => e.kind === 'file');
    try {
      await mkdir(dirname(this.file), { recursive: true });
      const tmp = `${this.file}.${process.pid}.tmp`;
      await writeFile(tmp, JSON.stringify(files, null, 2));
      await rename(tmp, this.file);
    } catch (error) {
      console.warn(`reseed: could not save the recent files list (${(error as Error).message})`);
    }
  }
}
