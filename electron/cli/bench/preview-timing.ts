/**
 * The preview decoder against the full decode (issue #21): the pack's one-pass preview and the
 * S-step decode of the same seed, timed alternately in one loop so that a busy moment of the
 * shared CPU falls on both alike; the medians and their ratio (target ≤ 0.2: a preview in at most
 * a fifth of the full decode's time). Null for a pack without a preview.
 */
import type { OpenPack } from '../../engine/open-pack';
import type { BenchProgress } from './progress';

export interface PreviewTiming {
  /** One preview pass, batch 1 (ms, median). */
  readonly previewMs: number;
  /** The full decode of the same seed in the same loop (ms, median). */
  readonly fullMs: number;
  /** previewMs / fullMs. */
  readonly ratio: number;
}

function medianOf(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

export async function measurePreview(open: OpenPack, runs: number, onProgress?: BenchProgress): Promise<PreviewTiming | null> {
  if (!open.hasPreview) return null;
  const z = open.randomSeed(1);
  const phase = 'preview vs full decode';
  onProgress?.(phase, 0, runs, 'warm-up');
  await open.decodeAt(z, 'preview');
  await open.decodeAt(z, 'full');
  const preview: number[] = [];
  const full: number[] = [];
  for (let i = 0; i < runs; i++) {
    let start = performance.now();
    await open.decodeAt(z, 'preview');
    preview.push(performance.now() - start);
    start = performance.now();
    await open.decodeAt(z, 'full');
    full.push(performance.now() - start);
    onProgress?.(phase, i + 1, runs);
  }
  const previewMs = medianOf(preview);
  const fullMs = medianOf(full);
  return { previewMs, fullMs, ratio: previewMs / fullMs };
}
