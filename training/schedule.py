"""The cosine-angle diffusion schedule of the paper's Keras DDIM code (docs/design.md, Numerics)."""
import math

import torch


class CosineAngleSchedule:
    """signal(t) = cos(angle(t)), noise(t) = sin(angle(t)), angle linear in t between the two rates."""

    kind = "cosine-angle"

    def __init__(self, min_signal_rate: float = 0.02, max_signal_rate: float = 0.95):
        self.min_signal_rate = float(min_signal_rate)
        self.max_signal_rate = float(max_signal_rate)
        self.start_angle = math.acos(self.max_signal_rate)
        self.end_angle = math.acos(self.min_signal_rate)

    def rates(self, t):
        """Returns (noise_rate, signal_rate) for diffusion times t in [0, 1] (tensor or float)."""
        if not torch.is_tensor(t):
            t = torch.tensor(float(t), dtype=torch.float64)
        angle = self.start_angle + t * (self.end_angle - self.start_angle)
        return torch.sin(angle), torch.cos(angle)

    def to_json(self) -> dict:
        return {
            "kind": self.kind,
            "minSignalRate": self.min_signal_rate,
            "maxSignalRate": self.max_signal_rate,
        }


def schedule_from(cfg: dict) -> CosineAngleSchedule:
    """The schedule a config names (`schedule: {min_signal_rate, max_signal_rate}`)."""
    s = cfg["schedule"]
    return CosineAngleSchedule(s["min_signal_rate"], s["max_signal_rate"])
