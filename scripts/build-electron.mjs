#!/usr/bin/env node
/**
 * Bundles the Electron side with Vite (already a dependency, so no extra bundler):
 *   electron/desktop/main/index.ts    → out/electron/main/index.js  (ES module; package.json "main")
 *   electron/engine/image/face-detect-worker.ts → out/electron/main/face-detect-worker.js
 *                               (the face detection worker thread, started by path from index.js)
 *   electron/desktop/preload/index.ts → out/preload/index.cjs       (CommonJS, self-contained)
 * The main bundle leaves node_modules packages external (onnxruntime-node and sharp carry native
 * files and must load from disk). The preload is sandboxed, where only `electron` can be required
 * and ES modules are not supported, so everything else is inlined into one CommonJS file.
 */
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const root = fileURLToPath(new URL('..', import.meta.url));

/** @type {import('vite').InlineConfig} */
const shared = { configFile: false, root, logLevel: 'warn', publicDir: false };

await build({
  ...shared,
  build: {
    ssr: true,
    outDir: 'out/electron/main',
    emptyOutDir: true,
    target: 'node20',
    sourcemap: true,
    minify: false,
    rolldownOptions: {
      input: { index: 'electron/desktop/main/index.ts', 'face-detect-worker': 'electron/engine/image/face-detect-worker.ts' },
      // Every file in one folder: face-detect-thread.ts looks for the worker beside the code
      // that starts it (import.meta.url), which may end up in index.js or in a shared chunk.
      output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' },
    },
  },
});

await build({
  ...shared,
  ssr: { noExternal: true },
  build: {
    ssr: 'electron/desktop/preload/index.ts',
    outDir: 'out/preload',
    emptyOutDir: true,
    target: 'node20',
    sourcemap: true,
    minify: false,
    rolldownOptions: {
      external: ['electron'],
      output: { format: 'cjs', entryFileNames: 'index.cjs' },
    },
  },
});

console.log('built out/electron/main/index.js, out/electron/main/face-detect-worker.js and out/preload/index.cjs');
