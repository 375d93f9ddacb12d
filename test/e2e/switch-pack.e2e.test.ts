/**
 * Switching packs end to end (issue #8): `reseed serve` started on the tiny gray pack, with the
 * tiny RGB pack installed in the user data folder's packs/. Opens a photo, embeds it, switches to
 * the RGB pack in the Packs view, and checks that the photo stays, a new embedding arrives with
 * the RGB pack (24×24, in colour) with its sliders at zero, and that the About box lists both
 * packs with their licences, and opens again on F1 pressed right after Escape closed it.
 */
import { cpSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_CHROMIUM, openEditor, REPO, tempHome, type EditorSession } from './harness';
import { cropBox } from './page-helpers';

const GRAY_PACK = join(REPO, 'test', 'fixtures', 'tiny-pack');
const RGB_PACK = join(REPO, 'test', 'fixtures', 'tiny-rgb-pack');
const SAMPLE = join(REPO, 'assets', 'samples', 'bag.jpg');

/** The accessible name of the focused element, as a keyboard user meets it. */
function focused(page: Page): Promise<string | null> {
  return page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? null);
}

/** The reconstruction tile's natural size and how many of its pixels are not gray. */
function reconstruction(page: Page): Promise<{ width: number; height: number; colored: number; src: string }> {
  return page.evaluate(() => {
    const img = document.querySelector<HTMLImageElement>('img[alt="The reconstruction from the seed"]')!;
    const canvas = document.createElement('canvas');
    canvas.width = img.naturalWidth;
    canvas.height = img.naturalHeight;
    const context = canvas.getContext('2d')!;
    context.drawImage(img, 0, 0);
    const data = context.getImageData(0, 0, canvas.width, canvas.height).data;
    let colored = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (Math.max(Math.abs(data[i]! - data[i + 1]!), Math.abs(data[i + 1]! - data[i + 2]!)) > 8) colored++;
    }
    return { width: img.naturalWidth, height: img.naturalHeight, colored, src: img.src };
  });
}

/** Waits until the reconstruction tile shows a loaded image of this width. */
async function waitForReconstruction(page: Page, width: number): Promise<void> {
  await page.waitForFunction(
    (w) => {
      const img = document.querySelector<HTMLImageElement>('img[alt="The reconstruction from the seed"]');
      return img !== null && img.complete && img.naturalWidth === w;
    },
    width,
    { timeout: 60_000 },
  );
}

/** The result canvas's drawn key (seed id | active sliders) once it shows an unedited seed. */
async function drawnUnedited(page: Page, not?: string): Promise<string> {
  const handle = await page.waitForFunction(
    (old) => {
      const key = document.querySelector<HTMLCanvasElement>('canvas.result-canvas')?.dataset.drawnKey ?? '';
      return key.length > 5 && key.endsWith('|') && key !== old ? key : false;
    },
    not ?? '',
    { timeout: 60_000 },
  );
  return (await handle.jsonValue()) as string;
}

describe.skipIf(!HAS_CHROMIUM)('switching packs in Chromium through reseed serve', () => {
  let session: EditorSession;
  let page: Page;

  beforeAll(async () => {
    const home = tempHome();
    // A user pack: `reseed serve` finds it in $RESEED_HOME/packs next to the --pack folder.
    mkdirSync(join(home, 'packs'), { recursive: true });
    cpSync(RGB_PACK, join(home, 'packs', 'tiny-rgb'), { recursive: true });
    session = await openEditor(GRAY_PACK, home);
    page = session.page;
  });

  afterAll(async () => {
    await session?.close();
  });

  it('keeps the photo and re-embeds the crop with the RGB pack', async () => {
    await expect(page.getByTestId('status-pack').textContent()).resolves.toContain('Tiny fixture');
    await page.getByLabel('Picture file').setInputFiles(SAMPLE);
    await page.getByText(/Crop \d+×\d+ at/).waitFor();
    await page.getByRole('button', { name: /^Embed the crop/ }).click();
    await waitForReconstruction(page, 28);
    const grayKey = await drawnUnedited(page);
    const gray = await reconstruction(page);
    expect([gray.width, gray.height, gray.colored]).toEqual([28, 28, 0]);
    const grayDirections = await page.locator('input[type=range][data-direction]').evaluateAll((els) => els.map((e) => e.getAttribute('data-direction')));
    // An edit, so there is undo history and a moved slider to lose.
    const first = page.locator('input[type=range][data-direction]').first();
    await first.fill(String(Number(await first.getAttribute('max')) / 2));
    await page.waitForFunction((base) => (document.querySelector<HTMLCanvasElement>('canvas.result-canvas')?.dataset.drawnKey ?? '').startsWith(base.slice(0, -1)) && !(document.querySelector<HTMLCanvasElement>('canvas.result-canvas')?.dataset.drawnKey ?? '').endsWith('|'), grayKey, { timeout: 60_000 });
    const cropBefore = await cropBox(page);

    await page.getByRole('button', { name: 'Packs view' }).click();
    await page.getByRole('button', { name: 'Use Tiny RGB fixture' }).click();
    await page.getByRole('status').filter({ hasText: 'Active pack: Tiny RGB fixture' }).waitFor();
    // The pack the editor started with (--pack <dir>) stays listed, to switch back to.
    await page.getByRole('button', { name: 'Use Tiny fixture' }).waitFor();
    await page.getByRole('button', { name: 'Editor view' }).click();

    await expect(page.getByTestId('status-pack').textContent()).resolves.toContain('Tiny RGB fixture');
    await expect(page.locator('[data-code="pack-switched"]').textContent()).resolves.toMatch(/undo history cleared.*Embedding the crop again/);
    // The photo is still open, with its crop box (both packs are square: the box is unchanged).
    await expect(page.getByRole('region', { name: 'Photo' }).getByRole('heading').textContent()).resolves.toMatch(/bag\.jpg · \d+×\d+/);
    expect(await cropBox(page)).toEqual(cropBefore);

    // A new embedding, made by the RGB pack: 24×24 and in colour, on the result canvas too.
    await waitForReconstruction(page, 24);
    const rgbKey = await drawnUnedited(page, grayKey);
    expect(rgbKey).not.toBe(grayKey);
    const rgb = await reconstruction(page);
    expect([rgb.width, rgb.height]).toEqual([24, 24]);
    expect(rgb.colored).toBeGreaterThan(24 * 24 * 0.1);
    const canvas = await page.evaluate(() => {
      const c = document.querySelector<HTMLCanvasElement>('canvas.result-canvas')!;
      const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let colored = 0;
      for (let i = 0; i < data.length; i += 4) if (Math.max(Math.abs(data[i]! - data[i + 1]!), Math.abs(data[i + 1]! - data[i + 2]!)) > 8) colored++;
      return { width: c.width, height: c.height, colored };
    });
    expect(canvas.width).toBe(canvas.height);
    expect(canvas.width % 24).toBe(0);
    expect(canvas.colored).toBeGreaterThan(0);
    console.log(`switch-pack e2e: gray ${gray.width}×${gray.height} → RGB ${rgb.width}×${rgb.height}, ${rgb.colored} coloured pixels; canvas ${canvas.width}×${canvas.height}`);

    // The RGB pack's sliders, all at zero.
    const sliders = page.locator('input[type=range][data-direction]');
    const rgbDirections = await sliders.evaluateAll((els) => els.map((e) => e.getAttribute('data-direction')));
    expect(rgbDirections).toEqual(['more-like-a-bar', 'darker']);
    expect(rgbDirections).not.toEqual(grayDirections);
    expect(await sliders.evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value))).toEqual(['0', '0']);
    // Nothing of the gray pack is decoded by the RGB pack: no error shows.
    expect(await page.locator('[role=alert]').count()).toBe(0);
  });

  it('shows the About box with the version, the provider and both packs with their licences', async () => {
    const opener = page.getByRole('button', { name: 'About Reseed (F1)' });
    await opener.click();
    const dialog = page.getByRole('dialog', { name: 'About Reseed' });
    await dialog.waitFor();
    // The app info arrives after the dialog opens ('…' until then).
    await expect.poll(() => dialog.getByTestId('about-version').textContent(), { timeout: 15_000 }).toMatch(/^Reseed \d+\.\d+\.\d+/);
    await expect.poll(() => dialog.getByTestId('about-provider').textContent(), { timeout: 15_000 }).toContain('CPU');
    const packs = dialog.getByRole('list', { name: 'Installed model packs' });
    await packs.locator('li[data-pack-id="tiny-rgb"]').waitFor();
    for (const [id, name] of [['tiny', 'Tiny fixture'], ['tiny-rgb', 'Tiny RGB fixture']] as const) {
      const item = packs.locator(`li[data-pack-id="${id}"]`);
      await expect(item.textContent()).resolves.toContain(name);
      await expect(item.getByTestId('about-pack-license').textContent()).resolves.toBe('MIT');
      await expect(item.textContent()).resolves.toMatch(/Training data.*MIT licence, 512 images/);
    }
    await expect(packs.locator('li[data-active="true"]').getAttribute('data-pack-id')).resolves.toBe('tiny-rgb');
    // Keyboard: focus starts on Close, Escape shuts the box and focus returns to its button.
    await expect.poll(() => focused(page)).toBe('Close the About box');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => focused(page)).toBe('About Reseed (F1)');
    // F1 opens it too; Enter on Close shuts it.
    await page.keyboard.press('F1');
    await dialog.waitFor();
    await expect.poll(() => focused(page)).toBe('Close the About box');
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => focused(page)).toBe('About Reseed (F1)');
  });

  it('opens the About box on F1 however soon after Escape closed it', async () => {
    // Issue #15: the box told the editor it had closed only with its `close` event, which Chromium
    // delivers a frame after the box disappears; an F1 in between was lost (the editor still held
    // the box open) and the late event then shut the box for good. Each round races that frame.
    const dialog = page.getByRole('dialog', { name: 'About Reseed' });
    for (let round = 0; round < 10; round++) {
      await page.keyboard.press('F1');
      await dialog.waitFor();
      await page.keyboard.press('Escape');
      // Half the rounds press F1 the moment the box is seen gone, half straight after Escape.
      if (round % 2 === 0) await dialog.waitFor({ state: 'detached' });
    }
    await page.keyboard.press('F1');
    await dialog.waitFor();
    await expect.poll(() => dialog.getByTestId('about-version').textContent(), { timeout: 15_000 }).toMatch(/^Reseed \d+\.\d+\.\d+/);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => focused(page)).toBe('About Reseed (F1)');
  });
});
