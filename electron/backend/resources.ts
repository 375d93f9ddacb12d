/**
 * Where the shipped model packs (models/) and assets (assets/) are. In development they sit at the
 * repository root (the app path); in a packaged app electron-builder copies them next to the asar
 * as extraResources (see electron-builder.yml), because ONNX files must be real files on disk.
 *
 * Takes its inputs as parameters so it is testable without electron and usable by the CLI.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface ResourceInput {
  /** Electron's app.isPackaged; false for the CLI and `reseed serve`. */
  isPackaged: boolean;
  /** process.resourcesPath in Electron; unused when not packaged. */
  resourcesPath?: string;
  /** Electron's app.getAppPath() (the repository root in development), or the repo root for the CLI. */
  appPath: string;
}

export interface ResourcePaths {
  models: string;
  assets: string;
}

export function resolveResources(input: ResourceInput): ResourcePaths {
  if (input.isPackaged) {
    if (input.resourcesPath === undefined || input.resourcesPath === '') {
      throw new Error('resolveResources: a packaged app needs resourcesPath (process.resourcesPath)');
    }
    return {
      models: path.join(input.resourcesPath, 'models'),
      assets: path.join(input.resourcesPath, 'assets'),
    };
  }
  return {
    models: path.join(input.appPath, 'models'),
    assets: path.join(input.appPath, 'assets'),
  };
}

/**
 * The repository root, seen from this file (electron/backend/), for code run from the TS sources
 * (the CLI under tsx, tests). Bundled code must use app.getAppPath() instead: the bundle moves.
 */
export function repositoryRoot(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
}
