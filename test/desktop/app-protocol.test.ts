/**
 * The app:// protocol handler on its own (no Electron: it takes and answers the Fetch API's
 * Request and Response): only files inside the renderer folder, traversal and links leading out
 * refused, the right MIME types, and the CSP header on every answer, refusals included.
 */
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../electron/contract/csp';
import { APP_INDEX_URL, APP_ORIGIN, APP_SCHEME_PRIVILEGES, appProtocolHandler, resolveAppUrl } from '../../electron/desktop/main/app-protocol';
import { tempDir } from '../engine/helpers';

const root = tempDir('reseed-app-protocol-');
const renderer = join(root, 'renderer');
const handle = appProtocolHandler(renderer);
const get = (url: string, method = 'GET') => handle(new Request(url, { method }));

beforeAll(() => {
  mkdirSync(join(renderer, 'assets'), { recursive: true });
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>Reseed</title>');
  writeFileSync(join(renderer, 'assets', 'index-abc.js'), 'console.log(1)');
  writeFileSync(join(renderer, 'assets', 'index-abc.css'), 'body{}');
  writeFileSync(join(renderer, 'assets', 'font.woff2'), 'w');
  writeFileSync(join(root, 'secret.txt'), 'TOP-SECRET');
  symlinkSync(join(root, 'secret.txt'), join(renderer, 'assets', 'link.txt'));
});

describe('app:// scheme', () => {
  it('is registered standard and secure with fetch, and without CORS', () => {
    expect(APP_SCHEME_PRIVILEGES).toEqual({ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } });
    expect(APP_INDEX_URL).toBe('app://reseed/index.html');
  });
});

describe('appProtocolHandler', () => {
  it('serves the renderer files with their MIME types and the CSP header', async () => {
    for (const [path, type] of [
      ['/index.html', 'text/html; charset=utf-8'],
      ['/assets/index-abc.js', 'text/javascript; charset=utf-8'],
      ['/assets/index-abc.css', 'text/css; charset=utf-8'],
      ['/assets/font.woff2', 'font/woff2'],
    ] as const) {
      const response = await get(`${APP_ORIGIN}${path}`);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-type'), path).toBe(type);
      expect(response.headers.get('content-security-policy'), path).toBe(CONTENT_SECURITY_POLICY);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    }
    expect(await (await get(APP_INDEX_URL)).text()).toContain('<title>Reseed</title>');
    // The root is the index, as with reseed serve.
    expect(await (await get(`${APP_ORIGIN}/`)).text()).toContain('<title>Reseed</title>');
  });

  it('answers HEAD without a body', async () => {
    const response = await get(APP_INDEX_URL, 'HEAD');
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
  });

  it('refuses traversal, links leading out, other hosts and methods, always with the CSP', async () => {
    const cases: [string, number, string?][] = [
      [`${APP_ORIGIN}/assets%2F..%2F..%2Fsecret.txt`, 403],
      [`${APP_ORIGIN}/..%5C..%5Csecret.txt`, 403],
      [`${APP_ORIGIN}/index.html%00.js`, 403],
      [`${APP_ORIGIN}/assets/link.txt`, 403],
      [`${APP_ORIGIN}/%E0%A4%A`, 403],
      [`${APP_ORIGIN}/missing.js`, 404],
      ['app://elsewhere/index.html', 404],
      [APP_INDEX_URL, 405, 'POST'],
    ];
    for (const [url, status, method] of cases) {
      const response = await get(url, method);
      expect(response.status, url).toBe(status);
      expect(response.headers.get('content-security-policy'), url).toBe(CONTENT_SECURITY_POLICY);
      expect(await response.text(), url).not.toContain('TOP-SECRET');
    }
  });

  it('names the file of a URL as a pure lookup', async () => {
    expect(await resolveAppUrl(renderer, `${APP_ORIGIN}/assets/index-abc.js`)).toMatchObject({ kind: 'file', file: expect.stringMatching(/assets[\\/]index-abc\.js$/) });
    expect(await resolveAppUrl(renderer, 'file:///etc/passwd')).toMatchObject({ kind: 'error', status: 404 });
    expect(await resolveAppUrl(renderer, 'not a url')).toMatchObject({ kind: 'error', status: 400 });
  });
});
