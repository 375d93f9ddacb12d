// Unit and integration tests. End-to-end tests (test/e2e) drive a real browser and run separately.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    exclude: ['test/e2e/**', 'node_modules/**', 'out/**'],
    environment: 'node',
    // Generous: engine tests run real ONNX sessions on a small, busy CPU.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
