/**
 * Builds the one API object the preload exposes, from the shared channel maps. The renderer gets
 * plain functions only: it can call the listed operations and subscribe to the listed events, and
 * never touches ipcRenderer, channel names or IPC event objects (which would leak `sender`).
 */
import type { IpcRenderer, IpcRendererEvent } from 'electron';
import { eventChannels, invokeChannels } from '../../contract/channels';
import type { ReseedApi } from '../../contract/contract';

export type IpcRendererLike = Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>;

type Listener = (payload: unknown) => void;

/** Generic over the maps so tests can exercise events before the real contract has any. */
export function buildBridge(
  ipc: IpcRendererLike,
  invoke: Readonly<Record<string, string>>,
  events: Readonly<Record<string, string>>,
): Readonly<Record<string, unknown>> {
  const api: Record<string, unknown> = {};
  for (const [name, channel] of Object.entries(invoke)) {
    if (name === 'on') throw new Error('an invoke channel may not be called "on"');
    // At most one argument crosses: the request. Extra arguments are dropped, not smuggled along.
    api[name] = (...args: unknown[]) => ipc.invoke(channel, ...args.slice(0, 1));
  }
  api.on = (event: string, listener: Listener) => {
    if (!Object.hasOwn(events, event)) throw new Error(`reseed: unknown event "${event}"`);
    if (typeof listener !== 'function') throw new TypeError('reseed: listener must be a function');
    const channel = events[event] as string;
    const forward = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
    ipc.on(channel, forward);
    return () => {
      ipc.removeListener(channel, forward);
    };
  };
  return Object.freeze(api);
}

export function createReseedApi(ipc: IpcRendererLike): ReseedApi {
  return buildBridge(ipc, invokeChannels, eventChannels) as unknown as ReseedApi;
}
