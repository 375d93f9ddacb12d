import { z } from 'zod';
import { PackSchema } from './pack-schema';

/** The JSON Schema text that the Python exporter validates packs against. */
export function packJsonSchemaText(): string {
  const schema = z.toJSONSchema(PackSchema, { target: 'draft-2020-12' });
  return JSON.stringify({ title: 'Reseed model pack (pack.json)', ...schema }, null, 2) + '\n';
}
