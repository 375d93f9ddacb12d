/**
 * Writes training/pack.schema.json (JSON Schema) from the zod PackSchema, the single source of
 * truth. `--check` exits 1 when the committed file is stale (the test suite runs the same check).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { packJsonSchemaText } from '../electron/contract/pack-json-schema';

const target = fileURLToPath(new URL('../training/pack.schema.json', import.meta.url));
const text = packJsonSchemaText();
if (process.argv.includes('--check')) {
  const current = readFileSync(target, 'utf8');
  if (current !== text) {
    console.error(`${target} is stale: run npm run schema:pack`);
    process.exit(1);
  }
  console.log('pack.schema.json is up to date');
} else {
  writeFileSync(target, text);
  console.log(`wrote ${target}`);
}
