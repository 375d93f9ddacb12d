/**
 * The folder workflows end to end (a real `reseed serve --root`, the real renderer in Chromium):
 * a batch of 20 images with 2 corrupt ones ends with 18 done and 2 failures listed, the folder
 * browser refuses a path outside the allowed root, importing a broken pack shows its error
 * while the active pack keeps working, and a pack imported twice is refused with a hint to its
 * Remove button, which deletes it (built-in and active packs have none). Takes
 * docs/images/batch.png and packs.png (written only with RESEED_UPDATE_SCREENSHOTS=1).
 */
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { e2ePack, HAS_CHROMIUM, launchChromium, REPO, startServe, tempHome, type Browser, type Served } from './harness';
import { docsScreenshot } from './page-helpers';

describe.skipIf(!HAS_CHROMIUM)('folder workflows in Chromium through reseed serve', () => {
  let served: Served;
  let browser: Browser;
  let page: Page;
  let home: string;
  let allowed: string;

  beforeAll(async () => {
    home = tempHome();
    allowed = join(home, 'files');
    const input = join(allowed, 'photos');
    mkdirSync(input, { recursive: true });
    for (let i = 0; i < 18; i++) {
      const shade = 30 + i * 12;
      const png = await sharp({ create: { width: 28, height: 28, channels: 3, background: { r: shade, g: shade, b: shade } } })
        .composite([{ input: Buffer.from(`<svg width="28" height="28"><rect x="${6 + (i % 5)}" y="4" width="12" height="20" fill="white"/></svg>`) }])
        .png()
        .toBuffer();
      writeFileSync(join(input, `garment-${String(i).padStart(2, '0')}.png`), png);
    }
    writeFileSync(join(input, 'corrupt-a.png'), 'not a picture');
    writeFileSync(join(input, 'corrupt-b.jpg'), Buffer.alloc(64, 3));
    cpSync(join(REPO, 'test', 'fixtures', 'tiny-rgb-pack'), join(allowed, 'rgb-pack'), { recursive: true });
    const broken = join(allowed, 'broken-pack');
    cpSync(e2ePack(), broken, { recursive: true });
    const manifest = JSON.parse(readFileSync(join(broken, 'pack.json'), 'utf8').replace(/\bNaN\b|-?Infinity\b/g, 'null'));
    manifest.image.height = 'tall';
    writeFileSync(join(broken, 'pack.json'), JSON.stringify(manifest));
    served = await startServe(e2ePack(), home, ['--root', allowed]);
    browser = await launchChromium();
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    page.on('pageerror', (error) => console.error('page error:', error));
    await page.goto(served.url);
    await page.getByTestId('status-pack').filter({ hasNotText: '—' }).waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await served?.stop();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it('batch: 20 images with 2 corrupt ones end with 18 done and 2 failures listed', async () => {
    await page.getByRole('button', { name: 'Batch view' }).click();
    await page.getByLabel('Input folder', { exact: true }).fill(join(allowed, 'photos'));
    await page.getByLabel('Output folder', { exact: true }).fill(join(allowed, 'embedded'));
    await page.getByRole('button', { name: 'Run the batch' }).click();
    await page.getByTestId('batch-state').filter({ hasText: 'Finished' }).waitFor({ timeout: 60_000 });
    await expect(page.getByTestId('batch-count').textContent()).resolves.toBe('20 of 20');
    await expect(page.getByTestId('batch-results').textContent()).resolves.toBe('18 done, 2 failed');
    const failed = page.getByRole('list', { name: 'Failed files' }).locator('li');
    expect(await failed.count()).toBe(2);
    expect(await failed.allTextContents()).toEqual(expect.arrayContaining([expect.stringMatching(/^corrupt-a\.png: .+/), expect.stringMatching(/^corrupt-b\.jpg: .+/)]));
    expect(await page.getByRole('list', { name: 'Batch results' }).locator('li').count()).toBe(18);
    await docsScreenshot(page, 'batch.png');
  });

  it('the folder browser refuses a path outside the allowed root', async () => {
    await page.getByRole('button', { name: 'Browse for the input folder' }).click();
    // The browser opens on the input folder first; wait for that listing before typing.
    await page.getByRole('dialog', { name: 'Choose a folder' }).getByText(/· 20 images/).waitFor();
    await page.getByLabel('Folder path').fill('/etc');
    await page.getByRole('button', { name: 'Go to the typed folder' }).click();
    await expect(page.locator('[data-code="folder-refused"]').textContent()).resolves.toMatch(/outside the allowed folders/);
    await page.getByRole('button', { name: 'Close the folder browser' }).click();
  });

  it('importing a broken pack shows its error and the active pack keeps working', async () => {
    const before = await page.getByTestId('status-pack').textContent();
    await page.getByRole('button', { name: 'Packs view' }).click();
    await page.getByLabel('Pack folder', { exact: true }).fill(join(allowed, 'broken-pack'));
    await page.getByRole('button', { name: 'Import the pack folder' }).click();
    const alert = page.locator('[role=alert][data-code="pack-error"]');
    await expect(alert.textContent()).resolves.toMatch(/pack\.json.*height|height.*pack\.json/);
    await docsScreenshot(page, 'packs.png');
    await page.getByRole('button', { name: 'Editor view' }).click();
    expect(await page.getByTestId('status-pack').textContent()).toBe(before);
    await page.getByRole('button', { name: 'Random seed' }).click();
    await page.waitForFunction(() => (document.querySelector<HTMLCanvasElement>('canvas.result-canvas')?.dataset.drawnKey ?? '').length > 5, undefined, { timeout: 60_000 });
  });

  it('refuses a pack already installed with a hint to its Remove button, which deletes it', async () => {
    await page.getByRole('button', { name: 'Packs view' }).click();
    const folder = page.getByLabel('Pack folder', { exact: true });
    await folder.fill(join(allowed, 'rgb-pack'));
    await page.getByRole('button', { name: 'Import the pack folder' }).click();
    await page.getByRole('status').filter({ hasText: 'Imported' }).waitFor({ timeout: 60_000 });
    // The packs that came with the app and the active one cannot be removed.
    expect(await page.getByRole('button', { name: /^Remove / }).count()).toBe(1);
    await page.getByRole('button', { name: 'Remove Tiny RGB fixture' }).waitFor();

    await page.getByRole('button', { name: 'Import the pack folder' }).click();
    const alert = page.locator('[role=alert][data-code="input-error"]');
    await expect(alert.textContent()).resolves.toMatch(/already installed.*Remove the installed pack with its Remove button/);
    expect(await alert.textContent()).not.toMatch(/Open another picture/);

    await page.getByRole('button', { name: 'Remove Tiny RGB fixture' }).click();
    await page.getByRole('button', { name: 'Confirm removing Tiny RGB fixture' }).click();
    await page.getByRole('status').filter({ hasText: 'Removed Tiny RGB fixture.' }).waitFor();
    expect(await page.getByRole('button', { name: 'Use Tiny RGB fixture' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Import the pack folder' }).click();
    await page.getByRole('status').filter({ hasText: 'Imported' }).waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Use Tiny RGB fixture' }).waitFor();
    await page.getByRole('button', { name: 'Editor view' }).click();
  });
});
