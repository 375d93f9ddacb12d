/**
 * "Open output folder": the folder is checked against the allowed roots like any path from the
 * renderer, must exist and be a folder, and only then goes to the opener (Electron's
 * shell.openPath in the desktop app, the platform's opener spawned by `reseed serve`), which is
 * injected so tests never start a file manager.
 */
import { stat } from 'node:fs/promises';
import { errorMessage } from '../engine/errors';
import { ErrorCode, ReseedError } from '../contract/result';
import type { AllowedRoots } from './allowed-roots';

/** Shows a folder in the file manager; rejects with the reason when it cannot. */
export type FolderOpener = (path: string) => Promise<void>;

export async function openCheckedFolder(roots: AllowedRoots, path: string, opener: FolderOpener | undefined): Promise<{ path: string }> {
  if (opener === undefined) throw new ReseedError(ErrorCode.unsupported, 'folders cannot be opened from here');
  const real = await roots.check(path);
  const info = await stat(real).catch(() => undefined);
  if (info === undefined) throw new ReseedError(ErrorCode.notFound, `${path}: no such folder (has the batch written anything yet?)`);
  if (!info.isDirectory()) throw new ReseedError(ErrorCode.invalidRequest, `${path}: not a folder`);
  try {
    await opener(real);
  } catch (error) {
    throw new ReseedError(ErrorCode.openFailed, `cannot open ${real} in the file manager: ${errorMessage(error)}`);
  }
  return { path: real };
}
