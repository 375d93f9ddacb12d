/**
 * The editor end to end: a real `reseed serve`, the real renderer in Chromium. Opens a sample
 * picture, embeds it, moves a slider, undoes, exports, and measures the slider-to-image latency.
 * Takes docs/images/editor.png (the README's screenshot; written only with
 * RESEED_UPDATE_SCREENSHOTS=1).
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, e2ePack, HAS_CHROMIUM, openEditor, REPO, startServe, tempHome, type EditorSession, type Served } from './harness';
import { docsScreenshot, exportPng, resultPixels, setSlider, waitForDrawn } from './page-helpers';

if (!HAS_CHROMIUM) console.log(`editor e2e: skipped — no Chromium at ${CHROMIUM}`);

const SAMPLE = join(REPO, 'assets', 'samples', 'tshirt.png');

describe.skipIf(!HAS_CHROMIUM)('the editor in Chromium through reseed serve', () => {
  let session: EditorSession;
  let page: Page;
  let served: Served;
  const pack = e2ePack();

  beforeAll(async () => {
    session = await openEditor(pack);
    ({ page, served } = session);
  });

  afterAll(async () => {
    await session?.close();
  });

  it('shows the pack, the provider that runs, and no token in the address bar', async () => {
    console.log(`editor e2e: pack ${pack}`);
    await expect(page.getByTestId('status-provider').textContent()).resolves.toContain('CPU');
    expect(page.url()).not.toContain('token');
  });

  it('reports an unreadable file in the window and stays usable', async () => {
    await page.getByLabel('Picture file').setInputFiles({ name: 'broken.png', mimeType: 'image/png', buffer: Buffer.from('not a png') });
    await expect(page.getByRole('alert').textContent()).resolves.toMatch(/broken\.png/);
    await page.getByRole('button', { name: 'Dismiss the message' }).click();
  });

  it('shows a pack that cannot be loaded in the window, with a way to retry', async () => {
    const brokenHome = tempHome();
    const broken = await startServe(join(brokenHome, 'no-such-pack'), brokenHome);
    const other = await session.browser.context.newPage();
    try {
      await other.goto(broken.url);
      const alert = other.locator('[role=alert][data-code="pack-error"]');
      await expect(alert.textContent()).resolves.toMatch(/no such pack folder/);
      await other.getByRole('button', { name: 'Retry' }).waitFor();
      expect(await other.getByRole('button', { name: /^Open a picture/ }).isDisabled()).toBe(true);
    } finally {
      await other.close();
      await broken.stop();
      rmSync(brokenHome, { recursive: true, force: true });
    }
  });

  it('opens a picture, embeds the crop, edits, undoes and exports', async () => {
    await page.getByLabel('Picture file').setInputFiles(SAMPLE);
    await page.getByText(/Crop \d+×\d+ at/).waitFor();
    // Refine: the network's seed plus refinement steps kept only when they lower the error.
    await page.getByLabel('Embedding method').selectOption('refine');
    await page.getByRole('button', { name: /^Embed the crop/ }).click();

    // The reconstruction is shown with its error.
    await page.getByAltText('The reconstruction from the seed').waitFor();
    const mse = Number(await page.getByTestId('mse').textContent());
    expect(Number.isFinite(mse)).toBe(true);
    await expect(page.getByTestId('method').textContent()).resolves.toMatch(/refinement/);
    console.log(`editor e2e: MSE ${mse}, PSNR ${await page.getByTestId('psnr').textContent()}`);
    const baseKey = await waitForDrawn(page, { unedited: true });
    const before = await resultPixels(page);

    // A slider changes the pixels; the latency is measured from the input event to the canvas.
    const first = page.locator('input[type=range][data-direction]').first();
    const direction = (await first.getAttribute('data-direction'))!;
    const [min, max] = [Number(await first.getAttribute('min')), Number(await first.getAttribute('max'))];
    const latencies: number[] = [];
    const taken: number[] = [];
    for (const fraction of [0.5, 0.8, -0.5, -0.8, 0.65]) {
      await page.evaluate(() => performance.clearMeasures('reseed:slider-to-image'));
      const value = await setSlider(page, direction, fraction > 0 ? fraction * max : -fraction * min);
      taken.push(value);
      await waitForDrawn(page, { includes: `${direction}=${value}` });
      const measured = await page.waitForFunction(() => performance.getEntriesByName('reseed:slider-to-image')[0]?.duration ?? false);
      latencies.push((await measured.jsonValue()) as number);
    }
    latencies.sort((a, b) => a - b);
    const decode = await page.getByTestId('status-decode').textContent();
    console.log(`editor e2e: slider → new image latency, median ${latencies[2]!.toFixed(1)} ms (all: ${latencies.map((l) => l.toFixed(1)).join(', ')} ms; last engine ${decode})`);
    const edited = await resultPixels(page);
    expect(edited).not.toEqual(before);

    // Screenshot of the editor with an edit in place (the README's picture).
    await docsScreenshot(page, 'editor.png');

    // Undo every slider step: back to the embed's image, byte for byte.
    for (let i = 0; i < 5; i++) await page.keyboard.press('Control+z');
    await waitForDrawn(page, { exact: baseKey });
    expect(await resultPixels(page)).toEqual(before);

    // Redo, then export at the model's size and enlarged: PNG files of the expected size.
    await page.keyboard.press('Control+Shift+z');
    await waitForDrawn(page, { includes: `${direction}=${taken[0]}` });
    const packInfo = await fetch(`${served.origin}/api/packInfo`, { method: 'POST', headers: { 'x-reseed-token': served.token } }).then((r) => r.json());
    const { width, height } = packInfo.value.image as { width: number; height: number };
    const dir = join(session.home, 'exports');
    mkdirSync(dir, { recursive: true });
    for (const [button, scale] of [[/^Export PNG at/, 1], [/^Export PNG enlarged/, 8]] as const) {
      const { file, ...meta } = await exportPng(page, button, dir);
      expect(meta.format).toBe('png');
      expect([meta.width, meta.height]).toEqual([width * scale, height * scale]);
      console.log(`editor e2e: exported ${file.slice(dir.length + 1)} (${meta.width}×${meta.height})`);
    }
  });
});
