#!/usr/bin/env node
/**
 * `npm run test:e2e`: the end-to-end tests (vitest.e2e.config.ts) when Chromium is installed;
 * otherwise one line saying why they are skipped (scripts/install-deps.sh installs it).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const chromium = process.env.RESEED_CHROMIUM || '/usr/bin/chromium';
if (!existsSync(chromium)) {
  console.log(`test:e2e: skipped — no Chromium at ${chromium} (install it: sudo apt-get install chromium, or set RESEED_CHROMIUM)`);
  process.exit(0);
}
const root = fileURLToPath(new URL('..', import.meta.url));
const vitest = fileURLToPath(new URL('../node_modules/vitest/vitest.mjs', import.meta.url));
const result = spawnSync(process.execPath, [vitest, 'run', '--config', 'vitest.e2e.config.ts', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
process.exit(result.status ?? 1);
