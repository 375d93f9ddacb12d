/**
 * Interpolation end to end (a real `reseed serve`, the real renderer in Chromium): between the
 * current seed and a seed number, scrubbing t shows A at 0, B at 1 and a different image between;
 * "Export frames" downloads one PNG strip of N frames at the model's size. The view is laid out
 * (issue #17 item 6): A and B shown beside the image, a t slider across the panel, the status
 * bar at the foot of the window. Takes docs/images/interpolate.png (written only with
 * RESEED_UPDATE_SCREENSHOTS=1).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { e2ePack, HAS_CHROMIUM, openEditor, type EditorSession } from './harness';
import { docsScreenshot } from './page-helpers';

const PACK = e2ePack();
const IMAGE = (JSON.parse(readFileSync(join(PACK, 'pack.json'), 'utf8')) as { image: { width: number; height: number } }).image;

/** The interpolated image's data URL once the caption no longer says "decoding". */
async function shownAt(page: Page, t: number): Promise<string> {
  await page.getByLabel('Interpolation t').fill(String(t));
  const alt = `slerp(A, B; ${t.toFixed(2)})`;
  await page.getByAltText(alt).waitFor({ timeout: 60_000 });
  await page.locator('.interpolate-image[aria-busy="false"]').waitFor({ timeout: 60_000 });
  return (await page.getByAltText(alt).getAttribute('src')) ?? '';
}

describe.skipIf(!HAS_CHROMIUM)('interpolation in Chromium through reseed serve', () => {
  let session: EditorSession;
  let downloads: string;

  beforeAll(async () => {
    session = await openEditor(PACK);
    downloads = mkdtempSync(join(tmpdir(), 'reseed-e2e-frames-'));
  }, 120_000);

  afterAll(async () => {
    await session?.close();
    rmSync(downloads, { recursive: true, force: true });
  });

  it('scrubs between the current seed and a seed number and exports the frames', async () => {
    const { page } = session;
    await page.getByLabel('Seed number', { exact: true }).fill('3');
    await page.getByRole('button', { name: 'Generate from the seed number' }).click();
    await expect.poll(() => page.locator('.metrics').first().textContent(), { timeout: 60_000 }).toMatch(/Seed 3 ·/);

    await page.getByRole('button', { name: 'Interpolate view' }).click();
    await page.getByLabel('B seed number').fill('11');
    const atA = await shownAt(page, 0);
    const atB = await shownAt(page, 1);
    const between = await shownAt(page, 0.5);
    expect(atA).toMatch(/^data:image\/png;base64,/);
    expect(atA).not.toBe(atB);
    expect(between).not.toBe(atA);
    expect(between).not.toBe(atB);

    // The ends' images beside the interpolated one: A's is the image at t = 0, B's at t = 1.
    await expect.poll(() => page.getByAltText(/^End A: /).getAttribute('src'), { timeout: 60_000 }).toBe(atA);
    await expect.poll(() => page.getByAltText(/^End B: seed 11/).getAttribute('src'), { timeout: 60_000 }).toBe(atB);
    const facts = await page.evaluate(() => ({
      slider: document.querySelector('input[aria-label="Interpolation t"]')!.getBoundingClientRect().width,
      status: document.querySelector('.status-bar')!.getBoundingClientRect().bottom,
      height: window.innerHeight,
      panel: getComputedStyle(document.querySelector('.interpolate-panel')!).paddingLeft,
    }));
    expect(facts.slider).toBeGreaterThan(300);
    expect(Math.abs(facts.status - facts.height)).toBeLessThanOrEqual(1);
    expect(parseFloat(facts.panel)).toBeGreaterThan(8);
    await docsScreenshot(page, 'interpolate.png');

    await page.getByLabel('Frames').fill('6');
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export frames' }).click();
    const file = join(downloads, (await download).suggestedFilename());
    await (await download).saveAs(file);
    const meta = await sharp(file).metadata();
    expect([meta.width, meta.height]).toEqual([6 * IMAGE.width, IMAGE.height]);
  }, 180_000);
});
