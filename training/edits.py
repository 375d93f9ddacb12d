"""Slider edits and interpolation in seed space (docs/design.md, Edits)."""
import torch


def apply_sliders(z, directions, sigmas, values):
    """z' = z + Σ a_i σ_i d_i, rescaled per image so that ‖z'‖ = ‖z‖; all-zero sliders give z."""
    if all(v == 0 for v in values):
        return z
    offset = sum(v * s * d for d, s, v in zip(directions, sigmas, values))
    edited = z + offset
    dims = tuple(range(1, z.dim()))
    scale = z.pow(2).sum(dims, keepdim=True).sqrt() / edited.pow(2).sum(dims, keepdim=True).sqrt()
    return edited * scale


def slerp(a, b, t: float):
    """Spherical interpolation between two seeds (angles taken on the flattened tensors)."""
    fa, fb = a.reshape(-1).double(), b.reshape(-1).double()
    cos = torch.clamp(fa @ fb / (fa.norm() * fb.norm()), -1.0, 1.0)
    theta = torch.acos(cos)
    if theta.abs() < 1e-6:
        return ((1 - t) * a.double() + t * b.double()).to(a.dtype)
    s = torch.sin(theta)
    return ((torch.sin((1 - t) * theta) / s) * a.double() + (torch.sin(t * theta) / s) * b.double()).to(a.dtype)
