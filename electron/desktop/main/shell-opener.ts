/**
 * Opening a folder in the desktop app: Electron's shell.openPath, which answers an error string
 * ('' on success) instead of rejecting. The path was checked against the allowed roots first
 * (electron/backend/open-folder.ts).
 */
import type { Shell } from 'electron';
import type { FolderOpener } from '../../backend/open-folder';

export function shellFolderOpener(shell: Pick<Shell, 'openPath'>): FolderOpener {
  return async (path) => {
    const error = await shell.openPath(path);
    if (error !== '') throw new Error(error);
  };
}
