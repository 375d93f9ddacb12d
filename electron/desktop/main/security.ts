/**
 * Web-security hardening of the shell: one strict Content-Security-Policy, no permissions, no
 * navigation away from the app and no new windows. The renderer only ever shows the app's own
 * files; there is no remote content to allow.
 */
import type { Session, WebContents } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../../contract/csp';

export { CONTENT_SECURITY_POLICY };

type Headers = Record<string, string | string[]>;

/** The response headers with any existing CSP (in whatever case) replaced by ours. */
export function withCsp(headers: Headers | undefined): Headers {
  const out: Headers = {};
  for (const [key, value] of Object.entries(headers ?? {})) {
    if (key.toLowerCase() !== 'content-security-policy') out[key] = value;
  }
  out['Content-Security-Policy'] = [CONTENT_SECURITY_POLICY];
  return out;
}

/** Installs the CSP header on every response and refuses every permission request. */
export function hardenSession(session: Session): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withCsp(details.responseHeaders) });
  });
  // Camera, notifications, geolocation…: the editor needs none; opening files goes through IPC.
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

/** Denies every navigation, redirect, webview and window.open of a web contents. */
export function lockNavigation(contents: WebContents, log: (message: string) => void = console.warn): void {
  contents.on('will-navigate', (event, url) => {
    event.preventDefault();
    log(`reseed: blocked navigation to ${url}`);
  });
  contents.on('will-redirect', (event, url) => {
    event.preventDefault();
    log(`reseed: blocked redirect to ${url}`);
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log('reseed: blocked a <webview>');
  });
  contents.setWindowOpenHandler(({ url }) => {
    log(`reseed: blocked a new window for ${url}`);
    return { action: 'deny' };
  });
}
