/**
 * The shell's entry (electron/desktop/main/index.ts) started against a fake electron: one hardened
 * window on app://reseed/ (the privileged scheme registered before ready, its handler after), the
 * CSP hook, navigation locks and IPC wired together as the real app does.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../electron/desktop/main/security';
import { invokeChannels } from '../../electron/contract/channels';
import { AppInfoSchema } from '../../electron/contract/contract';
import { pathToFileURL } from 'node:url';
import { fakeApp, fakeDialog, fakeIpcMain, fakeProtocol, fakeSession, FakeBrowserWindow, FakeFrame, FakeWebContents } from './fake-electron';

vi.mock('electron', async () => (await import('./fake-electron')).electronModule);

let home: string;
let window: FakeBrowserWindow;

beforeAll(async () => {
  home = mkdtempSync(path.join(os.tmpdir(), 'reseed-shell-'));
  vi.stubEnv('RESEED_HOME', home);
  vi.spyOn(console, 'warn').mockImplementation(() => {});
  await import('../../electron/desktop/main/index');
  await vi.waitFor(() => expect(FakeBrowserWindow.instances).toHaveLength(1));
  window = FakeBrowserWindow.instances[0] as FakeBrowserWindow;
  await vi.waitFor(() => expect(window.webContents.mainFrame.url).not.toBe(''));
});

afterAll(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  rmSync(home, { recursive: true, force: true });
});

function callChannel(channel: string, event: unknown, ...args: unknown[]) {
  const handler = fakeIpcMain.handlers.get(channel);
  if (handler === undefined) throw new Error(`no ${channel} handler registered`);
  return handler(event, ...args) as Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }>;
}

function callAppInfo(event: unknown, ...args: unknown[]) {
  return callChannel(invokeChannels.appInfo, event, ...args);
}

function eventFrom(contents: FakeWebContents, frame: FakeFrame = contents.mainFrame) {
  return { sender: contents, senderFrame: frame };
}

describe('electron/desktop/main/index.ts', () => {
  it('creates exactly one window with the secure options and the built preload', () => {
    const prefs = window.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
    expect(String(prefs.preload)).toMatch(/out[\\/]preload[\\/]index\.cjs$/);
    expect(window.webContents.mainFrame.url).toBe('app://reseed/index.html');
  });

  it('makes app:// a standard, secure, fetch-capable scheme before the app is ready', () => {
    expect(fakeProtocol.registerSchemesAsPrivileged).toHaveBeenCalledOnce();
    const [schemes] = fakeProtocol.registerSchemesAsPrivileged.mock.calls[0]!;
    expect(schemes).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
    // The fake throws if called after ready; its result is what was registered.
    expect(fakeProtocol.registerSchemesAsPrivileged.mock.results[0]?.type).toBe('return');
  });

  it('serves app:// from out/renderer only, with the CSP header on every answer', async () => {
    expect(fakeProtocol.handle).toHaveBeenCalledOnce();
    const handler = fakeProtocol.handlers.get('app')!;
    // Decoded only by the handler: an encoded "../" that the URL parser leaves alone.
    const escape = await handler(new Request('app://reseed/assets%2F..%2F..%2F..%2Fpackage.json'));
    expect(escape.status).toBe(403);
    expect(escape.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    const other = await handler(new Request('app://elsewhere/index.html'));
    expect(other.status).toBe(404);
    expect(other.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  });

  it('shows the window only when it is ready', () => {
    expect(window.show).not.toHaveBeenCalled();
    window.emit('ready-to-show');
    expect(window.show).toHaveBeenCalledOnce();
  });

  it('installs the CSP header on every response of the default session', () => {
    expect(fakeSession.headersListeners).toHaveLength(1);
    const listener = fakeSession.headersListeners[0]!;
    const callback = vi.fn();
    listener({ responseHeaders: { 'content-security-policy': ['default-src *'], 'X-Other': ['1'] } }, callback);
    const headers = callback.mock.calls[0]![0].responseHeaders as Record<string, string[]>;
    expect(headers['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY]);
    expect(headers['content-security-policy']).toBeUndefined();
    expect(headers['X-Other']).toEqual(['1']);
  });

  it('denies every permission request', () => {
    const handler = fakeSession.setPermissionRequestHandler.mock.calls[0]![0] as (
      contents: unknown,
      permission: string,
      callback: (granted: boolean) => void,
    ) => void;
    const callback = vi.fn();
    handler({}, 'media', callback);
    expect(callback).toHaveBeenCalledWith(false);
  });

  it('locks navigation and new windows of every web contents created', () => {
    const contents = new FakeWebContents();
    fakeApp.emit('web-contents-created', {}, contents);
    const navigate = { preventDefault: vi.fn() };
    for (const url of ['https://example.com/', 'file:///etc/passwd', 'app://elsewhere/index.html']) {
      const navigate = { preventDefault: vi.fn() };
      contents.emit('will-navigate', navigate, url);
      expect(navigate.preventDefault, url).toHaveBeenCalled();
    }
    contents.emit('will-navigate', navigate, 'https://example.com/');
    expect(navigate.preventDefault).toHaveBeenCalled();
    expect(contents.openHandler?.({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
  });

  it('answers app info to its own window, with the versions of this process', async () => {
    const result = await callAppInfo(eventFrom(window.webContents));
    expect(result.ok).toBe(true);
    const info = AppInfoSchema.parse(result.value);
    expect(info.versions.node).toBe(process.versions.node);
    expect(info.versions.electron).toBeNull(); // plain Node runs this test
    expect(info.paths.userData).toBe(home); // RESEED_HOME wins over Electron's folder
    expect(info.paths.models).toBe(path.join('/repo', 'models'));
  });

  it('refuses app info to the window once it shows anything but app://reseed/index.html (the old file:// page too)', async () => {
    const main = window.webContents.mainFrame;
    for (const url of [pathToFileURL(path.join('/repo', 'out', 'renderer', 'index.html')).href, 'app://evil/index.html', 'https://example.com/']) {
      const frame = new FakeFrame(main.processId, main.routingId, url);
      expect(await callAppInfo(eventFrom(window.webContents, frame)), url).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    const frame = new FakeFrame(main.processId, main.routingId, 'app://reseed/index.html#editor');
    expect(await callAppInfo(eventFrom(window.webContents, frame))).toMatchObject({ ok: true });
  });

  it('refuses app info to a foreign window and to a subframe', async () => {
    const other = new FakeWebContents();
    other.mainFrame.url = window.webContents.mainFrame.url;
    expect(await callAppInfo(eventFrom(other))).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const subframe = new FakeFrame(window.webContents.mainFrame.processId, 7, window.webContents.mainFrame.url);
    expect(await callAppInfo(eventFrom(window.webContents, subframe))).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
  });

  it('refuses a payload app info does not take', async () => {
    const result = await callAppInfo(eventFrom(window.webContents), { path: '/etc/passwd' });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
  });

  it('registers every channel, and reports a missing pack in the window instead of failing to start', async () => {
    expect([...fakeIpcMain.handlers.keys()].sort()).toEqual(Object.values(invokeChannels).sort());
    const result = await callChannel(invokeChannels.packInfo, eventFrom(window.webContents));
    expect(result).toMatchObject({ ok: false, error: { code: 'pack-error', message: expect.stringMatching(/no model pack installed/) } });
  });

  it('opens pictures through the native dialog only; a cancelled dialog answers null', async () => {
    fakeDialog.showOpenDialog.mockResolvedValueOnce({ canceled: true, filePaths: [] });
    // The pack is opened first (the crop box needs its aspect ratio); with none, that error comes back.
    const result = await callChannel(invokeChannels.chooseImage, eventFrom(window.webContents));
    expect(result.ok === true ? result.value : result.error?.code).toBeOneOf([null, 'pack-error']);
  });

  it('focuses the one window on a second launch instead of opening another', () => {
    fakeApp.emit('second-instance');
    expect(window.focus).toHaveBeenCalled();
    expect(FakeBrowserWindow.instances).toHaveLength(1);
  });
});
