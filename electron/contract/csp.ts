/**
 * The one Content-Security-Policy of the editor, wherever it is served: the desktop shell sends it
 * as a response header (desktop/main/security.ts), `reseed serve` adds frame-ancestors
 * (http/server.ts), and renderer/index.html repeats it in a meta tag (a test keeps them equal).
 * It lives in the contract because both the desktop and the HTTP side need it and neither may
 * import the other.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-src 'none'",
].join('; ');
