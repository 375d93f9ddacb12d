/**
 * The folders the renderer may name. `reseed serve` hands the API to a browser tab, so a path in a
 * request is only used when it lies inside one of these roots (the user's home by default,
 * `--root` to change): absolute, no `..` segment, and, once symlinks are resolved (realpath), still
 * inside a root, so a link in the home folder pointing at /etc is refused too. A path that does
 * not exist yet (a new output folder) is checked through its nearest existing ancestor.
 */
import { realpathSync } from 'node:fs';
import { realpath } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { ErrorCode, ReseedError } from '../contract/result';

export function isInside(child: string, parent: string): boolean {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

function refuse(path: string, why: string): never {
  throw new ReseedError(ErrorCode.forbidden, `${path}: ${why}`);
}

/** realpath of the nearest existing ancestor, plus the segments below it that do not exist yet. */
async function realpathAllowingMissing(path: string): Promise<string> {
  const missing: string[] = [];
  let current = path;
  for (;;) {
    try {
      return join(await realpath(current), ...missing.reverse());
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw error;
      const up = dirname(current);
      if (up === current) throw error;
      missing.push(basename(current));
      current = up;
    }
  }
}

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
    if (!this.resolved.some((root) => isInside(real, root))) {
      const viaLink = this.resolved.some((root) => isInside(normal, root));
      const why = viaLink ? 'a symbolic link leads outside the allowed folders' : 'outside the allowed folders';
      refuse(path, `${why} (${this.resolved.join(', ') || 'none'})`);
    }
    return real;
  }

  /** The parent of a checked folder while it is still inside a root; null at a root. */
  parentOf(real: string): string | null {
    if (this.resolved.includes(real)) return null;
    const up = dirname(real);
    return up !== real && this.resolved.some((root) => isInside(up, root)) ? up : null;
  }
}
