/**
 * A pack trained with `reseed train` (issue #20) in the editor: the tiny preset on 150 generated
 * pictures with a labels CSV, trained here (~40 s on the 2-core machine) into the user data folder,
 * then `reseed serve` on the fixture pack. The Packs view lists the trained pack with its report
 * (quality numbers, the sample grid and slider strips), offers to Use it and to Remove it with a
 * confirmation; the pack the editor started with has no Remove button.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_CHROMIUM, openEditor, REPO, tempHome, type EditorSession } from './harness';

const FIXTURE_PACK = join(REPO, 'test', 'fixtures', 'tiny-pack');

function train(home: string, folder: string): Promise<void> {
  const child = spawn(process.execPath, [join(REPO, 'bin', 'reseed.mjs'), 'train', folder, '--name', 'E2E pictures', '--labels', join(folder, 'labels.csv'), '--threads', '1', '--quiet'], {
    cwd: REPO,
    env: { ...process.env, RESEED_HOME: home },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`reseed train exited ${code}: ${stderr}`)))));
}

/** Whether an image has loaded with a real size (a data URL the page could decode). */
function loaded(page: Page, alt: string): Promise<boolean> {
  return page.locator(`img[alt="${alt}"]`).evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0);
}

describe.skipIf(!HAS_CHROMIUM)('a trained pack in the Packs view', () => {
  let session: EditorSession;
  let home: string;

  beforeAll(async () => {
    home = tempHome();
    const folder = join(home, 'pictures');
    execFileSync('/usr/bin/python3', [join(REPO, 'training', 'tools', 'make_own_pictures.py'), folder, '--count', '150']);
    const t0 = performance.now();
    await train(home, folder);
    console.log(`train-pack e2e: reseed train (tiny, 150 pictures, labels) took ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    session = await openEditor(FIXTURE_PACK, home);
  });

  afterAll(async () => {
    await session?.close();
  });

  it('lists the pack with its report, and removes it only after a confirmation', async () => {
    const page = session.page;
    await page.getByRole('button', { name: 'Packs view' }).click();
    await page.getByRole('button', { name: 'Use E2E pictures' }).waitFor();
    const report = page.getByRole('region', { name: 'Training report of E2E pictures' });
    await expect(report.textContent()).resolves.toMatch(/Reconstruction \(network\)MSE [\d.e-]+, [\d.]+ dB on \d+ held-out pictures/);
    await expect(report.textContent()).resolves.toMatch(/Slider checks\d of 3 sliders move their label monotonically/);
    await expect(report.textContent()).resolves.toMatch(/Pictures\d+ train, \d+ held out/);
    await page.waitForFunction(() => [...document.querySelectorAll<HTMLImageElement>('.pack-report img')].every((i) => i.complete));
    expect(await loaded(page, 'Samples from E2E pictures')).toBe(true);
    expect(await loaded(page, 'Slider strips of E2E pictures')).toBe(true);

    // The pack the editor runs (opened by folder) cannot be removed; the trained one can.
    await expect(page.getByRole('button', { name: 'Remove Tiny fixture' }).count()).resolves.toBe(0);
    await page.getByRole('button', { name: 'Remove E2E pictures' }).click();
    await page.getByRole('button', { name: 'Keep E2E pictures' }).click();
    expect(existsSync(join(home, 'packs', 'e2e-pictures', 'pack.json'))).toBe(true);
    await page.getByRole('button', { name: 'Remove E2E pictures' }).click();
    await page.getByRole('button', { name: 'Confirm removing E2E pictures' }).click();
    await page.getByRole('status').filter({ hasText: 'Removed E2E pictures.' }).waitFor();
    expect(existsSync(join(home, 'packs', 'e2e-pictures'))).toBe(false);
  });
});
