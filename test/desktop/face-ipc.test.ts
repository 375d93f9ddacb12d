/** The detectFace IPC channel with electron mocked: validated payload, the face and crop box in an envelope. */
import type { IpcMainInvokeEvent } from 'electron';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createServiceHandlers } from '../../electron/backend/handlers';
import { collectAppInfo } from '../../electron/backend/app-info';
import { registerIpcHandlers } from '../../electron/desktop/main/ipc';
import { invokeChannels } from '../../electron/contract/channels';
import { REPO, TINY_RGB_PACK } from '../engine/helpers';
import { tinyService } from '../http/helpers';

vi.mock('electron', async () => (await import('./fake-electron')).electronModule);

type Envelope = { ok: boolean; value?: Record<string, unknown> | null; error?: { code: string; message: string } };

const identity = { name: 'Reseed', version: '1.2.3', isPackaged: false, userData: '/u', models: '/m' };
const service = tinyService({ pack: TINY_RGB_PACK });
const registered = new Map<string, (event: unknown, ...args: unknown[]) => Promise<Envelope>>();
registerIpcHandlers(
  { handle: (channel: string, listener: never) => registered.set(channel, listener), removeHandler: () => {} } as never,
  createServiceHandlers({ appInfo: () => collectAppInfo(identity), service }),
  () => true,
);

afterAll(() => service.dispose());

const call = (name: keyof typeof invokeChannels, ...args: unknown[]) => registered.get(invokeChannels[name])!({} as IpcMainInvokeEvent, ...args);

describe('detectFace over IPC', () => {
  it('is registered on its channel and answers with the face and the proposed crop box', async () => {
    expect(invokeChannels.detectFace).toBe('reseed:detect-face');
    const data = readFileSync(join(REPO, 'assets', 'samples', 'astronaut.jpg')).toString('base64');
    const opened = await call('openImage', { source: 'upload', name: 'astronaut.jpg', data });
    const imageId = (opened.value as { imageId: string }).imageId;
    const r = await call('detectFace', { imageId });
    expect(r).toMatchObject({ ok: true, value: { imageId, faces: 1, crop: { left: 138, top: 16, width: 168, height: 168 } } });
  });

  it('refuses a malformed payload', async () => {
    expect(await call('detectFace', { imageId: 7 })).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    expect(await call('detectFace')).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
  });
});
