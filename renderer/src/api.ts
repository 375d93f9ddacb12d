/**
 * Where the renderer gets its API. In the desktop app the preload bridge puts it on
 * `window.reseed` (IPC); in a browser opened from `reseed serve` it is the HTTP client, with the
 * token from the URL's fragment (`#token=…`). The token is then kept in sessionStorage (a reload
 * still works) and removed from the address bar, so it is not bookmarked or shown on screen.
 */
import type { ReseedApi } from '../../electron/contract/contract';
import { createHttpApi } from './http-client';

declare global {
  interface Window {
    reseed?: ReseedApi;
  }
}

export type Transport = 'ipc' | 'http';

export interface ApiConnection {
  readonly api: ReseedApi;
  readonly transport: Transport;
}

const TOKEN_KEY = 'reseed-token';

/** The token from a URL fragment or query (`token=…`), or null. */
export function tokenFromLocation(hash: string, search: string): string | null {
  for (const part of [hash.replace(/^#/, ''), search.replace(/^\?/, '')]) {
    const token = new URLSearchParams(part).get('token');
    if (token !== null && /^[A-Za-z0-9_-]{16,128}$/.test(token)) return token;
  }
  return null;
}

export function getApi(): ApiConnection | null {
  if (window.reseed !== undefined) return { api: window.reseed, transport: 'ipc' };
  if (window.location.protocol !== 'http:' && window.location.protocol !== 'https:') return null;
  const fromUrl = tokenFromLocation(window.location.hash, window.location.search);
  let token = fromUrl;
  try {
    if (fromUrl !== null) sessionStorage.setItem(TOKEN_KEY, fromUrl);
    else token = sessionStorage.getItem(TOKEN_KEY);
  } catch {
    // Storage disabled: the token from the URL still works for this page.
  }
  if (fromUrl !== null) window.history.replaceState(null, '', window.location.pathname);
  if (token === null) return null;
  // A restarted `reseed serve` prints a new address: pasted into this tab it changes only the
  // #fragment, which loads nothing. The page starts again with the new token (and restores its
  // session); the old one would only be refused.
  const current = token;
  window.addEventListener('hashchange', () => {
    const next = tokenFromLocation(window.location.hash, '');
    if (next !== null && next !== current) window.location.reload();
  });
  return { api: createHttpApi(window.location.origin, token), transport: 'http' };
}
