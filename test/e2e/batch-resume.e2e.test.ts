/**
 * Cancel and resume end to end (a real `reseed serve --root`, the real renderer in Chromium): a
 * batch of 300 pictures cancelled from the window right after its first progress shows, then run
 * again, ends with every picture done exactly once: 300 index lines for 300 distinct inputs, one
 * seed and one reconstruction each, no temporary files left.
 */
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { e2ePack, HAS_CHROMIUM, openEditor, tempHome, type EditorSession } from './harness';
import { waitForBatchState } from './page-helpers';

const COUNT = 300;

describe.skipIf(!HAS_CHROMIUM)('batch cancel and resume in Chromium through reseed serve', () => {
  let session: EditorSession;
  let input: string;
  let out: string;

  beforeAll(async () => {
    const home = tempHome();
    const allowed = join(home, 'files');
    input = join(allowed, 'many');
    out = join(allowed, 'many-out');
    mkdirSync(input, { recursive: true });
    for (let i = 0; i < COUNT; i++) {
      const shade = 20 + (i % 200);
      const png = await sharp({ create: { width: 28, height: 28, channels: 3, background: { r: shade, g: shade, b: shade } } })
        .composite([{ input: Buffer.from(`<svg width="28" height="28"><rect x="${4 + (i % 9)}" y="3" width="11" height="22" fill="white"/></svg>`) }])
        .png()
        .toBuffer();
      await sharp(png).toFile(join(input, `m-${String(i).padStart(3, '0')}.png`));
    }
    session = await openEditor(e2ePack(), home, ['--root', allowed]);
  }, 180_000);

  afterAll(async () => {
    await session?.close();
  });

  // 300 pictures take minutes on a busy 2-core machine: the limit is generous, and
  // waitForBatchState fails sooner on a batch that stops moving.
  it('cancelled after the first progress, then run again: each picture done exactly once', async () => {
    const { page } = session;
    await page.getByRole('button', { name: 'Batch view' }).click();
    await page.getByLabel('Input folder', { exact: true }).fill(input);
    await page.getByLabel('Output folder', { exact: true }).fill(out);
    await page.getByRole('button', { name: 'Run the batch' }).click();
    // The first progress line with at least one picture done, then Cancel at once.
    await page.getByTestId('batch-count').filter({ hasText: new RegExp(`^[1-9]\\d* of ${COUNT}$`) }).waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Cancel the batch' }).click();
    await page.getByTestId('batch-state').filter({ hasText: 'Cancelled' }).waitFor({ timeout: 60_000 });
    const cancelledAt = Number((await page.getByTestId('batch-count').textContent())?.split(' ')[0]);
    expect(cancelledAt).toBeGreaterThan(0);
    expect(cancelledAt).toBeLessThan(COUNT);
    const partial = readFileSync(join(out, 'index.jsonl'), 'utf8').trim().split('\n');
    expect(partial).toHaveLength(cancelledAt);

    await page.getByRole('button', { name: 'Run the batch' }).click();
    await waitForBatchState(page, 'Finished');
    expect(await page.getByTestId('batch-count').textContent()).toBe(`${COUNT} of ${COUNT}`);

    const lines = readFileSync(join(out, 'index.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { input: string; status: string });
    expect(lines).toHaveLength(COUNT);
    expect(new Set(lines.map((l) => l.input)).size).toBe(COUNT);
    expect(lines.every((l) => l.status === 'ok')).toBe(true);
    const files = readdirSync(out);
    expect(files.filter((f) => f.endsWith('.latent.npy'))).toHaveLength(COUNT);
    expect(files.filter((f) => f.endsWith('.recon.png'))).toHaveLength(COUNT);
    expect(files.filter((f) => f.includes('.tmp'))).toHaveLength(0);
  }, 600_000);
});
