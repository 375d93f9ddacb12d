"""Learning rate for the stages trained through the frozen sampler: constant, then a cosine decay
over the last part of the run. The end-to-end losses are noisy at batch 16; lowering the rate at
the end settles the weights instead of leaving them wherever the last noisy step put them."""
import math


def decayed_lr(base: float, step: int, total: int, decay_from: float | None, floor: float = 0.1) -> float:
    """The rate at `step` of `total`: `base` until `decay_from · total`, then cosine to `floor · base`.

    `decay_from` None (or ≥ 1) keeps the rate constant, as the configs written before it expect."""
    if decay_from is None or decay_from >= 1 or total <= 0:
        return base
    start = decay_from * total
    if step < start:
        return base
    progress = min(1.0, (step - start) / max(1e-9, total - start))
    return base * (floor + (1 - floor) * 0.5 * (1 + math.cos(math.pi * progress)))


def set_lr(opt, lr: float) -> None:
    for group in opt.param_groups:
        group["lr"] = lr
