/**
 * Batch folder embedding. For input `a/b/x.jpg` it writes OUT/a/b/x.jpg.latent.npy (float32
 * C×H×W), OUT/a/b/x.jpg.recon.png and one line in the index (index-file.ts). The listing is
 * streamed, images go through the networks in batches, bad images are recorded and the batch goes
 * on, a re-run skips what is done, an abort stops after the batch in flight, and `shard` splits
 * the folder deterministically between machines sharing one output folder.
 *
 * With a recipe (engine/recipe.ts) every picture is also edited (batch-step.ts, batch-edit.ts):
 * OUT/a/b/x.jpg.edited.png, and with `photo` the whole photo with the edit pasted back. An input
 * an earlier run embedded but did not edit with this recipe is edited from its seed, not embedded
 * again; its line says which recipe (name and hash) edited it, so resume works the same.
 *
 * One output folder (and shard) has one batch at a time (run-lock.ts), whoever starts it: the
 * CLI, `reseed serve`, several requests at once. The output folder may lie inside the input
 * folder (it is never listed), but may not be it or hold it: the results would be embedded again
 * on every run.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, realpath, stat, unlink, writeFile } from 'node:fs/promises';
import { join, relative, resolve, isAbsolute } from 'node:path';
import type { Polarity } from '../../contract/polarity-schema';
import type { EmbedMethod } from '../embedding';
import { errorMessage, InputError, OutputError } from '../errors';
import type { OpenPack } from '../open-pack';
import type { ResolvedRecipe } from '../recipe';
import { writeBatchInfo } from './batch-info';
import { finishBatch, prepareBatch, type BatchContext, type EditCounts, type PendingFile, type PreparedBatch } from './batch-step';
import { IndexWriter, readIndexState, type IndexRecord, type IndexState } from './index-file';
import { listImages } from './listing';
import { ProgressMeter, type BatchProgress } from './progress';
import { RunLock } from './run-lock';
import { indexFileName, inShard, type Shard } from './shard';

export interface BatchOptions {
  readonly input: string;
  readonly out: string;
  readonly recursive?: boolean;
  readonly method?: EmbedMethod;
  readonly steps?: number;
  readonly shard?: Shard;
  /** Refinement steps for method 'refine' (default 3). */
  readonly refineIterations?: number;
  /** Images per network batch (default 16). */
  readonly batchSize?: number;
  /** Inputs are already model inputs (PreprocessOptions.asIs). */
  readonly asIs?: boolean;
  /** Negate or not (PreprocessOptions.polarity); default `auto`: from each picture's border. */
  readonly polarity?: Polarity;
  /** Also redo inputs an earlier run recorded as errors (default: skip them too). */
  readonly retryErrors?: boolean;
  /** Edit every picture with this recipe (resolved for the pack: engine/recipe.ts). */
  readonly recipe?: ResolvedRecipe;
  /** With a recipe: also the whole photo with the edit pasted back (batch-edit.ts). */
  readonly photo?: boolean;
  /** Stops the run after the batch in flight. */
  readonly signal?: AbortSignal;
  /** `toEdit`: of `total`, the inputs an earlier run embedded, edited now from their seeds. */
  readonly onStart?: (info: { total: number; alreadyDone: number; indexFile: string; toEdit: number }) => void;
  readonly onProgress?: (progress: BatchProgress) => void;
  readonly onRecord?: (record: IndexRecord) => void;
}

/** A recipe run's edit: which recipe, how many pictures it edited (and from earlier seeds), how many failed. */
export interface EditSummary extends EditCounts {
  readonly recipe: string | null;
  readonly hash: string;
}

export interface BatchSummary extends BatchProgress {
  readonly cancelled: boolean;
  readonly indexFile: string;
  readonly edit?: EditSummary;
}

/**
 * What a run does with an input, from its last index line: nothing (done), embed it (and edit),
 * or edit the seed an earlier run made. Errors are redone only with `retryErrors`.
 */
export function plan(state: IndexState | undefined, hash: string | undefined, retryErrors = false): 'done' | 'embed' | 'edit' {
  if (!state) return 'embed';
  if (state.status === 'error') return retryErrors ? 'embed' : 'done';
  if (hash === undefined) return 'done';
  if (state.edit?.hash === hash && (state.edit.status === 'ok' || !retryErrors)) return 'done';
  return 'edit';
}

/** Checks the output folder before any work: a file in its place or no write access is fatal. */
export async function prepareOutputFolder(out: string): Promise<void> {
  const info = await stat(out).catch(() => undefined);
  if (info && !info.isDirectory()) throw new OutputError(out, 'exists and is not a folder');
  try {
    await mkdir(out, { recursive: true });
    // A name unique to this call: simultaneous checks of one folder must not remove each other's.
    const probe = join(out, `.reseed-write-test-${process.pid}-${randomUUID()}.tmp`);
    await writeFile(probe, '');
    await unlink(probe);
  } catch (error) {
    throw new OutputError(out, `cannot write here (${errorMessage(error)})`);
  }
}

function isInside(child: string, parent: string): boolean {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** Refuses an output folder that is the input folder or holds it (real paths: links and spellings alike). */
export function checkFolders(input: string, out: string): void {
  if (isInside(input, out)) {
    throw new OutputError(out, input === out ? 'is the input folder: the results would be embedded again on every run; choose another output folder' : 'holds the input folder: the results would be embedded again on every run; choose an output folder outside it');
  }
}

export async function runBatch(open: OpenPack, options: BatchOptions): Promise<BatchSummary> {
  const inputInfo = await stat(resolve(options.input)).catch(() => undefined);
  if (!inputInfo?.isDirectory()) throw new InputError(options.input, inputInfo ? 'not a folder' : 'no such folder');
  const input = await realpath(resolve(options.input));
  // 1. Output checks and the lock come before any work.
  await prepareOutputFolder(resolve(options.out));
  const out = await realpath(resolve(options.out));
  checkFolders(input, out);
  const indexPath = join(out, indexFileName(options.shard));
  const lock = await RunLock.acquire(`${indexPath}.lock`);
  try {
    return await run(open, options, input, out, indexPath);
  } finally {
    await lock.release();
  }
}

async function run(open: OpenPack, options: BatchOptions, input: string, out: string, indexPath: string): Promise<BatchSummary> {
  const method = options.method ?? 'network';
  const batchSize = options.batchSize ?? 16;
  const recipe = options.recipe;
  // confine: a link in the input folder to a file elsewhere is recorded, never read.
  const list = () => listImages(input, { recursive: options.recursive, exclude: isInside(out, input) ? [out] : [], confine: true });
  // 2. What earlier runs did (resume), then a counting pass for "k of N" (streamed, names only).
  //    A recipe run keeps the lines of inputs embedded before: it edits them without embedding.
  const recorded = await readIndexState(indexPath, { lines: recipe !== undefined });
  const todo = (rel: string) => plan(recorded.get(rel), recipe?.hash, options.retryErrors);
  let total = 0;
  let alreadyDone = 0;
  let toEdit = 0;
  for await (const f of list()) {
    if (!inShard(f.rel, options.shard)) continue;
    const what = todo(f.rel);
    if (what === 'done') alreadyDone++;
    else total++;
    if (what === 'edit') toEdit++;
  }
  options.onStart?.({ total, alreadyDone, indexFile: indexPath, toEdit });
  const m = open.pack.manifest;
  // Where the pictures are and how they were prepared, for a later --from-seeds (batch-info.ts).
  await writeBatchInfo(out, { input, pack: { id: m.id, version: m.version }, asIs: options.asIs ?? false, polarity: options.polarity ?? 'auto' });
  const meter = new ProgressMeter(total, alreadyDone);
  const writer = await IndexWriter.open(indexPath);
  // A pack that negates says for each picture whether it did (and so does a polarity given).
  const showPolarity = !options.asIs && (m.preprocess.negate || (options.polarity ?? 'auto') !== 'auto');
  const counts: EditCounts = { edited: 0, failed: 0, reused: 0 };
  const ctx: BatchContext = {
    out, method, steps: recipe ? (options.steps ?? recipe.steps) : options.steps, refineIterations: options.refineIterations, asIs: options.asIs ?? false,
    polarity: options.polarity, recipe, photo: options.photo ?? false, writer, meter, counts, onRecord: options.onRecord, showPolarity,
  };
  let cancelled = false;
  try {
    // 3. The processing pass: same listing, same filters, in batches. One batch is read and
    //    decoded (sharp, on libuv threads) while the one before it runs through the networks.
    let ahead: Promise<PreparedBatch> | undefined;
    const submit = async (files: PendingFile[]) => {
      const next = prepareBatch(open, files, ctx);
      if (ahead) await finishBatch(open, await ahead, ctx, options.onProgress);
      ahead = next;
    };
    let pending: PendingFile[] = [];
    for await (const f of list()) {
      if (options.signal?.aborted) break;
      if (!inShard(f.rel, options.shard)) continue;
      const what = todo(f.rel);
      if (what === 'done') continue;
      pending.push({ ...f, mode: what, ...(what === 'edit' ? { line: recorded.get(f.rel)?.line } : {}) });
      if (pending.length >= batchSize) {
        await submit(pending);
        pending = [];
      }
    }
    if (!options.signal?.aborted && pending.length > 0) await submit(pending);
    // A stop request drops the batch read ahead (nothing of it was recorded: the next run does it).
    if (ahead && !options.signal?.aborted) await finishBatch(open, await ahead, ctx, options.onProgress);
    cancelled = options.signal?.aborted ?? false;
  } finally {
    await writer.close();
  }
  const edit = recipe ? { edit: { recipe: recipe.name, hash: recipe.hash, ...counts } } : {};
  return { ...meter.snapshot(), cancelled, indexFile: indexPath, ...edit };
}
