/**
 * The desktop app's parts of the batch and custom-slider features, with electron mocked: "Open
 * output folder" goes through IPC, the allowed roots and shell.openPath (whose error string
 * becomes a clear failure), custom sliders are made and deleted over IPC, and a batch that ran
 * long enough ends with an Electron Notification.
 */
import type { IpcMainInvokeEvent } from 'electron';
import { Notification, shell } from 'electron';
import { mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createServiceHandlers } from '../../electron/backend/handlers';
import { collectAppInfo } from '../../electron/backend/app-info';
import { registerIpcHandlers } from '../../electron/desktop/main/ipc';
import { batchNotifier } from '../../electron/desktop/main/notifications';
import { shellFolderOpener } from '../../electron/desktop/main/shell-opener';
import { ReseedEngine } from '../../electron/engine/engine';
import { createWorkflows } from '../../electron/backend/workflows';
import { invokeChannels } from '../../electron/contract/channels';
import { tempDir } from '../engine/helpers';
import { tinyService } from '../http/helpers';
import { FakeNotification, fakeShell } from './fake-electron';

vi.mock('electron', async () => (await import('./fake-electron')).electronModule);

type Envelope = { ok: boolean; value?: Record<string, unknown> | null; error?: { code: string; message: string } };

const home = tempDir('reseed-desktop-actions-');
const allowed = join(home, 'allowed');
mkdirSync(join(allowed, 'out'), { recursive: true });
mkdirSync(join(home, 'elsewhere'), { recursive: true });
const service = tinyService();
const workflows = createWorkflows({ service, engine: new ReseedEngine({ packRoots: [] }), roots: [allowed], userPacks: join(home, 'packs') });
const registered = new Map<string, (event: unknown, ...args: unknown[]) => Promise<Envelope>>();
registerIpcHandlers(
  { handle: (channel: string, listener: never) => registered.set(channel, listener), removeHandler: () => {} } as never,
  createServiceHandlers({ appInfo: () => collectAppInfo({ name: 'Reseed', version: '1', isPackaged: false, userData: '/u', models: '/m' }), service, workflows, openFolder: shellFolderOpener(shell) }),
  () => true,
);

afterAll(() => service.dispose());

function call(name: keyof typeof invokeChannels, ...args: unknown[]): Promise<Envelope> {
  return registered.get(invokeChannels[name])!({} as IpcMainInvokeEvent, ...args);
}

describe('open output folder (IPC, shell.openPath)', () => {
  beforeEach(() => fakeShell.openPath.mockClear());

  it('opens a folder inside the allowed roots', async () => {
    const r = await call('openFolder', { path: join(allowed, 'out') });
    expect(r).toEqual({ ok: true, value: { path: realpathSync(join(allowed, 'out')) } });
    expect(fakeShell.openPath).toHaveBeenCalledExactlyOnceWith(realpathSync(join(allowed, 'out')));
  });

  it('refuses a folder outside them without touching the shell', async () => {
    const r = await call('openFolder', { path: join(home, 'elsewhere') });
    expect(r.error?.code).toBe('forbidden');
    expect((await call('openFolder', { path: 42 })).error?.code).toBe('invalid-request');
    expect(fakeShell.openPath).not.toHaveBeenCalled();
  });

  it('turns the error string shell.openPath answers into an open-failed error', async () => {
    fakeShell.openPath.mockResolvedValueOnce('Failed to open path');
    const r = await call('openFolder', { path: join(allowed, 'out') });
    expect(r.error).toEqual({ code: 'open-failed', message: expect.stringMatching(/cannot open .*out in the file manager: Failed to open path/) });
  });
});

describe('custom sliders over IPC', () => {
  it('makes one from two folders, lists it as custom, and deletes it', async () => {
    for (const [name, shade] of [['bright', 230], ['dark', 20]] as const) {
      mkdirSync(join(allowed, name));
      for (let i = 0; i < 3; i++) {
        const png = await sharp({ create: { width: 12, height: 12, channels: 3, background: { r: shade - i, g: shade, b: shade } } }).png().toBuffer();
        writeFileSync(join(allowed, name, `${i}.png`), png);
      }
    }
    const made = await call('directionCreate', { requestId: 'ipc-dir', name: 'Bright', withFolder: join(allowed, 'bright'), withoutFolder: join(allowed, 'dark') });
    expect(made.ok, made.error?.message).toBe(true);
    expect(made.value).toMatchObject({ direction: { id: 'bright', custom: true }, with: { used: 3 }, without: { used: 3 } });
    const info = await call('packInfo');
    expect((info.value as { directions: { id: string; custom: boolean }[] }).directions.at(-1)).toMatchObject({ id: 'bright', custom: true });
    expect((await call('directionDelete', { id: 'bright' })).value).toEqual({ id: 'bright', deleted: true });
    const outside = await call('directionCreate', { requestId: 'ipc-dir2', name: 'X', withFolder: join(home, 'elsewhere'), withoutFolder: join(allowed, 'dark') });
    expect(outside.error?.code).toBe('forbidden');
  });
});

describe('batch notifications (Electron Notification)', () => {
  beforeEach(() => {
    FakeNotification.shown = [];
    FakeNotification.supported = true;
  });

  it('announces a batch that ran longer than the threshold: done, cancelled or failed', () => {
    const notify = batchNotifier(Notification);
    notify({ status: 'done', elapsedSeconds: 42, ok: 18, failed: 2 });
    notify({ status: 'cancelled', elapsedSeconds: 12, ok: 5, failed: 0 });
    notify({ status: 'failed', elapsedSeconds: 15, error: 'disk full' });
    expect(FakeNotification.shown).toEqual([
      { title: 'Reseed: batch finished', body: '18 images done, 2 failed, after 42 s.', silent: false },
      { title: 'Reseed: batch cancelled', body: '5 images done, stopped after 12 s. Run it again to resume.', silent: true },
      { title: 'Reseed: batch failed', body: 'disk full (after 15 s).', silent: false },
    ]);
  });

  it('stays quiet for a short batch, and where notifications are unsupported', () => {
    batchNotifier(Notification)({ status: 'done', elapsedSeconds: 9.9, ok: 3, failed: 0 });
    expect(FakeNotification.shown).toEqual([]);
    FakeNotification.supported = false;
    batchNotifier(Notification)({ status: 'done', elapsedSeconds: 100, ok: 3, failed: 0 });
    expect(FakeNotification.shown).toEqual([]);
  });

  it('takes another threshold', () => {
    batchNotifier(Notification, 0)({ status: 'done', elapsedSeconds: 0.5, ok: 1, failed: 0 });
    expect(FakeNotification.shown).toHaveLength(1);
  });
});
