/**
 * The app:// protocol the window loads the editor from. Electron's security checklist advises a
 * custom protocol over file://: a file:// page may fetch any other file:// URL and is treated
 * as one origin with every local file, while app://reseed is one origin holding only the built
 * renderer. The scheme is registered as standard and secure (relative URLs, `'self'` in the CSP,
 * module scripts and fetch work as over https) before the app is ready; the handler serves only
 * files inside out/renderer (backend/static-files.ts refuses traversal and symlinks leading out),
 * with their MIME type and the editor's Content-Security-Policy on every response, errors too:
 * webRequest's header hook (security.ts) does not see custom protocols.
 *
 * No electron import here: the handler takes and returns the Fetch API's Request and Response,
 * which plain Node has too, so tests run it without Electron.
 */
import { readStatic, resolveStatic } from '../../backend/static-files';
import { CONTENT_SECURITY_POLICY } from '../../contract/csp';

export const APP_SCHEME = 'app';
export const APP_HOST = 'reseed';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** What the window loads, and the only document the IPC sender check accepts. */
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;

/** protocol.registerSchemesAsPrivileged's entry for app://. CORS stays off: nothing else may read it. */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true },
};

export type AppLookup = { kind: 'file'; file: string; type: string } | { kind: 'error'; status: number; message: string };

/** Headers every app:// response carries, whatever it answers. */
export const APP_RESPONSE_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/** Which file of `rendererDir` an app:// URL names, or the status it is refused with. */
export async function resolveAppUrl(rendererDir: string, url: string, method = 'GET'): Promise<AppLookup> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { kind: 'error', status: 400, message: 'malformed URL' };
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return { kind: 'error', status: 404, message: `not an ${APP_ORIGIN} URL` };
  if (method !== 'GET' && method !== 'HEAD') return { kind: 'error', status: 405, message: 'use GET' };
  const found = await resolveStatic(rendererDir, parsed.pathname);
  if (found.kind === 'refused') return { kind: 'error', status: 403, message: `refused: ${found.reason}` };
  if (found.kind === 'missing') return { kind: 'error', status: 404, message: 'no such file' };
  return found;
}

/** The function for protocol.handle(APP_SCHEME, …): files of the built renderer, nothing else. */
export function appProtocolHandler(rendererDir: string): (request: Request) => Promise<Response> {
  return async (request) => {
    const found = await resolveAppUrl(rendererDir, request.url, request.method);
    if (found.kind === 'error') {
      return new Response(found.message, { status: found.status, headers: { ...APP_RESPONSE_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' } });
    }
    const body = request.method === 'HEAD' ? null : new Uint8Array(await readStatic(found.file));
    // The HTML names hashed assets; a cached copy would pin an old build after an update.
    return new Response(body, { status: 200, headers: { ...APP_RESPONSE_HEADERS, 'Content-Type': found.type, 'Cache-Control': 'no-cache' } });
  };
}
