// The renderer build: renderer/ → out/renderer, loaded by the Electron shell from app://reseed/ (hence
// the relative base) and later served by `reseed serve`.
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const root = fileURLToPath(new URL('./renderer', import.meta.url));
const outDir = fileURLToPath(new URL('./out/renderer', import.meta.url));

/**
 * The dev server injects an inline React Refresh preamble that the strict CSP meta tag would
 * block, so the tag is dropped while serving only; built output always carries it.
 */
function dropCspWhileServing(): Plugin {
  return {
    name: 'reseed:drop-csp-while-serving',
    apply: 'serve',
    transformIndexHtml(html) {
      return html.replace(/\s*<meta http-equiv="Content-Security-Policy"[^>]*>/, '');
    },
  };
}

export default defineConfig({
  root,
  base: './',
  plugins: [react(), dropCspWhileServing()],
  build: {
    outDir,
    emptyOutDir: true,
    target: 'chrome130',
    sourcemap: true,
    // One local bundle (React, fabric.js, zod) read from disk or loopback: no need to split it.
    chunkSizeWarningLimit: 1024,
  },
  server: { host: '127.0.0.1' },
});
