// Flat config: the recommended JS and typescript-eslint sets, nothing stylistic, and the layers of
// docs/architecture.md: each folder under electron/ imports only the layers below it.
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';


/** A no-restricted-imports rule forbidding imports of these electron/ layers (relative paths) and packages. */
function layer(files, { layers = [], packages = [], why }) {
  const patterns = [];
  if (layers.length > 0) {
    patterns.push({ regex: `^(\\.\\.?/)+(electron/)?(${layers.join('|')})(/|$)`, message: why });
  }
  // Package names as regexes: a gitignore-style group 'electron' would also match '../electron/…'.
  for (const name of packages) patterns.push({ regex: name.endsWith(':') ? `^${name}` : `^${name}(/|$)`, message: why });
  return { files, rules: { 'no-restricted-imports': ['error', { patterns }] } };
}

const ABOVE_ENGINE = ['backend', 'http', 'desktop', 'cli', 'renderer'];

export default defineConfig([
  globalIgnores([
    'node_modules/',
    'out/',
    'dist/',
    'release/',
    'coverage/',
    'training/runs/',
    'bench-results/',
    'test-results/',
  ]),
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    // Everything outside renderer/ runs in Node (main, preload, engine, CLI, scripts, tests).
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['renderer/**/*.{ts,tsx,js}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  layer(['electron/contract/**'], {
    layers: ['engine', ...ABOVE_ENGINE],
    packages: ['electron', 'node:', 'onnxruntime-node', 'sharp'],
    why: 'electron/contract is imported by every side, the renderer too: zod only',
  }),
  layer(['electron/engine/**'], {
    layers: ABOVE_ENGINE,
    packages: ['electron', 'react', 'fabric'],
    why: 'the engine is pure Node: it imports only electron/contract',
  }),
  layer(['electron/backend/**'], {
    layers: ['http', 'desktop', 'cli', 'renderer'],
    packages: ['electron'],
    why: 'the backend runs in the desktop app and in reseed serve alike: engine and contract only',
  }),
  layer(['electron/http/**'], {
    layers: ['desktop', 'cli', 'renderer'],
    packages: ['electron'],
    why: 'the HTTP layer imports backend, engine and contract, not the desktop shell or the CLI',
  }),
  layer(['electron/desktop/**'], {
    layers: ['http', 'cli', 'renderer'],
    why: 'the desktop shell imports backend, engine and contract, not the HTTP layer or the CLI',
  }),
  layer(['electron/cli/**'], {
    layers: ['desktop', 'renderer'],
    packages: ['electron'],
    why: 'the CLI runs on plain Node: no Electron, no desktop shell',
  }),
  layer(['renderer/**'], {
    layers: ['engine', 'backend', 'http', 'desktop', 'cli'],
    packages: ['electron', 'node:', 'onnxruntime-node', 'sharp'],
    why: 'the renderer talks to the engine only through the API contract (electron/contract)',
  }),
  {
    rules: {
      // A leading underscore marks a deliberately unused binding (handler signatures, rest-omits).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
    },
  },
]);
