/**
 * Streams the image files of a folder (optionally recursive) without reading the whole listing
 * into memory: one directory handle per level, entries yielded as they come. Only names with an
 * image extension are candidates; everything else is skipped silently (a folder of photos holds
 * .txt sidecars, thumbnails databases…). Non-regular entries with an image name (a named pipe
 * called x.png, a dangling symlink) ARE yielded, so the batch records why they failed.
 */
import { opendir } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';

export const IMAGE_EXTENSIONS = ['.png', '.jpg', '.jpeg', '.webp', '.gif', '.tif', '.tiff', '.avif'] as const;

export function hasImageExtension(name: string): boolean {
  const lower = name.toLowerCase();
  return IMAGE_EXTENSIONS.some((ext) => lower.endsWith(ext));
}

export interface ListedFile {
  /** Path relative to the input folder, always with '/' (index lines, shard hashing). */
  readonly rel: string;
  readonly abs: string;
}

export interface ListOptions {
  readonly recursive?: boolean;
  /** Folders never entered (the output folder when it lies inside the input folder). */
  readonly exclude?: readonly string[];
}

function toPosix(rel: string): string {
  return sep === '/' ? rel : rel.split(sep).join('/');
}

/** Yields image-named entries under `root`; hidden names (starting with '.') are skipped. */
export async function* listImages(root: string, options: ListOptions = {}): AsyncGenerator<ListedFile> {
  const base = resolve(root);
  const excluded = new Set((options.exclude ?? []).map((p) => resolve(p)));
  async function* walk(dir: string): AsyncGenerator<ListedFile> {
    // opendir streams entries in small buffers: memory stays flat for 10,000-file folders.
    const handle = await opendir(dir, { bufferSize: 64 });
    for await (const entry of handle) {
      if (entry.name.startsWith('.')) continue;
      const abs = join(dir, entry.name);
      if (entry.isDirectory()) {
        // Symlinked folders are not followed: they can loop, and the mirrored output would repeat.
        if (options.recursive && !excluded.has(abs)) yield* walk(abs);
        continue;
      }
      if (hasImageExtension(entry.name)) yield { rel: toPosix(relative(base, abs)), abs };
    }
  }
  yield* walk(base);
}
