"""Normalization, the DDIM sampler and DDIM inversion (docs/design.md, Numerics).

Steps are numbered against Song et al. 2021 (DDIM), eq. 12 with σ = 0, in the notation of the
paper's Keras code: x_t = signal(t) x0 + noise(t) eps.
"""
import torch

from .schedule import CosineAngleSchedule


class Normalizer:
    def __init__(self, mean, std):
        self.mean = torch.tensor(mean, dtype=torch.float32).view(1, -1, 1, 1)
        self.std = torch.tensor(std, dtype=torch.float32).view(1, -1, 1, 1)

    def normalize(self, x):
        return (x - self.mean.to(x.device)) / self.std.to(x.device)

    def denormalize(self, x):
        return x * self.std.to(x.device) + self.mean.to(x.device)


def denoise(net, schedule: CosineAngleSchedule, x_t, t: float):
    """Predicts (eps, x0) at diffusion time t for a batch x_t."""
    noise_rate, signal_rate = schedule.rates(t)
    noise_rate, signal_rate = float(noise_rate), float(signal_rate)
    variance = torch.full((x_t.shape[0], 1, 1, 1), noise_rate ** 2, dtype=x_t.dtype, device=x_t.device)
    eps = net(x_t, variance)
    x0 = (x_t - noise_rate * eps) / signal_rate
    return eps, x0


def ddim_sample(net, schedule: CosineAngleSchedule, normalizer: Normalizer, z, steps: int,
                clip: bool = True):
    """Decodes seeds z into images in [0, 1]. Differentiable in z (the embedder trains through it)."""
    x = z
    x0 = z
    for k in range(steps):
        t = 1.0 - k / steps                      # 1. current time t
        t_next = t - 1.0 / steps                 # 2. previous time t' (one step less noisy)
        eps, x0 = denoise(net, schedule, x, t)   # 3. predict eps and x0 at t
        noise_next, signal_next = schedule.rates(t_next)
        x = float(signal_next) * x0 + float(noise_next) * eps   # 4. re-noise x0 to level t'
    images = normalizer.denormalize(x0)          # 5. the last x0 is the result
    return images.clamp(0.0, 1.0) if clip else images


def ddim_invert(net, schedule: CosineAngleSchedule, normalizer: Normalizer, images, steps: int):
    """Runs the deterministic sampler backwards from an image to a seed (the baseline method).

    S denoiser passes; eps predicted at the current point stands in for eps at the next, noisier
    one (the usual first-order inversion)."""
    times = [1.0 - k / steps for k in range(steps)]          # 1, …, 1/S as the sampler visits them
    x0 = normalizer.normalize(images)
    t = times[-1]
    noise_t, signal_t = schedule.rates(t)
    eps, _ = denoise(net, schedule, float(signal_t) * x0, t)  # 1. eps at the last sampler time
    x = float(signal_t) * x0 + float(noise_t) * eps           # 2. x_t whose x0 is the image
    for t_next in reversed(times[:-1]):
        eps, x0 = denoise(net, schedule, x, t)               # 3. predict at the current time
        noise_next, signal_next = schedule.rates(t_next)
        x = float(signal_next) * x0 + float(noise_next) * eps  # 4. step up to the noisier time
        t = t_next
    return x
