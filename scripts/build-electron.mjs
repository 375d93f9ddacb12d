#!/usr/bin/env node
/**
 * Bundles the Electron side with Vite (already a dependency, so no extra bundler):
 *   electron/main/index.ts    → out/electron/main/index.js  (ES module; package.json "main")
 *   electron/preload/index.ts → out/preload/index.cjs       (CommonJS, self-contained)
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
    ssr: 'electron/main/index.ts',
    outDir: 'out/electron/main',
    emptyOutDir: true,
    target: 'node20',
    sourcemap: true,
    minify: false,
    rolldownOptions: { output: { format: 'es', entryFileNames: 'index.js' } },
  },
});

await build({
  ...shared,
  ssr: { noExternal: true },
  build: {
    ssr: 'electron/preload/index.ts',
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

console.log('built out/electron/main/index.js and out/preload/index.cjs');
