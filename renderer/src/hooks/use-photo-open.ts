/**
 * Opening pictures: a file (input, drop, paste), one from the recent list, or the desktop's
 * native dialog. The engine keeps the photo's bytes; the editor gets its preview, size and
 * default crop box, and the recent list is re-read since opening a picture changes it.
 */
import { useCallback, useState } from 'react';
import type { ImageOpened, RecentImages, ReseedApi } from '../../../electron/contract/contract';
import type { ErrorInfo, Result } from '../../../electron/contract/result';
import { ErrorCode } from '../../../electron/contract/result';
import { fileProblem, fileToBase64 } from '../files';
import type { PhotoOrigin } from './use-session';

export interface PhotoOpenDeps {
  /** Desktop: a native open dialog exists (the browser build uses its file input instead). */
  readonly hasNativeDialog: boolean;
  /** Unwraps an envelope, reporting a failure (use-editor's `value`). */
  readonly value: <T>(result: Result<T>) => T | undefined;
  readonly report: (error: ErrorInfo) => void;
  /** A picture is open: it becomes the editor's photo, with its default crop box; `origin` says how to open it again. */
  readonly onOpened: (photo: ImageOpened, origin: PhotoOrigin) => void;
}

export function usePhotoOpen(api: ReseedApi, { hasNativeDialog, value, report, onOpened }: PhotoOpenDeps) {
  const [opening, setOpening] = useState(false);
  const [recent, setRecent] = useState<RecentImages['items']>([]);

  const refreshRecent = useCallback(async () => {
    const result = await api.recentImages();
    if (result.ok) setRecent(result.value.items);
  }, [api]);

  const opened = useCallback((picture: ImageOpened | undefined, origin: PhotoOrigin) => {
    if (picture === undefined) return;
    onOpened(picture, origin);
    void refreshRecent();
  }, [refreshRecent, onOpened]);

  const openFile = useCallback(async (file: File) => {
    const problem = fileProblem(file);
    if (problem !== null) return report({ code: ErrorCode.input, message: problem });
    setOpening(true);
    try {
      opened(value(await api.openImage({ source: 'upload', name: file.name || 'pasted image', data: await fileToBase64(file) })), { kind: 'upload', file });
    } finally {
      setOpening(false);
    }
  }, [api, opened, report, value]);

  const openRecent = useCallback(async (key: string) => {
    setOpening(true);
    try {
      opened(value(await api.openImage({ source: 'recent', key })), { kind: 'recent', key });
    } finally {
      setOpening(false);
    }
  }, [api, opened, value]);

  /** Desktop: the native dialog. Returns false where the caller should use its file input. */
  const chooseNative = useCallback(async (): Promise<boolean> => {
    if (!hasNativeDialog) return false;
    const picture = value(await api.chooseImage());
    if (picture) opened(picture, { kind: 'native' });
    return true;
  }, [api, hasNativeDialog, opened, value]);

  return { opening, recent, refreshRecent, openFile, openRecent, chooseNative };
}
