/**
 * "Open output folder": the folder is checked against the allowed roots like any path from the
 * renderer, must exist and be a folder, and only then goes to the opener (Electron's
 * shell.openPath in the desktop app, the platform's opener spawned by `reseed serve`), which is
 * injected so tests never start a file manager.
 */
import { stat } from 'node:fs/promises';
import { errorMessage } from '../engine/errors';
import { ReseedError } from '../shared/result';
import type { AllowedRoots } from './allowed-roots';
import { EngineErrorCode } from './engine-errors';

/** Shows a folder in the file manager; rejects with the reason when it cannot. */
export type FolderOpener = (path: string) => Promise<void>;

export const OPEN_FAILED = 'open-failed';

export async function openCheckedFolder(roots: AllowedRoots, path: string, opener: FolderOpener | undefined): Promise<{ path: string }> {
  if (opener === undefined) throw new ReseedError(EngineErrorCode.unsupported, 'folders cannot be opened from here');
  const real = await roots.check(path);
  const info = await stat(real).catch(() => undefined);
  if (info === undefined) throw new ReseedError('not-found', `${path}: no such folder (has the batch written anything yet?)`);
  if (!info.isDirectory()) throw new ReseedError('invalid-request', `${path}: not a folder`);
  try {
    await opener(real);
  } catch (error) {
    throw new ReseedError(OPEN_FAILED, `cannot open ${real} in the file manager: ${errorMessage(error)}`);
  }
  return { path: real };
}
