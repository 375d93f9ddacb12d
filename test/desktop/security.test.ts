/** CSP, permission and navigation hardening, and the CSP meta tag of the renderer. */
import { readFileSync } from 'node:fs';
import type { Session, WebContents } from 'electron';
import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { CONTENT_SECURITY_POLICY, hardenSession, lockNavigation, withCsp } from '../../electron/desktop/main/security';

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter((words) => words[0] !== '')
      .map(([name, ...sources]) => [name as string, sources]),
  );
}

describe('content security policy', () => {
  const csp = directives(CONTENT_SECURITY_POLICY);

  it('contains the required directives', () => {
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
    expect(csp.get('img-src')).toEqual(["'self'", 'data:', 'blob:']);
  });

  it('never allows inline or evaluated script, or remote origins', () => {
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|unsafe-eval|https?:|\*/);
  });

  it('is the same policy as the meta tag of renderer/index.html', () => {
    const html = readFileSync(new URL('../../renderer/index.html', import.meta.url), 'utf8');
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html);
    expect(meta?.[1]).toBe(CONTENT_SECURITY_POLICY);
  });

  it('replaces any CSP header whatever its case and keeps the others', () => {
    const headers = withCsp({ 'Content-Security-Policy': ['default-src *'], 'CONTENT-security-POLICY': 'x', Etag: 'e' });
    expect(headers).toEqual({ 'Content-Security-Policy': [CONTENT_SECURITY_POLICY], Etag: 'e' });
    expect(withCsp(undefined)).toEqual({ 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
  });
});

describe('hardenSession', () => {
  it('installs the header hook and denies permissions', () => {
    const session = {
      webRequest: { onHeadersReceived: vi.fn() },
      setPermissionRequestHandler: vi.fn(),
      setPermissionCheckHandler: vi.fn(),
    };
    hardenSession(session as unknown as Session);
    const listener = session.webRequest.onHeadersReceived.mock.calls[0]![0];
    const callback = vi.fn();
    listener({ responseHeaders: {} }, callback);
    expect(callback).toHaveBeenCalledWith({ responseHeaders: { 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
    const grant = vi.fn();
    session.setPermissionRequestHandler.mock.calls[0]![0]({}, 'geolocation', grant);
    expect(grant).toHaveBeenCalledWith(false);
    expect(session.setPermissionCheckHandler.mock.calls[0]![0]()).toBe(false);
  });
});

describe('lockNavigation', () => {
  function locked() {
    const contents = Object.assign(new EventEmitter(), { setWindowOpenHandler: vi.fn() });
    const log = vi.fn();
    lockNavigation(contents as unknown as WebContents, log);
    return { contents, log };
  }

  it.each(['will-navigate', 'will-redirect'])('prevents %s to anywhere', (name) => {
    const { contents, log } = locked();
    for (const url of ['https://example.com/', 'file:///etc/passwd', 'javascript:alert(1)']) {
      const event = { preventDefault: vi.fn() };
      contents.emit(name, event, url);
      expect(event.preventDefault).toHaveBeenCalledOnce();
    }
    expect(log).toHaveBeenCalledTimes(3);
  });

  it('prevents webviews and denies every new window', () => {
    const { contents } = locked();
    const event = { preventDefault: vi.fn() };
    contents.emit('will-attach-webview', event, {}, {});
    expect(event.preventDefault).toHaveBeenCalled();
    const handler = contents.setWindowOpenHandler.mock.calls[0]![0];
    expect(handler({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
  });
});
