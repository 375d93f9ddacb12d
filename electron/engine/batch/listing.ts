/**
 * Streams the image files of a folder (optionally recursive) without reading the whole listing
 * into memory: one directory handle per level, entries yielded as they come. Only names with an
 * image extension are candidates; everything else is skipped silently (a folder of photos holds
 * .txt sidecars, thumbnails databases…). Non-regular entries with an image name (a named pipe
 * called x.png, a dangling symlink) ARE yielded, so the batch records why they failed.
 *
 * Names are read as bytes: one that is not UTF-8 keeps its own bytes for opening and gets a
 * lossless string for the index (byte-names.ts), so two such files never share a name. Excluded
 * folders (the output folder inside the input one) are recognised by device and inode, however
 * their path is spelled. With `confine`, a symbolic link whose target leaves the folder, or leads
 * into an excluded one, is yielded as refused: the batch records it and never reads it.
 */
import { opendir, realpath, stat } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { decodeName, hasEscapes } from './byte-names';

export const IMAGE_EXTENSIONS = ['.png', '.jpg', '.jpeg', '.webp', '.gif', '.tif', '.tiff', '.avif'] as const;

export function hasImageExtension(name: string): boolean {
  const lower = name.toLowerCase();
  return IMAGE_EXTENSIONS.some((ext) => lower.endsWith(ext));
}

export interface ListedFile {
  /** Path relative to the input folder, always with '/' (index lines, shard hashing); bytes that are not UTF-8 escaped. */
  readonly rel: string;
  /** The absolute path as text (messages). */
  readonly abs: string;
  /** The absolute path to open: `abs`, or its bytes when a name on the way is not UTF-8. */
  readonly path: string | Buffer;
  /** Why this entry must not be read (confine); absent for files to read. */
  readonly refused?: string;
}

export interface ListOptions {
  readonly recursive?: boolean;
  /** Folders never entered (the output folder when it lies inside the input folder). */
  readonly exclude?: readonly string[];
  /** Yield a symbolic link leading outside the folder, or into an excluded one, as refused. */
  readonly confine?: boolean;
}

const SEP = Buffer.from(sep);

function inode(info: { dev: number; ino: number }): string {
  return `${info.dev}:${info.ino}`;
}

/** `child` is `parent` or lies below it (real paths as bytes). */
function below(child: Buffer, parent: Buffer): boolean {
  if (child.equals(parent)) return true;
  const prefix = parent.subarray(-SEP.length).equals(SEP) ? parent : Buffer.concat([parent, SEP]);
  return child.length > prefix.length && child.subarray(0, prefix.length).equals(prefix);
}

async function realBytes(path: string | Buffer): Promise<Buffer | undefined> {
  return realpath(path, { encoding: 'buffer' }).catch(() => undefined);
}

/** Yields image-named entries under `root`; hidden names (starting with '.') are skipped. */
export async function* listImages(root: string, options: ListOptions = {}): AsyncGenerator<ListedFile> {
  const base = resolve(root);
  const excluded = new Set<string>();
  const excludedReal: Buffer[] = [];
  for (const path of options.exclude ?? []) {
    const info = await stat(path).catch(() => undefined);
    if (info) excluded.add(inode(info));
    const real = await realBytes(path);
    if (real) excludedReal.push(real);
  }
  const rootReal = options.confine ? await realBytes(base) : undefined;

  /** Why a symbolic link may not be read, if it may not. */
  async function refusal(path: Buffer): Promise<string | undefined> {
    const target = await realBytes(path);
    // A dangling link or a loop: yielded as is, the file guard names the problem.
    if (!target || !rootReal) return undefined;
    if (!below(target, rootReal)) return 'symbolic link to a file outside the input folder (not read)';
    if (excludedReal.some((dir) => below(target, dir))) return 'symbolic link into the output folder (not read)';
    return undefined;
  }

  async function* walk(dir: Buffer, relDir: string): AsyncGenerator<ListedFile> {
    // opendir streams entries in small buffers: memory stays flat for 10,000-file folders.
    // Node gives Buffer names for 'buffer' (its types only list text encodings).
    const handle = await opendir(dir, { bufferSize: 64, encoding: 'buffer' as BufferEncoding });
    for await (const entry of handle) {
      const raw = entry.name as unknown as Buffer;
      if (raw[0] === 0x2e) continue; // hidden
      const name = decodeName(raw);
      const rel = relDir ? `${relDir}/${name}` : name;
      const path = Buffer.concat([dir, SEP, raw]);
      if (entry.isDirectory()) {
        // Symlinked folders are not followed: they can loop, and the mirrored output would repeat.
        if (!options.recursive) continue;
        if (excluded.size > 0) {
          const info = await stat(path).catch(() => undefined);
          if (!info || excluded.has(inode(info))) continue;
        }
        yield* walk(path, rel);
        continue;
      }
      if (!hasImageExtension(name)) continue;
      const abs = join(base, ...rel.split('/'));
      const file: ListedFile = { rel, abs, path: hasEscapes(rel) ? path : abs };
      const refused = options.confine && entry.isSymbolicLink() ? await refusal(path) : undefined;
      yield refused ? { ...file, refused } : file;
    }
  }
  const top = await stat(base).catch(() => undefined);
  if (top && excluded.has(inode(top))) return;
  yield* walk(Buffer.from(base), '');
}
