/**
 * Finds the built renderer's files (out/renderer) for whatever serves them read-only: `reseed
 * serve` over HTTP and the desktop shell's app:// protocol. A request path is decoded, must not
 * contain `..` segments, backslashes or NUL, and must resolve — symlinks followed — inside the
 * folder; anything else is refused before the file system is touched for it.
 */
import { realpath, readFile, stat } from 'node:fs/promises';
import path from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
};

export type StaticLookup = { kind: 'file'; file: string; type: string } | { kind: 'refused'; reason: string } | { kind: 'missing' };

/** Where `urlPath` (the path part of the request URL, still percent-encoded) lives under `root`. */
export async function resolveStatic(root: string, urlPath: string): Promise<StaticLookup> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return { kind: 'refused', reason: 'malformed percent-encoding' };
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return { kind: 'refused', reason: 'forbidden character in path' };
  const segments = decoded.split('/');
  if (segments.some((s) => s === '..' || s === '.')) return { kind: 'refused', reason: 'relative path segment' };
  const relative = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '');
  let base: string;
  try {
    base = await realpath(root);
  } catch {
    return { kind: 'missing' };
  }
  const candidate = path.resolve(base, relative);
  if (!candidate.startsWith(base + path.sep)) return { kind: 'refused', reason: 'outside the served folder' };
  let real: string;
  try {
    real = await realpath(candidate);
    if (!(await stat(real)).isFile()) return { kind: 'missing' };
  } catch {
    return { kind: 'missing' };
  }
  // A symlink inside the folder must not lead out of it.
  if (!real.startsWith(base + path.sep)) return { kind: 'refused', reason: 'outside the served folder' };
  const type = TYPES[path.extname(real).toLowerCase()] ?? 'application/octet-stream';
  return { kind: 'file', file: real, type };
}

export function readStatic(file: string): Promise<Buffer> {
  return readFile(file);
}
