/** The preload exposes one API object built from the channel map, and nothing of IPC itself. */
import type { IpcRendererEvent } from 'electron';
import { EventEmitter } from 'node:events';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { buildBridge, type IpcRendererLike } from '../../electron/desktop/preload/bridge';
import { API_GLOBAL, invokeChannels } from '../../electron/contract/channels';

const mocks = vi.hoisted(() => ({
  exposeInMainWorld: vi.fn(),
  invoke: vi.fn(async (..._args: unknown[]) => ({ ok: true, value: 'answer' })),
  on: vi.fn(),
  removeListener: vi.fn(),
  send: vi.fn(),
}));

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: mocks.exposeInMainWorld },
  ipcRenderer: { invoke: mocks.invoke, on: mocks.on, removeListener: mocks.removeListener, send: mocks.send },
}));

describe('electron/desktop/preload/index.ts', () => {
  let api: Record<string, unknown>;

  beforeAll(async () => {
    await import('../../electron/desktop/preload/index');
    expect(mocks.exposeInMainWorld).toHaveBeenCalledOnce();
    const [name, exposed] = mocks.exposeInMainWorld.mock.calls[0]!;
    expect(name).toBe(API_GLOBAL);
    api = exposed as Record<string, unknown>;
  });

  it('exposes exactly the channel map operations plus `on`, all functions, frozen', () => {
    expect(Object.keys(api).sort()).toEqual([...Object.keys(invokeChannels), 'on'].sort());
    for (const value of Object.values(api)) expect(typeof value).toBe('function');
    expect(Object.isFrozen(api)).toBe(true);
  });

  it('leaks no ipcRenderer, send or channel names', () => {
    const values = Object.values(api);
    expect(values).not.toContain(mocks.invoke);
    expect(values).not.toContain(mocks.send);
    expect(JSON.stringify(Object.keys(api))).not.toMatch(/ipc|send|invoke|reseed:/);
  });

  it('forwards a call to its channel with at most one argument', async () => {
    const appInfo = api.appInfo as (...args: unknown[]) => Promise<unknown>;
    await expect(appInfo()).resolves.toEqual({ ok: true, value: 'answer' });
    expect(mocks.invoke).toHaveBeenLastCalledWith(invokeChannels.appInfo);
    await appInfo('one', 'two');
    expect(mocks.invoke).toHaveBeenLastCalledWith(invokeChannels.appInfo, 'one');
  });

  it('refuses subscriptions to events the contract does not list', () => {
    const on = api.on as (event: string, listener: () => void) => unknown;
    expect(() => on('anything', () => {})).toThrow(/unknown event/);
    expect(mocks.on).not.toHaveBeenCalled();
  });
});

describe('buildBridge events', () => {
  function fakeIpc() {
    const emitter = new EventEmitter();
    type RendererListener = Parameters<IpcRendererLike['on']>[1];
    const ipc: IpcRendererLike = {
      invoke: vi.fn(),
      on: vi.fn((channel: string, listener: RendererListener) => {
        emitter.on(channel, listener);
        return ipc as never;
      }),
      removeListener: vi.fn((channel: string, listener: RendererListener) => {
        emitter.removeListener(channel, listener);
        return ipc as never;
      }),
    };
    return { ipc, emitter };
  }

  it('delivers payloads without the IPC event, and unsubscribes', () => {
    const { ipc, emitter } = fakeIpc();
    const bridge = buildBridge(ipc, {}, { progress: 'reseed:progress' });
    const on = bridge.on as (event: string, listener: (...args: unknown[]) => void) => () => void;
    const listener = vi.fn();
    const off = on('progress', listener);
    const ipcEvent = { sender: { send: vi.fn() } } as unknown as IpcRendererEvent;
    emitter.emit('reseed:progress', ipcEvent, { done: 3, total: 10 });
    expect(listener).toHaveBeenCalledWith({ done: 3, total: 10 });
    expect(listener.mock.calls[0]).toHaveLength(1);
    off();
    emitter.emit('reseed:progress', ipcEvent, { done: 4, total: 10 });
    expect(listener).toHaveBeenCalledOnce();
  });

  it('rejects an operation named like the subscription function', () => {
    expect(() => buildBridge(fakeIpc().ipc, { on: 'reseed:on' }, {})).toThrow();
  });
});
