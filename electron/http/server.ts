/**
 * `reseed serve`'s HTTP server (node:http): the built renderer at /, the API at /api/ (token
 * required), Server-Sent Events at /api/events. Binds 127.0.0.1 only. Every response carries the
 * editor's Content-Security-Policy and no-sniff/no-referrer headers.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CONTENT_SECURITY_POLICY } from '../contract/csp';
import { ErrorCode, fail } from '../contract/result';
import type { ServiceHandlers } from '../backend/handlers';
import { readStatic, resolveStatic } from '../backend/static-files';
import { handleOperation, sendJson } from './api-routes';
import { EventHub } from './event-stream';
import { hasToken, hostAllowed, originAllowed } from './guard';

/** The only address `reseed serve` listens on: the editor is for this machine's user alone. */
export const SERVE_HOST = '127.0.0.1';

/** The desktop CSP, plus what only a header can say: no framing of the editor by other pages. */
export const SERVE_CSP = `${CONTENT_SECURITY_POLICY}; frame-ancestors 'none'`;

export interface ServeOptions {
  readonly handlers: ServiceHandlers;
  /** The built renderer (out/renderer). */
  readonly staticDir: string;
  readonly token: string;
  /** 0: any free port. */
  readonly port?: number;
  readonly events?: EventHub;
}

export interface RunningServer {
  readonly server: Server;
  readonly port: number;
  /** The editor's address with the token in the fragment (never sent to the server or logged). */
  readonly url: string;
  readonly events: EventHub;
  close(): Promise<void>;
}

function securityHeaders(res: ServerResponse): void {
  res.setHeader('Content-Security-Policy', SERVE_CSP);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
}

async function serveStatic(req: IncomingMessage, res: ServerResponse, root: string, pathname: string): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD');
    return sendJson(res, 405, fail(ErrorCode.invalidRequest, 'use GET'));
  }
  const found = await resolveStatic(root, pathname);
  if (found.kind === 'refused') return sendJson(res, 403, fail(ErrorCode.forbidden, `refused: ${found.reason}`));
  if (found.kind === 'missing') return sendJson(res, 404, fail(ErrorCode.notFound, 'no such file'));
  const body = await readStatic(found.file);
  res.writeHead(200, {
    'Content-Type': found.type,
    'Content-Length': body.length,
    // The HTML names hashed assets; caching it would pin an old build after a rebuild.
    'Cache-Control': found.type.startsWith('text/html') ? 'no-store' : 'no-cache',
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}

export function createRequestListener(options: ServeOptions & { events: EventHub }, port: () => number) {
  return async (req: IncomingMessage, res: ServerResponse) => {
    securityHeaders(res);
    try {
      if (!hostAllowed(req, port())) return sendJson(res, 421, fail(ErrorCode.forbidden, 'unexpected Host header'));
      const pathname = (req.url ?? '/').split(/[?#]/, 1)[0] ?? '/';
      if (pathname === '/api' || pathname.startsWith('/api/')) {
        if (!originAllowed(req, port())) return sendJson(res, 403, fail(ErrorCode.forbidden, 'cross-origin request refused'));
        if (!hasToken(req, options.token)) return sendJson(res, 401, fail(ErrorCode.unauthorized, 'missing or wrong token: open the URL reseed serve printed'));
        const name = pathname.slice('/api/'.length);
        if (name === 'events' && req.method === 'GET') return options.events.attach(res);
        return await handleOperation(req, res, name, options.handlers);
      }
      return await serveStatic(req, res, options.staticDir, pathname);
    } catch (error) {
      console.error('reseed serve: request failed', error);
      if (!res.headersSent) sendJson(res, 500, fail(ErrorCode.internal, (error as Error).message));
      else res.end();
    }
  };
}

/** Starts listening on 127.0.0.1; resolves once the port is bound. */
export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const events = options.events ?? new EventHub();
  let boundPort = 0;
  const server = createServer(createRequestListener({ ...options, events }, () => boundPort));
  // Uploads are large; slow clients on loopback are not a concern, but a stuck one should not hang.
  server.requestTimeout = 120_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, SERVE_HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
  boundPort = (server.address() as AddressInfo).port;
  const url = `http://${SERVE_HOST}:${boundPort}/#token=${options.token}`;
  return {
    server,
    port: boundPort,
    url,
    events,
    close: () =>
      new Promise<void>((resolve) => {
        events.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
