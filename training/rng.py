"""Reproducible seeds from an integer, bit-identical to the TypeScript engine.

mulberry32 gives 32-bit uniforms; each pair (u1, u2) becomes one normal by Box–Muller,
n = sqrt(-2 ln(1 - u1)) * cos(2π u2), computed in float64 and stored as float32.
(1 - u1 keeps the log finite because u1 can be 0 but never 1.)
"""
import math

import numpy as np


def mulberry32(seed: int):
    state = seed & 0xFFFFFFFF
    while True:
        state = (state + 0x6D2B79F5) & 0xFFFFFFFF
        t = state
        t = ((t ^ (t >> 15)) * (t | 1)) & 0xFFFFFFFF
        t ^= (t + (((t ^ (t >> 7)) * (t | 61)) & 0xFFFFFFFF)) & 0xFFFFFFFF
        t &= 0xFFFFFFFF
        yield ((t ^ (t >> 14)) & 0xFFFFFFFF) / 4294967296.0


def seeded_normal(seed: int, shape) -> np.ndarray:
    """A float32 array of standard normals, the same as the engine's seededNormal(seed, shape)."""
    count = int(np.prod(shape))
    gen = mulberry32(seed)
    out = np.empty(count, dtype=np.float32)
    for i in range(count):
        u1 = next(gen)
        u2 = next(gen)
        out[i] = math.sqrt(-2.0 * math.log(1.0 - u1)) * math.cos(2.0 * math.pi * u2)
    return out.reshape(shape)
