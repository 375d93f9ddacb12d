/**
 * Faithful edits (#18) in Chromium through `reseed serve`, on the default pack: keep details (on
 * by default, from Settings) shows the result, the compare view and every export in the photo's
 * colours, and with every slider at zero the exported photo is the photo pixel for pixel; "Darker
 * fabric" at +3 darkens the garment in the exported photo; a lock on "Darker fabric" keeps a class
 * slider at +6 from changing the garment's brightness as much as it does unlocked (and is an undo
 * step); a mask over the left half of the crop leaves every pixel right of it (beyond the
 * feather) as it was. Writes docs/images/faithful-keep-details.png, faithful-lock.png,
 * faithful-mask.png (before | after pictures) and faithful-edits.png (the editor), only with
 * RESEED_UPDATE_SCREENSHOTS=1.
 */
import { renameSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MASK_FEATHER_PX } from '../../electron/engine/image/edit-mask';
import { e2ePack, HAS_CHROMIUM, openEditor, REPO, type EditorSession } from './harness';
import { docsPicture, docsScreenshot, exportPng, resultPixels, setSlider, waitForDrawn } from './page-helpers';

const SAMPLE = join(REPO, 'assets', 'samples', 'tshirt.png');
/** The garment: pixels of the photo (white background) darker than this. */
const GARMENT = 240;
/** The object of a model-size picture in the photo's colours (the engine's object threshold, 0.2, turned back). */
const OBJECT_28 = 204;

async function gray(file: string | Buffer): Promise<{ data: Buffer; width: number; height: number }> {
  const { data, info } = await sharp(file).removeAlpha().greyscale().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

async function rgba(file: string | Buffer): Promise<Buffer> {
  return sharp(file).ensureAlpha().raw().toBuffer();
}

/** Mean of `picture` over the pixels `where` picks (by index). */
function meanWhere(picture: Buffer, where: (i: number) => boolean): number {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < picture.length; i++) {
    if (!where(i)) continue;
    sum += picture[i]!;
    n++;
  }
  return sum / Math.max(1, n);
}

/** The object's mean brightness in a model-size export in the photo's colours (its dark pixels). */
async function objectBrightness28(file: string): Promise<number> {
  const { data } = await gray(file);
  return meanWhere(data, (i) => data[i]! < OBJECT_28);
}

/** The result canvas's top-left pixel (the background): bright in the photo's colours, dark in the model's. */
async function cornerLevel(page: Page): Promise<number> {
  return (await resultPixels(page))[4 * 2 + 0]!;
}

describe.skipIf(!HAS_CHROMIUM)('faithful edits in Chromium', () => {
  let session: EditorSession;
  let page: Page;
  let original: { data: Buffer; width: number; height: number };
  let garment: (i: number) => boolean;
  let originalGarment: number;
  let darkerPhoto = '';

  let exports = 0;
  /** An export saved under a name of its own (edited exports share their suggested name). */
  const saved = async (button: RegExp) => {
    const out = await exportPng(page, button, session.home);
    const file = join(session.home, `${++exports}-${basename(out.file)}`);
    renameSync(out.file, file);
    return { ...out, file };
  };
  const photoPng = () => saved(/pasted back, PNG/);
  const modelPng = () => saved(/^Export PNG at 28×28/);

  beforeAll(async () => {
    session = await openEditor(e2ePack());
    ({ page } = session);
    original = await gray(SAMPLE);
    garment = (i) => original.data[i]! < GARMENT;
    originalGarment = meanWhere(original.data, garment);
    await page.getByLabel('Picture file').setInputFiles(SAMPLE);
    await page.getByText(/Crop \d+×\d+ at/).waitFor();
    await page.getByRole('button', { name: /^Embed the crop/ }).click();
    await page.getByAltText('The reconstruction from the seed').waitFor({ timeout: 60_000 });
  });

  afterAll(async () => {
    await session?.close();
  });

  it('keep details is on by default: result, compare and exports are in the photo colours; zero sliders export the photo itself', async () => {
    expect(await page.getByLabel('Keep details', { exact: true }).isChecked()).toBe(true);
    await waitForDrawn(page, { endsWith: '|kd=1|' });
    await expect.poll(() => page.getByTestId('status-faithful').textContent()).toContain('keep details 100 %');
    // The photo's colours: a dark T-shirt on white (the model's are light on black).
    expect(await cornerLevel(page)).toBeGreaterThan(200);
    // Compare (hold \) shows the crop in the same colours.
    await page.keyboard.down('\\');
    await expect.poll(() => page.locator('.result-view .hint').textContent()).toContain('Showing the original');
    await expect.poll(() => cornerLevel(page)).toBeGreaterThan(200);
    await page.keyboard.up('\\');

    const exported = await photoPng();
    expect([exported.width, exported.height]).toEqual([original.width, original.height]);
    expect((await rgba(exported.file)).equals(await rgba(SAMPLE))).toBe(true);
    const model = await modelPng();
    expect((await gray(model.file)).data[0]).toBeGreaterThan(200);
  });

  it('"Darker fabric" at +3 darkens the garment in the exported photo; keep details off regrows it in the model colours', async () => {
    await setSlider(page, 'darker', 3);
    const seedId = (await waitForDrawn(page, { endsWith: '|kd=1|darker=3' })).split('|')[0]!;
    darkerPhoto = (await photoPng()).file;
    const darker = meanWhere((await gray(darkerPhoto)).data, garment);
    console.log(`faithful e2e: garment brightness ${originalGarment.toFixed(1)} -> ${darker.toFixed(1)} with darker +3`);
    expect(darker).toBeLessThan(originalGarment - 5);
    await page.getByRole('button', { name: 'Reset Darker fabric' }).click();

    // "Longer" +3 with keep details (the collar and the edges stay the photo's) and without (the
    // picture regrown from the seed: the plain decode, in the model's colours).
    await setSlider(page, 'longer', 3);
    await waitForDrawn(page, { endsWith: '|kd=1|longer=3' });
    const kept = (await photoPng()).file;
    await page.getByLabel('Keep details', { exact: true }).uncheck();
    await waitForDrawn(page, { exact: `${seedId}|longer=3` });
    expect(await cornerLevel(page)).toBeLessThan(60);
    const regrown = (await photoPng()).file;
    expect((await rgba(regrown)).equals(await rgba(kept))).toBe(false);
    await docsPicture('faithful-keep-details.png', [SAMPLE, kept, regrown]);
    // Settings remember it: another tab starts with it off.
    const other = await session.browser.context.newPage();
    try {
      await other.goto(session.served.url);
      await other.getByTestId('status-pack').filter({ hasNotText: '—' }).waitFor();
      await expect.poll(() => other.getByLabel('Keep details', { exact: true }).isChecked()).toBe(false);
    } finally {
      await other.close();
    }
    await page.getByLabel('Keep details', { exact: true }).check();
    await waitForDrawn(page, { endsWith: '|kd=1|longer=3' });
    await page.getByRole('button', { name: 'Reset Longer' }).click();
    await waitForDrawn(page, { endsWith: '|kd=1|' });
  });

  it('a lock on "Darker fabric" holds the garment brightness while a class slider moves, and undo takes it off', async () => {
    const base = await objectBrightness28((await modelPng()).file);
    await setSlider(page, 'more-like-a-bag', 6);
    await waitForDrawn(page, { endsWith: '|kd=1|more-like-a-bag=6' });
    const unlocked = await objectBrightness28((await modelPng()).file);
    const unlockedPhoto = (await photoPng()).file;

    const lock = page.getByRole('button', { name: 'Lock Darker fabric' });
    expect(await lock.getAttribute('aria-pressed')).toBe('false');
    await lock.click();
    expect(await lock.getAttribute('aria-pressed')).toBe('true');
    await waitForDrawn(page, { endsWith: '|kd=1;lock=darker|more-like-a-bag=6' });
    const locked = await objectBrightness28((await modelPng()).file);
    const lockedPhoto = (await photoPng()).file;
    console.log(`faithful e2e: garment brightness ${base.toFixed(1)}; bag +6 unlocked ${unlocked.toFixed(1)}, locked ${locked.toFixed(1)}`);
    expect(Math.abs(locked - base)).toBeLessThan(Math.abs(unlocked - base));
    expect(Math.abs(locked - base)).toBeLessThan(Math.abs(unlocked - base) * 0.5);
    await expect.poll(() => page.getByTestId('lock-note-darker').textContent()).toMatch(/locked/);
    expect(await lock.getAttribute('title')).toMatch(/measured on the picture and held/);
    await expect.poll(() => page.getByTestId('status-faithful').textContent()).toContain('Darker fabric locked');
    await docsPicture('faithful-lock.png', [SAMPLE, unlockedPhoto, lockedPhoto]);

    // A lock is an undo step.
    await page.keyboard.press('Control+z');
    await expect.poll(() => lock.getAttribute('aria-pressed')).toBe('false');
    await waitForDrawn(page, { endsWith: '|kd=1|more-like-a-bag=6' });
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(() => lock.getAttribute('aria-pressed')).toBe('true');
    await lock.click();
    await page.getByRole('button', { name: 'Reset More like a bag' }).click();
    await waitForDrawn(page, { endsWith: '|kd=1|' });
  });

  it('a mask over the left half of the crop leaves the photo right of it as it was', async () => {
    await page.getByRole('button', { name: 'Mask tool' }).click();
    await page.getByLabel('Brush size').fill('40');
    // The default crop is the whole 320×320 photo: left half = x < 160.
    const box = (await page.locator('.photo-canvas canvas.upper-canvas').boundingBox())!;
    const scale = Math.min(box.width / original.width, box.height / original.height);
    const x0 = box.x + (box.width - original.width * scale) / 2;
    const y0 = box.y + (box.height - original.height * scale) / 2;
    const radius = 20 / scale;
    const half = original.width / 2;
    let strokes = 0;
    for (let x = radius; x <= half - radius - 6; x += radius) {
      await page.mouse.move(x0 + x * scale, y0 + 8 * scale);
      await page.mouse.down();
      for (let i = 1; i <= 12; i++) await page.mouse.move(x0 + x * scale, y0 + (8 + (i * (original.height - 16)) / 12) * scale);
      await page.mouse.up();
      strokes++;
      await page.locator(`.photo-canvas[data-mask-strokes="${strokes}"]`).waitFor();
    }
    await page.getByRole('button', { name: 'Crop tool' }).click();
    await setSlider(page, 'darker', 3);
    await waitForDrawn(page, { includes: ';mask=' });
    await waitForDrawn(page, { endsWith: 'darker=3' });
    await expect.poll(() => page.getByTestId('status-faithful').textContent()).toContain('mask');
    // The screenshot shows a lock too (closed loop: a few more decodes), and no hover strip.
    await page.getByRole('button', { name: 'Lock Wider' }).click();
    await waitForDrawn(page, { includes: 'lock=wider' });
    await page.mouse.move(0, 0);
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await docsScreenshot(page, 'faithful-edits.png');
    await page.getByRole('button', { name: 'Lock Wider' }).click();
    await waitForDrawn(page, { endsWith: 'darker=3' });

    const masked = (await photoPng()).file;
    const after = await rgba(masked);
    const before = await rgba(SAMPLE);
    let outside = 0;
    let inside = 0;
    for (let y = 0; y < original.height; y++) {
      for (let x = 0; x < original.width; x++) {
        const p = (y * original.width + x) * 4;
        const diff = Math.max(...[0, 1, 2, 3].map((c) => Math.abs(before[p + c]! - after[p + c]!)));
        if (x >= half + MASK_FEATHER_PX + 1) outside = Math.max(outside, diff);
        else if (diff > 0) inside++;
      }
    }
    console.log(`faithful e2e: mask: ${inside} pixels changed left of the middle, largest change right of it ${outside}`);
    expect(outside).toBe(0);
    expect(inside).toBeGreaterThan(2000);
    await docsPicture('faithful-mask.png', [SAMPLE, darkerPhoto, masked]);

    // Clear mask is an undo step too.
    await page.getByRole('button', { name: 'Clear the mask' }).click();
    await page.locator('.photo-canvas[data-mask-strokes="0"]').waitFor();
    await page.keyboard.press('Control+z');
    await page.locator(`.photo-canvas[data-mask-strokes="${strokes}"]`).waitFor();
  });
});
