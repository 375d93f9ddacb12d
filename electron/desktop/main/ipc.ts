/**
 * Typed IPC plumbing: one `ipcMain.handle` per channel of the shared map. Every call is checked in
 * the same order: the sender must be the app's own window, the payload must match the channel's
 * request schema, and the handler's answer must match the response schema. The renderer always
 * gets a `Result` envelope back; nothing is thrown across IPC. A handler's signal aborts when the
 * page that asked is gone (sender-lifetime.ts).
 */
import type { BrowserWindow, IpcMain, IpcMainInvokeEvent } from 'electron';
import type { ServiceHandler, ServiceHandlers } from '../../backend/handlers';
import { runOperation } from '../../backend/run-operation';
import { invokeChannels, type InvokeName } from '../../contract/channels';
import { ErrorCode, fail, type Result } from '../../contract/result';
import { senderSignal } from './sender-lifetime';

/** The backend's handlers: the IPC event only decides the context (who asked, for how long). */
export type Handler<K extends InvokeName> = ServiceHandler<K>;

export type Handlers = ServiceHandlers;

export type SenderCheck = (event: IpcMainInvokeEvent) => boolean;

type IpcMainLike = Pick<IpcMain, 'handle' | 'removeHandler'>;

/** Validates and runs one call. Exported for tests; `registerIpcHandlers` wires it to ipcMain. */
export async function dispatch<K extends InvokeName>(
  name: K,
  handler: Handler<K>,
  isTrustedSender: SenderCheck,
  event: IpcMainInvokeEvent,
  args: unknown[],
): Promise<Result<unknown>> {
  const channel = invokeChannels[name];
  if (!isTrustedSender(event)) {
    console.warn(`reseed: refused ${channel} from a foreign sender (${event.senderFrame?.url ?? 'no frame'})`);
    return fail(ErrorCode.forbidden, `${channel}: the sender is not the Reseed window`);
  }
  if (args.length > 1) {
    return fail(ErrorCode.invalidRequest, `${channel}: takes at most one argument, got ${args.length}`);
  }
  return runOperation(name, args[0], handler, { signal: senderSignal(event.sender) });
}

/** Registers a handler for every channel; returns a function that removes them again. */
export function registerIpcHandlers(
  ipcMain: IpcMainLike,
  handlers: Handlers,
  isTrustedSender: SenderCheck,
): () => void {
  const names = Object.keys(invokeChannels) as InvokeName[];
  // Generic per channel so each handler's type lines up with its schemas.
  const register = <K extends InvokeName>(name: K) =>
    ipcMain.handle(invokeChannels[name], (event, ...args: unknown[]) => dispatch(name, handlers[name], isTrustedSender, event, args));
  for (const name of names) register(name);
  return () => {
    for (const name of names) ipcMain.removeHandler(invokeChannels[name]);
  };
}

/** A URL without its query and fragment, for comparing which document a frame shows. */
function documentOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  } catch {
    return null;
  }
}

/**
 * Accepts only the main frame of the app's own window showing the app's own page, in the manner
 * of Electron Fiddle's sender checks: a subframe, another window, or the window after it somehow
 * navigated elsewhere is refused.
 */
export function trustedSenderCheck(getWindow: () => BrowserWindow | null, appUrl: string): SenderCheck {
  const expected = documentOf(appUrl);
  return (event) => {
    const window = getWindow();
    if (window === null || window.isDestroyed()) return false;
    const contents = window.webContents;
    if (event.sender.id !== contents.id) return false;
    const frame = event.senderFrame;
    const main = contents.mainFrame;
    if (frame === null || frame === undefined) return false;
    if (frame.processId !== main.processId || frame.routingId !== main.routingId) return false;
    return expected !== null && documentOf(frame.url) === expected;
  };
}
