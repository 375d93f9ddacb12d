/**
 * The session across a reload and a restart (issue #17 item 8), end to end: `reseed serve` started
 * as a user starts it (no --port), the real renderer in Chromium. A photo opened, its crop box
 * moved, embedded, a slider moved and a seed generated come back after a reload, with the undo
 * history. After the server restarted (it listens on the same port again, so the page's origin
 * and its storage are the same; every id the old engine handed out is gone), the photo is opened
 * again from the bytes the page kept, the seeds are made again, and undo still walks back through
 * the same steps.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { e2ePack, HAS_CHROMIUM, launchChromium, REPO, startServe, tempHome, type Browser, type Served } from './harness';
import { cropBox, setSlider, waitForDrawn } from './page-helpers';
import { rmSync } from 'node:fs';

const PACK = e2ePack();
const BAG = join(REPO, 'assets', 'samples', 'bag.jpg');

async function ready(page: Page): Promise<void> {
  await page.getByTestId('status-pack').filter({ hasNotText: '—' }).waitFor();
}

/** The seed id of the image the result canvas shows, and its slider part. */
async function drawn(page: Page): Promise<{ seed: string; sliders: string }> {
  const key = await page.evaluate(() => document.querySelector<HTMLCanvasElement>('canvas.result-canvas')?.dataset.drawnKey ?? '');
  const [seed = '', sliders = ''] = key.split('|');
  return { seed, sliders };
}

describe.skipIf(!HAS_CHROMIUM)('the session across a reload and a restart, in Chromium through reseed serve', () => {
  let served: Served;
  let browser: Browser;
  let page: Page;
  let home: string;

  beforeAll(async () => {
    home = tempHome();
    served = await startServe(PACK, home, [], null);
    browser = await launchChromium();
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    page.on('pageerror', (error) => console.error('page error:', error));
    await page.goto(served.url);
    await ready(page);
  });

  afterAll(async () => {
    await browser?.close();
    await served?.stop();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it('keeps photo, crop box, seed, sliders and undo history across a reload', async () => {
    await page.getByLabel('Picture file').setInputFiles(BAG);
    await page.getByText(/Crop \d+×\d+ at/).waitFor();
    await page.locator('.photo-canvas').focus();
    await page.keyboard.press('-');
    await page.keyboard.press('ArrowUp');
    const box = await cropBox(page);
    await page.getByRole('button', { name: /^Embed the crop/ }).click();
    const embedded = await waitForDrawn(page, { unedited: true });
    const first = page.locator('input[type=range][data-direction]').first();
    const id = (await first.getAttribute('data-direction'))!;
    const value = await setSlider(page, id, Number(await first.getAttribute('max')) / 2);
    await waitForDrawn(page, { includes: `${id}=${value}` });

    await page.reload();
    await ready(page);
    await page.locator('[data-code="session-restored"]').waitFor({ timeout: 30_000 });
    await expect(page.getByRole('region', { name: 'Photo' }).getByRole('heading').textContent()).resolves.toMatch(/bag\.jpg · 300×320/);
    expect(await cropBox(page)).toEqual(box);
    expect(Number(await first.inputValue())).toBe(value);
    // The same engine still holds the seed: the same id, the edit decoded again.
    await waitForDrawn(page, { exact: `${embedded.slice(0, -1)}|${id}=${value}` });

    // Undo goes back through the steps made before the reload.
    await page.locator('h1').click();
    await page.keyboard.press('Control+z');
    await waitForDrawn(page, { exact: embedded });
    expect(Number(await first.inputValue())).toBe(0);
    await page.keyboard.press('Control+Shift+z');
    await waitForDrawn(page, { includes: `${id}=${value}` });
  });

  it('brings it back after the server restarted: photo opened again, seeds made again', async () => {
    const before = await drawn(page);
    const id = (await page.locator('input[type=range][data-direction]').first().getAttribute('data-direction'))!;
    const box = await cropBox(page);
    // Let the last change reach storage, then restart the server with the same user data.
    await page.waitForTimeout(800);
    await served.stop();
    served = await startServe(PACK, home, [], null);
    expect(new URL(served.url).port).toBe(new URL(page.url()).port);
    // The new address pasted into the same tab changes only the #fragment: the page starts again.
    await page.evaluate((hash) => (window.location.hash = hash), new URL(served.url).hash);
    const notice = page.locator('[data-code="session-restored"]');
    await notice.waitFor({ timeout: 60_000 });
    await expect(notice.textContent()).resolves.toMatch(/bag\.jpg.*engine had restarted: \d+ seeds? (was|were) made again/);
    expect(await cropBox(page)).toEqual(box);
    // A new seed id (the old engine's ids are gone), the same edit on it.
    const after = await waitForDrawn(page, { includes: before.sliders });
    expect(after.split('|')[0]).not.toBe(before.seed);
    await page.locator('h1').click();
    await page.keyboard.press('Control+z');
    // The same seed unedited (its key without the sliders: `seed|` or, with keep details, `seed|kd=1|`).
    await waitForDrawn(page, { exact: after.slice(0, after.lastIndexOf('|') + 1) });
    expect(await page.locator(`input[type=range][data-direction="${id}"]`).inputValue()).toBe('0');
    expect(await page.locator('[role=alert]').count()).toBe(0);
  });
});
