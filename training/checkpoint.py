"""Resumable checkpoints: written to a temp file and renamed, so a kill never leaves half a file."""
import os

import torch


def save_checkpoint(path: str, state: dict) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = path + ".tmp"
    torch.save(state, tmp)
    os.replace(tmp, path)


def load_checkpoint(path: str):
    if not os.path.exists(path):
        return None
    return torch.load(path, map_location="cpu")


class EMA:
    """Exponential moving average of weights with a warmed-up decay, min(decay, (1+n)/(10+n)):
    a fixed 0.999 is still mostly the zero-initialised net after ~1,000 steps (DESIGN.md)."""

    def __init__(self, model: torch.nn.Module, decay: float):
        self.decay = decay
        self.shadow = {k: v.detach().clone() for k, v in model.state_dict().items()}

    def update(self, model: torch.nn.Module, step: int) -> None:
        d = min(self.decay, (1.0 + step) / (10.0 + step))
        with torch.no_grad():
            for k, v in model.state_dict().items():
                if v.dtype.is_floating_point:
                    self.shadow[k].mul_(d).add_(v.detach(), alpha=1.0 - d)
                else:
                    self.shadow[k].copy_(v)

    def copy_to(self, model: torch.nn.Module) -> None:
        model.load_state_dict(self.shadow)
