/**
 * What the end-to-end tests read from and do to the editor page: the result canvas's pixels, the
 * key of the image it shows, a slider moved as a drag ends, a batch's end, the crop box, an
 * export, a README screenshot. Page code is passed plain data (no functions built from strings):
 * the page's CSP rightly forbids eval.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { REPO } from './harness';

/** Where the README's screenshots live. */
export const DOCS_IMAGES = join(REPO, 'docs', 'images');

/** RESEED_UPDATE_SCREENSHOTS=1: the end-to-end tests rewrite the README's screenshots. */
export const UPDATE_SCREENSHOTS = process.env.RESEED_UPDATE_SCREENSHOTS === '1';

/** The result canvas's pixels as a plain array (RGBA), read in the page. */
export function resultPixels(page: Page): Promise<number[]> {
  return page.evaluate(() => {
    const canvas = document.querySelector<HTMLCanvasElement>('canvas.result-canvas')!;
    return Array.from(canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data);
  });
}

/**
 * Waits until the result canvas has drawn an image whose key (seed id | active sliders, with the
 * faithful edits' tag between them when there are any: `seed|kd=1|darker=3`) matches: equals
 * `exact`, contains `includes`, ends with `endsWith`, or is any unedited image (the key ends in |).
 * The preview decoder's pictures (keys ending in #preview) never match: they are what a drag
 * shows until the full decode comes.
 */
export async function waitForDrawn(page: Page, match: { exact?: string; includes?: string; endsWith?: string; unedited?: boolean }): Promise<string> {
  const handle = await page.waitForFunction(
    (m) => {
      const key = document.querySelector<HTMLCanvasElement>('canvas.result-canvas')?.dataset.drawnKey ?? '';
      // A preview picture (drawn while a slider moves, issue #21) is never the finished edit.
      if (key.endsWith('#preview')) return false;
      const ok =
        m.exact !== undefined
          ? key === m.exact
          : m.includes !== undefined
            ? key.includes(m.includes)
            : m.endsWith !== undefined
              ? key.length > m.endsWith.length + 3 && key.endsWith(m.endsWith)
              : key.length > 5 && key.endsWith('|');
      return ok ? key : false;
    },
    match,
    { timeout: 60_000 },
  );
  return (await handle.jsonValue()) as string;
}

/**
 * Sets a range input as a user's drag would end (input events, then change) and returns the value
 * the editor took (snapped to the slider's step, rounded as the editor rounds).
 */
export async function setSlider(page: Page, id: string, value: number): Promise<number> {
  const slider = page.locator(`input[type=range][data-direction="${id}"]`);
  await slider.fill(String(value));
  return Number(await slider.inputValue());
}

/**
 * Waits until the batch panel's state reads `state` ("Finished", "Cancelled"). How long a batch
 * takes is the machine's load, not the editor's doing, so the limit is on a stall instead: the
 * count of pictures done must move at least every `stallMs`.
 */
export async function waitForBatchState(page: Page, state: string, stallMs = 60_000): Promise<void> {
  const count = page.getByTestId('batch-count');
  for (;;) {
    const seen = (await count.count()) > 0 ? await count.textContent() : null;
    const handle = await page.waitForFunction(
      ({ state, seen }) => {
        if ((document.querySelector('[data-testid="batch-state"]')?.textContent ?? '').includes(state)) return 'reached';
        const now = document.querySelector('[data-testid="batch-count"]')?.textContent ?? null;
        return now !== seen ? 'moved' : false;
      },
      { state, seen },
      { timeout: stallMs },
    );
    if ((await handle.jsonValue()) === 'reached') return;
  }
}

/** The crop box as the crop panel states it ("Crop W×H at L, T"; L and T are negative past the photo's edges). */
export async function cropBox(page: Page): Promise<{ left: number; top: number; width: number; height: number }> {
  const text = (await page.getByText(/Crop \d+×\d+ at/).textContent()) ?? '';
  const m = /Crop (\d+)×(\d+) at (-?\d+), (-?\d+)/.exec(text)!;
  return { width: Number(m[1]), height: Number(m[2]), left: Number(m[3]), top: Number(m[4]) };
}

/** Clicks an export button, saves the download into `dir` and returns the file with its size. */
export async function exportPng(page: Page, button: RegExp, dir: string): Promise<{ file: string; format?: string; width?: number; height?: number }> {
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: button }).click();
  const file = join(dir, (await download).suggestedFilename());
  await (await download).saveAs(file);
  const meta = await sharp(file).metadata();
  return { file, format: meta.format, width: meta.width, height: meta.height };
}

/**
 * A README picture made of pictures side by side (before | after…), with a thin gap: the faithful
 * edits' before/after figures. Always composed (a picture that cannot be read still fails the
 * test), written to docs/images/`name` only with RESEED_UPDATE_SCREENSHOTS=1, like docsScreenshot.
 */
export async function docsPicture(name: string, pictures: readonly (string | Buffer)[], height = 240): Promise<void> {
  const gap = 8;
  const tiles = await Promise.all(pictures.map((p) => sharp(p).resize({ height, kernel: 'nearest' }).flatten({ background: '#ffffff' }).png().toBuffer({ resolveWithObject: true })));
  const width = tiles.reduce((w, t) => w + t.info.width, 0) + gap * (tiles.length - 1);
  let left = 0;
  const composite = tiles.map((t) => {
    const at = { input: t.data, left, top: 0 };
    left += t.info.width + gap;
    return at;
  });
  const picture = await sharp({ create: { width, height, channels: 3, background: '#1e2124' } }).composite(composite).png().toBuffer();
  if (!UPDATE_SCREENSHOTS) return;
  mkdirSync(DOCS_IMAGES, { recursive: true });
  writeFileSync(join(DOCS_IMAGES, name), await docsPng(picture));
}

/**
 * A README picture as a palette PNG: about half the bytes of a full-colour one at no visible cost,
 * and the tracked tree has a hard size limit (scripts/check-repo-size.mjs).
 */
export function docsPng(picture: Buffer): Promise<Buffer> {
  return sharp(picture).png({ palette: true, quality: 90, effort: 10 }).toBuffer();
}

/**
 * A README screenshot (docs/images/`name`). It is always taken, so a page that cannot be captured
 * still fails the test, but written only with RESEED_UPDATE_SCREENSHOTS=1: every PNG encodes a
 * little differently, and a plain test run must leave the working tree clean.
 */
export async function docsScreenshot(page: Page, name: string): Promise<void> {
  if (!UPDATE_SCREENSHOTS) {
    await page.screenshot();
    return;
  }
  mkdirSync(DOCS_IMAGES, { recursive: true });
  writeFileSync(join(DOCS_IMAGES, name), await docsPng(await page.screenshot()));
}
