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
import { EditRecordSchema } from '../../contract/recipe-schemas';

export const SeedInfoSchema = z.object({ pack: z.string(), steps: z.number().int().positive(), negated: z.boolean() });

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
  /**
   * What a re-edit from seeds needs to know of the seed file (lines written since issue #19): the
   * pack that made it, the steps its reconstruction (.recon.png) was decoded with, and whether the
   * model input was the picture negated (so an edit goes back into the picture's own colours).
   */
  seed: SeedInfoSchema.optional(),
  /** With a recipe (`--recipe`, `--set`): which edit was applied (recipe name and hash) and how it went. */
  edit: EditRecordSchema.optional(),
});
export type IndexRecord = z.infer<typeof IndexRecordSchema>;
export type SeedInfo = z.infer<typeof SeedInfoSchema>;

/** Where an input stands in an index: its last line's status, its edit, and (when asked) that line. */
export interface IndexState {
  readonly status: IndexRecord['status'];
  readonly edit?: { readonly hash: string; readonly status: IndexRecord['status'] };
  /** The last line itself (readIndexState with `lines`): an edit of an embedded input copies its fields. */
  readonly line?: string;
}

/**
 * Each input's state in an index (the last line for an input wins). `lines` keeps the text of each
 * input's last line that embedded it, for a recipe run that edits without embedding again; a
 * 200-byte line per input is the memory that costs.
 */
export async function readIndexState(path: string, options: { lines?: boolean } = {}): Promise<Map<string, IndexState>> {
  const states = new Map<string, IndexState>();
  try {
    await stat(path);
  } catch {
    return states;
  }
  const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  const Head = IndexRecordSchema.pick({ input: true, status: true, edit: true });
  for await (const line of lines) {
    if (line.trim() === '') continue;
    try {
      const r = Head.parse(JSON.parse(line));
      const edit = r.edit ? { hash: r.edit.hash, status: r.edit.status } : undefined;
      states.set(r.input, { status: r.status, ...(edit ? { edit } : {}), ...(options.lines && r.status === 'ok' ? { line } : {}) });
    } catch {
      // A partial line from a kill mid-write, or a line edited by hand: not done.
    }
  }
  return states;
}

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
