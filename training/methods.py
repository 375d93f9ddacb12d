"""Embedding methods, each returning seeds, reconstructions and the network passes they cost:
the embedding network (1 + S passes), refinement with the refiner network (1 + S more passes an
iteration, a step kept only where the error drops), DDIM inversion (S + S), and the paper's
gradient descent on z (Adam, lr 1e-2, MAE + 0.005·mean(z²))."""
import torch

from .diffusion import ddim_invert, ddim_sample
from .models import embedder_input


def per_image_mse(a, b):
    return ((a - b) ** 2).mean((1, 2, 3))


class Methods:
    def __init__(self, denoiser, embedder, refiner, schedule, normalizer, steps: int, input_range: str):
        self.denoiser, self.embedder, self.refiner = denoiser, embedder, refiner
        self.schedule, self.normalizer, self.steps, self.input_range = schedule, normalizer, steps, input_range

    def decode(self, z):
        return ddim_sample(self.denoiser, self.schedule, self.normalizer, z, self.steps)

    @torch.no_grad()
    def network(self, x):
        z = self.embedder(embedder_input(x, self.normalizer, self.input_range))
        return z, self.decode(z), 1 + self.steps

    @torch.no_grad()
    def refine(self, x, extra_passes: int = 40):
        """Network embedding, then refiner steps z ← z + α·R(x, x̂) within `extra_passes` more
        passes; as in the engine, a step is kept per image only where the error drops, and a
        rejected step halves that image's α."""
        z, x_hat, passes = self.network(x)
        if self.refiner is None:
            return z, x_hat, passes
        err = per_image_mse(x_hat, x)
        alpha = torch.ones(len(x), 1, 1, 1)
        for _ in range(extra_passes // (1 + self.steps)):
            delta = self.refiner(torch.cat([embedder_input(x, self.normalizer, self.input_range),
                                            embedder_input(x_hat, self.normalizer, self.input_range)], 1))
            z_new = z + alpha * delta
            x_new = self.decode(z_new)
            err_new = per_image_mse(x_new, x)
            better = (err_new < err).view(-1, 1, 1, 1)
            z = torch.where(better, z_new, z)
            x_hat = torch.where(better, x_new, x_hat)
            err = torch.minimum(err, err_new)
            alpha = torch.where(better, alpha, alpha / 2)
            passes += 1 + self.steps
        return z, x_hat, passes

    @torch.no_grad()
    def inversion(self, x):
        z = ddim_invert(self.denoiser, self.schedule, self.normalizer, x, self.steps)
        return z, self.decode(z), 2 * self.steps

    def gradient_descent(self, x, iterations: int, checkpoints=(0, 10, 25, 50, 100, 200, 300), seed: int = 0):
        """Returns the final (z, x̂) and the curve [(iteration, mse)] at the given checkpoints."""
        g = torch.Generator().manual_seed(seed)
        z = torch.randn(x.shape, generator=g).requires_grad_(True)
        opt = torch.optim.Adam([z], lr=1e-2)
        curve = []
        for it in range(iterations + 1):
            if it in checkpoints or it == iterations:
                with torch.no_grad():
                    curve.append((it, float(per_image_mse(self.decode(z), x).mean())))
            if it == iterations:
                break
            x_hat = ddim_sample(self.denoiser, self.schedule, self.normalizer, z, self.steps, clip=False)
            loss = (x_hat - x).abs().mean() + 0.005 * (z ** 2).mean()
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
        with torch.no_grad():
            return z.detach(), self.decode(z.detach()), curve
