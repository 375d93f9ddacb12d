/**
 * The user data folder, resolved in one place for the desktop app, the CLI and `reseed serve`.
 * User packs, custom directions and settings live here, never inside the app folder (which is
 * read-only once packaged).
 *
 * Order: $RESEED_HOME (so tests, portable installs and the CLI can share one folder with the app),
 * then Electron's userData folder when the desktop app passes it in, then the platform's own
 * convention. Must not import electron: the CLI uses it on plain Node.
 */
import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export interface UserDataInput {
  /** Electron's app.getPath('userData'); only the desktop app has it. */
  electronUserData?: string;
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  homedir?: string;
}

export interface UserDataPaths {
  root: string;
  /** Model packs the user added, one folder each (same layout as models/). */
  packs: string;
  /** Custom edit directions the user computed. */
  directions: string;
  /** Saved recipes (named slider settings for batches), one folder per pack. */
  recipes: string;
  settings: string;
}

const APP_FOLDER = 'Reseed';
const XDG_FOLDER = 'reseed';

/** The platform's path flavour, so resolving for another platform (in tests) joins correctly. */
function pathFor(platform: NodeJS.Platform): path.PlatformPath {
  return platform === 'win32' ? path.win32 : path.posix;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value !== undefined && value.trim() !== '' ? value : undefined;
}

function platformDefault(platform: NodeJS.Platform, env: NodeJS.ProcessEnv, home: string): string {
  const p = pathFor(platform);
  switch (platform) {
    case 'win32':
      return p.join(nonEmpty(env.APPDATA) ?? p.join(home, 'AppData', 'Roaming'), APP_FOLDER);
    case 'darwin':
      return p.join(home, 'Library', 'Application Support', APP_FOLDER);
    default: {
      // XDG says a relative XDG_DATA_HOME is invalid and must be ignored.
      const xdg = nonEmpty(env.XDG_DATA_HOME);
      const base = xdg !== undefined && p.isAbsolute(xdg) ? xdg : p.join(home, '.local', 'share');
      return p.join(base, XDG_FOLDER);
    }
  }
}

/** The user data root for this process. */
export function resolveUserDataRoot(input: UserDataInput = {}): string {
  const env = input.env ?? process.env;
  const platform = input.platform ?? process.platform;
  const p = pathFor(platform);
  const explicit = nonEmpty(env.RESEED_HOME);
  if (explicit !== undefined) return p.resolve(explicit);
  if (input.electronUserData !== undefined) return input.electronUserData;
  return platformDefault(platform, env, input.homedir ?? os.homedir());
}

/** The root and its fixed sub-paths. Nothing is created; see `ensureUserData`. */
export function resolveUserData(input: UserDataInput = {}): UserDataPaths {
  const root = resolveUserDataRoot(input);
  const p = pathFor(input.platform ?? process.platform);
  return {
    root,
    packs: p.join(root, 'packs'),
    directions: p.join(root, 'directions'),
    recipes: p.join(root, 'recipes'),
    settings: p.join(root, 'settings.json'),
  };
}

/** Creates the folders (not settings.json, which appears when first saved). Idempotent. */
export async function ensureUserData(paths: UserDataPaths): Promise<UserDataPaths> {
  await mkdir(paths.packs, { recursive: true });
  await mkdir(paths.directions, { recursive: true });
  return paths;
}
