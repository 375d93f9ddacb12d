/**
 * Batch folder jobs for the editor: the engine's resumable batch (electron/engine/batch) run on the
 * active pack, with both folders checked against the allowed roots, progress pushed as `batch`
 * events, cancel by request id (stops after the network batch in flight), and the results read
 * back from the index for the panel's grid. A re-run on the same folders resumes: the index says
 * what is done. With a recipe (recipe-service.ts) every picture is also edited, or (fromSeeds) the
 * seeds of an earlier batch are decoded with it; the results carry the edited outputs' paths and
 * the edited picture, so the panel can show before and after.
 */
import { readFile, realpath } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { EDITED_SUFFIX, photoOutput } from '../engine/batch/batch-edit';
import { IndexRecordSchema, type IndexRecord } from '../engine/batch/index-file';
import { runBatch } from '../engine/batch/batch-job';
import { runFromSeeds } from '../engine/batch/from-seeds';
import type { BatchProgress } from '../engine/batch/progress';
import { indexFileName } from '../engine/batch/shard';
import type { OpenPack } from '../engine/open-pack';
import type { BatchOutcome } from '../contract/batch-outcome';
import { errorMessage } from '../engine/errors';
import { ErrorCode, ReseedError } from '../contract/result';
import type { BatchEvent, BatchResults, BatchRunRequest, BatchSummaryInfo } from '../contract/workflow-schemas';
import { isInside, type AllowedRoots } from './allowed-roots';
import { withCodes } from './engine-errors';
import type { RecipeService } from './recipe-service';
import { RequestRegistry } from './requests';

export interface BatchServiceOptions {
  /** The active pack (EditorService.pack). */
  readonly pack: () => Promise<OpenPack>;
  readonly roots: AllowedRoots;
  readonly emit?: (event: 'batch', payload: BatchEvent) => void;
  /** Told how every batch that started ended (done, cancelled or failed): notifications. */
  readonly onEnd?: (outcome: BatchOutcome) => void;
  /** Resolves a batch's recipe (saved by id, or inline); none: recipes are refused. */
  readonly recipes?: RecipeService;
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
    const seeds = request.fromSeeds === undefined ? undefined : await this.options.roots.check(request.fromSeeds);
    const withRecipe = request.recipe !== undefined || request.recipeId !== undefined;
    if (seeds !== undefined && !withRecipe) throw new ReseedError(ErrorCode.invalidRequest, 'a re-edit from seeds needs a recipe');
    if (request.photo && !withRecipe) throw new ReseedError(ErrorCode.invalidRequest, 'the edited photo needs a recipe');
    if (seeds !== undefined && seeds === out) throw new ReseedError(ErrorCode.invalidRequest, 'the output folder may not be the folder of the seeds: run the batch on their pictures with the recipe to edit them in place');
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
      const summary = await this.execute(request, input, out, seeds, emit, client);
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
    seeds: string | undefined,
    emit: (phase: BatchEvent['phase'], progress: BatchProgress) => void,
    client: AbortSignal | undefined,
  ): Promise<BatchSummaryInfo> {
    return this.requests.run(request.requestId, undefined, (signal) =>
      withCodes(async () => {
        const open = await this.options.pack();
        const recipe = await this.recipe(open, request);
        const common = {
          out,
          batchSize: request.batchSize,
          polarity: request.polarity,
          photo: request.photo,
          signal,
          onStart: ({ total, alreadyDone }: { total: number; alreadyDone: number }) => emit('start', { ...EMPTY, total, alreadyDone }),
          onProgress: (progress: BatchProgress) => emit('progress', progress),
        };
        const summary =
          seeds !== undefined && recipe
            ? await runFromSeeds(open, { ...common, seeds, input, recipe })
            : await runBatch(open, {
                ...common,
                input,
                recursive: request.recursive,
                // A recipe says how its pictures are embedded and decoded.
                method: recipe ? recipe.method : request.method,
                steps: recipe ? recipe.steps : request.steps,
                recipe,
              });
        emit('end', summary);
        return summary;
      }),
      client,
    );
  }

  private async recipe(open: OpenPack, request: BatchRunRequest) {
    if (request.recipe === undefined && request.recipeId === undefined) return undefined;
    if (!this.options.recipes) throw new ReseedError(ErrorCode.unsupported, 'recipes are not available here');
    return this.options.recipes.forBatch(open, request);
  }

  /** True when a batch ran under this id and was asked to stop. */
  cancel(requestId: string): boolean {
    return this.requests.abort(requestId);
  }

  /** What the index of `out` records: a page of done images with thumbnails (and their edits), and every failure. */
  async results(request: { input: string; out: string; offset: number; limit: number; fromSeeds?: string }): Promise<BatchResults> {
    const { input, out } = await this.folders(request.input, request.out);
    // A re-edit's reconstructions are beside its seeds.
    const seeds = request.fromSeeds === undefined ? out : await this.options.roots.check(request.fromSeeds);
    const records = await readIndexRecords(join(out, indexFileName(undefined)));
    const done = records.filter((r) => r.status === 'ok');
    const failedEdit = (r: IndexRecord) => r.edit?.status === 'error';
    const errors = records
      .filter((r) => r.status === 'error' || failedEdit(r))
      .map((r) => ({ input: r.input, reason: r.status === 'error' ? (r.error ?? 'unknown error') : `edit: ${r.edit?.error ?? 'unknown error'}` }));
    const page = done.slice(request.offset, request.offset + request.limit);
    const items = await Promise.all(
      page.map(async (r) => {
        // Index lines are text on disk: a hand-edited "../x" must not read outside the folders,
        // nor may a file in them that is a symbolic link to somewhere else.
        const source = await realInside(join(input, ...r.input.split('/')), input);
        const recon = await realInside(join(seeds, ...r.input.split('/')) + '.recon.png', seeds);
        const safe = source !== null && recon !== null;
        const ok = r.edit?.status === 'ok';
        const edited = ok ? await realInside(join(out, ...r.input.split('/')) + EDITED_SUFFIX, out) : null;
        const photo = ok ? await realInside(join(out, ...r.input.split('/')) + photoOutput(r.input).suffix, out) : null;
        return {
          input: r.input,
          mse: r.mse,
          psnr: r.psnr,
          thumbnail: safe ? await dataUrl(sharp(source).resize(THUMBNAIL_PX, THUMBNAIL_PX, { fit: 'contain' }).png().toBuffer()) : null,
          reconstruction: safe ? await dataUrl(readFile(recon)) : null,
          polarity: r.polarity?.note ?? null,
          edit: r.edit ?? null,
          edited: edited === null ? null : await dataUrl(readFile(edited)),
          editedPath: edited,
          photoPath: photo,
        };
      }),
    );
    return { total: records.length, ok: records.length - errors.length, failed: errors.length, items, errors };
  }

  abortAll(): void {
    this.requests.abortAll();
  }
}
