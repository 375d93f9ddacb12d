/**
 * Re-edit without re-embedding (`reseed batch --from-seeds SEEDS --recipe r.json --out OUT`): a
 * recipe applied to the seeds an earlier batch wrote (SEEDS/…/x.jpg.latent.npy and its index),
 * decoding only. Writes OUT/…/x.jpg.edited.png (and with `photo` the pasted-back photo) and
 * OUT/index.jsonl, one line per seed: the seed's own line (its MSE, crop, polarity) with this edit.
 *
 * Keep details adds the change to the model input the batch saved beside each seed (exact), so it
 * reads no picture; --photo pastes the change into the photo, and seeds of a batch from before the
 * model input was saved go back to their pictures too: the folder SEEDS/batch.json names (or the
 * caller's), prepared as that batch prepared them (batch-info.ts). D(z) is the reconstruction the
 * batch saved when it was decoded at the recipe's steps (seed-files.ts), else decoded again.
 *
 * A seed from another pack or of another shape, a missing seed or picture: an error line for that
 * input, and the run goes on. Resume, shards, a stop after the batch in flight, --retry-errors and
 * the one-writer lock work as in runBatch, on OUT's own index.
 */
import { readdir, realpath, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Polarity } from '../../contract/polarity-schema';
import { errorMessage, InputError, OutputError } from '../errors';
import type { PhotoSource } from '../faithful/faithful-edit';
import type { OpenPack } from '../open-pack';
import type { ResolvedRecipe } from '../recipe';
import type { Tensor4 } from '../tensor';
import { decodeEdits, editUsesBase, writeEdits } from './batch-edit';
import { readBatchInfo, writeBatchInfo } from './batch-info';
import type { BatchOptions, BatchSummary } from './batch-job';
import { checkFolders, plan, prepareOutputFolder } from './batch-job';
import { editRecord, record, type EditCounts, type Recorder } from './batch-step';
import { fsPath } from './byte-names';
import { IndexRecordSchema, IndexWriter, readIndexState, type IndexRecord } from './index-file';
import { ProgressMeter } from './progress';
import { RunLock } from './run-lock';
import { loadModelInput, loadReconstruction, loadSeed } from './seed-files';
import { indexFileName, inShard } from './shard';

export interface FromSeedsOptions extends Pick<BatchOptions, 'shard' | 'batchSize' | 'retryErrors' | 'signal' | 'onStart' | 'onProgress' | 'onRecord' | 'photo'> {
  /** The output folder of an earlier batch: its index and seeds. */
  readonly seeds: string;
  readonly out: string;
  readonly recipe: ResolvedRecipe;
  /** The pictures' folder; default: the one SEEDS/batch.json names. */
  readonly input?: string;
  /** How the pictures were prepared; default: as SEEDS/batch.json says (else auto, not as is). */
  readonly asIs?: boolean;
  readonly polarity?: Polarity;
}

/** Every index file of a batch's output folder: index.jsonl and the shards' index.k-of-n.jsonl. */
async function indexFiles(folder: string): Promise<string[]> {
  const names = await readdir(folder).catch(() => [] as string[]);
  return names.filter((n) => n === 'index.jsonl' || /^index\.\d+-of-\d+\.jsonl$/.test(n)).sort().map((n) => join(folder, n));
}

/**
 * The seeds' lines that say an input was embedded (the last line for an input wins), as text: a
 * line is parsed when its batch is read, so a folder of a million seeds holds strings, not objects.
 */
async function seedLines(folder: string): Promise<Map<string, string>> {
  const files = await indexFiles(folder);
  if (files.length === 0) throw new InputError(folder, 'holds no index.jsonl: not the output folder of a `reseed batch`');
  const lines = new Map<string, string>();
  for (const file of files) {
    for (const [rel, state] of await readIndexState(file, { lines: true })) {
      if (state.status === 'ok' && state.line) lines.set(rel, state.line);
    }
  }
  return lines;
}

export async function runFromSeeds(open: OpenPack, options: FromSeedsOptions): Promise<BatchSummary> {
  const seedsInfo = await stat(resolve(options.seeds)).catch(() => undefined);
  if (!seedsInfo?.isDirectory()) throw new InputError(options.seeds, seedsInfo ? 'not a folder' : 'no such folder');
  const seeds = await realpath(resolve(options.seeds));
  const info = await readBatchInfo(seeds);
  const given = options.input ?? info?.input ?? undefined;
  const input = given === undefined ? undefined : await realpath(resolve(given)).catch(() => undefined);
  // Keep details finds the saved model inputs; an older batch's seeds without them need their pictures (per input).
  if (options.photo && input === undefined) {
    const why = given === undefined ? `${seeds} does not say where its pictures are (no batch.json naming them)` : `${given}: no such folder`;
    throw new InputError(options.seeds, `--photo needs the pictures the seeds were made from, and ${why}: name their folder`);
  }
  await prepareOutputFolder(resolve(options.out));
  const out = await realpath(resolve(options.out));
  if (out === seeds) throw new OutputError(out, 'is the folder of the seeds: to edit them in place, run the batch on their pictures with --recipe');
  // Outputs beside the pictures would be taken for pictures by the next batch of that folder.
  if (input !== undefined) checkFolders(input, out);
  const indexPath = join(out, indexFileName(options.shard));
  const lock = await RunLock.acquire(`${indexPath}.lock`);
  try {
    const m = open.pack.manifest;
    const prepared = { asIs: options.asIs ?? info?.asIs ?? false, polarity: options.polarity ?? info?.polarity ?? 'auto' };
    await writeBatchInfo(out, { input: input ?? null, pack: { id: m.id, version: m.version }, ...prepared, seeds });
    return await run(open, options, { seeds, out, input, indexPath, ...prepared });
  } finally {
    await lock.release();
  }
}

interface Folders {
  readonly seeds: string;
  readonly out: string;
  readonly input: string | undefined;
  readonly indexPath: string;
  readonly asIs: boolean;
  readonly polarity: Polarity;
}

async function run(open: OpenPack, options: FromSeedsOptions, f: Folders): Promise<BatchSummary> {
  const recipe = options.recipe;
  const lines = await seedLines(f.seeds);
  const done = await readIndexState(f.indexPath);
  const todo: string[] = [];
  let alreadyDone = 0;
  for (const [rel, line] of lines) {
    if (!inShard(rel, options.shard)) continue;
    if (plan(done.get(rel) ?? { status: 'ok' }, recipe.hash, options.retryErrors) === 'done') alreadyDone++;
    else todo.push(line);
  }
  options.onStart?.({ total: todo.length, alreadyDone, indexFile: f.indexPath, toEdit: todo.length });
  const meter = new ProgressMeter(todo.length, alreadyDone);
  const writer = await IndexWriter.open(f.indexPath);
  const counts: EditCounts = { edited: 0, failed: 0, reused: 0 };
  const ctx: Recorder = { writer, meter, counts, onRecord: options.onRecord };
  const batchSize = options.batchSize ?? 16;
  let cancelled = false;
  try {
    // One batch is read (seeds, reconstructions, pictures) while the one before it decodes.
    let ahead: Promise<Loaded[]> | undefined;
    // A stop request drops the batch read ahead (nothing of it was recorded: the next run does it).
    for (let i = 0; !options.signal?.aborted; i += batchSize) {
      const next = i < todo.length ? Promise.all(todo.slice(i, i + batchSize).map((line) => load(open, recipe, options.photo ?? false, f, line))) : undefined;
      if (ahead) await finish(open, options, ctx, await ahead);
      if (!next) break;
      ahead = next;
    }
    cancelled = options.signal?.aborted ?? false;
  } finally {
    await writer.close();
  }
  return { ...meter.snapshot(), cancelled, indexFile: f.indexPath, edit: { recipe: recipe.name, hash: recipe.hash, ...counts, reused: counts.edited } };
}

/**
 * The saved model input as keep details' crop: the model canvas itself (the photo is not needed
 * for the model-size picture), negated back into the picture's colours as its seed line says.
 */
function modelSource(open: OpenPack, input: Tensor4, negated: boolean | undefined): PhotoSource {
  const { width, height } = open.pack.manifest.image;
  const whole = { left: 0, top: 0, width, height };
  const transform = { source: { width, height, format: 'png' }, region: whole, placed: whole, negated: negated ?? open.pack.manifest.preprocess.negate };
  return { input, transform, crop: whole };
}

interface Loaded {
  readonly line: IndexRecord;
  readonly start: number;
  readonly target: string | Buffer;
  readonly seed?: Tensor4;
  readonly base?: Tensor4;
  readonly source?: PhotoSource;
  readonly picture?: string | Buffer;
  readonly error?: string;
}

/** Reads one input's seed, its reconstruction (as D(z), when usable) and, when the recipe needs it, its picture. */
async function load(open: OpenPack, recipe: ResolvedRecipe, photo: boolean, f: Folders, text: string): Promise<Loaded> {
  const start = performance.now();
  // readIndexState checked the line's input and status; the rest is checked here, as the index is text on disk.
  const parsed = IndexRecordSchema.safeParse(JSON.parse(text));
  const line: IndexRecord = parsed.success ? parsed.data : { ...(JSON.parse(text) as Pick<IndexRecord, 'input'>), status: 'ok', error: null, mse: null, psnr: null, ms: null, method: null };
  const rel = line.input;
  const target = fsPath(join(f.out, ...rel.split('/')));
  const from = fsPath(join(f.seeds, ...rel.split('/')));
  try {
    const seed = await loadSeed(open, from, line.seed, rel);
    // D(z) only for an edit that reads it (batch-edit.ts): else the saved reconstruction is not even read.
    const base = editUsesBase(recipe) ? await loadReconstruction(open, from, line.seed, recipe.steps) : undefined;
    // The picture only when the recipe needs it: keep details adds the change to the model input
    // the batch saved (exact; no picture read), --photo pastes it into the photo.
    if (recipe.keepDetails === undefined && !photo) return { line, start, target, seed, base };
    const saved = photo ? undefined : await loadModelInput(open, from);
    if (saved) return { line, start, target, seed, base, source: modelSource(open, saved, line.seed?.negated) };
    if (f.input === undefined) throw new InputError(rel, 'keep details needs the picture the seed was made from (or the model input a batch saves beside it), and neither was found');
    const picture = fsPath(join(f.input, ...rel.split('/')));
    const p = await open.preprocess(picture, { label: rel, asIs: f.asIs, polarity: f.polarity });
    return { line, start, target, seed, base, picture, source: { input: p.image, transform: p.transform, crop: p.crop.box } };
  } catch (error) {
    return { line, start, target, error: error instanceof InputError ? error.reason : errorMessage(error) };
  }
}

/** Decodes a batch's edits, writes each input's files, then its line. */
async function finish(open: OpenPack, options: FromSeedsOptions, ctx: Recorder, batch: Loaded[]): Promise<void> {
  const recipe = options.recipe;
  const good = batch.filter((b) => b.seed);
  const decoded = await decodeEdits(open, recipe, good.map((b) => ({ seed: b.seed!, base: b.base })));
  // As in runBatch: the batch's time (from when its reading began) shared by its inputs.
  const ms = Math.round(((performance.now() - Math.min(...batch.map((b) => b.start))) / batch.length) * 10) / 10;
  const negated = (b: Loaded) => b.line.seed?.negated ?? b.source?.transform.negated ?? open.pack.manifest.preprocess.negate;
  const targets = good.map((b) => ({ rel: b.line.input, target: b.target, source: b.source, negated: negated(b), picture: b.picture }));
  const outcomes = await writeEdits(open, recipe, targets, decoded, options.photo ?? false);
  for (const b of batch) {
    const outcome = b.seed ? outcomes[good.indexOf(b)]! : { status: 'error' as const, error: b.error ?? 'unknown error' };
    await record(ctx, { ...b.line, status: outcome.status, error: outcome.error, ms, edit: editRecord(recipe, outcome) });
  }
  await ctx.writer.sync();
  options.onProgress?.(ctx.meter.snapshot());
}
