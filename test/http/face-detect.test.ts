/**
 * Face detection in the open photo over `reseed serve`'s API (POST /api/detectFace), on the
 * `crop: face` tiny RGB pack: the face and the crop box proposed for the pack, no face as an
 * answer (not an error), the request validated, and the detection worker stopped with the service.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { faceDetectorRunning } from '../../electron/engine/image/face-detect';
import { newToken, TOKEN_HEADER } from '../../electron/http/guard';
import type { RunningServer } from '../../electron/http/server';
import type { EditorService } from '../../electron/backend/editor-service';
import { REPO, tempDir, TINY_RGB_PACK } from '../engine/helpers';
import { apiCaller, sampleBase64, serveService, tinyService } from './helpers';

const root = tempDir('reseed-serve-face-');
const staticDir = join(root, 'renderer');
const token = newToken();
let server: RunningServer;
let service: EditorService;
const api = apiCaller(() => server.port, token, TOKEN_HEADER);
const astronaut = () => readFileSync(join(REPO, 'assets', 'samples', 'astronaut.jpg')).toString('base64');

beforeAll(async () => {
  mkdirSync(staticDir, { recursive: true });
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Reseed</title>');
  service = tinyService({ pack: TINY_RGB_PACK });
  server = await serveService({ service }, { staticDir, token });
});

afterAll(async () => {
  await server?.close();
  await service?.dispose();
});

describe('POST /api/detectFace', () => {
  it('reports the pack as a face pack', async () => {
    expect((await api('packInfo')).value).toMatchObject({ id: 'tiny-rgb', crop: 'face' });
  });

  it('finds the face in the astronaut photo and proposes the crop box around it', async () => {
    const opened = await api('openImage', { source: 'upload', name: 'astronaut.jpg', data: astronaut() });
    expect(opened.ok).toBe(true);
    const r = await api('detectFace', { imageId: opened.value.imageId });
    expect(r.status).toBe(200);
    expect(r.value).toMatchObject({ imageId: opened.value.imageId, faces: 1, aspect: 1, packId: 'tiny-rgb', crop: { left: 138, top: 16, width: 168, height: 168 } });
    const f = r.value.face;
    expect(224 >= f.left && 224 < f.left + f.width && 115 >= f.top && 115 < f.top + f.height).toBe(true);
    expect(r.value.detectMs).toBeGreaterThan(0);
    // Embedding that box is what `reseed embed` does without --crop.
    const embedded = await api('embed', { requestId: 'face-1', imageId: opened.value.imageId, crop: r.value.crop });
    expect(embedded.ok).toBe(true);
  });

  it('answers face null for a photo without a face, not-found for a closed one, 400 for a bad body', async () => {
    const opened = await api('openImage', { source: 'upload', name: 'tshirt.png', data: sampleBase64() });
    const none = await api('detectFace', { imageId: opened.value.imageId });
    expect(none).toMatchObject({ status: 200, ok: true, value: { face: null, faces: 0, crop: null } });
    expect(await api('detectFace', { imageId: 'gone' })).toMatchObject({ status: 404, ok: false, error: { code: 'not-found' } });
    expect(await api('detectFace', { imageId: '../x' })).toMatchObject({ status: 400, ok: false, error: { code: 'invalid-request' } });
  });

  it('stops the detection worker when a service is disposed; the next detection starts a new one', async () => {
    const opened = await api('openImage', { source: 'upload', name: 'astronaut.jpg', data: astronaut() });
    expect((await api('detectFace', { imageId: opened.value.imageId })).value.faces).toBe(1);
    expect(faceDetectorRunning()).toBe(true);
    // The worker is shared by the process: disposing any service (the app quitting) stops it.
    await tinyService({ pack: TINY_RGB_PACK }).dispose();
    expect(faceDetectorRunning()).toBe(false);
    expect((await api('detectFace', { imageId: opened.value.imageId })).value.faces).toBe(1);
    expect(faceDetectorRunning()).toBe(true);
  });
});
