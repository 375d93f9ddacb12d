/**
 * D(z) is decoded for a recipe only when something reads it (batch-edit.ts, editUsesBase): a
 * re-edit at other steps than its seeds' without keep details or locks decodes each seed once
 * (D(z') alone) and makes the same pictures as a batch that embeds and edits; with keep details
 * the base is decoded too. A new seed's reconstruction is still written either way.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it, vi } from 'vitest';
import { editUsesBase } from '../../electron/engine/batch/batch-edit';
import { runBatch } from '../../electron/engine/batch/batch-job';
import { runFromSeeds } from '../../electron/engine/batch/from-seeds';
import { resolveRecipe } from '../../electron/engine/recipe';
import { RecipeEditSchema } from '../../electron/contract/recipe-schemas';
import { packFixture, productPng } from './helpers';

const fx = packFixture('reseed-recipe-lazy-base-');
const recipe = (fields: Record<string, unknown>) => resolveRecipe(fx.open, RecipeEditSchema.parse(fields), { name: 'Lazy' });
const N = 4;

async function photos(): Promise<string> {
  const dir = fx.fresh('in');
  for (let i = 0; i < N; i++) writeFileSync(join(dir, `p${i}.png`), await productPng(40 + i, 36, { x: 6 + i, y: 4, w: 16 + i, h: 26 }, 20 + 9 * i));
  return dir;
}

/** Pictures decoded by the sampler while `run` runs (the sum of its batches). */
async function decodedPictures(run: () => Promise<unknown>): Promise<number> {
  const spy = vi.spyOn(fx.open, 'decode');
  try {
    await run();
    return spy.mock.calls.reduce((n, [seed]) => n + seed.shape[0], 0);
  } finally {
    spy.mockRestore();
  }
}

async function maxDiff(a: string, b: string): Promise<number> {
  const [x, y] = await Promise.all([sharp(a).extractChannel(0).raw().toBuffer(), sharp(b).extractChannel(0).raw().toBuffer()]);
  let max = 0;
  for (let i = 0; i < x.length; i++) max = Math.max(max, Math.abs(x[i]! - y[i]!));
  return max;
}

describe('D(z) only when the edit reads it', () => {
  it('says which recipes read D(z)', () => {
    expect(editUsesBase(recipe({ sliders: { darker: 1 }, keepDetails: { on: false } }))).toBe(false);
    expect(editUsesBase(recipe({ sliders: { darker: 1 } }))).toBe(true);
    expect(editUsesBase(recipe({ sliders: { darker: 0 }, keepDetails: { on: false } }))).toBe(true);
    expect(editUsesBase(recipe({ sliders: { darker: 1 }, locks: ['darker'], keepDetails: { on: false } }))).toBe(true);
  });

  it('a re-edit at other steps without keep details decodes each seed once, the same pictures as embedding and editing', async () => {
    const input = await photos();
    const seeds = fx.fresh('seeds');
    await runBatch(fx.open, { input, out: seeds });
    const regrow = recipe({ sliders: { darker: 1 }, keepDetails: { on: false }, steps: 6 });
    const out = fx.fresh('out');
    expect(await decodedPictures(() => runFromSeeds(fx.open, { seeds, out, recipe: regrow }))).toBe(N);
    const direct = fx.fresh('direct');
    // Embedding with the recipe still decodes D(z): it is the reconstruction written beside each seed.
    expect(await decodedPictures(() => runBatch(fx.open, { input, out: direct, recipe: regrow, steps: 6 }))).toBe(2 * N);
    for (let i = 0; i < N; i++) {
      expect(existsSync(join(direct, `p${i}.png.recon.png`))).toBe(true);
      expect(await maxDiff(join(out, `p${i}.png.edited.png`), join(direct, `p${i}.png.edited.png`)), `p${i}`).toBeLessThanOrEqual(1);
    }
    // Keep details reads D(z): at other steps than the saved reconstruction's it is decoded again.
    const kept = recipe({ sliders: { darker: 1 }, steps: 6 });
    expect(await decodedPictures(() => runFromSeeds(fx.open, { seeds, out: fx.fresh('kept'), recipe: kept }))).toBe(2 * N);
  });
});
