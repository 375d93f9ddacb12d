/**
 * The folder browser `reseed serve` offers instead of a native dialog: one folder's sub-folders
 * and image files, only inside the allowed roots. Hidden entries are left out, as in the batch
 * listing. A symbolic link is listed as what it leads to, and only when that lies inside the
 * roots too; it is checked again when opened.
 */
import type { Dirent } from 'node:fs';
import { opendir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { hasImageExtension } from '../engine/batch/listing';
import type { FolderListing } from '../contract/workflow-schemas';
import { ErrorCode, ReseedError } from '../contract/result';
import type { AllowedRoots } from './allowed-roots';

/** A folder with more entries than this is shown cut (the batch still sees them all). */
const MAX_ENTRIES = 2000;

/** A folder, an image, or null: not shown (another file, or a link leading outside the roots). */
async function kindOf(roots: AllowedRoots, dir: string, entry: Dirent): Promise<'folder' | 'image' | null> {
  if (entry.isDirectory()) return 'folder';
  if (entry.isFile()) return hasImageExtension(entry.name) ? 'image' : null;
  if (!entry.isSymbolicLink()) return null;
  const target = await roots.resolveInside(join(dir, entry.name));
  const info = target === null ? undefined : await stat(target).catch(() => undefined);
  if (info?.isDirectory()) return 'folder';
  return info?.isFile() && hasImageExtension(entry.name) ? 'image' : null;
}

export async function listFolder(roots: AllowedRoots, path: string | null | undefined): Promise<FolderListing> {
  const rootList = [...roots.list()];
  if (path === null || path === undefined) {
    return { path: null, parent: null, roots: rootList, entries: rootList.map((r) => ({ name: r, path: r, kind: 'folder' as const })), truncated: false };
  }
  const real = await roots.check(path);
  const entries: FolderListing['entries'] = [];
  let truncated = false;
  try {
    const dir = await opendir(real, { bufferSize: 64 });
    for await (const entry of dir) {
      if (entry.name.startsWith('.')) continue;
      const kind = await kindOf(roots, real, entry);
      if (kind === null) continue;
      if (entries.length >= MAX_ENTRIES) {
        truncated = true;
        break;
      }
      entries.push({ name: entry.name, path: join(real, entry.name), kind });
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new ReseedError(ErrorCode.notFound, `${path}: no such folder`);
    if (code === 'ENOTDIR') throw new ReseedError(ErrorCode.input, `${path}: not a folder`);
    throw new ReseedError(ErrorCode.input, `${path}: cannot be read (${code ?? (error as Error).message})`);
  }
  // Folders first, then images, each by name (locale-aware, numbers in order).
  entries.sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name, undefined, { numeric: true }) : a.kind === 'folder' ? -1 : 1));
  return { path: real, parent: roots.parentOf(real), roots: rootList, entries, truncated };
}
