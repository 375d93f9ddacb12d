/**
 * Deterministic DDIM inversion (training/diffusion.py ddim_invert): the sampler run backwards from
 * an image to a seed, S denoiser passes, eps predicted at the current point standing in for eps at
 * the next, noisier one (the usual first-order inversion). A baseline: with this schedule it
 * reconstructs poorly at 10 steps (docs/design.md, Known pitfalls), hence the embedding network.
 */
import type { DdimSampler, SampleOptions } from './sampler';
import { samplerTimes } from './schedule';
import type { Tensor4 } from './tensor';

export async function ddimInvert(sampler: DdimSampler, images: Tensor4, options: SampleOptions & { steps: number }): Promise<Tensor4> {
  const { steps } = options;
  const times = samplerTimes(steps); // 1, …, 1/S as the sampler visits them
  const shape = images.shape;
  const x0 = sampler.normalize(images);
  const x = new Float32Array(x0.length);
  const variance = new Float32Array(shape[0]);
  let t = times[steps - 1]!;
  // 1. eps at the last sampler time, predicted from the clean image scaled to that level.
  let rates = sampler.schedule.rates(t);
  for (let i = 0; i < x.length; i++) x[i] = rates.signal * x0[i]!;
  const scratch = new Float32Array(x0.length);
  let eps = await sampler.predict(x, shape, t, scratch, variance);
  // 2. x_t whose x0 is the image: x = signal(t)·x0 + noise(t)·eps.
  for (let i = 0; i < x.length; i++) x[i] = rates.signal * x0[i]! + rates.noise * eps[i]!;
  options.onProgress?.(1, steps);
  for (let k = steps - 2; k >= 0; k--) {
    options.signal?.throwIfAborted();
    const tNext = times[k]!;
    // 3. predict eps and x0 at the current time t.
    eps = await sampler.predict(x, shape, t, x0, variance);
    // 4. step up to the noisier time t': x = signal(t')·x0 + noise(t')·eps.
    rates = sampler.schedule.rates(tNext);
    for (let i = 0; i < x.length; i++) x[i] = rates.signal * x0[i]! + rates.noise * eps[i]!;
    t = tNext;
    options.onProgress?.(steps - k, steps);
  }
  return { data: x, shape };
}
