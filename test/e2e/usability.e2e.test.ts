/**
 * Issue #17 as a new user meets it, end to end (a real `reseed serve`, the real renderer in
 * Chromium): zoom and pan on the photo and a larger result (item 4); the layout at 1024×700,
 * 1024×640 and 800×600 (item 5; docs/images/layout-1024x700.png and layout-1400x900.png, written
 * only with RESEED_UPDATE_SCREENSHOTS=1); sliders that step through 0 with a detent, and a strip
 * of their ends on hover (item 7); Recent without duplicates and a long name that keeps the
 * toolbar, Generate saying why it is off and its decode time in the status bar, the Settings
 * placeholder shown whole, no HTTP 409 in the console from cancelled decodes, "+" leaving a
 * full-size crop box in place (item 10); compare held with AltGr, and the shortcut sheet on ?
 * (item 11).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ConsoleMessage, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { e2ePack, HAS_CHROMIUM, openEditor, REPO, type EditorSession } from './harness';
import { cropBox, docsScreenshot, waitForDrawn } from './page-helpers';

const SNEAKER = join(REPO, 'assets', 'samples', 'sneaker.png');
const BAG = join(REPO, 'assets', 'samples', 'bag.jpg');

/** The photo stage's zoom (percent of the photo's pixels) and view offset. */
async function view(page: Page): Promise<{ zoom: number; offset: string }> {
  const stage = page.locator('.photo-stage');
  return { zoom: Number(await stage.getAttribute('data-zoom')), offset: (await stage.getAttribute('data-offset')) ?? '' };
}

/** Page-wide facts for the layout checks. */
function layout(page: Page) {
  return page.evaluate(() => {
    const box = (selector: string) => {
      const el = document.querySelector(selector);
      if (el === null) return null;
      const r = el.getBoundingClientRect();
      return { left: r.left, top: r.top, right: r.right, bottom: r.bottom, width: r.width, height: r.height };
    };
    const all = (selector: string) => [...document.querySelectorAll(selector)].map((el) => el.getBoundingClientRect().right);
    return {
      scrollWidth: document.documentElement.scrollWidth,
      clientWidth: document.documentElement.clientWidth,
      innerHeight: window.innerHeight,
      photo: box('.photo-stage canvas.upper-canvas'),
      result: box('canvas.result-canvas'),
      status: box('.status-bar'),
      rights: [...all('.slider-value'), ...all('.slider-row .reset')],
    };
  });
}

describe.skipIf(!HAS_CHROMIUM)('issue #17 in Chromium through reseed serve', () => {
  let session: EditorSession;
  let page: Page;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    session = await openEditor(e2ePack());
    page = session.page;
    page.on('console', (m: ConsoleMessage) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('response', (r) => r.status() === 409 && console.log(`usability e2e: 409 from ${r.url()}`));
  });

  afterAll(async () => {
    await session?.close();
  });

  it('zooms the photo at the pointer, pans it, fits it, shows it at 100 %, and shows the result larger', async () => {
    await page.getByLabel('Picture file').setInputFiles(SNEAKER);
    await page.getByText(/Crop \d+×\d+ at/).waitFor();
    const box = await cropBox(page);
    const fit = await view(page);
    expect(fit.zoom).toBeGreaterThan(0);

    // Ctrl+wheel over the photo zooms in (and not the page).
    const stage = (await page.locator('.photo-stage').boundingBox())!;
    await page.mouse.move(stage.x + stage.width * 0.3, stage.y + stage.height * 0.4);
    await page.keyboard.down('Control');
    await page.mouse.wheel(0, -400);
    await page.keyboard.up('Control');
    await expect.poll(async () => (await view(page)).zoom).toBeGreaterThan(fit.zoom * 1.5);
    expect(await page.evaluate(() => window.visualViewport?.scale ?? 1)).toBe(1);

    // The wheel pans the zoomed photo; a middle-button drag too.
    const zoomed = await view(page);
    await page.mouse.wheel(120, 120);
    await expect.poll(async () => (await view(page)).offset).not.toBe(zoomed.offset);
    const before = (await view(page)).offset;
    await page.mouse.move(stage.x + stage.width / 2, stage.y + stage.height / 2);
    await page.mouse.down({ button: 'middle' });
    await page.mouse.move(stage.x + stage.width / 2 + 60, stage.y + stage.height / 2 + 40, { steps: 4 });
    await page.mouse.up({ button: 'middle' });
    await expect.poll(async () => (await view(page)).offset).not.toBe(before);
    // Neither moved the crop box.
    expect(await cropBox(page)).toEqual(box);

    await page.getByRole('button', { name: 'Zoom the photo to 100 %' }).click();
    await expect(page.getByTestId('photo-zoom').textContent()).resolves.toBe('100 %');
    await page.getByRole('button', { name: 'Fit the photo in view' }).click();
    await expect.poll(async () => (await view(page)).zoom).toBe(fit.zoom);

    // The larger result view.
    await page.getByRole('button', { name: /^Embed the crop/ }).click();
    await waitForDrawn(page, { unedited: true });
    const normal = (await page.locator('canvas.result-canvas').boundingBox())!.width;
    await page.getByRole('button', { name: 'Show the result larger' }).click();
    await expect.poll(async () => (await page.locator('canvas.result-canvas').boundingBox())!.width).toBeGreaterThan(normal * 1.2);
    await page.getByRole('button', { name: 'Show the result at its usual size' }).click();
  });

  it('"+" leaves a full-size crop box where it is', async () => {
    await page.getByRole('button', { name: 'Reset the crop box' }).click();
    const full = await cropBox(page);
    expect(full).toEqual({ left: 60, top: 0, width: 240, height: 240 });
    await page.locator('.photo-canvas').focus();
    await page.keyboard.press('+');
    await page.keyboard.press('Shift+Equal');
    expect(await cropBox(page)).toEqual(full);
    await page.keyboard.press('-');
    await expect.poll(async () => (await cropBox(page)).width).toBeLessThan(240);
    await page.getByRole('button', { name: 'Reset the crop box' }).click();
  });

  it('lays out down to 1024×640 without horizontal scrolling, and keeps the photo in view at 800×600', async () => {
    for (const [width, height] of [[1400, 900], [1024, 700], [1024, 640], [800, 600]] as const) {
      await page.setViewportSize({ width, height });
      await page.waitForTimeout(300);
      const l = await layout(page);
      const where = `${width}×${height}`;
      expect(l.scrollWidth, where).toBeLessThanOrEqual(l.clientWidth);
      // Every slider's value and reset are on screen.
      for (const right of l.rights) expect(right, where).toBeLessThanOrEqual(width);
      // The photo is in view.
      expect(l.photo!.top, where).toBeLessThan(height - 100);
      expect(l.photo!.height, where).toBeGreaterThan(150);
      if (width >= 1024) {
        // Result and status bar above the fold.
        expect(l.result!.bottom, where).toBeLessThanOrEqual(height);
        expect(l.status!.bottom, where).toBeLessThanOrEqual(height + 1);
        expect(l.status!.top, where).toBeGreaterThan(height - 80);
      }
      if (width === 1024 && height === 700) await docsScreenshot(page, 'layout-1024x700.png');
      if (width === 1400) await docsScreenshot(page, 'layout-1400x900.png');
    }
    await page.setViewportSize({ width: 1360, height: 900 });
  });

  it('steps every slider through 0 exactly, with a detent, and shows its ends on hover', async () => {
    const wider = page.locator('input[type=range][data-direction="wider"]');
    if ((await wider.count()) === 0) return; // the fixture pack has no Wider slider
    expect(await wider.getAttribute('step')).toBe('0.1');
    // A drag that ends near 0 ends at 0 (the detent); one further out does not.
    // Every decode asked from here on: the hover strips' are told apart by their values (the ends).
    const asked: { sliders?: Record<string, number>; quality?: string }[] = [];
    const listen = (r: import('playwright-core').Request) => void (r.url().endsWith('/api/decode') && asked.push(r.postDataJSON()));
    page.on('request', listen);
    const track = (await wider.boundingBox())!;
    const zeroX = track.x + track.width / 2;
    const y = track.y + track.height / 2;
    await page.mouse.move(zeroX, y);
    await page.mouse.down();
    await page.mouse.move(zeroX + 3, y, { steps: 2 });
    await page.mouse.up();
    expect(await wider.inputValue()).toBe('0');
    await page.mouse.move(zeroX, y);
    await page.mouse.down();
    await page.mouse.move(zeroX + 40, y, { steps: 4 });
    await page.mouse.up();
    expect(Number(await wider.inputValue())).toBeGreaterThan(0.5);
    await page.getByRole('button', { name: 'Reset Wider', exact: true }).click();
    expect(await wider.inputValue()).toBe('0');
    // The arrow keys pass through 0 exactly: back to the unedited image.
    await wider.focus();
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
    await waitForDrawn(page, { includes: 'wider=0.3' });
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowLeft');
    expect(await wider.inputValue()).toBe('0');
    await waitForDrawn(page, { unedited: true });

    // Hovering shows the seed at the slider's two ends, decoded once per seed, by the preview decoder.
    await page.locator('.slider-row', { has: wider }).hover();
    const strip = page.getByTestId('strip-wider');
    await strip.getByRole('img').nth(1).waitFor({ timeout: 60_000 });
    const [low, high] = await strip.getByRole('img').evaluateAll((imgs) => imgs.map((i) => (i as HTMLImageElement).src));
    expect(low).toMatch(/^data:image\/png/);
    expect(low).not.toBe(high);
    page.off('request', listen);
    const ends = [Number(await wider.getAttribute('min')), Number(await wider.getAttribute('max'))];
    const strips = asked.filter((b) => ends.includes(b.sliders?.wider ?? NaN) && Object.keys(b.sliders ?? {}).length === 1);
    expect(strips.length).toBeGreaterThan(0);
    for (const body of strips) expect(body.quality).toBe('preview');
    const decodes: string[] = [];
    page.on('request', (r) => r.url().endsWith('/api/decode') && decodes.push(r.url()));
    await page.mouse.move(5, 5);
    await strip.waitFor({ state: 'detached' });
    await page.locator('.slider-row', { has: wider }).hover();
    await strip.getByRole('img').nth(1).waitFor();
    expect(decodes).toHaveLength(0);
    await page.mouse.move(5, 5);
  });

  it('logs no HTTP 409 in the console when decodes are cancelled by newer ones', async () => {
    consoleErrors.length = 0;
    const slider = page.locator('input[type=range][data-direction]').first();
    const max = Number(await slider.getAttribute('max'));
    const id = (await slider.getAttribute('data-direction'))!;
    // A drag: many values in a row, each cancelling the decode before it.
    for (let i = 1; i <= 12; i++) await slider.fill(String(((i % 6) + 1) * (max / 8)));
    const last = await slider.inputValue();
    await waitForDrawn(page, { includes: `${id}=${Number(last)}` });
    await page.waitForTimeout(500);
    expect(consoleErrors.filter((e) => /409|Conflict/.test(e))).toEqual([]);
    await page.getByRole('button', { name: 'Reset all sliders' }).click();
  });

  it('says why Generate is off, and shows its decode time in the status bar', async () => {
    const field = page.getByLabel('Seed number', { exact: true });
    const generate = page.getByRole('button', { name: 'Generate from the seed number' });
    for (const [text, why] of [['-5', /start at 0/], ['1.5', /whole numbers/], [String(2 ** 32), /largest seed is 4294967295/]] as const) {
      await field.fill(text);
      expect(await generate.isDisabled()).toBe(true);
      await expect(page.locator('#seed-problem').textContent()).resolves.toMatch(why);
      expect(await generate.getAttribute('title')).toMatch(why);
    }
    await field.fill('12');
    expect(await page.locator('#seed-problem').count()).toBe(0);
    await generate.click();
    // The status bar's decode time is Generate's own (the embed panel states it too).
    await expect.poll(() => page.locator('.metrics').first().textContent(), { timeout: 60_000 }).toMatch(/Seed 12 · \d+ steps · \d+ ms/);
    const ms = /(\d+) ms$/.exec((await page.locator('.metrics').first().textContent()) ?? '')![1];
    await expect(page.getByTestId('status-decode').textContent()).resolves.toBe(`Decode: ${ms} ms`);
  });

  it('keeps one Recent entry per picture, and a long file name does not widen the toolbar', async () => {
    const toolbar = page.getByRole('navigation', { name: 'Editor commands' });
    const height = (await toolbar.boundingBox())!.height;
    for (let i = 0; i < 3; i++) {
      await page.getByLabel('Picture file').setInputFiles(BAG);
      await page.getByRole('region', { name: 'Photo' }).getByRole('heading').filter({ hasText: 'bag.jpg' }).waitFor();
    }
    const recent = page.getByLabel('Recent pictures');
    await expect.poll(() => recent.locator('option', { hasText: 'bag.jpg' }).count()).toBe(1);
    const long = `${'a-very-long-file-name-from-a-camera-roll-'.repeat(3)}tshirt.png`;
    await page.getByLabel('Picture file').setInputFiles({ name: long, mimeType: 'image/png', buffer: readFileSync(join(REPO, 'assets', 'samples', 'tshirt.png')) });
    await expect.poll(() => recent.locator('option').count()).toBe(4);
    expect((await recent.boundingBox())!.width).toBeLessThanOrEqual(160);
    expect((await toolbar.boundingBox())!.height).toBe(height);
  });

  it('shows the Settings steps placeholder whole', async () => {
    await page.getByRole('button', { name: 'Settings view' }).click();
    const steps = page.getByLabel('Sampler steps');
    const fits = await steps.evaluate((input: HTMLInputElement) => {
      const style = getComputedStyle(input);
      const context = document.createElement('canvas').getContext('2d')!;
      context.font = `${style.fontSize} ${style.fontFamily}`;
      const room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      return { text: input.placeholder, width: context.measureText(input.placeholder).width, room };
    });
    expect(fits.text).toMatch(/^pack default \(\d+\)$/);
    expect(fits.width).toBeLessThanOrEqual(fits.room);
    await page.getByRole('button', { name: 'Editor view' }).click();
  });

  it('compares while \\ is held with AltGr, and lists every shortcut on ?', async () => {
    await page.getByRole('button', { name: 'Random seed' }).click();
    await waitForDrawn(page, { unedited: true });
    const hint = page.locator('.result-view .hint');
    await page.locator('h1').click();
    // A German keyboard on Windows: AltGr+ß arrives as Ctrl+Alt with the key "\".
    const key = (type: string, init: { key: string; code: string; ctrlKey?: boolean; altKey?: boolean }): Promise<boolean> =>
      page.evaluate((e: { type: string; init: { key: string; code: string; ctrlKey?: boolean; altKey?: boolean } }) => window.dispatchEvent(new KeyboardEvent(e.type, { bubbles: true, ...e.init })), { type, init });
    await key('keydown', { key: '\\', code: 'Minus', ctrlKey: true, altKey: true });
    await expect(hint.textContent()).resolves.toBe('Showing the original');
    // AltGr released first: the ß key comes up as "ß".
    await key('keyup', { key: 'Control', code: 'ControlLeft', altKey: true });
    await key('keyup', { key: 'ß', code: 'Minus' });
    await expect(hint.textContent()).resolves.toBe('Hold \\ to compare');

    await page.keyboard.press('Shift+?');
    const sheet = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await sheet.waitFor();
    const text = (await sheet.textContent()) ?? '';
    for (const k of ['Ctrl+O', 'Ctrl+Enter', 'Ctrl+Z', 'hold \\', 'AltGr', 'Ctrl+wheel', 'F1']) expect(text).toContain(k);
    await page.keyboard.press('Escape');
    await sheet.waitFor({ state: 'detached' });
    expect(consoleErrors.filter((e) => /409|Conflict/.test(e))).toEqual([]);
  });
});
