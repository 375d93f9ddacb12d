/**
 * Batch folder jobs for the editor: the engine's resumable batch (electron/engine/batch) run on the
 * active pack, with both folders checked against the allowed roots, progress pushed as `batch`
 * events, cancel by request id (stops after the network batch in flight), and the results read
 * back from the index for the panel's grid. A re-run on the same folders resumes: the index says
 * what is done.
 */
import { readFile, realpath } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { IndexRecordSchema, type IndexRecord } from '../engine/batch/index-file';
import { runBatch } from '../engine/batch/batch-job';
import type { BatchProgress } from '../engine/batch/progress';
import { indexFileName } from '../engine/batch/shard';
import type { OpenPack } from '../engine/open-pack';
import type { BatchOutcome } from '../contract/batch-outcome';
import { errorMessage } from '../engine/errors';
import { ErrorCode, ReseedError } from '../contract/result';
import type { BatchEvent, BatchResults, BatchRunRequest, BatchSummaryInfo } from '../contract/workflow-schemas';
import { isInside, type AllowedRoots } from './allowed-roots';
import { withCodes } from './engine-errors';
import { RequestRegistry } from './requests';

export interface BatchServiceOptions {
  /** The active pack (EditorService.pack). */
  readonly pack: () => Promise<OpenPack>;
  readonly roots: AllowedRoots;
  readonly emit?: (event: 'batch', payload: BatchEvent) => void;
  /** Told how every batch that started ended (done, cancelled or failed): notifications. */
  readonly onEnd?: (outcome: BatchOutcome) => void;
}

const THUMBNAIL_PX = 56;

const EMPTY: BatchProgress = { done: 0, total: 0, ok: 0, failed: 0, alreadyDone: 0, imagesPerSecond: 0, etaSeconds: null, elapsedSeconds: 0 };

/** Every record of an index, the last line for an input winning; partial lines are skipped. */
export async function readIndexRecords(path: string): Promise<IndexRecord[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return [];
  }
  const byInput = new Map<string, IndexRecord>();
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      const record = IndexRecordSchema.parse(JSON.parse(line));
      byInput.delete(record.input);
      byInput.set(record.input, record);
    } catch {
      // a partial line from a kill, or one edited by hand
    }
  }
  return [...byInput.values()];
}

/** The real path of `path` when it (symlinks followed) lies inside the real folder `folder`; else null. */
async function realInside(path: string, folder: string): Promise<string | null> {
  if (!isInside(path, folder)) return null;
  const real = await realpath(path).catch(() => null);
  return real !== null && isInside(real, folder) ? real : null;
}

async function dataUrl(png: Buffer | Promise<Buffer>): Promise<string | null> {
  try {
    return `data:image/png;base64,${(await png).toString('base64')}`;
  } catch {
    return null;
  }
}

export class BatchService {
  private readonly requests = new RequestRegistry();

  constructor(private readonly options: BatchServiceOptions) {}

  /** Checks both folders; input and output must differ and the input may not lie in the output. */
  private async folders(input: string, out: string): Promise<{ input: string; out: string }> {
    const realInput = await this.options.roots.check(input);
    const realOut = await this.options.roots.check(out);
    if (isInside(realInput, realOut)) {
      throw new ReseedError(ErrorCode.invalidRequest, 'the input folder may not be the output folder or lie inside it (results would be embedded again)');
    }
    return { input: realInput, out: realOut };
  }

  /** Runs (or resumes) a batch; resolves when it ends, `cancelled` when stopped by `cancel` or when `client` goes away. */
  async run(request: BatchRunRequest, client?: AbortSignal): Promise<BatchSummaryInfo> {
    const { input, out } = await this.folders(request.input, request.out);
    const emit = (phase: BatchEvent['phase'], progress: BatchProgress) => this.options.emit?.('batch', { requestId: request.requestId, phase, progress });
    const started = performance.now();
    const elapsedSeconds = () => (performance.now() - started) / 1000;
    const tell = (outcome: BatchOutcome) => {
      try {
        this.options.onEnd?.(outcome);
      } catch (error) {
        console.warn(`reseed: batch end notice failed: ${errorMessage(error)}`);
      }
    };
    try {
      const summary = await this.execute(request, input, out, emit, client);
      tell({ status: summary.cancelled ? 'cancelled' : 'done', elapsedSeconds: elapsedSeconds(), ok: summary.ok, failed: summary.failed });
      return summary;
    } catch (error) {
      const cancelled = error instanceof ReseedError && error.code === ErrorCode.cancelled;
      tell(cancelled ? { status: 'cancelled', elapsedSeconds: elapsedSeconds() } : { status: 'failed', elapsedSeconds: elapsedSeconds(), error: errorMessage(error) });
      throw error;
    }
  }

  private execute(
    request: BatchRunRequest,
    input: string,
    out: string,
    emit: (phase: BatchEvent['phase'], progress: BatchProgress) => void,
    client: AbortSignal | undefined,
  ): Promise<BatchSummaryInfo> {
    return this.requests.run(request.requestId, undefined, (signal) =>
      withCodes(async () => {
        const open = await this.options.pack();
        const summary = await runBatch(open, {
          input,
          out,
          recursive: request.recursive,
          method: request.method,
          steps: request.steps,
          batchSize: request.batchSize,
          polarity: request.polarity,
          signal,
          onStart: ({ total, alreadyDone }) => emit('start', { ...EMPTY, total, alreadyDone }),
          onProgress: (progress) => emit('progress', progress),
        });
        emit('end', summary);
        return summary;
      }),
      client,
    );
  }

  /** True when a batch ran under this id and was asked to stop. */
  cancel(requestId: string): boolean {
    return this.requests.abort(requestId);
  }

  /** What the index of `out` records: a page of done images with thumbnails, and every failure. */
  async results(request: { input: string; out: string; offset: number; limit: number }): Promise<BatchResults> {
    const { input, out } = await this.folders(request.input, request.out);
    const records = await readIndexRecords(join(out, indexFileName(undefined)));
    const done = records.filter((r) => r.status === 'ok');
    const errors = records.filter((r) => r.status === 'error').map((r) => ({ input: r.input, reason: r.error ?? 'unknown error' }));
    const page = done.slice(request.offset, request.offset + request.limit);
    const items = await Promise.all(
      page.map(async (r) => {
        // Index lines are text on disk: a hand-edited "../x" must not read outside the folders,
        // nor may a file in them that is a symbolic link to somewhere else.
        const source = await realInside(join(input, ...r.input.split('/')), input);
        const recon = await realInside(join(out, ...r.input.split('/')) + '.recon.png', out);
        const safe = source !== null && recon !== null;
        return {
          input: r.input,
          mse: r.mse,
          psnr: r.psnr,
          thumbnail: safe ? await dataUrl(sharp(source).resize(THUMBNAIL_PX, THUMBNAIL_PX, { fit: 'contain' }).png().toBuffer()) : null,
          reconstruction: safe ? await dataUrl(readFile(recon)) : null,
          polarity: r.polarity?.note ?? null,
        };
      }),
    );
    return { total: records.length, ok: done.length, failed: errors.length, items, errors };
  }

  abortAll(): void {
    this.requests.abortAll();
  }
}
