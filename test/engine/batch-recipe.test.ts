/**
 * Edit a whole folder (issue #19) in the engine: runBatch with a recipe edits every picture exactly
 * as `reseed edit` edits one (not ignored, not applied twice), edits a folder embedded before from
 * its seeds without embedding again, redoes nothing a re-run finds done and everything a changed
 * recipe has not done, survives a stop halfway, and writes the pasted-back photo in the input's own
 * format. runFromSeeds decodes an earlier batch's seeds with a recipe: the same pictures, and an
 * error line (not a crash) for a seed of another pack or shape.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { runBatch, type BatchSummary } from '../../electron/engine/batch/batch-job';
import { runFromSeeds } from '../../electron/engine/batch/from-seeds';
import { editAndDecode, faithfulOutput } from '../../electron/engine/faithful/faithful-edit';
import { toPixels } from '../../electron/engine/image/encode';
import { encodeNpy } from '../../electron/engine/npy';
import { resolveRecipe, type ResolvedRecipe } from '../../electron/engine/recipe';
import { RecipeEditSchema } from '../../electron/contract/recipe-schemas';
import { packFixture, productPng } from './helpers';

const fx = packFixture('reseed-batch-recipe-');
const root = fx.root;

const recipe = (fields: Record<string, unknown>, name = 'Test'): ResolvedRecipe => resolveRecipe(fx.open, RecipeEditSchema.parse(fields), { name });
/** On the fixture pack once, twice and never differ by 9 levels or more on every test picture (darker=1; from 2 on its effect saturates). */
const DARKER = { sliders: { darker: 1 } };

/** `n` product photos (a dark garment on white), the last one a JPEG, in sub-folders. */
async function photos(n: number): Promise<string> {
  const dir = fx.fresh('in');
  mkdirSync(join(dir, 'sub'), { recursive: true });
  for (let i = 0; i < n; i++) {
    const png = await productPng(40 + i, 36, { x: 6 + (i % 5), y: 4, w: 16 + (i % 7), h: 26 }, 20 + 9 * i);
    if (i === n - 1) writeFileSync(join(dir, 'last.jpg'), await sharp(png).jpeg({ quality: 95 }).toBuffer());
    else writeFileSync(join(dir, i % 2 ? 'sub' : '', `p${i}.png`), png);
  }
  return dir;
}

const outDir = () => join(fx.fresh('out'), 'out');
type Line = { input: string; status: string; error: string | null; mse: number | null; edit?: { recipe: string | null; hash: string; status: string; error: string | null } };
const lines = (out: string): Line[] => readFileSync(join(out, 'index.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
const gray = async (file: string) => sharp(file).extractChannel(0).raw().toBuffer();

function maxDiff(a: Uint8Array, b: Uint8Array): number {
  expect(a.length).toBe(b.length);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}

/** What `reseed edit <picture> --set …` makes of one picture (edit-source.ts's path), applied `times` times. */
async function singleEdit(path: string, r: ResolvedRecipe, times = 1): Promise<Uint8Array> {
  const embedded = await fx.open.embedFile(path, { label: path });
  const base = async () => embedded.reconstruction;
  let z = embedded.seed;
  for (let t = 1; t < times; t++) z = fx.open.edit(z, r.sliders);
  const edit = await editAndDecode(fx.open, z, { sliders: times === 0 ? {} : r.sliders, locks: r.locks, steps: r.steps }, base);
  const source = { input: embedded.input.image, transform: embedded.input.transform, crop: embedded.input.crop.box };
  const out = await faithfulOutput(fx.open, edit.image, base, source, { keepDetails: r.keepDetails });
  return toPixels(out.image, 0).data;
}

const inputs = (dir: string) => (readdirSync(dir, { recursive: true }) as string[]).filter((f) => /\.(png|jpg)$/.test(f)).sort();

describe('runBatch with a recipe', () => {
  it('edits every picture as reseed edit does: once, not twice, not never', async () => {
    const input = await photos(5);
    const out = outDir();
    const r = recipe(DARKER, 'Darker');
    const s = await runBatch(fx.open, { input, out, recursive: true, recipe: r });
    expect(s).toMatchObject({ ok: 5, failed: 0, edit: { recipe: 'Darker', hash: r.hash, edited: 5, failed: 0, reused: 0 } });
    for (const rel of inputs(input)) {
      const edited = await gray(join(out, `${rel}.edited.png`));
      const path = join(input, rel);
      expect(maxDiff(edited, await singleEdit(path, r)), rel).toBeLessThanOrEqual(1);
      // The recipe is really there: never-edited and twice-edited pictures are far from it.
      expect(maxDiff(edited, await singleEdit(path, r, 0)), rel).toBeGreaterThan(8);
      expect(maxDiff(edited, await singleEdit(path, r, 2)), rel).toBeGreaterThan(8);
    }
    const index = lines(out);
    expect(index).toHaveLength(5);
    for (const l of index) expect(l.edit).toEqual({ recipe: 'Darker', hash: r.hash, status: 'ok', error: null });
  });

  it('edits a folder embedded before from its seeds, without embedding anything again', async () => {
    const input = await photos(6);
    const out = outDir();
    await runBatch(fx.open, { input, out, recursive: true, batchSize: 4 });
    const seedBytes = inputs(input).map((rel) => readFileSync(join(out, `${rel}.latent.npy`)));
    const r = recipe(DARKER);
    const embed = vi.spyOn(fx.open, 'embed');
    const network = vi.spyOn(fx.open, 'networkSeeds');
    try {
      const s = await runBatch(fx.open, { input, out, recursive: true, batchSize: 4, recipe: r });
      expect(s).toMatchObject({ done: 6, ok: 6, edit: { edited: 6, reused: 6 } });
      expect(embed).not.toHaveBeenCalled();
      expect(network).not.toHaveBeenCalled();
    } finally {
      embed.mockRestore();
      network.mockRestore();
    }
    expect(inputs(input).map((rel) => readFileSync(join(out, `${rel}.latent.npy`)))).toEqual(seedBytes);
    // One line of the embedding, one of the edit (carrying the embedding's MSE on), per input.
    const index = lines(out);
    expect(index).toHaveLength(12);
    const last = new Map(index.map((l) => [l.input, l]));
    for (const rel of inputs(input)) {
      expect(last.get(rel)?.edit?.hash).toBe(r.hash);
      expect(last.get(rel)?.mse).toBe(index.find((l) => l.input === rel)!.mse);
      // The seed read back, and its 8-bit reconstruction as D(z): within a level of a fresh edit.
      expect(maxDiff(await gray(join(out, `${rel}.edited.png`)), await singleEdit(join(input, rel), r)), rel).toBeLessThanOrEqual(1);
    }
  });

  it('does nothing again for the same recipe, and edits again for a changed one', async () => {
    const input = await photos(3);
    const out = outDir();
    const first = recipe(DARKER, 'A');
    await runBatch(fx.open, { input, out, recursive: true, recipe: first });
    const again = await runBatch(fx.open, { input, out, recursive: true, recipe: recipe(DARKER, 'A renamed') });
    expect(again).toMatchObject({ total: 0, alreadyDone: 3, done: 0 });
    const changed = recipe({ sliders: { darker: -1 } }, 'B');
    const second = await runBatch(fx.open, { input, out, recursive: true, recipe: changed });
    expect(second).toMatchObject({ total: 3, done: 3, edit: { edited: 3, reused: 3 } });
    const last = new Map(lines(out).map((l) => [l.input, l]));
    for (const rel of inputs(input)) expect(last.get(rel)?.edit).toMatchObject({ recipe: 'B', hash: changed.hash, status: 'ok' });
    expect(lines(out)).toHaveLength(6);
  });

  it('stopped halfway and run again: every picture edited exactly once', async () => {
    const input = await photos(12);
    const out = outDir();
    const r = recipe(DARKER);
    const controller = new AbortController();
    const first = await runBatch(fx.open, { input, out, recursive: true, batchSize: 2, recipe: r, signal: controller.signal, onProgress: () => controller.abort() });
    expect(first.cancelled).toBe(true);
    expect(first.done).toBeLessThan(12);
    const second = await runBatch(fx.open, { input, out, recursive: true, batchSize: 2, recipe: r });
    expect(second).toMatchObject({ alreadyDone: first.done, done: 12 - first.done, edit: { reused: 0 } });
    const index = lines(out);
    expect(index.map((l) => l.input).sort()).toEqual(inputs(input));
    expect(index.every((l) => l.edit?.hash === r.hash && l.edit.status === 'ok')).toBe(true);
    for (const rel of inputs(input)) expect(existsSync(join(out, `${rel}.edited.png`)), rel).toBe(true);
    expect((readdirSync(out, { recursive: true }) as string[]).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('writes the photo in the input’s format; all-zero sliders give a PNG its own pixels back', async () => {
    const input = await photos(3);
    const out = outDir();
    await runBatch(fx.open, { input, out, recursive: true, recipe: recipe({ sliders: { darker: 0 } }), photo: true });
    const jpeg = readFileSync(join(out, 'last.jpg.edited.jpg'));
    expect([...jpeg.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
    for (const rel of ['p0.png', 'sub/p1.png']) {
      const photo = join(out, `${rel}.edited.full.png`);
      const [a, b] = await Promise.all([sharp(photo).raw().toBuffer({ resolveWithObject: true }), sharp(join(input, rel)).ensureAlpha().raw().toBuffer({ resolveWithObject: true })]);
      expect(a.info).toMatchObject({ width: b.info.width, height: b.info.height });
      expect(maxDiff(a.data, b.data), rel).toBe(0);
    }
    const moved = outDir();
    await runBatch(fx.open, { input, out: moved, recursive: true, recipe: recipe(DARKER), photo: true });
    const [a, b] = await Promise.all([sharp(join(moved, 'p0.png.edited.full.png')).raw().toBuffer(), sharp(join(input, 'p0.png')).ensureAlpha().raw().toBuffer()]);
    expect(maxDiff(a, b)).toBeGreaterThan(8);
  });
});

describe('runFromSeeds', () => {
  let input: string;
  let seeds: string;
  let expected: string;
  let summary: BatchSummary;
  const r = () => recipe(DARKER, 'Darker');

  beforeAll(async () => {
    input = await photos(6);
    seeds = outDir();
    expected = outDir();
    await runBatch(fx.open, { input, out: seeds, recursive: true });
    await runBatch(fx.open, { input, out: expected, recursive: true, recipe: r() });
    summary = await runFromSeeds(fx.open, { seeds, out: outDir(), recipe: r(), batchSize: 4 });
  });

  it('decodes the seeds with the recipe: the pictures embedding and editing make, within a level', async () => {
    expect(summary).toMatchObject({ done: 6, ok: 6, failed: 0, edit: { edited: 6, hash: r().hash } });
    const out = summary.indexFile.replace(/[/\\]index\.jsonl$/, '');
    for (const rel of inputs(input)) {
      expect(maxDiff(await gray(join(out, `${rel}.edited.png`)), await gray(join(expected, `${rel}.edited.png`))), rel).toBeLessThanOrEqual(1);
      // Decoding only: no seeds or reconstructions of its own.
      expect(existsSync(join(out, `${rel}.latent.npy`))).toBe(false);
    }
    expect(lines(out).every((l) => l.status === 'ok' && l.mse !== null && l.edit?.recipe === 'Darker')).toBe(true);
  });

  it('a seed of another pack or shape, or none, is an error line; the others are edited', async () => {
    const tampered = outDir();
    mkdirSync(join(tampered, 'sub'), { recursive: true });
    for (const rel of inputs(input)) for (const suffix of ['.latent.npy', '.recon.png']) copyFileSync(join(seeds, rel + suffix), join(tampered, rel + suffix));
    copyFileSync(join(seeds, 'batch.json'), join(tampered, 'batch.json'));
    const index = lines(seeds) as (Line & { seed: { pack: string } })[];
    index.find((l) => l.input === 'p0.png')!.seed.pack = 'fashion-mnist';
    writeFileSync(join(tampered, 'index.jsonl'), index.map((l) => JSON.stringify(l)).join('\n') + '\n');
    writeFileSync(join(tampered, 'p2.png.latent.npy'), encodeNpy(new Float32Array(3 * 8 * 8), [3, 8, 8]));
    writeFileSync(join(tampered, 'sub', 'p1.png.latent.npy'), 'not a seed');
    const out = outDir();
    const s = await runFromSeeds(fx.open, { seeds: tampered, out, recipe: r() });
    expect(s).toMatchObject({ done: 6, ok: 3, failed: 3 });
    const byInput = new Map(lines(out).map((l) => [l.input, l]));
    expect(byInput.get('p0.png')).toMatchObject({ status: 'error', error: 'the seed was made with the pack "fashion-mnist", not "tiny"', edit: { status: 'error' } });
    expect(byInput.get('p2.png')?.error).toMatch(/a seed of shape \(3, 8, 8\) does not fit this pack's 1×28×28 seeds/);
    expect(byInput.get('sub/p1.png')?.error).toMatch(/not a \.npy file/);
    expect(existsSync(join(out, 'p0.png.edited.png'))).toBe(false);
    expect(existsSync(join(out, 'p4.png.edited.png'))).toBe(true);
    // Resume: nothing to do again; --retry-errors tries the three again (and they fail again).
    expect(await runFromSeeds(fx.open, { seeds: tampered, out, recipe: r() })).toMatchObject({ total: 0, alreadyDone: 6 });
    expect(await runFromSeeds(fx.open, { seeds: tampered, out, recipe: r(), retryErrors: true })).toMatchObject({ total: 3, failed: 3 });
  });

  it('keep details reads the model inputs saved beside the seeds, not the pictures; --photo needs them', async () => {
    const moved = outDir();
    expect(await runFromSeeds(fx.open, { seeds, out: moved, recipe: r(), input: join(root, 'nowhere') })).toMatchObject({ ok: 6 });
    for (const rel of inputs(input)) expect(maxDiff(await gray(join(moved, `${rel}.edited.png`)), await gray(join(expected, `${rel}.edited.png`))), rel).toBeLessThanOrEqual(1);
    await expect(runFromSeeds(fx.open, { seeds, out: outDir(), recipe: r(), photo: true, input: join(root, 'nowhere') })).rejects.toThrow(/--photo needs the pictures/);
    // Seeds of a batch from before the model input was saved: back to the pictures, or an error line each.
    const old = outDir();
    mkdirSync(join(old, 'sub'), { recursive: true });
    for (const rel of inputs(input)) for (const suffix of ['.latent.npy', '.recon.png']) copyFileSync(join(seeds, rel + suffix), join(old, rel + suffix));
    copyFileSync(join(seeds, 'index.jsonl'), join(old, 'index.jsonl'));
    expect(await runFromSeeds(fx.open, { seeds: old, out: outDir(), recipe: r(), input })).toMatchObject({ ok: 6 });
    const lost = await runFromSeeds(fx.open, { seeds: old, out: outDir(), recipe: r() });
    expect(lost).toMatchObject({ ok: 0, failed: 6 });
  });

  it('without keep details decodes the seeds alone', async () => {
    const plain = recipe({ ...DARKER, keepDetails: { on: false } });
    const regrown = outDir();
    await runBatch(fx.open, { input, out: regrown, recursive: true, recipe: plain });
    const out = outDir();
    // The seeds' batch.json names the pictures' folder; without keep details they are not read.
    expect(await runFromSeeds(fx.open, { seeds, out, recipe: plain })).toMatchObject({ ok: 6 });
    for (const rel of inputs(input)) expect(maxDiff(await gray(join(out, `${rel}.edited.png`)), await gray(join(regrown, `${rel}.edited.png`))), rel).toBeLessThanOrEqual(1);
    await expect(runFromSeeds(fx.open, { seeds, out: seeds, recipe: r() })).rejects.toThrow(/is the folder of the seeds/);
  });
});
