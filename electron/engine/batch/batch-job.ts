/**
 * Batch folder embedding. For input `a/b/x.jpg` it writes OUT/a/b/x.jpg.latent.npy (float32
 * C×H×W), OUT/a/b/x.jpg.recon.png and one line in the index (index-file.ts). The listing is
 * streamed, images go through the networks in batches, bad images are recorded and the batch goes
 * on, a re-run skips what is done, an abort stops after the batch in flight, and `shard` splits
 * the folder deterministically between machines sharing one output folder.
 *
 * One output folder (and shard) has one batch at a time (run-lock.ts), whoever starts it: the
 * CLI, `reseed serve`, several requests at once. The output folder may lie inside the input
 * folder (it is never listed), but may not be it or hold it: the results would be embedded again
 * on every run.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, realpath, stat, unlink, writeFile } from 'node:fs/promises';
import { join, relative, resolve, isAbsolute } from 'node:path';
import { cropMode } from '../../contract/pack-schema';
import type { Polarity, PolarityApplied } from '../../contract/polarity-schema';
import type { EmbedMethod } from '../embedding';
import { errorMessage, InputError, OutputError } from '../errors';
import { encodePng } from '../image/encode';
import type { PreprocessCrop } from '../image/preprocess';
import { psnr } from '../metrics';
import { encodeNpy } from '../npy';
import type { OpenPack } from '../open-pack';
import { item, stack, type Tensor4 } from '../tensor';
import { withSuffix, writeFileAtomic } from './atomic-write';
import { fsPath } from './byte-names';
import { IndexWriter, readIndex, type IndexRecord } from './index-file';
import { listImages, type ListedFile } from './listing';
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
  /** Stops the run after the batch in flight. */
  readonly signal?: AbortSignal;
  readonly onStart?: (info: { total: number; alreadyDone: number; indexFile: string }) => void;
  readonly onProgress?: (progress: BatchProgress) => void;
  readonly onRecord?: (record: IndexRecord) => void;
}

export interface BatchSummary extends BatchProgress {
  readonly cancelled: boolean;
  readonly indexFile: string;
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
  // confine: a link in the input folder to a file elsewhere is recorded, never read.
  const list = () => listImages(input, { recursive: options.recursive, exclude: isInside(out, input) ? [out] : [], confine: true });
  // 2. What earlier runs did (resume), then a counting pass for "k of N" (streamed, names only).
  const recorded = await readIndex(indexPath);
  const isDone = (rel: string) => {
    const status = recorded.get(rel);
    return status === 'ok' || (status === 'error' && !options.retryErrors);
  };
  let total = 0;
  let alreadyDone = 0;
  for await (const f of list()) {
    if (!inShard(f.rel, options.shard)) continue;
    if (isDone(f.rel)) alreadyDone++;
    else total++;
  }
  options.onStart?.({ total, alreadyDone, indexFile: indexPath });
  const meter = new ProgressMeter(total, alreadyDone);
  const writer = await IndexWriter.open(indexPath);
  // A pack that negates says for each picture whether it did (and so does a polarity given).
  const showPolarity = !options.asIs && (open.pack.manifest.preprocess.negate || (options.polarity ?? 'auto') !== 'auto');
  const ctx: BatchContext = { out, method, steps: options.steps, refineIterations: options.refineIterations, writer, meter, onRecord: options.onRecord, showPolarity };
  let cancelled = false;
  try {
    // 3. The processing pass: same listing, same filters, in batches. One batch is read and
    //    decoded (sharp, on libuv threads) while the one before it runs through the networks.
    let ahead: Promise<PreparedBatch> | undefined;
    const submit = async (files: ListedFile[]) => {
      const next = prepareBatch(open, files, options.asIs, options.polarity);
      if (ahead) await finishBatch(open, await ahead, ctx, options.onProgress);
      ahead = next;
    };
    let pending: ListedFile[] = [];
    for await (const f of list()) {
      if (options.signal?.aborted) break;
      if (!inShard(f.rel, options.shard) || isDone(f.rel)) continue;
      pending.push(f);
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
  return { ...meter.snapshot(), cancelled, indexFile: indexPath };
}

interface BatchContext {
  readonly out: string;
  readonly method: EmbedMethod;
  readonly steps?: number;
  readonly refineIterations?: number;
  readonly writer: IndexWriter;
  readonly meter: ProgressMeter;
  readonly onRecord?: (record: IndexRecord) => void;
  readonly showPolarity: boolean;
}

async function record(ctx: BatchContext, r: IndexRecord): Promise<void> {
  await ctx.writer.append(r);
  ctx.meter.done++;
  if (r.status === 'ok') ctx.meter.ok++;
  else ctx.meter.failed++;
  ctx.onRecord?.(r);
}

interface PreparedBatch {
  readonly start: number;
  readonly files: readonly ListedFile[];
  readonly good: readonly Prepared[];
  readonly errors: readonly { file: ListedFile; reason: string }[];
}

interface Prepared {
  readonly file: ListedFile;
  readonly image: Tensor4;
  readonly crop?: PreprocessCrop;
  readonly polarity?: PolarityApplied;
}

/** 1. Reads and prepares every file of a batch; a bad one becomes an error, the others go on. */
async function prepareBatch(open: OpenPack, files: readonly ListedFile[], asIs = false, polarity?: Polarity): Promise<PreparedBatch> {
  const start = performance.now();
  const good: Prepared[] = [];
  const errors: { file: ListedFile; reason: string }[] = [];
  await Promise.all(
    files.map(async (file) => {
      if (file.refused) {
        errors.push({ file, reason: file.refused });
        return;
      }
      try {
        // By path (Buffer for a name that is not UTF-8): read and decoded within the decode budget.
        const input = await open.preprocess(file.path, { label: file.rel, asIs, polarity });
        good.push({ file, image: input.image, ...(asIs ? {} : { crop: input.crop, polarity: input.polarity }) });
      } catch (error) {
        errors.push({ file, reason: error instanceof InputError ? error.reason : errorMessage(error) });
      }
    }),
  );
  return { start, files, good, errors };
}

/** 2–3. Embeds the good images in one batch, writes their files, then appends every index line. */
async function finishBatch(open: OpenPack, batch: PreparedBatch, ctx: BatchContext, onProgress?: (p: BatchProgress) => void): Promise<void> {
  for (const { file, reason } of batch.errors) {
    await record(ctx, { input: file.rel, status: 'error', error: reason, mse: null, psnr: null, ms: null, method: ctx.method });
  }
  if (batch.good.length > 0) {
    // 2. One batched embedding (and reconstruction); never aborted mid-way, so a stop request
    //    lets the batch in flight finish cleanly.
    const images = stack(batch.good.map((g) => g.image));
    const result = await open.embed(images, { method: ctx.method, steps: ctx.steps, refineIterations: ctx.refineIterations });
    const ms = (performance.now() - batch.start) / batch.files.length;
    const [, C, H, W] = result.seed.shape;
    // 3. Files first (atomically), then the index line: a kill in between only means redoing it.
    //    Fixed temp names: the redo overwrites a temp file the kill left behind.
    for (let i = 0; i < batch.good.length; i++) {
      const { file, crop, polarity } = batch.good[i]!;
      const target = join(ctx.out, ...file.rel.split('/'));
      // The mirrored name has the input's own bytes, even where they are not UTF-8.
      const path = fsPath(target);
      try {
        await writeFileAtomic(withSuffix(path, '.latent.npy'), encodeNpy(item(result.seed, i).data, [C, H, W]), { fixedTemp: true });
        await writeFileAtomic(withSuffix(path, '.recon.png'), await encodePng(result.reconstruction, i), { fixedTemp: true });
      } catch (error) {
        throw new OutputError(target, `cannot write the results (${errorMessage(error)})`);
      }
      const mse = result.mse[i]!;
      // A face pack's line says where the picture was cropped (face found, or centre).
      const where = crop && cropMode(open.pack.manifest.preprocess) === 'face' ? { crop: { source: crop.source, box: crop.box } } : {};
      const negation = polarity && ctx.showPolarity ? { polarity: { negated: polarity.negated, note: polarity.note } } : {};
      await record(ctx, { input: file.rel, status: 'ok', error: null, mse, psnr: psnr(mse), ms: Math.round(ms * 10) / 10, method: ctx.method, ...where, ...negation });
    }
  }
  await ctx.writer.sync();
  onProgress?.(ctx.meter.snapshot());
}
