/**
 * OUT/batch.json: where a batch's pictures came from and how they were prepared, so a later
 * `reseed batch --from-seeds OUT` finds them again (keep details adds the change to each picture's
 * own crop; --photo pastes it into the photo) and prepares them exactly as they were embedded
 * (the same polarity, the same --as-is), without the folder being named again.
 *
 * Written at the start of every run (atomically; shards of one folder write the same facts, the
 * last one wins). An output folder from before it existed has none: the pictures' folder is then
 * given on the command line (`reseed batch <pictures> --from-seeds OUT`).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { PolaritySchema } from '../../contract/polarity-schema';
import { writeFileAtomic } from './atomic-write';

export const BATCH_INFO_FILE = 'batch.json';

export const BatchInfoSchema = z.object({
  format: z.literal('reseed-batch'),
  version: z.literal(1),
  /** The pictures' folder (its real path on the machine that ran the batch); null: a re-edit without them. */
  input: z.string().nullable(),
  pack: z.object({ id: z.string(), version: z.string() }),
  asIs: z.boolean(),
  polarity: PolaritySchema,
  /** A re-edit (--from-seeds): the folder whose seeds it decoded. */
  seeds: z.string().optional(),
});
export type BatchInfo = z.infer<typeof BatchInfoSchema>;

export async function writeBatchInfo(out: string, info: Omit<BatchInfo, 'format' | 'version'>): Promise<void> {
  const record: BatchInfo = { format: 'reseed-batch', version: 1, ...info };
  const text = JSON.stringify(record, null, 2) + '\n';
  // Unchanged on a resume or from a second shard: not written again (nor a temp file left by a kill then).
  const old = await readFile(join(out, BATCH_INFO_FILE), 'utf8').catch(() => undefined);
  if (old !== text) await writeFileAtomic(join(out, BATCH_INFO_FILE), text);
}

/** The folder's batch.json, or undefined when it has none (or one that does not parse). */
export async function readBatchInfo(out: string): Promise<BatchInfo | undefined> {
  try {
    const parsed = BatchInfoSchema.safeParse(JSON.parse(await readFile(join(out, BATCH_INFO_FILE), 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
