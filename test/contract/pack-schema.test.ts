/** The pack schema has one source of truth (zod); the JSON Schema Python validates with must match it. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { packJsonSchemaText } from '../../electron/contract/pack-json-schema';
import { PackSchema } from '../../electron/contract/pack-schema';

const root = new URL('../../', import.meta.url);

describe('pack schema', () => {
  it('training/pack.schema.json is generated from the zod schema (run npm run schema:pack)', () => {
    expect(readFileSync(new URL('training/pack.schema.json', root), 'utf8')).toBe(packJsonSchemaText());
  });

  it('accepts the fixture pack that Python exported and refuses an unknown schema version', () => {
    const pack = JSON.parse(readFileSync(new URL('test/fixtures/tiny-pack/pack.json', root), 'utf8'));
    expect(PackSchema.safeParse(pack).success).toBe(true);
    const future = PackSchema.safeParse({ ...pack, schemaVersion: 2 });
    expect(future.success).toBe(false);
    expect(future.error?.issues[0]?.path).toEqual(['schemaVersion']);
  });
});
