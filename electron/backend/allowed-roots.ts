/**
 * The folders the renderer may name. `reseed serve` hands the API to a browser tab, so a path in a
 * request is only used when it lies inside one of these roots (the user's home by default,
 * `--root` to change): absolute, no `..` segment, and, once symlinks are resolved (realpath), still
 * inside a root, so a link in the home folder pointing at /etc is refused too. That holds for
 * files as much as folders, and for the files found inside a checked folder (example pictures, a
 * pack folder about to be copied): a link in them is followed and checked the same way. A path
 * that does not exist yet (a new output folder) is checked through its nearest existing
 * ancestor, and a dangling link on the way is followed to where it would lead.
 */
import { realpathSync } from 'node:fs';
import { lstat, opendir, readlink, realpath, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { ErrorCode, ReseedError } from '../contract/result';

export function isInside(child: string, parent: string): boolean {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

function refuse(path: string, why: string): never {
  throw new ReseedError(ErrorCode.forbidden, `${path}: ${why}`);
}

/** Links followed at most while resolving one path, as the kernel's own limit (ELOOP). */
const MAX_LINK_HOPS = 40;

/**
 * realpath of the nearest existing ancestor, plus the segments below it that do not exist yet. A
 * dangling symbolic link on the way is not "missing": writing through it would create its target,
 * so its target is resolved in its place.
 */
async function realpathAllowingMissing(path: string, hops = 0): Promise<string> {
  const missing: string[] = [];
  let current = path;
  for (;;) {
    try {
      return join(await realpath(current), ...missing.reverse());
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw error;
      const link = await lstat(current).then((info) => info.isSymbolicLink(), () => false);
      if (link) {
        if (hops >= MAX_LINK_HOPS) throw error;
        const target = resolve(dirname(current), await readlink(current));
        return realpathAllowingMissing(join(target, ...missing.reverse()), hops + 1);
      }
      const up = dirname(current);
      if (up === current) throw error;
      missing.push(basename(current));
      current = up;
    }
  }
}

/** Entries a folder tree may hold for checkTree (a pack is a handful of files). */
const MAX_TREE_ENTRIES = 10_000;

export class AllowedRoots {
  private readonly resolved: string[];

  /** Roots that do not exist are dropped (nothing inside them could be listed anyway). */
  constructor(roots: readonly string[]) {
    const out = new Set<string>();
    for (const root of roots) {
      try {
        out.add(realpathSync(resolve(root)));
      } catch {
        // skipped: a missing root
      }
    }
    this.resolved = [...out];
  }

  list(): readonly string[] {
    return this.resolved;
  }

  /**
   * Adds a folder the user picked in the native dialog (desktop): choosing it there is the
   * user's own permission, like the home folder is by default.
   */
  allow(folder: string): void {
    const real = realpathSync(resolve(folder));
    if (!this.resolved.some((r) => isInside(real, r))) this.resolved.push(real);
  }

  /**
   * Checks a path from the renderer; returns its real path (symlinks resolved), which is what the
   * caller must use from then on. Throws a `forbidden` ReseedError otherwise.
   */
  async check(path: string): Promise<string> {
    if (!isAbsolute(path)) refuse(path, 'expected an absolute path');
    if (path.split(/[\\/]+/).includes('..')) refuse(path, '".." is not allowed in paths');
    const normal = resolve(path);
    const real = await realpathAllowingMissing(normal).catch(() => refuse(path, 'cannot be resolved'));
    if (!this.contains(real)) {
      const viaLink = this.resolved.some((root) => isInside(normal, root));
      const why = viaLink ? 'a symbolic link leads outside the allowed folders' : 'outside the allowed folders';
      refuse(path, `${why} (${this.resolved.join(', ') || 'none'})`);
    }
    return real;
  }

  /** True when an already resolved (real) path lies inside a root. */
  contains(real: string): boolean {
    return this.resolved.some((root) => isInside(real, root));
  }

  /**
   * The real path of an existing file or folder found inside a checked folder (a listing entry),
   * or null when it leads outside the roots or cannot be resolved (a dangling link): such an
   * entry is never read.
   */
  async resolveInside(path: string): Promise<string | null> {
    const real = await realpath(path).catch(() => null);
    return real !== null && this.contains(real) ? real : null;
  }

  /**
   * Checks everything below a checked folder that a deep copy would read (links followed, into
   * linked folders too): each must resolve inside the roots. Throws `forbidden` naming the first
   * entry that does not, by its path only.
   */
  async checkTree(real: string): Promise<void> {
    const seen = new Set<string>([real]);
    let entries = 0;
    const walk = async (dir: string, shown: string): Promise<void> => {
      for await (const entry of await opendir(dir, { bufferSize: 64 })) {
        if (++entries > MAX_TREE_ENTRIES) refuse(shown, `holds more than ${MAX_TREE_ENTRIES} files`);
        const path = join(dir, entry.name);
        const name = join(shown, entry.name);
        if (entry.isSymbolicLink()) {
          const target = await realpath(path).catch(() => null);
          if (target === null) refuse(name, 'a symbolic link leads nowhere (its target is missing)');
          if (!this.contains(target)) refuse(name, 'a symbolic link leads outside the allowed folders');
          if ((await stat(target)).isDirectory() && !seen.has(target)) {
            seen.add(target);
            await walk(target, name);
          }
        } else if (entry.isDirectory()) {
          await walk(path, name);
        }
      }
    };
    await walk(real, real);
  }

  /** The parent of a checked folder while it is still inside a root; null at a root. */
  parentOf(real: string): string | null {
    if (this.resolved.includes(real)) return null;
    const up = dirname(real);
    return up !== real && this.resolved.some((root) => isInside(up, root)) ? up : null;
  }
}
