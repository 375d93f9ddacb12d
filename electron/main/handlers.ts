/**
 * What each IPC channel does in the desktop app: the service's handlers (shared with
 * `reseed serve`), plus the native dialogs and shell.openPath. The type `Handlers` makes a
 * missing channel a compile error.
 */
import type { EditorService } from '../service/editor-service';
import { createServiceHandlers } from '../service/handlers';
import type { FolderOpener } from '../service/open-folder';
import type { Workflows } from '../service/workflows';
import type { Handlers } from './ipc';
import { collectAppInfo, type AppIdentity } from './app-info';

export interface ShellDeps {
  readonly service: EditorService;
  /** Shows the native open dialog; resolves to the chosen path or null. */
  readonly chooseImagePath?: () => Promise<string | null>;
  /** Shows the native folder dialog; resolves to the chosen folder or null. */
  readonly chooseFolderPath?: () => Promise<string | null>;
  readonly workflows?: Workflows;
  /** shell.openPath (electron/main/shell-opener.ts). */
  readonly openFolder?: FolderOpener;
}

export function createHandlers(identity: AppIdentity, deps: ShellDeps): Handlers {
  return createServiceHandlers({
    service: deps.service,
    appInfo: () => collectAppInfo(identity),
    chooseImagePath: deps.chooseImagePath,
    chooseFolderPath: deps.chooseFolderPath,
    workflows: deps.workflows,
    openFolder: deps.openFolder,
  });
}
