/**
 * Native dialogs of the desktop app. The path a dialog returns goes straight to the engine side;
 * the renderer never sends a path of its own (it only gets the opened picture's id back).
 */
import type { BrowserWindow, Dialog } from 'electron';

export const IMAGE_EXTENSIONS = ['png', 'jpg', 'jpeg', 'webp', 'gif', 'tif', 'tiff', 'heic', 'heif'];

export function imageOpenDialog(dialog: Pick<Dialog, 'showOpenDialog'>, getWindow: () => BrowserWindow | null): () => Promise<string | null> {
  return async () => {
    const options = {
      title: 'Open a picture',
      properties: ['openFile' as const],
      filters: [
        { name: 'Images', extensions: IMAGE_EXTENSIONS },
        { name: 'All files', extensions: ['*'] },
      ],
    };
    const window = getWindow();
    const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
    return result.canceled || result.filePaths.length === 0 ? null : (result.filePaths[0] ?? null);
  };
}

/** The native folder dialog (batch folders, pack import); may create a folder (batch output). */
export function folderOpenDialog(dialog: Pick<Dialog, 'showOpenDialog'>, getWindow: () => BrowserWindow | null): () => Promise<string | null> {
  return async () => {
    const options = { title: 'Choose a folder', properties: ['openDirectory' as const, 'createDirectory' as const] };
    const window = getWindow();
    const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
    return result.canceled || result.filePaths.length === 0 ? null : (result.filePaths[0] ?? null);
  };
}
