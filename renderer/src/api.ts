/**
 * Where the renderer gets its API. In the desktop app the preload bridge puts it on
 * `window.reseed`; the HTTP client for `reseed serve` (a later issue) plugs in here as the
 * fallback, implementing the same `ReseedApi`.
 */
import type { ReseedApi } from '../../electron/shared/contract';

declare global {
  interface Window {
    reseed?: ReseedApi;
  }
}

export function getApi(): ReseedApi | null {
  return window.reseed ?? null;
}
