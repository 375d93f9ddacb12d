/**
 * The deterministic DDIM sampler (Song et al. 2021, eq. 12 with σ = 0) in the notation of the
 * paper's Keras code and docs/design.md: x_t = signal(t)·x0 + noise(t)·eps. Mirrors
 * training/diffusion.py's ddim_sample step for step; batched; the loop allocates nothing but the
 * network's own outputs (feeds, variances and x0 live in a workspace reused across calls).
 */
import type { Pack } from '../contract/pack-schema';
import { denormalize, normalize } from './normalization';
import { CosineAngleSchedule, samplerTimes } from './schedule';
import type { Shape4, Tensor4 } from './tensor';

/** eps = D(x_t, noise²) on a batch: the network behind it (PackRuntime.denoise, or a stub). */
export type DenoiseFn = (noisy: Float32Array, variance: Float32Array, shape: Shape4) => Promise<Float32Array>;

export interface SampleOptions {
  /** S, the number of denoiser passes (default: the pack's sampler.defaultSteps). */
  readonly steps?: number;
  /** Called after each step with (steps done, S). */
  readonly onProgress?: (done: number, total: number) => void;
  /** Checked before every step: an abort stops between two denoiser passes. */
  readonly signal?: AbortSignal;
  /** Clip the result to [0, 1] (default true); false keeps it raw for error measures. */
  readonly clip?: boolean;
}

interface Workspace {
  readonly x: Float32Array;
  readonly x0: Float32Array;
  readonly variance: Float32Array;
}

export class DdimSampler {
  readonly schedule: CosineAngleSchedule;
  private workspace: Workspace | undefined;
  private workspaceBusy = false;

  constructor(
    private readonly denoise: DenoiseFn,
    private readonly pack: Pick<Pack, 'schedule' | 'normalization' | 'sampler'>,
  ) {
    this.schedule = new CosineAngleSchedule(pack.schedule);
  }

  /** The reusable workspace, or a private one while another decode (awaiting) holds it. */
  private acquire(size: number, batch: number): Workspace {
    const fresh = () => ({ x: new Float32Array(size), x0: new Float32Array(size), variance: new Float32Array(batch) });
    if (this.workspaceBusy) return fresh();
    this.workspaceBusy = true;
    const w = this.workspace;
    if (w && w.x.length === size && w.variance.length === batch) return w;
    this.workspace = fresh();
    return this.workspace;
  }

  private releaseWorkspace(w: Workspace): void {
    if (w === this.workspace) this.workspaceBusy = false;
  }

  /** One prediction at time t: eps from the network, x0 = (x_t − noise·eps) / signal. */
  async predict(x: Float32Array, shape: Shape4, t: number, x0Out: Float32Array, variance?: Float32Array): Promise<Float32Array> {
    const { noise, signal } = this.schedule.rates(t);
    const v = variance ?? new Float32Array(shape[0]);
    v.fill(noise * noise);
    const eps = await this.denoise(x, v, shape);
    for (let i = 0; i < x.length; i++) x0Out[i] = (x[i]! - noise * eps[i]!) / signal;
    return eps;
  }

  /** Decodes seeds z (normal, N×C×H×W) into images in [0, 1] (a new tensor). */
  async decode(z: Tensor4, options: SampleOptions = {}): Promise<Tensor4> {
    const steps = options.steps ?? this.pack.sampler.defaultSteps;
    const workspace = this.acquire(z.data.length, z.shape[0]);
    try {
      return await this.run(z, steps, workspace, options);
    } finally {
      this.releaseWorkspace(workspace);
    }
  }

  private async run(z: Tensor4, steps: number, { x, x0, variance }: Workspace, options: SampleOptions): Promise<Tensor4> {
    const times = samplerTimes(steps);
    x.set(z.data);
    for (let k = 0; k < steps; k++) {
      options.signal?.throwIfAborted();
      const t = times[k]!; // 1. current time t = 1 − k/S
      const tNext = t - 1 / steps; // 2. next (less noisy) time t' = t − 1/S
      const eps = await this.predict(x, z.shape, t, x0, variance); // 3. eps and x0 at t
      if (k < steps - 1) {
        // 4. re-noise x0 to level t': x = signal(t')·x0 + noise(t')·eps (skipped after the last
        //    step, whose x0 is the result).
        const { noise, signal } = this.schedule.rates(tNext);
        for (let i = 0; i < x.length; i++) x[i] = signal * x0[i]! + noise * eps[i]!;
      }
      options.onProgress?.(k + 1, steps);
    }
    // 5. The last x0, denormalized (and clipped) to [0, 1].
    return { data: denormalize(x0, z.shape, this.pack.normalization, options.clip ?? true), shape: z.shape };
  }

  normalize(images: Tensor4): Float32Array {
    return normalize(images, this.pack.normalization);
  }
}
