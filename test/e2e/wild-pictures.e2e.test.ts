/**
 * Pictures in the wild (#17 items 1–3) in Chromium through `reseed serve`, on the default pack: a
 * light garment on black embeds with Polarity "Auto" kept as is, as close as the same garment on
 * white (negated); "Negate" is sent and shown; the Batch panel's polarity choice and each
 * picture's note; "Fit whole object" frames a wide (360×240) sneaker with a box past the photo's
 * top and bottom edges, shown in the padding colour on the canvas; the crop box can be dragged past
 * the edge; "Find face" is offered only for a pack that crops around a face (models/emoji-faces),
 * and says when it finds none. Takes docs/images/fit-object.png (written only with
 * RESEED_UPDATE_SCREENSHOTS=1).
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { e2ePack, HAS_CHROMIUM, openEditor, REPO, tempHome, type EditorSession } from './harness';
import { cropBox, docsScreenshot, waitForDrawn } from './page-helpers';

const TSHIRT = join(REPO, 'assets', 'samples', 'tshirt.png');
const SNEAKER = join(REPO, 'assets', 'samples', 'sneaker.png');
const FACES_PACK = join(REPO, 'models', 'emoji-faces');

/** Embeds the open photo and reads what the panel says: MSE, PSNR and the polarity note. */
async function embedAndRead(page: Page): Promise<{ mse: number; psnr: number; note: string }> {
  const before = (await page.getByTestId('mse').count()) > 0 ? await page.getByAltText('The reconstruction from the seed').getAttribute('src') : null;
  await page.getByRole('button', { name: /^Embed the crop/ }).click();
  await page.waitForFunction((src) => {
    const img = document.querySelector<HTMLImageElement>('img[alt="The reconstruction from the seed"]');
    return img !== null && img.getAttribute('src') !== src;
  }, before, { timeout: 60_000 });
  return {
    mse: Number(await page.getByTestId('mse').textContent()),
    psnr: Number.parseFloat((await page.getByTestId('psnr').textContent()) ?? ''),
    note: (await page.getByTestId('polarity-note').textContent()) ?? '',
  };
}

async function openPicture(page: Page, file: { name: string; buffer: Buffer } | string): Promise<void> {
  const name = typeof file === 'string' ? file.split('/').pop()! : file.name;
  await page.getByLabel('Picture file').setInputFiles(typeof file === 'string' ? file : { ...file, mimeType: 'image/png' });
  await page.locator('.photo-pane h2', { hasText: name }).waitFor();
  await page.getByText(/Crop \d+×\d+ at/).waitFor();
}

describe.skipIf(!HAS_CHROMIUM)('pictures in the wild in Chromium', () => {
  let session: EditorSession;
  let page: Page;
  let allowed: string;
  let negated: Buffer;

  beforeAll(async () => {
    const home = tempHome();
    allowed = join(home, 'files');
    mkdirSync(join(allowed, 'wild'), { recursive: true });
    // A light garment on black (Fashion-MNIST's own look): the product photo turned over.
    negated = await sharp(TSHIRT).negate({ alpha: false }).png().toBuffer();
    writeFileSync(join(allowed, 'wild', 'dark-tshirt.png'), negated);
    writeFileSync(join(allowed, 'wild', 'tshirt.png'), await sharp(TSHIRT).png().toBuffer());
    session = await openEditor(e2ePack(), home, ['--root', allowed]);
    ({ page } = session);
  });

  afterAll(async () => {
    await session?.close();
  });

  it('embeds a light garment on black with Auto kept as is, as close as the product photo; Negate is sent and shown', async () => {
    expect(await page.getByLabel('Polarity', { exact: true }).inputValue()).toBe('auto');
    await openPicture(page, TSHIRT);
    const product = await embedAndRead(page);
    expect(product.note).toMatch(/light background: negated/);

    await openPicture(page, { name: 'dark-tshirt.png', buffer: negated });
    const dark = await embedAndRead(page);
    console.log(`wild e2e: product photo MSE ${product.mse} (${product.psnr} dB), light garment on black MSE ${dark.mse} (${dark.psnr} dB): ${dark.note}`);
    expect(dark.note).toMatch(/dark background: kept as is/);
    expect(dark.mse).toBeLessThan(Math.max(2 * product.mse, product.mse + 0.005));
    expect(Math.abs(dark.psnr - product.psnr)).toBeLessThan(3);

    // Forcing the choice: negating this picture makes it the opposite of the training pictures.
    await page.getByLabel('Polarity', { exact: true }).selectOption('negate');
    const forced = await embedAndRead(page);
    expect(forced.note).toMatch(/negated \(as asked\)/);
    expect(forced.mse).toBeGreaterThan(5 * dark.mse);
    await page.getByLabel('Polarity', { exact: true }).selectOption('auto');
  });

  it('batch: the polarity choice goes with the run and each picture says what was done', async () => {
    await page.getByRole('button', { name: 'Batch view' }).click();
    expect(await page.getByLabel('Batch polarity').inputValue()).toBe('auto');
    await page.getByLabel('Input folder', { exact: true }).fill(join(allowed, 'wild'));
    await page.getByLabel('Output folder', { exact: true }).fill(join(allowed, 'out-auto'));
    await page.getByRole('button', { name: 'Run the batch' }).click();
    await page.getByTestId('batch-state').filter({ hasText: 'Finished' }).waitFor({ timeout: 60_000 });
    const items = page.getByRole('list', { name: 'Batch results' }).locator('li');
    await expect.poll(() => items.count()).toBe(2);
    expect(await items.filter({ hasText: 'dark-tshirt.png' }).textContent()).toMatch(/dark background: kept as is/);
    expect(await items.filter({ hasText: /^tshirt\.png/ }).textContent()).toMatch(/light background: negated/);

    await page.getByLabel('Batch polarity').selectOption('keep');
    await page.getByLabel('Output folder', { exact: true }).fill(join(allowed, 'out-keep'));
    await page.getByRole('button', { name: 'Run the batch' }).click();
    await page.getByTestId('batch-state').filter({ hasText: 'Finished' }).waitFor({ timeout: 60_000 });
    await expect.poll(async () => items.filter({ hasText: /^tshirt\.png/ }).textContent()).toMatch(/kept as is \(as asked\)/);
    await page.getByRole('button', { name: 'Editor view' }).click();
  });

  it('"Fit whole object" frames a wide sneaker past the top and bottom edges, padded on the canvas', async () => {
    // A 360×240 product photo (the sample is one; made so whatever the sample becomes).
    const wide = await sharp(SNEAKER).resize(360, 240, { fit: 'contain', background: '#ffffff' }).flatten({ background: '#ffffff' }).png().toBuffer();
    await openPicture(page, { name: 'wide-sneaker.png', buffer: wide });
    expect(await cropBox(page)).toEqual({ left: 60, top: 0, width: 240, height: 240 });
    await page.getByRole('button', { name: 'Fit the crop box around the whole object' }).click();
    await expect.poll(() => page.getByTestId('crop-note').textContent()).toMatch(/whole object.*past the photo's edges/);
    const box = await cropBox(page);
    console.log(`wild e2e: fit whole object on 360×240: ${box.width}×${box.height} at ${box.left}, ${box.top}`);
    expect(box.width).toBe(box.height);
    expect(box.top).toBeLessThan(0);
    expect(box.top + box.height).toBeGreaterThan(240);
    expect(box.width).toBeGreaterThan(240);

    // The canvas shows the box whole, the part above the photo in the padding colour (white).
    const read = () =>
      page.evaluate(({ box }) => {
        const canvas = document.querySelector<HTMLCanvasElement>('.photo-canvas canvas.lower-canvas')!;
        const ratio = canvas.width / canvas.clientWidth;
        const extent = { left: Math.min(0, box.left), top: box.top, width: Math.max(360, box.left + box.width) - Math.min(0, box.left), height: box.height };
        const scale = Math.min(canvas.clientWidth / extent.width, canvas.clientHeight / extent.height);
        const left = (canvas.clientWidth - extent.width * scale) / 2 - extent.left * scale;
        const top = (canvas.clientHeight - extent.height * scale) / 2 - extent.top * scale;
        const at = (x: number, y: number) => Array.from(canvas.getContext('2d')!.getImageData(Math.round((left + x * scale) * ratio), Math.round((top + y * scale) * ratio), 1, 1).data);
        // Above the photo inside the box (padding), and above the photo left of the box (the canvas's own background).
        const padding = at(box.left + box.width / 2, box.top / 2);
        const outside = at(box.left / 3, box.top / 2);
        return padding.slice(0, 3).every((v) => v > 230) && outside.slice(0, 3).every((v) => v < 60) ? 'padded' : `padding ${padding}, outside ${outside}`;
      }, { box });
    // The canvas draws on its next frame.
    await expect.poll(read).toBe('padded');

    // Embedding the box works (the engine pads it the same way).
    const fitted = await embedAndRead(page);
    expect(Number.isFinite(fitted.mse)).toBe(true);
    await waitForDrawn(page, { endsWith: '|kd=1|' });
    await page.mouse.move(0, 0);
    await docsScreenshot(page, 'fit-object.png');
  });

  it('the crop box can be dragged past the photo edge', async () => {
    await page.getByRole('button', { name: 'Reset the crop box' }).click();
    await expect.poll(() => cropBox(page)).toEqual({ left: 60, top: 0, width: 240, height: 240 });
    const canvas = (await page.locator('.photo-canvas canvas.upper-canvas').boundingBox())!;
    const scale = Math.min(canvas.width / 360, canvas.height / 240);
    const cx = canvas.x + (canvas.width - 360 * scale) / 2 + 180 * scale;
    const cy = canvas.y + (canvas.height - 240 * scale) / 2 + 120 * scale;
    await page.mouse.move(cx, cy);
    await page.mouse.down();
    for (let i = 1; i <= 8; i++) await page.mouse.move(cx, cy - i * 5);
    await page.mouse.up();
    await expect.poll(async () => (await cropBox(page)).top).toBeLessThan(-10);
    const dragged = await cropBox(page);
    expect(dragged.width).toBe(240);
    expect(dragged.left).toBe(60);
  });

  it('"Find face" is absent for the default pack', async () => {
    await page.getByRole('button', { name: 'Fit the crop box around the whole object' }).waitFor();
    expect(await page.getByRole('button', { name: 'Find the face and place the crop box on it' }).count()).toBe(0);
  });

  it.skipIf(!existsSync(join(FACES_PACK, 'pack.json')))('"Find face" is there for a face pack, and says when it finds no face', async () => {
    const faces = await openEditor(FACES_PACK);
    try {
      await openPicture(faces.page, SNEAKER);
      const notice = faces.page.locator('[data-code="face-not-found"]');
      await notice.waitFor({ timeout: 60_000 });
      expect(await notice.textContent()).toMatch(/No face found/);
      await faces.page.getByRole('button', { name: 'Dismiss the message' }).click();
      await faces.page.getByRole('button', { name: 'Find the face and place the crop box on it' }).click();
      await notice.waitFor({ timeout: 60_000 });
      expect(await notice.textContent()).toMatch(/draw the crop box around the face/);
    } finally {
      await faces.close();
    }
  });
});
