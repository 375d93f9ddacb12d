/** The DDIM sampler's loop: steps, progress, cancellation, buffer reuse (with a stub network). */
import { describe, expect, it } from 'vitest';
import { DdimSampler, type DenoiseFn } from '../../electron/engine/sampler';
import { CosineAngleSchedule, samplerTimes } from '../../electron/engine/schedule';
import type { Tensor4 } from '../../electron/engine/tensor';

const pack = {
  schedule: { kind: 'cosine-angle' as const, minSignalRate: 0.02, maxSignalRate: 0.95 },
  normalization: { mean: [0.5], std: [0.25] },
  sampler: { defaultSteps: 10 },
};

function recorder(eps = 0.1) {
  const calls: { x: Float32Array; variance: number[] }[] = [];
  const fn: DenoiseFn = async (x, v) => {
    calls.push({ x, variance: Array.from(v) });
    return new Float32Array(x.length).fill(eps);
  };
  return { fn, calls };
}

const z: Tensor4 = { data: new Float32Array(2 * 4).fill(0.3), shape: [2, 1, 2, 2] };

describe('schedule', () => {
  it('runs from signal 0.95 at t = 0 to 0.02 at t = 1 with signal² + noise² = 1', () => {
    const s = new CosineAngleSchedule(pack.schedule);
    expect(s.rates(0).signal).toBeCloseTo(0.95, 12);
    expect(s.rates(1).signal).toBeCloseTo(0.02, 12);
    for (const t of [0, 0.3, 1]) expect(s.rates(t).signal ** 2 + s.rates(t).noise ** 2).toBeCloseTo(1, 12);
    expect(samplerTimes(4)).toEqual([1, 0.75, 0.5, 0.25]);
    expect(() => samplerTimes(0)).toThrow();
  });
});

describe('DdimSampler', () => {
  it('makes S denoiser passes at t = 1, 1 − 1/S, … with variance noise(t)²', async () => {
    const { fn, calls } = recorder();
    const sampler = new DdimSampler(fn, pack);
    await sampler.decode(z, { steps: 4 });
    expect(calls).toHaveLength(4);
    const s = new CosineAngleSchedule(pack.schedule);
    samplerTimes(4).forEach((t, k) => {
      expect(calls[k]!.variance).toHaveLength(2);
      expect(calls[k]!.variance[0]).toBeCloseTo(s.rates(t).noise ** 2, 6);
    });
  });

  it('computes x0 = (x − noise·eps)/signal and re-noises it (hand-checked one step)', async () => {
    const { fn } = recorder(0.1);
    const sampler = new DdimSampler(fn, pack);
    const out = await sampler.decode(z, { steps: 1, clip: false });
    const { noise, signal } = new CosineAngleSchedule(pack.schedule).rates(1);
    const x0 = (0.3 - noise * 0.1) / signal;
    expect(out.data[0]).toBeCloseTo(x0 * 0.25 + 0.5, 5);
  });

  it('reports progress after every step and clips to [0, 1] by default', async () => {
    const { fn } = recorder(-50);
    const seen: [number, number][] = [];
    const out = await new DdimSampler(fn, pack).decode(z, { onProgress: (d, t) => seen.push([d, t]) });
    expect(seen).toEqual(Array.from({ length: 10 }, (_, i) => [i + 1, 10]));
    expect(Math.max(...out.data)).toBeLessThanOrEqual(1);
    expect(Math.min(...out.data)).toBeGreaterThanOrEqual(0);
  });

  it('stops between steps when aborted', async () => {
    const controller = new AbortController();
    let passes = 0;
    const fn: DenoiseFn = async (x) => {
      passes++;
      if (passes === 3) controller.abort();
      return new Float32Array(x.length);
    };
    await expect(new DdimSampler(fn, pack).decode(z, { signal: controller.signal })).rejects.toThrow(/abort/i);
    expect(passes).toBe(3);
  });

  it('reuses one input buffer across steps and calls, and never shares it between concurrent decodes', async () => {
    const { fn, calls } = recorder();
    const sampler = new DdimSampler(fn, pack);
    await sampler.decode(z, { steps: 3 });
    await sampler.decode(z, { steps: 3 });
    expect(new Set(calls.map((c) => c.x)).size).toBe(1);
    calls.length = 0;
    const [a, b] = await Promise.all([sampler.decode(z, { steps: 3 }), sampler.decode({ ...z, data: z.data.map(() => -1) }, { steps: 3 })]);
    expect(new Set(calls.map((c) => c.x)).size).toBe(2);
    expect(a.data[0]).not.toBe(b.data[0]);
    // Results are fresh arrays, never the workspace.
    expect(a.data).not.toBe(calls[0]!.x);
  });
});
