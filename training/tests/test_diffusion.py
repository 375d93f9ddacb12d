"""The sampler and inversion against an oracle denoiser for a one-image data set: the ideal
eps-prediction is known in closed form, so the sampler must return that image exactly."""
import math

import torch

from training.diffusion import Normalizer, ddim_invert, ddim_sample, denoise
from training.edits import apply_sliders, slerp
from training.schedule import CosineAngleSchedule

SCHEDULE = CosineAngleSchedule(0.02, 0.95)


class Oracle(torch.nn.Module):
    """eps = (x_t − signal·x*) / noise, with the noise rate recovered from the variance input."""

    def __init__(self, target):
        super().__init__()
        self.target = target

    def forward(self, x, variance):
        noise = variance.sqrt()
        signal = (1 - variance).sqrt()
        return (x - signal * self.target) / noise


def test_ddim_with_an_oracle_returns_the_data_point():
    norm = Normalizer([0.3], [0.4])
    image = torch.rand(1, 1, 8, 8)
    oracle = Oracle(norm.normalize(image))
    z = torch.randn(1, 1, 8, 8)
    out = ddim_sample(oracle, SCHEDULE, norm, z, 10)
    assert torch.allclose(out, image, atol=1e-5)


def test_denoise_predicts_x0_from_the_formula():
    x_t = torch.randn(2, 1, 4, 4)
    eps_net = lambda x, v: torch.ones_like(x) * 0.5  # noqa: E731
    eps, x0 = denoise(eps_net, SCHEDULE, x_t, 0.3)
    noise, signal = SCHEDULE.rates(0.3)
    assert torch.allclose(x0, (x_t - float(noise) * 0.5) / float(signal))


def test_sampler_visits_times_one_to_one_over_s():
    seen = []

    def net(x, v):
        seen.append(float(v.flatten()[0]))
        return torch.zeros_like(x)

    ddim_sample(net, SCHEDULE, Normalizer([0.0], [1.0]), torch.randn(1, 1, 2, 2), 4)
    expected = [float(SCHEDULE.rates(t)[0]) ** 2 for t in (1.0, 0.75, 0.5, 0.25)]
    assert [round(s, 6) for s in seen] == [round(e, 6) for e in expected]


def test_inversion_of_the_oracle_round_trips():
    norm = Normalizer([0.5], [0.25])
    image = torch.rand(1, 1, 8, 8)
    oracle = Oracle(norm.normalize(image))
    z = ddim_invert(oracle, SCHEDULE, norm, image, 10)
    assert torch.allclose(ddim_sample(oracle, SCHEDULE, norm, z, 10), image, atol=1e-4)


def test_zero_sliders_give_the_seed_exactly_and_edits_keep_the_norm():
    z = torch.randn(3, 1, 8, 8)
    d = torch.randn(1, 8, 8)
    d = d / d.norm()
    assert apply_sliders(z, [d], [0.7], [0.0]) is z
    e = apply_sliders(z, [d], [0.7], [2.0])
    assert torch.allclose(e.flatten(1).norm(dim=1), z.flatten(1).norm(dim=1), atol=1e-5)
    # The edit moves the seed along d.
    assert ((e - z).flatten(1) @ d.flatten() > 0).all()


def test_slerp_endpoints_and_norm():
    a, b = torch.randn(1, 1, 8, 8), torch.randn(1, 1, 8, 8)
    assert torch.allclose(slerp(a, b, 0.0), a, atol=1e-6)
    assert torch.allclose(slerp(a, b, 1.0), b, atol=1e-6)
    b = b * a.norm() / b.norm()  # on a sphere the midpoint is equally far from both ends
    mid = slerp(a, b, 0.5)
    assert abs(float(mid.norm() - a.norm())) < 1e-4
    angle = lambda u, v: math.acos(float((u.flatten() @ v.flatten()) / (u.norm() * v.norm())))  # noqa: E731
    assert abs(angle(a, mid) - angle(mid, b)) < 1e-5
