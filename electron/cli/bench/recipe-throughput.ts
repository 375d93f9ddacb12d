/**
 * Edit a whole folder, measured (issue #19): over one generated folder, the plain batch (embed and
 * reconstruct), the batch with a recipe (embed, reconstruct and edit: one more decode per picture,
 * in the same sampler batch as the reconstruction) and the re-edit from the plain batch's seeds
 * (decode only). Each runs three times, interleaved, and the fastest counts: the project's
 * machines are shared, and a burst of someone else's work must not decide a ratio. Ratios are to
 * the plain batch measured here, on the same pictures.
 *
 * The recipe is one slider of the pack at 1.5 with keep details on at full strength, the pack's
 * default steps, no locks: what the editor saves by default. Locks cost up to 4 decodes more per
 * picture and are not part of it.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBatch } from '../../engine/batch/batch-job';
import { runFromSeeds } from '../../engine/batch/from-seeds';
import type { BatchProgress as Progress } from '../../engine/batch/progress';
import type { OpenPack } from '../../engine/open-pack';
import { resolveRecipe } from '../../engine/recipe';
import { mulberry32 } from '../../engine/rng';
import sharp from 'sharp';
import type { BenchProgress } from './progress';
import { generateFolder } from './throughput';

export interface RecipeThroughput {
  readonly images: number;
  /** What the pictures were: the main folder's small PNGs, or product photos of a given size (JPEG). */
  readonly pictures: string;
  /** The recipe measured, in words. */
  readonly recipe: string;
  /** img/s, the fastest of three runs each. */
  readonly plainImagesPerSecond: number;
  readonly recipeImagesPerSecond: number;
  readonly fromSeedsImagesPerSecond: number;
  /** recipe / plain and from seeds / plain (targets ≥ 0.8 and ≥ 1.5 on the default pack). */
  readonly recipeRatio: number;
  readonly fromSeedsRatio: number;
  /** Every run's img/s, in order (plain, recipe, from seeds; three times). */
  readonly runs: readonly { readonly phase: string; readonly imagesPerSecond: number }[];
}

/** Pictures in the folder: enough whole batches for a steady rate, few enough for nine runs. */
export const RECIPE_FOLDER_IMAGES = 256;
const ROUNDS = 3;

/**
 * `count` product photos of `side`×`side` pixels as JPEG (a garment-like shape on white, smooth like
 * a photo, so decoding costs what a camera's JPEG of that size costs), in sub-folders of 1,000.
 */
async function generatePhotos(dir: string, count: number, side: number, onProgress?: BenchProgress): Promise<void> {
  const next = mulberry32(4321);
  const templates: Buffer[] = [];
  for (let t = 0; t < 16; t++) {
    const [w, h] = [0.3 + 0.4 * next(), 0.4 + 0.4 * next()].map((f) => Math.round(f * side));
    const [r, g, b] = [next(), next(), next()].map((v) => Math.round(40 + 160 * v));
    const svg = `<svg width="${side}" height="${side}"><defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="rgb(${r},${g},${b})"/><stop offset="1" stop-color="rgb(${r >> 1},${g >> 1},${b >> 1})"/></linearGradient></defs><rect x="${(side - w!) / 2}" y="${(side - h!) / 2}" width="${w}" height="${h}" rx="${side / 20}" fill="url(#g)"/></svg>`;
    templates.push(await sharp({ create: { width: side, height: side, channels: 3, background: '#ffffff' } }).composite([{ input: Buffer.from(svg) }]).jpeg({ quality: 90 }).toBuffer());
  }
  for (let i = 0; i < count; i++) {
    const sub = join(dir, `part-${String(Math.floor(i / 1000)).padStart(3, '0')}`);
    if (i % 1000 === 0) await mkdir(sub, { recursive: true });
    await writeFile(join(sub, `photo-${String(i).padStart(6, '0')}.jpg`), templates[i % templates.length]!);
    if ((i + 1) % 100 === 0 || i + 1 === count) onProgress?.(`generating ${side}×${side} JPEG photos`, i + 1, count);
  }
}

/** `photoSide`: product photos of that size (JPEG) instead of the main folder's small PNGs. */
export async function measureRecipeThroughput(open: OpenPack, count: number, batchSize: number, onProgress?: BenchProgress, photoSide?: number): Promise<RecipeThroughput> {
  const root = await mkdtemp(join(tmpdir(), 'reseed-bench-recipe-'));
  const { width, height } = open.pack.manifest.image;
  const direction = open.pack.directions.find((d) => d.id === 'darker') ?? open.pack.directions[0];
  if (!direction) throw new RangeError('the pack has no directions to make a recipe of');
  const recipe = resolveRecipe(open, { sliders: { [direction.id]: 1.5 }, locks: [], keepDetails: { on: true, strength: 1 }, steps: null, method: 'network' }, { name: 'bench' });
  const words = `${direction.id}=1.5, keep details 1, ${recipe.steps} steps, no locks`;
  const input = join(root, 'in');
  try {
    if (photoSide) await generatePhotos(input, count, photoSide, onProgress);
    else await generateFolder(input, count, width * 2, height * 2, onProgress);
    const runs: { phase: string; imagesPerSecond: number }[] = [];
    const report = (phase: string) => (p: Progress) => onProgress?.(phase, p.done, p.total, `${p.imagesPerSecond.toFixed(1)} img/s`);
    const timed = async (phase: string, run: (onProgress: (p: Progress) => void) => Promise<{ imagesPerSecond: number; failed: number }>) => {
      onProgress?.(phase, 0, count, `batch size ${batchSize}`);
      const summary = await run(report(phase));
      if (summary.failed > 0) throw new Error(`${phase}: ${summary.failed} pictures failed`);
      runs.push({ phase, imagesPerSecond: summary.imagesPerSecond });
      return summary.imagesPerSecond;
    };
    const best = { plain: 0, recipe: 0, seeds: 0 };
    for (let round = 0; round < ROUNDS; round++) {
      const plainOut = join(root, `plain-${round}`);
      const plain = await timed('batch, plain embed', (p) => runBatch(open, { input, out: plainOut, recursive: true, batchSize, onProgress: p }));
      const edited = await timed('batch with a recipe: embed + edit', (p) => runBatch(open, { input, out: join(root, `recipe-${round}`), recursive: true, batchSize, recipe, onProgress: p }));
      const seeds = await timed('re-edit from seeds', (p) => runFromSeeds(open, { seeds: plainOut, out: join(root, `seeds-${round}`), batchSize, recipe, onProgress: p }));
      best.plain = Math.max(best.plain, plain);
      best.recipe = Math.max(best.recipe, edited);
      best.seeds = Math.max(best.seeds, seeds);
    }
    return {
      images: count,
      pictures: photoSide ? `${photoSide}×${photoSide} JPEG product photos` : `${width * 2}×${height * 2} PNGs`,
      recipe: words,
      plainImagesPerSecond: best.plain,
      recipeImagesPerSecond: best.recipe,
      fromSeedsImagesPerSecond: best.seeds,
      recipeRatio: best.recipe / best.plain,
      fromSeedsRatio: best.seeds / best.plain,
      runs,
    };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
