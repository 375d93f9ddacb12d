/**
 * What each IPC channel does in the desktop app. The editor issue adds the engine operations here
 * (embed, decode, edit, batch, cancel); the type `Handlers` makes a missing one a compile error.
 */
import type { Handlers } from './ipc';
import { collectAppInfo, type AppIdentity } from './app-info';

export function createHandlers(identity: AppIdentity): Handlers {
  return {
    appInfo: () => collectAppInfo(identity),
  };
}
