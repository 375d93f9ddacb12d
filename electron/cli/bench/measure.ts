/**
 * The bench's timings on one open pack (one provider): denoiser passes at batch 1 and 16, a
 * decode at the pack's default steps, the sampler loop's overhead over the raw session runs, an
 * embedding, a slider edit to image, and the same with one and with two locks (docs/design.md,
 * Locks: the projection, then up to 4 extra decodes per move). Medians after a warm-up, so one slow run (the CPU is shared)
 * does not decide. Each phase reports "k of n" runs as it goes: on a large pack one phase can take
 * a while, and silence looked like a hang.
 */
import { canMeasure } from '../../engine/faithful/attribute-meter';
import { editAndDecode } from '../../engine/faithful/faithful-edit';
import type { OpenPack } from '../../engine/open-pack';
import type { LoadedDirection } from '../../engine/packs/pack-loader';
import type { Tensor4 } from '../../engine/tensor';
import { measurePreview, type PreviewTiming } from './preview-timing';
import type { BenchProgress } from './progress';

export interface Timings {
  readonly denoiseMsB1: number;
  readonly denoiseMsB16: number;
  readonly decodeMs: number;
  /** (decode wall time − time inside session.run) / time inside session.run. */
  readonly samplerOverhead: number;
  readonly embedNetworkMs: number;
  /** Embedding network pass plus the reconstruction decode. */
  readonly embedMs: number;
  /** Two sliders applied, then decoded. */
  readonly editMs: number;
  /**
   * One slider moved with one, then two other directions locked (D(z) cached, as in the editor);
   * null when the pack has too few directions. Which ones, and the mean extra decodes, in `locks`.
   */
  readonly editLock1Ms: number | null;
  readonly editLock2Ms: number | null;
  readonly locks?: { readonly moved: string; readonly locked: readonly string[]; readonly extraDecodes1: number; readonly extraDecodes2: number };
  readonly steps: number;
  /** The pack's preview decoder against the full decode (preview-timing.ts); null without one. */
  readonly preview: PreviewTiming | null;
}

/** `tick(done)` after the warm-up (0) and after each timed run. */
export async function median(runs: number, fn: () => Promise<unknown>, tick?: (done: number) => void): Promise<number> {
  await fn();
  tick?.(0);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
    tick?.(i + 1);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

function seeds(open: OpenPack, batch: number): Tensor4 {
  return open.randomSeeds(Array.from({ length: batch }, (_, i) => i + 1));
}

export async function measure(open: OpenPack, runs: number, onProgress?: BenchProgress): Promise<Timings> {
  const timed = (phase: string, n: number, fn: () => Promise<unknown>) => {
    onProgress?.(phase, 0, n, 'warm-up');
    return median(n, fn, (done) => onProgress?.(phase, done, n));
  };
  const steps = open.pack.manifest.sampler.defaultSteps;
  const z1 = seeds(open, 1);
  const z16 = seeds(open, 16);
  const v1 = new Float32Array(1).fill(0.5);
  const v16 = new Float32Array(16).fill(0.5);
  const denoiseMsB1 = await timed('denoiser pass, batch 1', runs, () => open.denoise(z1.data, v1, z1.shape));
  const denoiseMsB16 = await timed('denoiser pass, batch 16', runs, () => open.denoise(z16.data, v16, z16.shape));
  // Decode, and how much of it is the sampler's own work rather than the network: per decode,
  // (wall − time inside session.run) / time inside session.run, the median of those (robust to a
  // run preempted by another process on a shared CPU).
  const decodeRuns = Math.max(5, Math.ceil(runs / 2));
  const overheads: number[] = [];
  const decodeMs = await timed(`decode, ${steps} steps`, decodeRuns, async () => {
    const before = open.runSeconds;
    const start = performance.now();
    await open.decode(z1);
    const wall = performance.now() - start;
    const inRun = (open.runSeconds - before) * 1000;
    if (inRun > 0) overheads.push((wall - inRun) / inRun);
  });
  overheads.sort((a, b) => a - b);
  const samplerOverhead = overheads[Math.floor(overheads.length / 2)] ?? 0;
  const image = await open.decode(z1);
  const embedNetworkMs = await timed('embedding network pass', runs, () => open.networkSeeds(image));
  const embedMs = await timed('embed + reconstruct', decodeRuns, () => open.embed(image, { method: 'network' }));
  const sliders = Object.fromEntries(open.pack.directions.slice(0, 2).map((d, i) => [d.id, i === 0 ? 1.5 : -1]));
  const editMs = await timed('slider edit to image', decodeRuns, () => open.decode(open.edit(z1, sliders)));
  const locked = await measureLocks(open, z1, decodeRuns, timed);
  const preview = await measurePreview(open, Math.max(15, runs), onProgress);
  return { denoiseMsB1, denoiseMsB16, decodeMs, samplerOverhead, embedNetworkMs, embedMs, editMs, steps, ...locked, preview };
}

/**
 * Slider to image with one and two locks (directions with a measurable attribute, so the closed
 * loop runs, with D(z) cached as the editor does). A pack with two directions gets one lock only.
 */
async function measureLocks(open: OpenPack, z: Tensor4, runs: number, timed: (phase: string, n: number, fn: () => Promise<unknown>) => Promise<number>) {
  // Locks: pixel attributes first, then classifier ones; moved: a classifier slider (a class
  // morph, the typical move) where there is one, else the least measurable direction.
  const rank = (d: LoadedDirection) => (canMeasure(open, d.attribute) ? (d.attribute.kind === 'pixel' ? 2 : 1) : 0);
  const ranked = [...open.pack.directions].sort((a, b) => rank(b) - rank(a));
  if (ranked.length < 2) return { editLock1Ms: null, editLock2Ms: null };
  const moved = ranked.find((d) => d.attribute?.kind === 'scorer' && open.hasScorer) ?? ranked[ranked.length - 1]!;
  const lockable = ranked.filter((d) => d !== moved).slice(0, 2);
  const base = await open.decode(z);
  const sliders = { [moved.id]: Math.min(moved.max, 4) };
  const extra: number[] = [];
  const run = (locks: string[]) => async () => {
    extra.push((await editAndDecode(open, z, { sliders, locks }, async () => base)).extraDecodes);
  };
  const mean = () => extra.splice(0).reduce((a, b) => a + b, 0) / Math.max(1, runs + 1);
  const editLock1Ms = await timed(`slider edit, ${lockable[0]!.id} locked`, runs, run([lockable[0]!.id]));
  const extraDecodes1 = mean();
  const two = lockable.length === 2 ? lockable.map((d) => d.id) : undefined;
  const editLock2Ms = two ? await timed(`slider edit, ${two.join(' and ')} locked`, runs, run(two)) : null;
  return { editLock1Ms, editLock2Ms, locks: { moved: moved.id, locked: lockable.map((d) => d.id), extraDecodes1, extraDecodes2: two ? mean() : 0 } };
}
