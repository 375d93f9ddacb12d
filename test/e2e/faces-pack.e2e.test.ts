/**
 * The faces pack end to end (issue #8): `reseed serve` on the default pack, the real renderer in
 * Chromium. Opens the astronaut photo from assets/, switches to the shipped Emoji faces pack
 * (models/emoji-faces), which places the crop box on the detected face, embeds the crop
 * (refinement), moves the skin-tone and glasses sliders, and exports. Takes the README's
 * pictures: docs/images/faces-emojify.png, faces-skin-tone.png, faces-glasses.png (written only
 * with RESEED_UPDATE_SCREENSHOTS=1, see page-helpers.ts).
 * Skipped when the pack is not there (a checkout before it was trained) or without Chromium.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { e2ePack, HAS_CHROMIUM, openEditor, REPO, type EditorSession } from './harness';
import { cropBox, docsScreenshot, exportPng, resultPixels, setSlider, waitForDrawn } from './page-helpers';

const FACES_PACK = join(REPO, 'models', 'emoji-faces');
const HAS_FACES = existsSync(join(FACES_PACK, 'pack.json'));
const ASTRONAUT = join(REPO, 'assets', 'samples', 'astronaut.jpg');
/** Looked at by eye: the middle of Eileen Collins's face in the 512×512 photo. */
const FACE_CENTRE = { x: 224, y: 115 };

if (!HAS_FACES) console.log(`faces e2e: skipped — no pack at ${FACES_PACK}`);

/** Mean of R, G and B over the result canvas (0–255). */
function meanLevel(pixels: number[]): number {
  let sum = 0;
  for (let i = 0; i < pixels.length; i += 4) sum += pixels[i]! + pixels[i + 1]! + pixels[i + 2]!;
  return sum / ((pixels.length / 4) * 3);
}

/** Fraction of the result canvas's pixels that moved by more than 8 levels in any channel. */
function changed(a: number[], b: number[]): number {
  let moved = 0;
  for (let i = 0; i < a.length; i += 4) {
    if (Math.max(Math.abs(a[i]! - b[i]!), Math.abs(a[i + 1]! - b[i + 1]!), Math.abs(a[i + 2]! - b[i + 2]!)) > 8) moved++;
  }
  return moved / (a.length / 4);
}

/** Waits for the result canvas to draw an unedited image other than `old`; returns its key. */
async function newUnedited(page: Page, old: string): Promise<string> {
  const handle = await page.waitForFunction((previous) => {
    const key = document.querySelector<HTMLCanvasElement>('canvas.result-canvas')?.dataset.drawnKey ?? '';
    return key.length > 5 && key.endsWith('|') && key !== previous ? key : false;
  }, old, { timeout: 60_000 });
  return (await handle.jsonValue()) as string;
}

async function sliderMax(page: Page, id: string): Promise<number> {
  return Number(await page.locator(`input[type=range][data-direction="${id}"]`).getAttribute('max'));
}

describe.skipIf(!HAS_CHROMIUM || !HAS_FACES)('the faces pack in Chromium through reseed serve', () => {
  let session: EditorSession;
  let page: Page;

  beforeAll(async () => {
    session = await openEditor(e2ePack());
    page = session.page;
    await page.setViewportSize({ width: 1280, height: 860 });
  });

  afterAll(async () => {
    await session?.close();
  });

  it('opens a photo, switches to the faces pack, embeds the face, moves skin tone and glasses, exports', async () => {
    await page.getByLabel('Picture file').setInputFiles(ASTRONAUT);
    await page.getByText(/Crop \d+×\d+ at/).waitFor();
    // Embedded with the default pack first, as a user who then tries the faces pack.
    await page.getByRole('button', { name: /^Embed the crop/ }).click();
    const grayKey = await waitForDrawn(page, { unedited: true });

    // Switching keeps the photo; the faces pack crops around the face and re-embeds it.
    await page.getByRole('button', { name: 'Packs view' }).click();
    await page.getByRole('button', { name: 'Use Emoji faces' }).click();
    await page.getByRole('status').filter({ hasText: 'Active pack: Emoji faces' }).waitFor();
    await page.getByRole('button', { name: 'Editor view' }).click();
    await expect(page.getByTestId('status-pack').textContent()).resolves.toContain('Emoji faces');
    await page.locator('[data-code="pack-switched"]').filter({ hasText: 'Face found' }).waitFor({ timeout: 60_000 });
    const box = await cropBox(page);
    expect(box.width).toBe(box.height);
    expect(FACE_CENTRE.x).toBeGreaterThan(box.left);
    expect(FACE_CENTRE.x).toBeLessThan(box.left + box.width);
    expect(FACE_CENTRE.y).toBeGreaterThan(box.top);
    expect(FACE_CENTRE.y).toBeLessThan(box.top + box.height);
    const autoKey = await newUnedited(page, grayKey);
    const autoPixels = await resultPixels(page);

    // The re-embed after the switch used the face box, not the box from before: embedding the
    // face box again with the same method (one network pass: deterministic) gives the same image.
    await page.getByRole('button', { name: 'Find the face and place the crop box on it' }).click();
    expect(await cropBox(page)).toEqual(box);
    expect(await page.getByLabel('Embedding method').inputValue()).toBe('network');
    await page.getByRole('button', { name: /^Embed the crop/ }).click();
    const networkKey = await newUnedited(page, autoKey);
    expect(await resultPixels(page)).toEqual(autoPixels);

    // Then a refined embed, for the pictures.
    await page.getByLabel('Embedding method').selectOption('refine');
    await page.getByRole('button', { name: /^Embed the crop/ }).click();
    const baseKey = await newUnedited(page, networkKey);
    await expect(page.getByTestId('method').textContent()).resolves.toMatch(/refinement/);
    const mse = Number(await page.getByTestId('mse').textContent());
    expect(Number.isFinite(mse)).toBe(true);
    console.log(`faces e2e: crop ${JSON.stringify(box)}; emojified with MSE ${mse}, PSNR ${await page.getByTestId('psnr').textContent()}`);
    const base = await resultPixels(page);
    // The reconstruction is the pack's 64×64 colour image.
    const size = await page.evaluate(() => {
      const img = document.querySelector<HTMLImageElement>('img[alt="The reconstruction from the seed"]')!;
      return [img.naturalWidth, img.naturalHeight];
    });
    expect(size).toEqual([64, 64]);
    await docsScreenshot(page, 'faces-emojify.png');

    // Skin tone: the slider at its top darkens the face.
    const skin = await setSlider(page, 'darker-skin', await sliderMax(page, 'darker-skin'));
    await waitForDrawn(page, { includes: `darker-skin=${skin}` });
    const darker = await resultPixels(page);
    console.log(`faces e2e: darker-skin=${skin}: mean level ${meanLevel(base).toFixed(1)} → ${meanLevel(darker).toFixed(1)}, ${(100 * changed(base, darker)).toFixed(1)} % of pixels changed`);
    expect(meanLevel(darker)).toBeLessThan(meanLevel(base) - 2);
    await docsScreenshot(page, 'faces-skin-tone.png');

    // Glasses, on top of the skin tone: the picture changes again.
    // Two thirds of its range: glasses in place without the extremes of both sliders at once.
    const glasses = await setSlider(page, 'glasses', Math.round((await sliderMax(page, 'glasses')) * (2 / 3)));
    await waitForDrawn(page, { includes: `glasses=${glasses}` });
    const withGlasses = await resultPixels(page);
    console.log(`faces e2e: glasses=${glasses}: ${(100 * changed(darker, withGlasses)).toFixed(1)} % of pixels changed`);
    expect(changed(darker, withGlasses)).toBeGreaterThan(0.02);
    await docsScreenshot(page, 'faces-glasses.png');
    expect(await page.locator('[role=alert]').count()).toBe(0);

    // Export at the model's size and enlarged: 64×64 and 512×512 PNGs.
    const dir = join(session.home, 'exports');
    mkdirSync(dir, { recursive: true });
    for (const [button, side] of [[/^Export PNG at/, 64], [/^Export PNG enlarged/, 512]] as const) {
      const { file, ...meta } = await exportPng(page, button, dir);
      expect(meta.format).toBe('png');
      expect([meta.width, meta.height]).toEqual([side, side]);
      console.log(`faces e2e: exported ${file.slice(dir.length + 1)} (${meta.width}×${meta.height})`);
    }
    expect(baseKey).not.toContain('darker-skin=');
  });
});
