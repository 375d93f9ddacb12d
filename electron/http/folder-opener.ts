/**
 * `reseed serve`'s folder opener: the platform's own opener (xdg-open on Linux and the BSDs,
 * `open` on macOS, `explorer` on Windows) spawned detached, so the file manager outlives neither
 * the request nor blocks the server. $RESEED_OPENER names another program (a particular file
 * manager, or a stub in tests). No shell is involved: the path is one argument, never parsed.
 */
import { spawn, type SpawnOptions } from 'node:child_process';
import type { FolderOpener } from '../backend/open-folder';

type SpawnLike = (command: string, args: readonly string[], options: SpawnOptions) => {
  once(event: 'spawn', listener: () => void): unknown;
  once(event: 'error', listener: (error: Error) => void): unknown;
  unref(): void;
};

export interface OpenerOptions {
  readonly platform?: NodeJS.Platform;
  /** A program to use instead of the platform's ($RESEED_OPENER). */
  readonly command?: string;
  /** Injected by tests. */
  readonly spawn?: SpawnLike;
}

/** The program that shows a folder on this platform. */
export function platformOpener(platform: NodeJS.Platform): string {
  if (platform === 'darwin') return 'open';
  if (platform === 'win32') return 'explorer';
  return 'xdg-open';
}

/**
 * Resolves once the program has started (its exit status is not awaited: explorer answers 1 even
 * when it worked, and xdg-open may wait for the file manager); rejects when it cannot be started.
 */
export function systemFolderOpener(options: OpenerOptions = {}): FolderOpener {
  const command = options.command?.trim() || platformOpener(options.platform ?? process.platform);
  const start = options.spawn ?? (spawn as unknown as SpawnLike);
  return (path) =>
    new Promise<void>((resolve, reject) => {
      let child;
      try {
        child = start(command, [path], { detached: true, stdio: 'ignore', shell: false, windowsHide: false });
      } catch (error) {
        reject(error as Error);
        return;
      }
      child.once('spawn', () => {
        child.unref();
        resolve();
      });
      child.once('error', (error: Error) => {
        const code = (error as NodeJS.ErrnoException).code;
        reject(new Error(code === 'ENOENT' ? `${command} is not installed (set RESEED_OPENER to a program that opens folders)` : error.message));
      });
    });
}
