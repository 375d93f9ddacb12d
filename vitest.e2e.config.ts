// End-to-end tests (test/e2e): a real `reseed serve` driven by Debian's Chromium through
// playwright-core. Run by `npm run test:e2e` (scripts/run-e2e.mjs), one file at a time.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.test.ts'],
    environment: 'node',
    // The editor is built once before any file (not by whichever file's server starts first).
    globalSetup: ['test/e2e/global-setup.ts'],
    // The browser starts cold on a small, busy CPU.
    testTimeout: 180_000,
    hookTimeout: 240_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
