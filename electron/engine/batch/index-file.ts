/**
 * The batch index (OUT/index.jsonl, or OUT/index.k-of-n.jsonl per shard): one JSON line per input.
 * Lines are appended whole (one write each), so a kill can at worst leave a partial last line;
 * opening the index again cuts that tail off before appending. The lines already there say what is
 * done: a re-run skips those inputs (resume), so no image is embedded twice.
 */
import { createReadStream } from 'node:fs';
import { open, stat, truncate, type FileHandle } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import { PolarityAppliedSchema } from '../../contract/polarity-schema';

export const IndexRecordSchema = z.object({
  input: z.string(),
  status: z.enum(['ok', 'error']),
  error: z.string().nullable(),
  mse: z.number().nullable(),
  psnr: z.number().nullable(),
  ms: z.number().nullable(),
  method: z.string().nullable(),
  /** Packs with `crop: face` only: where each picture was cropped (face found, or centre). */
  crop: z
    .object({
      source: z.enum(['box', 'face', 'centre']),
      box: z.object({ left: z.number(), top: z.number(), width: z.number(), height: z.number() }),
    })
    .optional(),
  /** Packs that negate, or a polarity given: whether the picture was negated and why ("dark background: kept as is"). */
  polarity: PolarityAppliedSchema.optional(),
});
export type IndexRecord = z.infer<typeof IndexRecordSchema>;

/** Status of each input recorded in an index (the last line for an input wins). */
export async function readIndex(path: string): Promise<Map<string, IndexRecord['status']>> {
  const done = new Map<string, IndexRecord['status']>();
  try {
    await stat(path);
  } catch {
    return done;
  }
  const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() === '') continue;
    try {
      const record = IndexRecordSchema.pick({ input: true, status: true }).parse(JSON.parse(line));
      done.set(record.input, record.status);
    } catch {
      // A partial line from a kill mid-write, or a line edited by hand: not done.
    }
  }
  return done;
}

/** Cuts a partial last line (no trailing newline) so the next append starts a fresh line. */
export async function repairTail(path: string): Promise<void> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch {
    return;
  }
  try {
    const { size } = await handle.stat();
    if (size === 0) return;
    // Scan back in chunks for the last newline.
    const chunk = Buffer.alloc(4096);
    let end = size;
    while (end > 0) {
      const start = Math.max(0, end - chunk.length);
      const { bytesRead } = await handle.read(chunk, 0, end - start, start);
      const at = chunk.subarray(0, bytesRead).lastIndexOf(0x0a);
      if (at >= 0) {
        if (start + at + 1 < size) await truncate(path, start + at + 1);
        return;
      }
      end = start;
    }
    await truncate(path, 0);
  } finally {
    await handle.close();
  }
}

export class IndexWriter {
  private constructor(private readonly handle: FileHandle) {}

  static async open(path: string): Promise<IndexWriter> {
    await repairTail(path);
    return new IndexWriter(await open(path, 'a'));
  }

  /** Appends one record as one line in a single write (O_APPEND keeps lines whole). */
  async append(record: IndexRecord): Promise<void> {
    const clean = { ...record, psnr: record.psnr !== null && Number.isFinite(record.psnr) ? record.psnr : null };
    await this.handle.write(JSON.stringify(clean) + '\n');
  }

  /** Flushes to disk (after each batch: a power cut loses at most the batch in flight). */
  async sync(): Promise<void> {
    await this.handle.datasync();
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}
