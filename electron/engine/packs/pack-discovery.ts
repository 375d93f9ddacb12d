/**
 * Finds packs: every sub-folder holding a pack.json under the app's models/ folder and under the
 * user's packs folder. Listing reads only the manifests (fast, no ONNX parsing); a broken pack is
 * listed with its error instead of hiding it, so `reseed info` can say what is wrong with it.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { PackError } from '../errors';
import { MANIFEST_FILE, readManifest } from './manifest';

export type PackSource = 'app' | 'user' | 'path';

export interface PackRoot {
  readonly dir: string;
  readonly source: PackSource;
}

export interface PackEntry {
  readonly dir: string;
  readonly source: PackSource;
  /** From the manifest when it is valid. */
  readonly id?: string;
  readonly name?: string;
  readonly version?: string;
  /** Why the manifest cannot be used, when it cannot. */
  readonly error?: string;
}

function entryFor(dir: string, source: PackSource): PackEntry {
  try {
    const m = readManifest(dir);
    return { dir, source, id: m.id, name: m.name, version: m.version };
  } catch (error) {
    return { dir, source, error: error instanceof PackError ? error.message : String(error) };
  }
}

/** Packs under each root, roots in the order given, folders sorted by name within a root. */
export function discoverPacks(roots: readonly PackRoot[]): PackEntry[] {
  const out: PackEntry[] = [];
  for (const root of roots) {
    let names: string[];
    try {
      names = readdirSync(root.dir).sort();
    } catch {
      continue; // a root that does not exist yet (no user packs) is simply empty
    }
    for (const name of names) {
      const dir = join(root.dir, name);
      try {
        if (!statSync(dir).isDirectory() || !existsSync(join(dir, MANIFEST_FILE))) continue;
      } catch {
        continue;
      }
      out.push(entryFor(dir, root.source));
    }
  }
  return out;
}

/**
 * The pack opened when none is asked for, wherever it is installed: the folder order alone would
 * open `emoji-faces` before `fashion-mnist`, and the default is a product decision, not a sort.
 */
export const DEFAULT_PACK_ID = 'fashion-mnist';

/**
 * Resolves what the user asked for with `--pack`: a folder path (anything containing a path
 * separator or naming an existing folder), else a pack id among the discovered packs; with no
 * request, the default pack (DEFAULT_PACK_ID) if it is installed and valid, else the first valid
 * pack found (the app's models/ come first). Throws a PackError.
 */
export function resolvePackDir(request: string | undefined, roots: readonly PackRoot[], cwd = process.cwd()): string {
  if (request !== undefined && request !== '') {
    const asPath = isAbsolute(request) ? request : resolve(cwd, request);
    if (/[\\/]/.test(request) || request.startsWith('.') || existsSync(join(asPath, MANIFEST_FILE))) {
      if (!existsSync(asPath)) throw new PackError(asPath, undefined, 'no such pack folder');
      return asPath;
    }
    const found = discoverPacks(roots);
    const match = found.find((p) => p.id === request);
    if (match) return match.dir;
    const known = found.filter((p) => p.id).map((p) => p.id);
    throw new PackError(
      request,
      undefined,
      `no pack with this id${known.length ? ` (installed: ${known.join(', ')})` : ''}; give a pack id or a folder`,
    );
  }
  const found = discoverPacks(roots);
  const first = found.find((p) => !p.error && p.id === DEFAULT_PACK_ID) ?? found.find((p) => !p.error);
  if (first) return first.dir;
  const where = roots.map((r) => r.dir).join(', ');
  const broken = found.length ? ` (found only broken packs: ${found.map((p) => p.error).join('; ')})` : '';
  throw new PackError(where || 'models/', undefined, `no model pack installed${broken}; pass --pack <folder>`);
}
