#!/usr/bin/env node
// `reseed` / `npx reseed`: registers tsx so the TypeScript CLI runs straight from its sources
// (no build step after npm ci), then hands over to electron/cli/main.ts.
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register({ tsconfig: fileURLToPath(new URL('../tsconfig.node.json', import.meta.url)) });
const { runProcess } = await import('../electron/cli/main.ts');
await runProcess(process.argv.slice(2));
