/**
 * Who may talk to `reseed serve`. The server binds 127.0.0.1 only, and on top of that:
 *   - every /api/ request carries the per-run token (a header, so it never lands in logs,
 *     history or Referer headers; a custom header also forces a CORS preflight, which this
 *     server never grants, so no other web page can send it);
 *   - the Host header must name this server (a DNS-rebinding page has its own host name there);
 *   - a browser's Origin, when sent, must be this server's.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const TOKEN_HEADER = 'x-reseed-token';

/** 32 random bytes, URL-safe: printed once in the editor's URL. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hasToken(req: IncomingMessage, token: string): boolean {
  const sent = req.headers[TOKEN_HEADER];
  if (typeof sent !== 'string') return false;
  const a = Buffer.from(sent);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The host names this server answers to at `port`. */
export function allowedHosts(port: number): Set<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
}

export function hostAllowed(req: IncomingMessage, port: number): boolean {
  const host = req.headers.host;
  return typeof host === 'string' && allowedHosts(port).has(host.toLowerCase());
}

export function originAllowed(req: IncomingMessage, port: number): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  return [...allowedHosts(port)].some((h) => origin === `http://${h}`);
}
