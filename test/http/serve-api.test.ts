/**
 * `reseed serve`'s HTTP server with the real engine on the fixture pack: 127.0.0.1 only, the
 * token, Host/Origin checks, validated bodies, static files without path traversal, the
 * operations end to end, and progress over Server-Sent Events.
 */
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newToken, TOKEN_HEADER } from '../../electron/http/guard';
import { EventHub } from '../../electron/http/event-stream';
import { SERVE_CSP, type RunningServer } from '../../electron/http/server';
import type { EditorService } from '../../electron/backend/editor-service';
import { tempDir } from '../engine/helpers';
import { raw, sampleBase64, serveService, tinyService } from './helpers';

const root = tempDir('reseed-serve-');
const staticDir = join(root, 'renderer');
const token = newToken();
let server: RunningServer;
let service: EditorService;

beforeAll(async () => {
  mkdirSync(join(staticDir, 'assets'), { recursive: true });
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Reseed</title>');
  writeFileSync(join(staticDir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(root, 'secret.txt'), 'TOP-SECRET');
  symlinkSync(join(root, 'secret.txt'), join(staticDir, 'assets', 'link.txt'));
  const events = new EventHub();
  service = tinyService({ emit: (event, payload) => events.send(event, payload) });
  server = await serveService({ service }, { staticDir, token, events });
});

afterAll(async () => {
  await server?.close();
  await service?.dispose();
});

const api = (name: string, body?: unknown, headers: Record<string, string> = {}) =>
  raw(server.port, {
    method: 'POST',
    path: `/api/${name}`,
    headers: { [TOKEN_HEADER]: token, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

describe('reseed serve: who may talk to it', () => {
  it('listens on 127.0.0.1 only and prints a URL with the token in the fragment', () => {
    expect((server.server.address() as AddressInfo).address).toBe('127.0.0.1');
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/#token=${token}`);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(newToken()).not.toBe(token);
  });

  it('answers 401 to API requests without the token or with a wrong one', async () => {
    const none = await raw(server.port, { method: 'POST', path: '/api/packInfo' });
    expect(none.status).toBe(401);
    expect(none.json()).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    const wrong = await raw(server.port, { method: 'POST', path: '/api/packInfo', headers: { [TOKEN_HEADER]: `${token.slice(0, -1)}x` } });
    expect(wrong.status).toBe(401);
    const events = await raw(server.port, { path: '/api/events' });
    expect(events.status).toBe(401);
    // The token in a query string is not accepted by the API (it would end up in logs).
    expect((await raw(server.port, { method: 'POST', path: `/api/packInfo?token=${token}` })).status).toBe(401);
  });

  it('refuses a foreign Host header (DNS rebinding) and a cross-origin browser request', async () => {
    const rebinding = await raw(server.port, { path: '/', headers: { host: `evil.example:${server.port}` } });
    expect(rebinding.status).toBe(421);
    const crossOrigin = await api('packInfo', undefined, { origin: 'https://evil.example' });
    expect(crossOrigin.status).toBe(403);
    const sameOrigin = await api('packInfo', undefined, { origin: `http://127.0.0.1:${server.port}` });
    expect(sameOrigin.status).toBe(200);
  });
});

describe('reseed serve: static files', () => {
  it('serves the renderer without a token, with the strict CSP and no-sniff', async () => {
    const index = await raw(server.port, { path: '/' });
    expect(index.status).toBe(200);
    expect(index.headers['content-type']).toMatch(/^text\/html/);
    expect(index.headers['content-security-policy']).toBe(SERVE_CSP);
    expect(SERVE_CSP).toContain("default-src 'self'; script-src 'self'");
    expect(SERVE_CSP).toContain("object-src 'none'; base-uri 'none'");
    expect(SERVE_CSP).not.toContain('unsafe');
    expect(index.headers['x-content-type-options']).toBe('nosniff');
    const js = await raw(server.port, { path: '/assets/app.js' });
    expect(js.headers['content-type']).toMatch(/^text\/javascript/);
  });

  it('refuses path traversal, encoded or not, and symlinks leading out', async () => {
    for (const path of ['/../secret.txt', '/assets/../../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/assets/..%5c..%5csecret.txt', '/%00index.html', '/assets/link.txt']) {
      const res = await raw(server.port, { path });
      expect(res.status, path).toBeGreaterThanOrEqual(400);
      expect(res.body, path).not.toContain('TOP-SECRET');
    }
    expect((await raw(server.port, { path: '/nothing-here.js' })).status).toBe(404);
    expect((await raw(server.port, { method: 'POST', path: '/' })).status).toBe(405);
  });
});

describe('reseed serve: the API', () => {
  it('validates every body: 400 with a message naming the problem', async () => {
    const missing = await api('embed', { imageId: 'x' });
    expect(missing.status).toBe(400);
    expect(missing.json().error).toMatchObject({ code: 'invalid-request' });
    expect(missing.json().error?.message).toMatch(/requestId/);
    const notJson = await raw(server.port, { method: 'POST', path: '/api/decode', headers: { [TOKEN_HEADER]: token, 'content-type': 'application/json' }, body: '{oops' });
    expect(notJson.status).toBe(400);
    expect(notJson.json().error?.message).toMatch(/not valid JSON/);
    const path = await api('openImage', { source: 'path', path: '/etc/passwd' });
    expect(path.status).toBe(400);
    const extra = await api('packInfo', { unexpected: true });
    expect(extra.status).toBe(400);
    expect((await api('noSuchOperation', {})).status).toBe(404);
    expect((await raw(server.port, { path: '/api/packInfo', headers: { [TOKEN_HEADER]: token } })).status).toBe(405);
  });

  it('opens, embeds, decodes and exports a picture', async () => {
    const info = await api('packInfo');
    expect(info.json()).toMatchObject({ ok: true, value: { id: 'tiny', image: { width: 28, height: 28 }, provider: { provider: 'cpu' } } });

    const opened = (await api('openImage', { source: 'upload', name: 'tshirt.png', data: sampleBase64() })).json().value as {
      imageId: string;
      width: number;
      height: number;
      defaultCrop: object;
      preview: string;
    };
    expect(opened).toMatchObject({ width: 320, height: 320, defaultCrop: { left: 0, top: 0, width: 320, height: 320 } });
    expect(opened.preview).toMatch(/^data:image\/jpeg;base64,/);

    const embedded = await api('embed', { requestId: 'e1', imageId: opened.imageId, crop: { left: 0, top: 0, width: 320, height: 320 }, method: 'refine' });
    expect(embedded.status).toBe(200);
    const e = embedded.json().value as { seedId: string; mse: number; psnr: number; method: string; reconstruction: string };
    expect(e.method).toBe('refine');
    expect(e.mse).toBeGreaterThan(0);
    expect(e.psnr).toBeCloseTo(-10 * Math.log10(e.mse), 5);

    const decoded = await api('decode', { requestId: 'd1', seedId: e.seedId, sliders: {} });
    // All-zero sliders decode to the reconstruction exactly.
    expect((decoded.json().value as { image: string }).image).toBe(e.reconstruction);
    const edited = await api('decode', { requestId: 'd2', seedId: e.seedId, sliders: { darker: 2 } });
    expect((edited.json().value as { image: string }).image).not.toBe(e.reconstruction);

    const unknown = await api('decode', { requestId: 'd3', seedId: e.seedId, sliders: { nope: 1 } });
    expect(unknown.status).toBe(400);
    expect(unknown.json().error?.message).toMatch(/unknown direction "nope"/);
    expect((await api('decode', { requestId: 'd4', seedId: 'gone', sliders: {} })).status).toBe(404);

    const exported = (await api('exportImage', { seedId: e.seedId, sliders: { darker: 2 }, scale: 4 })).json().value as { fileName: string; png: string; width: number };
    expect(exported.fileName).toBe('tshirt-edited-4x.png');
    const meta = await sharp(Buffer.from(exported.png, 'base64')).metadata();
    expect([meta.width, meta.height, meta.channels]).toEqual([112, 112, 1]);
  });

  it('reports an unreadable picture as an input error (422), naming it', async () => {
    const bad = await api('openImage', { source: 'upload', name: 'notes.png', data: Buffer.from('hello').toString('base64') });
    expect(bad.status).toBe(422);
    expect(bad.json().error).toMatchObject({ code: 'input-error', message: expect.stringContaining('notes.png') });
  });

  it('lists recent uploads and reopens them by key', async () => {
    const recent = (await api('recentImages')).json().value as { items: { key: string; name: string; kind: string }[] };
    const entry = recent.items.find((i) => i.name === 'tshirt.png');
    expect(entry?.kind).toBe('upload');
    const again = await api('openImage', { source: 'recent', key: entry!.key });
    expect(again.json()).toMatchObject({ ok: true, value: { name: 'tshirt.png', width: 320 } });
    expect((await api('openImage', { source: 'recent', key: 'f-unknown' })).status).toBe(404);
  });

  it('streams progress events to the editor over Server-Sent Events', async () => {
    const controller = new AbortController();
    const response = await fetch(`http://127.0.0.1:${server.port}/api/events`, { headers: { [TOKEN_HEADER]: token }, signal: controller.signal });
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    await api('generate', { requestId: 'g1', seed: 7 });
    let text = '';
    while (!text.includes('"done":10')) text += (await reader.read()).value ?? '';
    controller.abort();
    expect(text).toContain('event: progress');
    expect(text).toContain('"requestId":"g1"');
  });
});
