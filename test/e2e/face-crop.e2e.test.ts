/**
 * Face packs end to end: `reseed serve` on the tiny RGB fixture pack (pack.json preprocess
 * `crop: face`). Opening assets/samples/astronaut.jpg places the crop box around the face with a
 * notice; a box the user moved is theirs, and "Find face" places it on the face again. A photo
 * without a face gets the "No face found" notice and keeps the default box.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_CHROMIUM, openEditor, REPO, type EditorSession } from './harness';
import { cropBox } from './page-helpers';

const RGB_PACK = join(REPO, 'test', 'fixtures', 'tiny-rgb-pack');
const ASTRONAUT = join(REPO, 'assets', 'samples', 'astronaut.jpg');
const TSHIRT = join(REPO, 'assets', 'samples', 'tshirt.png');
/** Looked at by eye: the middle of Eileen Collins's face in the 512×512 photo. */
const FACE_CENTRE = { x: 224, y: 115 };

describe.skipIf(!HAS_CHROMIUM)('face crop in Chromium through reseed serve', () => {
  let session: EditorSession;
  let page: Page;

  beforeAll(async () => {
    session = await openEditor(RGB_PACK);
    page = session.page;
  });

  afterAll(async () => {
    await session?.close();
  });

  it('proposes the crop box around the face and says so; the user can still move it', async () => {
    await expect(page.getByTestId('status-pack').textContent()).resolves.toContain('Tiny RGB fixture');
    await page.getByLabel('Picture file').setInputFiles(ASTRONAUT);
    const notice = page.locator('[data-code="face-found"]');
    await notice.waitFor({ timeout: 60_000 });
    expect(await notice.textContent()).toContain('Face found: crop box placed on it');
    const box = await cropBox(page);
    console.log(`face-crop e2e: proposed crop box ${JSON.stringify(box)}`);
    // Around the face: contains its centre, square (the pack is 24×24), far smaller than the photo.
    expect(box.width).toBe(box.height);
    expect(FACE_CENTRE.x).toBeGreaterThan(box.left);
    expect(FACE_CENTRE.x).toBeLessThan(box.left + box.width);
    expect(FACE_CENTRE.y).toBeGreaterThan(box.top);
    expect(FACE_CENTRE.y).toBeLessThan(box.top + box.height);
    expect(box.width).toBeGreaterThan(120);
    expect(box.width).toBeLessThan(260);

    // The user moves the box (arrow keys on the focused photo): it stays where they put it.
    await page.getByLabel(/^Photo with crop box/).focus();
    await page.keyboard.press('Shift+ArrowDown');
    const moved = await cropBox(page);
    expect(moved.top).toBeGreaterThan(box.top);
    // Find face places it on the face again.
    await page.getByRole('button', { name: 'Find the face and place the crop box on it' }).click();
    await page.waitForFunction((top) => /Crop \d+×\d+ at \d+, (\d+)/.exec(document.body.innerText)?.[1] === String(top), box.top, { timeout: 60_000 });
    expect(await cropBox(page)).toEqual(box);
    expect(await page.locator('[role=alert]').count()).toBe(0);
  });

  it('says when no face is found and keeps the default box', async () => {
    await page.getByLabel('Picture file').setInputFiles(TSHIRT);
    const notice = page.locator('[data-code="face-not-found"]');
    await notice.waitFor({ timeout: 60_000 });
    // The engine's words: what it misses and what to do.
    expect(await notice.textContent()).toMatch(/No face found \(.*\): draw the crop box around the face/);
    expect(await cropBox(page)).toEqual({ left: 0, top: 0, width: 320, height: 320 });
  });
});
