/** The IPC plumbing on its own: sender checks, payload validation, envelopes, the asking page's lifetime. */
import type { BrowserWindow, IpcMainInvokeEvent } from 'electron';
import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { ReseedEngine } from '../../electron/engine/engine';
import { collectAppInfo } from '../../electron/backend/app-info';
import { createServiceHandlers } from '../../electron/backend/handlers';
import { dispatch, registerIpcHandlers, trustedSenderCheck, type Handlers } from '../../electron/desktop/main/ipc';
import { senderSignal } from '../../electron/desktop/main/sender-lifetime';
import { EditorService } from '../../electron/backend/editor-service';
import { invokeChannels } from '../../electron/contract/channels';
import { ReseedError } from '../../electron/contract/result';

const APP_URL = 'file:///opt/reseed/out/renderer/index.html';

const identity = { name: 'Reseed', version: '1.2.3', isPackaged: false, userData: '/u', models: '/m' };

function fakeWindow(id = 1, destroyed = false) {
  const mainFrame = { processId: 10, routingId: 1, url: APP_URL };
  return { isDestroyed: () => destroyed, webContents: { id, mainFrame } };
}

type FakeWindow = ReturnType<typeof fakeWindow>;

function eventFrom(window: FakeWindow, frame: Partial<FakeWindow['webContents']['mainFrame']> | null = {}) {
  const senderFrame = frame === null ? null : { ...window.webContents.mainFrame, ...frame };
  return { sender: { id: window.webContents.id }, senderFrame } as unknown as IpcMainInvokeEvent;
}

function checkFor(window: FakeWindow | null) {
  return trustedSenderCheck(() => window as unknown as BrowserWindow | null, APP_URL);
}

describe('trustedSenderCheck', () => {
  const window = fakeWindow();
  const check = checkFor(window);

  it('accepts the main frame of the app window showing the app page', () => {
    expect(check(eventFrom(window))).toBe(true);
    expect(check(eventFrom(window, { url: `${APP_URL}#/editor?x=1` }))).toBe(true);
  });

  it('refuses other windows, subframes, other pages and missing frames', () => {
    expect(check(eventFrom(fakeWindow(2)))).toBe(false);
    expect(check(eventFrom(window, { routingId: 5 }))).toBe(false);
    expect(check(eventFrom(window, { processId: 11 }))).toBe(false);
    expect(check(eventFrom(window, { url: 'https://evil.example/index.html' }))).toBe(false);
    expect(check(eventFrom(window, { url: 'file:///tmp/other.html' }))).toBe(false);
    expect(check(eventFrom(window, null))).toBe(false);
  });

  it('refuses everything when there is no window or it is destroyed', () => {
    expect(checkFor(null)(eventFrom(window))).toBe(false);
    const gone = fakeWindow(1, true);
    expect(checkFor(gone)(eventFrom(gone))).toBe(false);
  });
});

describe('dispatch', () => {
  const handler = () => collectAppInfo(identity);
  const trusted = () => true;
  const event = {} as IpcMainInvokeEvent;

  it('answers a valid call with the value in an ok envelope', async () => {
    const result = await dispatch('appInfo', handler, trusted, event, []);
    expect(result).toMatchObject({ ok: true, value: { name: 'Reseed', version: '1.2.3' } });
  });

  it('refuses a foreign sender before looking at the payload or running the handler', async () => {
    const spy = vi.fn(handler);
    vi.spyOn(console, 'warn').mockImplementationOnce(() => {});
    const result = await dispatch('appInfo', spy, () => false, event, [{ bad: true }]);
    expect(result).toEqual({ ok: false, error: { code: 'forbidden', message: expect.any(String) } });
    expect(spy).not.toHaveBeenCalled();
  });

  it('refuses bad payloads without running the handler', async () => {
    const spy = vi.fn(handler);
    for (const args of [[{ path: '/etc/passwd' }], ['x'], [undefined, 'extra']]) {
      const result = await dispatch('appInfo', spy, trusted, event, args);
      expect(result).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    }
    expect(spy).not.toHaveBeenCalled();
  });

  it('turns a thrown error into an error envelope, keeping a ReseedError code', async () => {
    const coded = await dispatch('appInfo', () => { throw new ReseedError('not-found', 'no such pack'); }, trusted, event, []);
    expect(coded).toEqual({ ok: false, error: { code: 'not-found', message: 'no such pack' } });
    const plain = await dispatch('appInfo', async () => { throw new Error('boom'); }, trusted, event, []);
    expect(plain).toEqual({ ok: false, error: { code: 'internal', message: 'boom' } });
  });

  it('refuses to send an answer outside the response schema', async () => {
    vi.spyOn(console, 'error').mockImplementationOnce(() => {});
    const broken = (() => ({ name: 'Reseed' })) as unknown as Handlers['appInfo'];
    const result = await dispatch('appInfo', broken, trusted, event, []);
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-response' } });
  });
});

describe("the asking page's lifetime", () => {
  it.each([
    ['destroyed', 'the window was closed'],
    ['render-process-gone', "the window's page crashed"],
    ['did-navigate', 'the window loaded another page'],
  ])('aborts the signal handlers get when the sender emits %s', async (name, why) => {
    const sender = new EventEmitter();
    let signal: AbortSignal | undefined;
    const handler = ((_request: undefined, context: { signal: AbortSignal }) => {
      signal = context.signal;
      return collectAppInfo(identity);
    }) as Handlers['appInfo'];
    await dispatch('appInfo', handler, () => true, { sender } as unknown as IpcMainInvokeEvent, []);
    expect(signal?.aborted).toBe(false);
    sender.emit(name);
    expect(signal?.aborted).toBe(true);
    expect(signal?.reason).toBe(why);
    // The next page gets a fresh life, and the old one's listeners are gone.
    expect(senderSignal(sender).aborted).toBe(false);
    expect(sender.listenerCount(name)).toBe(1);
  });

  it('gives anything that is not a web contents a signal that never aborts', () => {
    expect(senderSignal(undefined).aborted).toBe(false);
    expect(senderSignal({ id: 3 }).aborted).toBe(false);
  });
});

describe('registerIpcHandlers', () => {
  it('registers one handler per channel and removes them again', async () => {
    const handlers = new Map<string, (event: unknown, ...args: unknown[]) => unknown>();
    const ipcMain = {
      handle: vi.fn((channel: string, listener: (event: unknown, ...args: unknown[]) => unknown) => {
        handlers.set(channel, listener);
      }),
      removeHandler: vi.fn((channel: string) => handlers.delete(channel)),
    };
    const service = new EditorService({ engine: new ReseedEngine({ packRoots: [] }) });
    const dispose = registerIpcHandlers(ipcMain, createServiceHandlers({ appInfo: () => collectAppInfo(identity), service }), () => true);
    expect([...handlers.keys()].sort()).toEqual(Object.values(invokeChannels).sort());
    const answer = await handlers.get(invokeChannels.appInfo)!({});
    expect(answer).toMatchObject({ ok: true, value: { versions: { node: process.versions.node } } });
    dispose();
    expect(handlers.size).toBe(0);
  });
});
