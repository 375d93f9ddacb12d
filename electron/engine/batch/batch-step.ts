/**
 * One network batch of `runBatch` (batch-job.ts): read and prepare its pictures (while the batch
 * before it runs through the networks), embed the new ones, apply the recipe if there is one
 * (batch-edit.ts), write every file, then append the index lines.
 *
 * With a recipe an input is in one of two states: to embed (and edit), or embedded by an earlier
 * run but not edited with this recipe: then its seed and reconstruction are read back from OUT
 * (seed-files.ts) and it is edited without being embedded again. A seed that cannot be read back
 * (missing, another pack's, another shape) is embedded again like a new input.
 *
 * A kill at any moment loses nothing and does nothing twice: the files of an input are written
 * (atomically) before its line, and its line is one append; an input without a line is redone.
 */
import { join } from 'node:path';
import { cropMode } from '../../contract/pack-schema';
import type { Polarity, PolarityApplied } from '../../contract/polarity-schema';
import type { EmbedMethod } from '../embedding';
import { errorMessage, InputError, OutputError } from '../errors';
import type { PhotoSource } from '../faithful/faithful-edit';
import { encodePng } from '../image/encode';
import type { PreprocessCrop } from '../image/preprocess';
import { msePerItem, psnr } from '../metrics';
import { encodeNpy } from '../npy';
import type { OpenPack } from '../open-pack';
import type { ResolvedRecipe } from '../recipe';
import { item, stack, type Tensor4 } from '../tensor';
import { withSuffix, writeFileAtomic } from './atomic-write';
import { decodeEdits, editUsesBase, writeEdits, type EditOutcome } from './batch-edit';
import { fsPath } from './byte-names';
import type { IndexRecord, IndexWriter, SeedInfo } from './index-file';
import type { ListedFile } from './listing';
import type { BatchProgress, ProgressMeter } from './progress';
import { INPUT_SUFFIX, LATENT_SUFFIX, loadReconstruction, loadSeed, RECON_SUFFIX } from './seed-files';

/** A listed file and what this run does with it: embed (and edit), or edit the seed an earlier run made. */
export interface PendingFile extends ListedFile {
  readonly mode: 'embed' | 'edit';
  /** mode 'edit': the earlier run's index line for it (its embed fields are kept). */
  readonly line?: string;
}

/** What a recipe run counts beyond ok and failed. */
export interface EditCounts {
  edited: number;
  failed: number;
  /** Edited from a seed an earlier run embedded (not embedded again). */
  reused: number;
}

export interface BatchContext {
  readonly out: string;
  readonly method: EmbedMethod;
  /** Sampler steps of the embedding's reconstruction (undefined: what the embedder was trained for). */
  readonly steps?: number;
  readonly refineIterations?: number;
  readonly asIs: boolean;
  readonly polarity?: Polarity;
  readonly recipe?: ResolvedRecipe;
  readonly photo: boolean;
  readonly writer: IndexWriter;
  readonly meter: ProgressMeter;
  readonly counts: EditCounts;
  readonly onRecord?: (record: IndexRecord) => void;
  readonly showPolarity: boolean;
}

/** What appending a line needs (runBatch's context, or a re-edit's). */
export type Recorder = Pick<BatchContext, 'writer' | 'meter' | 'counts' | 'onRecord'>;

/** Appends a line and counts it: with a recipe, an input whose edit failed counts as failed. */
export async function record(ctx: Recorder, r: IndexRecord): Promise<void> {
  await ctx.writer.append(r);
  ctx.meter.done++;
  if (r.status === 'ok' && r.edit?.status !== 'error') ctx.meter.ok++;
  else ctx.meter.failed++;
  if (r.edit?.status === 'ok') ctx.counts.edited++;
  else if (r.edit) ctx.counts.failed++;
  ctx.onRecord?.(r);
}

interface Prepared {
  readonly file: PendingFile;
  readonly image: Tensor4;
  readonly source: PhotoSource;
  readonly crop?: PreprocessCrop;
  readonly polarity?: PolarityApplied;
  readonly negated: boolean;
  /** mode 'edit': the seed read back, and its reconstruction when it was decoded at the recipe's steps. */
  readonly reused?: { readonly seed: Tensor4; readonly base?: Tensor4; readonly record: IndexRecord };
}

export interface PreparedBatch {
  readonly start: number;
  readonly files: readonly PendingFile[];
  readonly good: readonly Prepared[];
  readonly errors: readonly { file: PendingFile; reason: string }[];
}

/** OUT/<rel> as a file-system path: the mirrored name has the input's own bytes, even where they are not UTF-8. */
function targetOf(out: string, rel: string): string | Buffer {
  return fsPath(join(out, ...rel.split('/')));
}

/** The seed an earlier run made for this input, or undefined when it must be embedded again. */
async function reuse(open: OpenPack, ctx: BatchContext, file: PendingFile): Promise<Prepared['reused']> {
  if (file.mode !== 'edit' || !file.line || !ctx.recipe) return undefined;
  try {
    const earlier = JSON.parse(file.line) as IndexRecord;
    const target = targetOf(ctx.out, file.rel);
    const seed = await loadSeed(open, target, earlier.seed, file.rel);
    // D(z) only for an edit that reads it (batch-edit.ts: editUsesBase); its reconstruction is on disk already.
    const base = editUsesBase(ctx.recipe) ? await loadReconstruction(open, target, earlier.seed, ctx.recipe.steps) : undefined;
    return { seed, ...(base ? { base } : {}), record: earlier };
  } catch {
    return undefined;
  }
}

/** 1. Reads and prepares every file of a batch; a bad one becomes an error, the others go on. */
export async function prepareBatch(open: OpenPack, files: readonly PendingFile[], ctx: BatchContext): Promise<PreparedBatch> {
  const start = performance.now();
  const good: Prepared[] = [];
  const errors: { file: PendingFile; reason: string }[] = [];
  await Promise.all(
    files.map(async (file) => {
      if (file.refused) {
        errors.push({ file, reason: file.refused });
        return;
      }
      try {
        // By path (Buffer for a name that is not UTF-8): read and decoded within the decode budget.
        const input = await open.preprocess(file.path, { label: file.rel, asIs: ctx.asIs, polarity: ctx.polarity });
        const source = { input: input.image, transform: input.transform, crop: input.crop.box };
        const negated = input.transform.negated ?? open.pack.manifest.preprocess.negate;
        const reused = await reuse(open, ctx, file);
        const seen = ctx.asIs ? {} : { crop: input.crop, polarity: input.polarity };
        good.push({ file, image: input.image, source, negated, ...seen, ...(reused ? { reused } : {}) });
      } catch (error) {
        errors.push({ file, reason: error instanceof InputError ? error.reason : errorMessage(error) });
      }
    }),
  );
  return { start, files, good, errors };
}

/** The embedding of the new inputs: seeds, and their reconstruction unless the recipe's decode makes it. */
async function embedNew(open: OpenPack, ctx: BatchContext, fresh: readonly Prepared[]) {
  const images = stack(fresh.map((g) => g.image));
  const recipe = ctx.recipe;
  // With the network's seeds at the recipe's own steps, the edit's base D(z) is decoded once and
  // is the reconstruction too (batch-edit.ts).
  if (recipe && ctx.method === 'network' && (ctx.steps ?? recipe.steps) === recipe.steps) {
    return { images, seed: await open.networkSeeds(images), steps: recipe.steps, reconstruction: undefined };
  }
  const result = await open.embed(images, { method: ctx.method, steps: ctx.steps, refineIterations: ctx.refineIterations });
  return { images, seed: result.seed, steps: result.steps, reconstruction: result.reconstruction };
}

/** The seed, its reconstruction and the model input (for a later re-edit's keep details: seed-files.ts). */
async function writeSeed(target: string | Buffer, rel: string, seed: Tensor4, reconstruction: Tensor4, input: Tensor4, i: number): Promise<void> {
  const [, C, H, W] = seed.shape;
  try {
    // Fixed temp names: the redo after a kill overwrites a temp file the kill left behind.
    await writeFileAtomic(withSuffix(target, LATENT_SUFFIX), encodeNpy(item(seed, i).data, [C, H, W]), { fixedTemp: true });
    await writeFileAtomic(withSuffix(target, RECON_SUFFIX), await encodePng(reconstruction, i), { fixedTemp: true });
    await writeFileAtomic(withSuffix(target, INPUT_SUFFIX), await encodePng(input, 0), { fixedTemp: true });
  } catch (error) {
    throw new OutputError(rel, `cannot write the results (${errorMessage(error)})`);
  }
}

/** An index line's edit: the recipe, and with locks whether each held on this picture. */
export function editRecord(recipe: ResolvedRecipe, outcome: Pick<EditOutcome, 'status' | 'error'> & { locks?: EditOutcome['locks'] }): NonNullable<IndexRecord['edit']> {
  const locks = recipe.locks.length > 0 && outcome.locks && outcome.locks.length > 0 ? { locks: outcome.locks.map((l) => ({ id: l.id, held: l.held })) } : {};
  return { recipe: recipe.name, hash: recipe.hash, status: outcome.status, error: outcome.error, ...locks };
}

/** 2–3. Embeds the new inputs in one batch, edits, writes their files, then appends every index line. */
export async function finishBatch(open: OpenPack, batch: PreparedBatch, ctx: BatchContext, onProgress?: (p: BatchProgress) => void): Promise<void> {
  const recipe = ctx.recipe;
  for (const { file, reason } of batch.errors) {
    // An input embedded before whose picture is now unreadable keeps its seed; only the edit failed.
    const earlier = file.mode === 'edit' && file.line && recipe ? (JSON.parse(file.line) as IndexRecord) : undefined;
    if (earlier && recipe) await record(ctx, { ...earlier, edit: editRecord(recipe, { status: 'error', error: reason }) });
    else await record(ctx, { input: file.rel, status: 'error', error: reason, mse: null, psnr: null, ms: null, method: ctx.method });
  }
  const fresh = batch.good.filter((g) => !g.reused);
  const reused = batch.good.filter((g) => g.reused);
  if (batch.good.length > 0) {
    // 2. One batched embedding, and the recipe's decodes in one sampler batch; never aborted
    //    mid-way, so a stop request lets the batch in flight finish cleanly.
    const made = fresh.length > 0 ? await embedNew(open, ctx, fresh) : undefined;
    const decoded = recipe
      ? await decodeEdits(open, recipe, [
          // Without a reconstruction from the embedding, D(z) is the one written (keepBase).
          ...fresh.map((_, i) => ({ seed: item(made!.seed, i), base: made!.reconstruction && made!.steps === recipe.steps ? item(made!.reconstruction, i) : undefined, keepBase: !made!.reconstruction })),
          ...reused.map((g) => ({ seed: g.reused!.seed, base: g.reused!.base })),
        ])
      : [];
    const reconstruction = made ? (made.reconstruction ?? stack(decoded.slice(0, fresh.length).map((d) => d.base!))) : undefined;
    const mse = made ? msePerItem(reconstruction!, made.images) : [];
    const ms = Math.round(((performance.now() - batch.start) / batch.files.length) * 10) / 10;
    // 3. Files first (atomically; a batch's small files written at once), then the index lines:
    //    a kill in between only means redoing those inputs.
    await Promise.all(fresh.map((g, i) => writeSeed(targetOf(ctx.out, g.file.rel), g.file.rel, made!.seed, reconstruction!, g.image, i)));
    const order = [...fresh, ...reused];
    const targets = order.map((g) => ({ rel: g.file.rel, target: targetOf(ctx.out, g.file.rel), source: g.source, negated: g.negated, picture: g.file.path }));
    const outcomes = recipe ? await writeEdits(open, recipe, targets, decoded, ctx.photo) : [];
    for (const [i, g] of fresh.entries()) {
      const { file, crop, polarity } = g;
      // A face pack's line says where the picture was cropped (face found, or centre).
      const where = crop && cropMode(open.pack.manifest.preprocess) === 'face' ? { crop: { source: crop.source, box: crop.box } } : {};
      const negation = polarity && ctx.showPolarity ? { polarity: { negated: polarity.negated, note: polarity.note } } : {};
      const seed: SeedInfo = { pack: open.pack.manifest.id, steps: made!.steps, negated: g.negated };
      await record(ctx, {
        input: file.rel, status: 'ok', error: null, mse: mse[i]!, psnr: psnr(mse[i]!), ms, method: ctx.method, ...where, ...negation, seed,
        ...(recipe ? { edit: editRecord(recipe, outcomes[i]!) } : {}),
      });
    }
    // Embedded by an earlier run: its line again, with this edit.
    for (const [j, g] of reused.entries()) {
      ctx.counts.reused++;
      await record(ctx, { ...g.reused!.record, edit: editRecord(recipe!, outcomes[fresh.length + j]!) });
    }
  }
  await ctx.writer.sync();
  onProgress?.(ctx.meter.snapshot());
}
