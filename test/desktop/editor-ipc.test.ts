/**
 * The editor's IPC handlers with electron mocked: the native dialog is the only way a path gets
 * in, every payload is validated, and the engine operations answer through envelopes.
 */
import type { BrowserWindow, IpcMainInvokeEvent } from 'electron';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { imageOpenDialog } from '../../electron/desktop/main/dialogs';
import { createServiceHandlers } from '../../electron/backend/handlers';
import { collectAppInfo } from '../../electron/backend/app-info';
import { registerIpcHandlers } from '../../electron/desktop/main/ipc';
import { parseLaunchOptions } from '../../electron/desktop/main/launch-options';
import { invokeChannels } from '../../electron/contract/channels';
import { tempDir } from '../engine/helpers';
import { SAMPLE, sampleBase64, tinyService } from '../http/helpers';
import { fakeDialog } from './fake-electron';

vi.mock('electron', async () => (await import('./fake-electron')).electronModule);

type Envelope = { ok: boolean; value?: Record<string, unknown> | null; error?: { code: string; message: string } };

const identity = { name: 'Reseed', version: '1.2.3', isPackaged: false, userData: '/u', models: '/m' };
const home = tempDir('reseed-ipc-');
const progress: unknown[] = [];
const service = tinyService({ recentFile: `${home}/recent-files.json`, emit: (_event, payload) => progress.push(payload) });
const window = { isDestroyed: () => false } as unknown as BrowserWindow;
const registered = new Map<string, (event: unknown, ...args: unknown[]) => Promise<Envelope>>();
registerIpcHandlers(
  { handle: (channel: string, listener: never) => registered.set(channel, listener), removeHandler: () => {} } as never,
  createServiceHandlers({ appInfo: () => collectAppInfo(identity), service, chooseImagePath: imageOpenDialog(fakeDialog as never, () => window) }),
  () => true,
);

afterAll(() => service.dispose());

function call(name: keyof typeof invokeChannels, ...args: unknown[]): Promise<Envelope> {
  return registered.get(invokeChannels[name])!({} as IpcMainInvokeEvent, ...args);
}

describe('editor IPC handlers', () => {
  it('describes the pack and the provider that runs it', async () => {
    const info = await call('packInfo');
    expect(info).toMatchObject({ ok: true, value: { id: 'tiny', provider: { provider: 'cpu', reason: 'requested' } } });
    expect((info.value as { directions: unknown[] }).directions).toHaveLength(2);
  });

  it('opens the file the native dialog chose, and answers null when it is cancelled', async () => {
    fakeDialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: [SAMPLE] });
    const opened = await call('chooseImage');
    expect(opened).toMatchObject({ ok: true, value: { name: 'tshirt.png', width: 320, height: 320, aspect: 1 } });
    expect(fakeDialog.showOpenDialog).toHaveBeenLastCalledWith(window, expect.objectContaining({ properties: ['openFile'] }));
    fakeDialog.showOpenDialog.mockResolvedValueOnce({ canceled: true, filePaths: [] });
    expect(await call('chooseImage')).toEqual({ ok: true, value: null });
  });

  it('never takes a path from the renderer; recent files are reopened by key only', async () => {
    const byPath = await call('openImage', { source: 'path', path: '/etc/passwd' });
    expect(byPath).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    const recent = await call('recentImages');
    const items = (recent.value as { items: { key: string; kind: string; name: string }[] }).items;
    const file = items.find((i) => i.kind === 'file');
    expect(file?.name).toBe('tshirt.png');
    expect(JSON.stringify(recent)).not.toContain('/assets/');
    expect(await call('openImage', { source: 'recent', key: file!.key })).toMatchObject({ ok: true, value: { name: 'tshirt.png' } });
    expect(await call('openImage', { source: 'recent', key: '../../etc' })).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
  });

  it('embeds, decodes with sliders, exports, and streams progress', async () => {
    const opened = (await call('openImage', { source: 'upload', name: 'shirt.png', data: sampleBase64() })).value as { imageId: string; defaultCrop: object };
    const embedded = await call('embed', { requestId: 'ipc-e1', imageId: opened.imageId, crop: opened.defaultCrop });
    expect(embedded).toMatchObject({ ok: true, value: { method: 'network', steps: 10, provider: 'cpu' } });
    const seedId = (embedded.value as { seedId: string }).seedId;
    expect(progress).toContainEqual({ requestId: 'ipc-e1', operation: 'embed', done: 10, total: 10 });
    const decoded = await call('decode', { requestId: 'ipc-d1', seedId, sliders: { darker: -1.5 } });
    expect(decoded).toMatchObject({ ok: true, value: { seedId, provider: 'cpu' } });
    const exported = await call('exportImage', { seedId, sliders: {}, scale: 1 });
    expect(exported).toMatchObject({ ok: true, value: { fileName: 'shirt.png', width: 28, height: 28 } });
  });

  it('refuses malformed payloads before the engine sees them', async () => {
    for (const [name, payload] of [
      // A box may reach past the photo (negative left: issue #17), but not by half a pixel or with no width.
      ['embed', { requestId: 'x', imageId: 'y', crop: { left: -0.5, top: 0, width: 10, height: 10 } }],
      ['embed', { requestId: 'x', imageId: 'y', crop: { left: -1, top: 0, width: 0, height: 10 } }],
      ['decode', { requestId: 'x y', seedId: 's', sliders: {} }],
      ['decode', { requestId: 'x', seedId: 's', sliders: { darker: Number.POSITIVE_INFINITY } }],
      ['generate', { requestId: 'x', seed: -1 }],
      ['exportImage', { seedId: 's', sliders: {}, scale: 1000 }],
      ['cancel', {}],
    ] as const) {
      expect(await call(name, payload), name).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    }
  });

  it('cancels by request id', async () => {
    expect(await call('cancel', { requestId: 'not-running' })).toEqual({ ok: true, value: { cancelled: false } });
  });
});

describe('launch options', () => {
  it('reads --pack and --provider and ignores Chromium switches', () => {
    expect(parseLaunchOptions(['.', '--pack', 'models/x', '--provider=cpu', '--enable-logging'])).toMatchObject({ pack: 'models/x', provider: 'cpu', warnings: [] });
    const bad = parseLaunchOptions(['--provider', 'quantum']);
    expect(bad.provider).toBe('auto');
    expect(bad.warnings[0]).toMatch(/quantum/);
  });
});
