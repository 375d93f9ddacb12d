/**
 * Custom sliders and "Open output folder" end to end (a real `reseed serve --root` on the default
 * pack when it is there, the fixture pack otherwise; the real renderer in Chromium): a slider made
 * from a folder of light pictures and one of dark pictures appears in the slider panel, marked
 * custom, and moving it changes the result image (docs/images/custom-slider.png, written only
 * with RESEED_UPDATE_SCREENSHOTS=1); after a batch, "Open output folder" runs the opener named by
 * $RESEED_OPENER (a stub that records its argument) on the output folder.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { e2ePack, HAS_CHROMIUM, launchChromium, startServe, tempHome, type Browser, type Served } from './harness';
import { docsScreenshot, resultPixels, waitForDrawn } from './page-helpers';

const PACK = e2ePack();
const PACK_ID = (JSON.parse(readFileSync(join(PACK, 'pack.json'), 'utf8')) as { id: string }).id;

/** A garment-like picture: a white block on a background of the given gray. */
function picture(shade: number, offset: number): Promise<Buffer> {
  return sharp({ create: { width: 28, height: 28, channels: 3, background: { r: shade, g: shade, b: shade } } })
    .composite([{ input: Buffer.from(`<svg width="28" height="28"><rect x="${5 + offset}" y="4" width="12" height="20" fill="white"/></svg>`) }])
    .png()
    .toBuffer();
}

async function folderOf(dir: string, shades: readonly number[]): Promise<void> {
  mkdirSync(dir, { recursive: true });
  for (const [i, shade] of shades.entries()) writeFileSync(join(dir, `p-${i}.png`), await picture(shade, i % 5));
}

describe.skipIf(!HAS_CHROMIUM)('custom sliders and open folder in Chromium through reseed serve', () => {
  let served: Served;
  let browser: Browser;
  let page: Page;
  let home: string;
  let allowed: string;
  let openedLog: string;
  const previousOpener = process.env.RESEED_OPENER;

  beforeAll(async () => {
    home = tempHome();
    allowed = join(home, 'files');
    await folderOf(join(allowed, 'light'), [190, 205, 220, 235, 250, 240]);
    await folderOf(join(allowed, 'dark'), [5, 15, 25, 35, 45, 55]);
    writeFileSync(join(allowed, 'dark', 'corrupt.png'), 'not a picture');
    await folderOf(join(allowed, 'photos'), [60, 120, 180]);
    await folderOf(join(allowed, 'single'), [128]);
    // The opener stub: records the folder it was asked to show instead of starting a file manager.
    openedLog = join(home, 'opened.txt');
    const stub = join(home, 'opener.sh');
    writeFileSync(stub, `#!/bin/sh\nprintf '%s\\n' "$1" >> '${openedLog}'\n`);
    chmodSync(stub, 0o755);
    process.env.RESEED_OPENER = stub;
    served = await startServe(PACK, home, ['--root', allowed]);
    browser = await launchChromium();
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    page.on('pageerror', (error) => console.error('page error:', error));
    await page.goto(served.url);
    await page.getByTestId('status-pack').filter({ hasNotText: '—' }).waitFor();
  });

  afterAll(async () => {
    if (previousOpener === undefined) delete process.env.RESEED_OPENER;
    else process.env.RESEED_OPENER = previousOpener;
    await browser?.close();
    await served?.stop();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it('makes a slider from two folders of examples; it appears and moving it changes the image', async () => {
    await page.getByRole('button', { name: 'Random seed' }).click();
    const baseKey = await waitForDrawn(page, { unedited: true });
    const before = await resultPixels(page);

    await page.getByRole('button', { name: 'New slider from examples' }).click();
    const form = page.getByRole('group', { name: 'New slider from examples' });
    // A folder with one picture: the error says what to do with the folders, not with a picture.
    await form.getByLabel('Slider name').fill('Too few');
    await form.getByLabel('Folder with the attribute', { exact: true }).fill(join(allowed, 'single'));
    await form.getByLabel('Folder without it', { exact: true }).fill(join(allowed, 'dark'));
    await form.getByRole('button', { name: 'Create the slider' }).click();
    const refusal = form.locator('[role=alert][data-code="input-error"]');
    await expect(refusal.textContent()).resolves.toMatch(/single.*Choose folders that each hold at least 2 readable pictures/);
    expect(await refusal.textContent()).not.toMatch(/Open another picture/);
    await form.getByRole('button', { name: 'Dismiss the message' }).click();

    await form.getByLabel('Slider name').fill('Lighter background');
    await form.getByLabel('Folder with the attribute', { exact: true }).fill(join(allowed, 'light'));
    await form.getByLabel('Folder without it', { exact: true }).fill(join(allowed, 'dark'));
    await form.getByRole('button', { name: 'Create the slider' }).click();

    await expect(page.getByTestId('slider-created').textContent()).resolves.toBe('Added “Lighter background” from 6 + 6 pictures, 1 unreadable skipped.');
    const slider = page.locator('input[type=range][data-direction="lighter-background"]');
    await slider.waitFor();
    expect(await page.getByRole('button', { name: 'Delete the custom slider Lighter background' }).count()).toBe(1);
    expect(existsSync(join(home, 'directions', PACK_ID, 'lighter-background.json'))).toBe(true);

    await slider.fill('3');
    const value = Number(await slider.inputValue());
    expect(value).toBeGreaterThan(2);
    const movedKey = await waitForDrawn(page, { includes: `lighter-background=${value}` });
    expect(movedKey.split('|')[0]).toBe(baseKey.split('|')[0]);
    expect(await resultPixels(page)).not.toEqual(before);
    await docsScreenshot(page, 'custom-slider.png');

    // Deleting it removes the slider and brings the image back to the seed's own.
    await page.getByRole('button', { name: 'Delete the custom slider Lighter background' }).click();
    await slider.waitFor({ state: 'detached' });
    await waitForDrawn(page, { unedited: true });
    expect(existsSync(join(home, 'directions', PACK_ID, 'lighter-background.json'))).toBe(false);
  });

  it('after a batch, "Open output folder" hands the output folder to the opener', async () => {
    await page.getByRole('button', { name: 'Batch view' }).click();
    await page.getByLabel('Input folder', { exact: true }).fill(join(allowed, 'photos'));
    await page.getByLabel('Output folder', { exact: true }).fill(join(allowed, 'embedded'));
    expect(await page.getByRole('button', { name: 'Open the output folder' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Run the batch' }).click();
    await page.getByTestId('batch-state').filter({ hasText: 'Finished' }).waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Open the output folder' }).click();
    const expected = realpathSync(join(allowed, 'embedded'));
    await expect.poll(() => (existsSync(openedLog) ? readFileSync(openedLog, 'utf8') : ''), { timeout: 15_000 }).toBe(`${expected}\n`);
    // The window says what happened, and where (serve opens it on the machine it runs on).
    await expect(page.getByTestId('folder-opened').textContent()).resolves.toBe(`Opened ${expected} in the file manager of the computer running reseed serve.`);
    // A folder outside the allowed root is refused in the window, and the opener is not run.
    await page.getByLabel('Output folder', { exact: true }).fill('/etc');
    await page.getByRole('button', { name: 'Open the output folder' }).click();
    await expect(page.locator('[role=alert][data-code="forbidden"]').textContent()).resolves.toMatch(/outside the allowed folders/);
    expect(readFileSync(openedLog, 'utf8')).toBe(`${expected}\n`);
  });
});
