/**
 * Sliders with the preview decoder (issue #21), in Chromium through `reseed serve` on the faces
 * pack: a scripted 2-second drag of one slider over its whole range, counting the pictures the
 * result canvas draws during it, once as the editor does it (preview while moving) and once with the preview turned
 * off by rewriting the decode requests in flight (every picture a full decode), in one run on the
 * same machine. Both counts are printed; the test asserts only that the preview was used during
 * the drag and that the picture at rest is the full decode. RESEED_E2E_PREVIEW_PACK names another
 * pack folder (e.g. models/fashion-mnist). Skipped when the pack ships no preview.onnx.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_CHROMIUM, openEditor, REPO, type EditorSession } from './harness';
import { waitForDrawn } from './page-helpers';

const PACK = process.env.RESEED_E2E_PREVIEW_PACK ? resolve(REPO, process.env.RESEED_E2E_PREVIEW_PACK) : join(REPO, 'models', 'emoji-faces');
const HAS_PREVIEW = existsSync(join(PACK, 'pack.json')) && 'preview' in (JSON.parse(readFileSync(join(PACK, 'pack.json'), 'utf8')).networks ?? {});
const DRAG_MS = 2000;

if (!HAS_PREVIEW) console.log(`preview e2e: skipped — no preview network in ${PACK}`);

interface Drag {
  /** Pictures drawn on the result canvas between pointer down and up. */
  readonly frames: number;
  /** Slider values the drag passed through (input events): no more pictures than these can differ. */
  readonly inputs: number;
  readonly previews: number;
  /** The key drawn last after the drag settled, and the status bar's decoder then. */
  readonly restKey: string;
  readonly restDecoder: string | null;
  /** The engine's time of each decode answered during the drag (ms, median), by decoder. */
  readonly engineMs: Record<string, number>;
}

/**
 * Drags the slider from `from` to `to` (fractions of its range) over DRAG_MS as a pointer would:
 * pointerdown, one new value per animation frame (the display's rate, so the drag itself never
 * limits the pictures), pointerup and change; then waits for the picture at rest.
 */
async function drag(page: Page, id: string, from: number, to: number): Promise<Drag> {
  const slider = page.locator(`input[type=range][data-direction="${id}"]`);
  const answers: { decoder: string; ms: number }[] = [];
  const onResponse = async (response: import('playwright-core').Response) => {
    if (!response.url().endsWith('/api/decode')) return;
    const body = await response.json().catch(() => null);
    if (body?.ok) answers.push({ decoder: body.value.decoder, ms: body.value.decodeMs });
  };
  page.on('response', onResponse);
  const [during, inputs] = await page.evaluate(
    async ({ id, from, to, ms }) => {
      const el = document.querySelector<HTMLInputElement>(`input[type=range][data-direction="${id}"]`)!;
      const canvas = document.querySelector<HTMLCanvasElement>('canvas.result-canvas')!;
      // A new picture drawn: the key changes (setting the same key again is not a new frame).
      const log: string[] = [];
      const observer = new MutationObserver(() => {
        const key = canvas.dataset.drawnKey ?? '';
        if (key !== log[log.length - 1]) log.push(key);
      });
      observer.observe(canvas, { attributes: true, attributeFilter: ['data-drawn-key'] });
      const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
      const [min, max] = [Number(el.min), Number(el.max)];
      let inputs = 0;
      el.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true }));
      const start = performance.now();
      await new Promise<void>((done) => {
        const frame = () => {
          const t = Math.min(1, (performance.now() - start) / ms);
          setValue.call(el, String(min + (max - min) * (from + (to - from) * t)));
          el.dispatchEvent(new Event('input', { bubbles: true }));
          inputs++;
          if (t < 1) requestAnimationFrame(frame);
          else done();
        };
        requestAnimationFrame(frame);
      });
      observer.disconnect();
      el.dispatchEvent(new PointerEvent('pointerup', { bubbles: true }));
      el.dispatchEvent(new Event('change', { bubbles: true }));
      return [log, inputs] as const;
    },
    { id, from, to, ms: DRAG_MS },
  );
  page.off('response', onResponse);
  const engineMs: Record<string, number> = {};
  for (const decoder of ['preview', 'full']) {
    const ms = answers.filter((a) => a.decoder === decoder).map((a) => a.ms).sort((a, b) => a - b);
    if (ms.length > 0) engineMs[decoder] = ms[Math.floor(ms.length / 2)]!;
  }
  if (process.env.RESEED_E2E_PREVIEW_DEBUG) console.log(during.join('\n'));
  // At rest: a picture of the final value that is not a preview, and the status bar saying so.
  const value = await slider.inputValue();
  const rest = await page.waitForFunction((want) => {
    const key = document.querySelector<HTMLCanvasElement>('canvas.result-canvas')?.dataset.drawnKey ?? '';
    const decoder = document.querySelector('[data-testid="status-decoder"]')?.getAttribute('data-decoder');
    return key.includes(want) && !key.endsWith('#preview') && decoder === 'full' ? key : false;
  }, `${id}=${Number(value)}`, { timeout: 60_000 });
  return {
    frames: during.length,
    inputs,
    previews: during.filter((k) => k.endsWith('#preview')).length,
    restKey: (await rest.jsonValue()) as string,
    restDecoder: await page.getByTestId('status-decoder').getAttribute('data-decoder'),
    engineMs,
  };
}

/** Decode requests without `quality`: every picture a full decode, as before the preview. */
async function withoutPreview(route: Route): Promise<void> {
  const body = JSON.parse(route.request().postData() ?? '{}');
  delete body.quality;
  await route.continue({ postData: JSON.stringify(body) });
}

describe.skipIf(!HAS_CHROMIUM || !HAS_PREVIEW)('a slider drag with the preview decoder', () => {
  let session: EditorSession;
  let page: Page;

  beforeAll(async () => {
    session = await openEditor(PACK);
    page = session.page;
    await page.setViewportSize({ width: 1280, height: 860 });
  });

  afterAll(async () => {
    await session?.close();
  });

  /**
   * A new random seed, a warm-up drag of the second slider (a fresh server's first decodes are
   * slow) put back to 0, then the measured drag of the first slider over its whole range: one
   * slider step per display frame, so the pictures shown are bounded by the decoder and the
   * editor, not by how many values the drag passes through (nothing of it is cached).
   */
  async function measuredDrag(ids: readonly string[]): Promise<Drag> {
    const before = await page.locator('canvas.result-canvas').getAttribute('data-drawn-key');
    await page.getByRole('button', { name: 'Random seed' }).click();
    await page.waitForFunction((old) => {
      const key = document.querySelector<HTMLCanvasElement>('canvas.result-canvas')?.dataset.drawnKey ?? '';
      return key.endsWith('|') && key !== old;
    }, before, { timeout: 60_000 });
    await drag(page, ids[1]!, 0.45, 0.2);
    await page.getByRole('button', { name: 'Reset all sliders' }).click();
    await waitForDrawn(page, { unedited: true });
    return drag(page, ids[0]!, 0.02, 0.98);
  }

  it('shows previews while dragging and the full decode at rest; counts frames with and without', async () => {
    const ids = await page.locator('input[type=range][data-direction]').evaluateAll((els) => els.map((e) => e.getAttribute('data-direction')!));
    const fast = await measuredDrag(ids);
    // The same on another seed, every picture a full decode.
    await page.route('**/api/decode', withoutPreview);
    const slow = await measuredDrag(ids);
    await page.unroute('**/api/decode', withoutPreview);
    console.log(`preview e2e (${PACK.split('/').pop()}): ${fast.frames} pictures in a ${DRAG_MS / 1000}-second drag over the slider's range with the preview (${fast.previews} previews, ${fast.inputs} slider values), ` +
      `${slow.frames} without (${slow.inputs} slider values) (${(fast.frames / Math.max(1, slow.frames)).toFixed(1)}×); engine time a picture (median): ` +
      `preview ${fast.engineMs.preview?.toFixed(1) ?? '–'} ms, full ${slow.engineMs.full?.toFixed(1) ?? '–'} ms`);

    expect(fast.previews).toBeGreaterThan(0);
    expect(fast.restKey).not.toMatch(/#preview$/);
    expect(fast.restDecoder).toBe('full');
    expect(slow.previews).toBe(0);
    expect(slow.restDecoder).toBe('full');
  });
});
