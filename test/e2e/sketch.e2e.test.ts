/**
 * Sketch and re-embed, and paste back, in Chromium through `reseed serve`: a brush stroke over the
 * crop, Re-embed changes the result, Undo removes the stroke; the photo export keeps the sample's
 * size. Takes docs/images/sketch.png (written only with RESEED_UPDATE_SCREENSHOTS=1).
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { e2ePack, HAS_CHROMIUM, openEditor, REPO, type EditorSession } from './harness';
import { docsScreenshot, waitForDrawn } from './page-helpers';

const SAMPLE = join(REPO, 'assets', 'samples', 'dress.png');

describe.skipIf(!HAS_CHROMIUM)('sketch, re-embed and paste back in Chromium', () => {
  let session: EditorSession;
  let page: Page;

  beforeAll(async () => {
    session = await openEditor(e2ePack());
    ({ page } = session);
  });

  afterAll(async () => {
    await session?.close();
  });

  it('re-embeds a sketched crop and pastes the result back into the photo', async () => {
    await page.getByLabel('Picture file').setInputFiles(SAMPLE);
    await page.getByText(/Crop \d+×\d+ at/).waitFor();
    await page.getByRole('button', { name: /^Embed the crop/ }).click();
    // The embed's own image (unedited: its key ends in |; a faithful one is decoded first).
    const firstKey = await waitForDrawn(page, { unedited: true });
    const before = await page.getByAltText('The reconstruction from the seed').getAttribute('src');

    // A thick black stroke across the middle of the photo (inside the default crop).
    await page.getByRole('button', { name: 'Brush tool' }).click();
    await page.getByLabel('Brush size').fill('40');
    const box = (await page.locator('.photo-canvas canvas.upper-canvas').boundingBox())!;
    const [cx, cy] = [box.x + box.width / 2, box.y + box.height / 2];
    await page.mouse.move(cx - 80, cy - 60);
    await page.mouse.down();
    for (let i = 1; i <= 10; i++) await page.mouse.move(cx - 80 + i * 16, cy - 60 + i * 12);
    await page.mouse.up();
    await page.locator('.photo-canvas[data-strokes="1"]').waitFor();

    await page.getByRole('button', { name: 'Re-embed the sketched crop' }).click();
    await page.waitForFunction((k) => {
      const key = document.querySelector<HTMLCanvasElement>('canvas.result-canvas')?.dataset.drawnKey ?? '';
      return key.length > 5 && key.endsWith('|') && key !== k;
    }, firstKey, { timeout: 60_000 });
    expect(await page.getByAltText('The reconstruction from the seed').getAttribute('src')).not.toBe(before);
    await docsScreenshot(page, 'sketch.png');

    // Paste back: the photo at its own size.
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: /pasted back, PNG/ }).click();
    const file = join(session.home, (await download).suggestedFilename());
    await (await download).saveAs(file);
    const [meta, original] = await Promise.all([sharp(file).metadata(), sharp(SAMPLE).metadata()]);
    expect([meta.width, meta.height]).toEqual([original.width, original.height]);
    expect(meta.exif).toBeUndefined();

    // The stroke is one undo step (the re-embed is another).
    await page.keyboard.press('Control+z');
    await page.keyboard.press('Control+z');
    await page.locator('.photo-canvas[data-strokes="0"]').waitFor();
  });
});
