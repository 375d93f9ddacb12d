import math

import numpy as np
import torch

from training.rng import mulberry32, seeded_normal
from training.schedule import CosineAngleSchedule


def test_rates_follow_the_cosine_angle_formula():
    s = CosineAngleSchedule(0.02, 0.95)
    for t in (0.0, 0.1, 0.37, 0.5, 0.9, 1.0):
        angle = math.acos(0.95) + t * (math.acos(0.02) - math.acos(0.95))
        noise, signal = s.rates(t)
        assert abs(float(signal) - math.cos(angle)) < 1e-12
        assert abs(float(noise) - math.sin(angle)) < 1e-12


def test_rates_at_the_ends_and_unit_norm():
    s = CosineAngleSchedule(0.02, 0.95)
    noise0, signal0 = s.rates(0.0)
    noise1, signal1 = s.rates(1.0)
    assert abs(float(signal0) - 0.95) < 1e-12 and abs(float(signal1) - 0.02) < 1e-12
    t = torch.linspace(0, 1, 11, dtype=torch.float64)
    noise, signal = s.rates(t)
    assert torch.allclose(noise ** 2 + signal ** 2, torch.ones_like(t))
    assert bool((signal[1:] < signal[:-1]).all()), "signal must fall as t grows"


def test_mulberry32_matches_the_javascript_reference():
    # First values of the reference JS mulberry32(7), computed with Node's Math.imul.
    gen = mulberry32(7)
    got = [next(gen) for _ in range(3)]
    expected = [0.011704753153026104, 0.06195825757458806, 0.97690763277933]
    assert got == expected


def test_seeded_normal_is_reproducible_and_standard():
    a = seeded_normal(123, (4, 1, 28, 28))
    b = seeded_normal(123, (4, 1, 28, 28))
    assert a.dtype == np.float32 and a.shape == (4, 1, 28, 28)
    assert np.array_equal(a, b)
    assert not np.array_equal(a, seeded_normal(124, (4, 1, 28, 28)))
    big = seeded_normal(5, (20000,))
    assert abs(big.mean()) < 0.03 and abs(big.std() - 1) < 0.03


def test_learning_rate_is_constant_then_decays_to_the_floor():
    from training.lr_schedule import decayed_lr
    assert decayed_lr(1e-3, 500, 1000, None) == 1e-3
    assert decayed_lr(1e-3, 699, 1000, 0.7) == 1e-3
    assert abs(decayed_lr(1e-3, 850, 1000, 0.7) - 0.55e-3) < 1e-12
    assert abs(decayed_lr(1e-3, 1000, 1000, 0.7) - 1e-4) < 1e-12
    assert abs(decayed_lr(1e-3, 5000, 1000, 0.7) - 1e-4) < 1e-12
