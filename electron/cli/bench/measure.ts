/**
 * The bench's timings on one open pack (one provider): denoiser passes at batch 1 and 16, a
 * decode at the pack's default steps, the sampler loop's overhead over the raw session runs, an
 * embedding, a slider edit to image. Medians after a warm-up, so one slow run (the CPU is shared)
 * does not decide. Each phase reports "k of n" runs as it goes: on a large pack one phase can take
 * a while, and silence looked like a hang.
 */
import type { OpenPack } from '../../engine/open-pack';
import type { Tensor4 } from '../../engine/tensor';
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
  readonly steps: number;
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
  return { denoiseMsB1, denoiseMsB16, decodeMs, samplerOverhead, embedNetworkMs, embedMs, editMs, steps };
}
