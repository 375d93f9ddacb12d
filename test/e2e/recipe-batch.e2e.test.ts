/**
 * Recipes in the editor (issue #19) in Chromium through `reseed serve --root`: sliders moved in the
 * Editor are saved with "Save as recipe…" (the file in the user data folder says what they were),
 * "Apply to folder…" opens the Batch view on that recipe, and the batch shows each picture before
 * and after while x.edited.png lies beside every seed, unlike the plain reconstruction in either
 * colour order (so a recipe ignored fails here). The saved list survives a reload; rename, export,
 * delete work; importing another pack's recipe, or one naming a direction the pack lacks, shows
 * the engine's error naming it; re-editing the first batch's seeds with the recipe writes a second
 * folder of edits (and the whole photos, pasted back) without embedding again. Writes
 * docs/images/recipe-dialog.png and recipe-batch-view.png only with RESEED_UPDATE_SCREENSHOTS=1.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { e2ePack, HAS_CHROMIUM, openEditor, REPO, tempHome, type EditorSession } from './harness';
import { docsScreenshot, setSlider, waitForBatchState, waitForDrawn } from './page-helpers';

const SAMPLES = ['tshirt.png', 'dress.png', 'sneaker.png', 'bag.jpg'];
const SLIDER = 'more-like-a-bag';
const NAME = 'Bag e2e';

async function grey(file: string): Promise<Buffer> {
  return sharp(file).removeAlpha().greyscale().raw().toBuffer();
}

/** Mean absolute difference of two model-size pictures: as they are, and with one negated (the two colour orders). */
async function differences(a: string, b: string): Promise<{ direct: number; negated: number }> {
  const [x, y] = await Promise.all([grey(a), grey(b)]);
  let direct = 0;
  let negated = 0;
  for (let i = 0; i < x.length; i++) {
    direct += Math.abs(x[i]! - y[i]!);
    negated += Math.abs(x[i]! - (255 - y[i]!));
  }
  return { direct: direct / x.length, negated: negated / x.length };
}

function recipeFiles(home: string, pack: string): string[] {
  const folder = join(home, 'recipes', pack);
  return existsSync(folder) ? readdirSync(folder).filter((f) => f.endsWith('.json')) : [];
}

describe.skipIf(!HAS_CHROMIUM)('recipes in the editor and the Batch view, in Chromium', () => {
  let session: EditorSession | undefined;
  let page: Page;
  let home: string;
  let allowed: string;
  let packId: string;

  const dialog = () => page.getByRole('dialog', { name: /^Recipes for/ });
  const rows = () => dialog().getByRole('list', { name: 'Saved recipes' }).locator('li.recipe-row');
  const openRecipes = async () => {
    await page.getByRole('button', { name: 'Save as recipe…' }).click();
    await dialog().getByRole('heading', { name: /^Saved recipes \d+$/ }).waitFor();
  };
  const closeRecipes = () => dialog().getByRole('button', { name: 'Close the recipes' }).click();
  const reload = async () => {
    await page.reload();
    await page.getByTestId('status-pack').filter({ hasNotText: '—' }).waitFor();
  };

  beforeAll(async () => {
    home = tempHome();
    allowed = join(home, 'files');
    mkdirSync(join(allowed, 'photos'), { recursive: true });
    for (const name of SAMPLES) copyFileSync(join(REPO, 'assets', 'samples', name), join(allowed, 'photos', name));
    packId = JSON.parse(readFileSync(join(e2ePack(), 'pack.json'), 'utf8').replace(/\bNaN\b|-?Infinity\b/g, 'null')).id;
    session = await openEditor(e2ePack(), home, ['--root', allowed]);
    page = session.page;
  });

  afterAll(async () => {
    if (session) await session.close();
    else if (home) rmSync(home, { recursive: true, force: true });
  });

  it('saves the moved sliders as a recipe, applies it to a folder: before/after grid, x.edited.png unlike the reconstruction', async () => {
    await page.getByRole('button', { name: 'Generate from the seed number' }).click();
    await waitForDrawn(page, { unedited: true });
    // Keep details off: the edited picture is then D(z') itself, comparable with the reconstruction D(z).
    await page.getByLabel('Keep details', { exact: true }).uncheck();
    expect(await setSlider(page, SLIDER, 6)).toBe(6);
    await waitForDrawn(page, { includes: `${SLIDER}=6` });

    await openRecipes();
    await expect(dialog().getByTestId('recipe-draft').textContent()).resolves.toMatch(/More like a bag \+6 · keep details off/);
    await dialog().getByLabel('Recipe name').fill(NAME);
    await dialog().getByRole('button', { name: 'Save the sliders as a recipe' }).click();
    await dialog().getByTestId('recipe-done').filter({ hasText: `Saved "${NAME}".` }).waitFor();
    expect(await rows().count()).toBe(1);
    // Kept per pack in the user data folder, saying what the sliders were.
    expect(recipeFiles(home, packId)).toEqual(['bag-e2e.json']);
    const saved = JSON.parse(readFileSync(join(home, 'recipes', packId, 'bag-e2e.json'), 'utf8'));
    expect(saved).toMatchObject({ name: NAME, pack: { id: packId }, sliders: { [SLIDER]: 6 }, locks: [], keepDetails: { on: false } });
    await docsScreenshot(page, 'recipe-dialog.png');
    await closeRecipes();
    // Focus goes back to the button that opened the box.
    await page.waitForFunction(() => document.activeElement?.getAttribute('aria-label') === 'Save as recipe…', undefined, { timeout: 5_000 });

    await page.getByRole('button', { name: 'Apply to folder…' }).click();
    const choice = page.getByLabel('Batch edit');
    await page.waitForFunction(() => document.querySelector<HTMLSelectElement>('select[aria-label="Batch edit"]')?.value === 'saved:bag-e2e', undefined, { timeout: 30_000 });
    expect(await choice.inputValue()).toBe('saved:bag-e2e');
    await page.getByLabel('Input folder', { exact: true }).fill(join(allowed, 'photos'));
    await page.getByLabel('Output folder', { exact: true }).fill(join(allowed, 'edited'));
    await page.getByRole('button', { name: 'Run the batch' }).click();
    await waitForBatchState(page, 'Finished');
    await expect(page.getByTestId('batch-results').textContent()).resolves.toBe(`${SAMPLES.length} done, 0 failed`);
    await expect(page.getByTestId('batch-edit-summary').textContent()).resolves.toMatch(new RegExp(`^${NAME} \\(hash [0-9a-f]{12}\\): ${SAMPLES.length} edited`));
    const tiles = page.getByRole('list', { name: 'Batch results' }).locator('li');
    expect(await tiles.count()).toBe(SAMPLES.length);
    for (const name of SAMPLES) {
      const tile = tiles.filter({ has: page.getByAltText(`${name} (after)`, { exact: true }) });
      expect(await tile.count()).toBe(1);
      expect(await tile.getByAltText(`${name} (before)`, { exact: true }).count()).toBe(1);
    }
    await docsScreenshot(page, 'recipe-batch-view.png');

    const out = join(allowed, 'edited');
    const lines = readFileSync(join(out, 'index.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    for (const name of SAMPLES) {
      const edited = join(out, `${name}.edited.png`);
      expect(existsSync(edited), edited).toBe(true);
      const d = await differences(edited, join(out, `${name}.recon.png`));
      // A recipe ignored leaves D(z) (in the model's or the picture's colours): no difference in one of the two.
      expect(Math.min(d.direct, d.negated), name).toBeGreaterThan(6);
      const line = lines.filter((l) => l.input === name).at(-1);
      expect(line.edit).toMatchObject({ recipe: NAME, status: 'ok' });
    }
  });

  it('keeps the recipe across a reload; rename works and stays renamed', async () => {
    await reload();
    await page.getByRole('button', { name: 'Editor view' }).click();
    await openRecipes();
    expect(await rows().count()).toBe(1);
    await expect(rows().first().locator('.recipe-name').textContent()).resolves.toBe(NAME);
    await dialog().getByRole('button', { name: `Rename ${NAME}` }).click();
    await dialog().getByLabel(`New name for ${NAME}`).fill('Bag renamed');
    await dialog().getByRole('button', { name: `Save the new name of ${NAME}` }).click();
    await dialog().getByTestId('recipe-done').filter({ hasText: 'Renamed to "Bag renamed".' }).waitFor();
    await reload();
    await openRecipes();
    await expect(rows().locator('.recipe-name').allTextContents()).resolves.toEqual(['Bag renamed']);
    expect(JSON.parse(readFileSync(join(home, 'recipes', packId, 'bag-e2e.json'), 'utf8')).name).toBe('Bag renamed');
  });

  it("refuses another pack's recipe and an unknown direction with the engine's message; export, import, delete", async () => {
    const file = (name: string, body: object) => {
      const path = join(home, name);
      writeFileSync(path, JSON.stringify({ format: 'reseed-recipe', version: 1, name: 'Foreign', sliders: { darker: 1 }, ...body }));
      return path;
    };
    const upload = dialog().getByLabel('Recipe file', { exact: true });
    await upload.setInputFiles(file('other.recipe.json', { pack: { id: 'emoji-faces' } }));
    const mismatch = dialog().locator('[role=alert][data-code="pack-mismatch"]');
    await expect(mismatch.textContent()).resolves.toMatch(/"emoji-faces"/);
    await upload.setInputFiles(file('unknown.recipe.json', { pack: { id: packId }, sliders: { 'no-such-slider': 2 } }));
    const unknown = dialog().locator('[role=alert][data-code="invalid-request"]');
    await expect(unknown.textContent()).resolves.toMatch(/unknown direction "no-such-slider"/);
    expect(await rows().count()).toBe(1);
    expect(recipeFiles(home, packId)).toEqual(['bag-e2e.json']);

    // Export writes the recipe file; imported again under another name it is a second recipe.
    const download = page.waitForEvent('download');
    await dialog().getByRole('button', { name: 'Export Bag renamed as a JSON file' }).click();
    const exported = join(home, (await download).suggestedFilename());
    await (await download).saveAs(exported);
    const text = JSON.parse(readFileSync(exported, 'utf8'));
    expect(text).toMatchObject({ format: 'reseed-recipe', name: 'Bag renamed', pack: { id: packId }, sliders: { [SLIDER]: 6 } });
    writeFileSync(exported, JSON.stringify({ ...text, name: 'Bag imported' }));
    await upload.setInputFiles(exported);
    await dialog().getByTestId('recipe-done').filter({ hasText: 'Imported "Bag imported".' }).waitFor();
    await expect(rows().locator('.recipe-name').allTextContents()).resolves.toEqual(['Bag renamed', 'Bag imported']);

    await dialog().getByRole('button', { name: 'Delete Bag imported' }).click();
    await dialog().getByRole('button', { name: 'Confirm deleting Bag imported' }).click();
    await dialog().getByTestId('recipe-done').filter({ hasText: 'Deleted "Bag imported".' }).waitFor();
    await reload();
    await openRecipes();
    await expect(rows().locator('.recipe-name').allTextContents()).resolves.toEqual(['Bag renamed']);
    await closeRecipes();
  });

  it("re-edits the first batch's seeds with a saved recipe into another folder, decoding only, with the whole photos", async () => {
    await page.getByRole('button', { name: 'Batch view' }).click();
    await page.getByLabel('Batch edit').selectOption('saved:bag-e2e');
    await page.getByLabel('Re-edit the seeds of an earlier batch').check();
    await page.getByLabel('Also write the whole photo with the edit pasted back').check();
    await page.getByLabel('Seeds folder', { exact: true }).fill(join(allowed, 'edited'));
    await page.getByLabel('Input folder', { exact: true }).fill(join(allowed, 'photos'));
    await page.getByLabel('Output folder', { exact: true }).fill(join(allowed, 'edited-again'));
    // The view's choices outlive a visit to another view (the panel is unmounted meanwhile).
    await page.getByRole('button', { name: 'Editor view' }).click();
    await page.getByRole('button', { name: 'Batch view' }).click();
    // The saved recipes are listed again after the view mounts; until then the choice has no option to show.
    await page.waitForFunction(() => document.querySelector<HTMLSelectElement>('select[aria-label="Batch edit"]')?.value === 'saved:bag-e2e', undefined, { timeout: 30_000 });
    expect(await page.getByLabel('Re-edit the seeds of an earlier batch').isChecked()).toBe(true);
    expect(await page.getByLabel('Also write the whole photo with the edit pasted back').isChecked()).toBe(true);
    expect(await page.getByLabel('Seeds folder', { exact: true }).inputValue()).toBe(join(allowed, 'edited'));
    expect(await page.getByLabel('Output folder', { exact: true }).inputValue()).toBe(join(allowed, 'edited-again'));
    await page.getByRole('button', { name: 'Run the batch' }).click();
    await waitForBatchState(page, 'Finished');
    await expect(page.getByTestId('batch-results').textContent()).resolves.toBe(`${SAMPLES.length} done, 0 failed`);
    expect(await page.getByRole('list', { name: 'Batch results' }).locator('li[data-edited="yes"]').count()).toBe(SAMPLES.length);
    for (const name of SAMPLES) {
      const again = join(allowed, 'edited-again', `${name}.edited.png`);
      expect(existsSync(again), again).toBe(true);
      // Same recipe, same seeds: the same pictures as the first batch's (nothing was embedded again).
      const d = await differences(again, join(allowed, 'edited', `${name}.edited.png`));
      expect(d.direct, name).toBeLessThan(1);
      expect(existsSync(join(allowed, 'edited-again', `${name}.latent.npy`))).toBe(false);
      // The whole photo with the edit pasted back, in the input's own format.
      const whole = join(allowed, 'edited-again', name.endsWith('.jpg') ? `${name}.edited.jpg` : `${name}.edited.full.png`);
      expect(existsSync(whole), whole).toBe(true);
      const [meta, original] = await Promise.all([sharp(whole).metadata(), sharp(join(allowed, 'photos', name)).metadata()]);
      expect([meta.width, meta.height], name).toEqual([original.width, original.height]);
    }
  });
});
