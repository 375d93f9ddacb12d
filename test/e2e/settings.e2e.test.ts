/**
 * Settings end to end (a real `reseed serve`, the real renderer in Chromium): the sampler steps
 * chosen in Settings survive a reload of the page (they live in the user data folder) and are the
 * steps the editor then generates and embeds with.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { e2ePack, HAS_CHROMIUM, openEditor, type EditorSession } from './harness';

describe.skipIf(!HAS_CHROMIUM)('settings in Chromium through reseed serve', () => {
  let session: EditorSession;

  beforeAll(async () => {
    session = await openEditor(e2ePack());
  }, 120_000);

  afterAll(async () => {
    await session?.close();
  });

  it('keeps the sampler steps across a reload and generates with them', async () => {
    const { page } = session;
    await page.getByRole('button', { name: 'Settings view' }).click();
    await page.getByLabel('Sampler steps').fill('4');
    // The settings file is written by the server: wait until a fresh read returns the value.
    await expect.poll(async () => {
      await page.reload();
      await page.getByTestId('status-pack').filter({ hasNotText: '—' }).waitFor();
      await page.getByRole('button', { name: 'Settings view' }).click();
      return page.getByLabel('Sampler steps').inputValue();
    }, { timeout: 20_000 }).toBe('4');

    await page.getByRole('button', { name: 'Editor view' }).click();
    await page.getByLabel('Seed number', { exact: true }).fill('7');
    await page.getByRole('button', { name: 'Generate from the seed number' }).click();
    await expect.poll(() => page.locator('.metrics').first().textContent(), { timeout: 60_000 }).toMatch(/Seed 7 · 4 steps/);
  }, 120_000);
});
