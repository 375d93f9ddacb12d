/** An EditorService on the fixture pack, a served folder, and raw HTTP requests (no URL cleanup). */
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { ReseedEngine } from '../../electron/engine/engine';
import type { EventHub } from '../../electron/http/event-stream';
import { startServer, type RunningServer } from '../../electron/http/server';
import { createServiceHandlers, type ServiceHandlerDeps } from '../../electron/backend/handlers';
import { EditorService, type EditorServiceOptions } from '../../electron/backend/editor-service';
import { REPO, TINY_PACK } from '../engine/helpers';

export { REPO, TINY_PACK };

export const SAMPLE = join(REPO, 'assets', 'samples', 'tshirt.png');
export const sampleBase64 = () => readFileSync(SAMPLE).toString('base64');

export function tinyService(options: Partial<EditorServiceOptions> = {}): EditorService {
  const engine = new ReseedEngine({ packRoots: [], threads: 1 });
  return new EditorService({ engine, pack: TINY_PACK, provider: 'cpu', ...options });
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  json: () => { ok: boolean; value?: unknown; error?: { code: string; message: string } };
}

/** One HTTP request with the path sent exactly as given (fetch would normalise "..", and set Host). */
export function raw(port: number, options: { method?: string; path: string; headers?: Record<string, string>; body?: string }): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, method: options.method ?? 'GET', path: options.path, headers: { host: `127.0.0.1:${port}`, ...options.headers } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body, json: () => JSON.parse(body) }));
      },
    );
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

/** The app description the service handlers report, as a test server fills it in. */
export const TEST_APP_INFO = () => ({
  name: 'Reseed', version: '0', platform: 'linux', arch: 'x64', isPackaged: false,
  versions: { node: '20', electron: null, chrome: null, v8: '1' }, paths: { userData: '/u', models: '/m' },
});

export interface ApiReply {
  status: number;
  ok: boolean;
  value?: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  error?: { code: string; message: string };
}

/** POST /api/<name> with the run's token, as the editor's HTTP client sends it. */
export function apiCaller(port: () => number, token: string, tokenHeader: string) {
  return (name: string, body?: unknown): Promise<ApiReply> =>
    raw(port(), {
      method: 'POST',
      path: `/api/${name}`,
      headers: { [tokenHeader]: token, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    }).then((r) => ({ status: r.status, ...(r.json() as Omit<ApiReply, 'status'>) }));
}

/** The service's HTTP API on a free port, as `reseed serve` wires it (the app info of tests). */
export function serveService(
  deps: Omit<ServiceHandlerDeps, 'appInfo'>,
  options: { staticDir: string; token: string; events?: EventHub },
): Promise<RunningServer> {
  const handlers = createServiceHandlers({ ...deps, appInfo: TEST_APP_INFO });
  return startServer({ handlers, port: 0, ...options });
}
