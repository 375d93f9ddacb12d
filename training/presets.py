"""Presets of `reseed train` (training/own_folder_cli.py): network sizes and step counts.

- tiny: a smoke test; 16×16 pictures, narrow networks, a few hundred steps: minutes on a CPU.
- small: sized for a night on a CPU: 32×32, widths 16/32/64.
- paper-64: the paper's CelebA set-up (training/configs/celeba-64.yaml): 64×64, widths
  48/96/192/384; a GPU job.
Overrides: size (pixels), channels (the first U-Net width; the others keep the preset's ratios)
and steps (the denoiser's; every other training stage is scaled by the same factor).
"""
import copy

PRESETS = {
    "tiny": {
        "size": 16, "widths": [8, 16, 24], "block_depth": 1, "embedding_dims": 16,
        "denoiser": {"steps": 200, "batch_size": 32, "checkpoint_every": 25, "sample_every": 100000},
        "embedder": {"pairs": {"steps": 30, "batch_size": 32, "pool": 256, "generate_batch": 128},
                     "end_to_end": {"steps": 20, "batch_size": 8, "validate_every": 100000},
                     "checkpoint_every": 10},
        "refiner": {"steps": 10, "batch_size": 8, "checkpoint_every": 10, "validate_every": 100000},
        "attributes": {"steps": 60, "batch_size": 32, "widths": [8, 16, 32], "hidden": 32,
                       "checkpoint_every": 20},
        "evaluation": {"test_images": 64, "gradient_descent": {"images": 2, "iterations": 5},
                       "generation_samples": 64},
        "directions": {"effect_images": 32, "check_images": 32, "train_images": 2000},
        "components": 4,
    },
    "small": {
        "size": 32, "widths": [16, 32, 64], "block_depth": 2, "embedding_dims": 32,
        "denoiser": {"steps": 20000, "batch_size": 32, "checkpoint_every": 250, "sample_every": 2000},
        "embedder": {"pairs": {"steps": 1000, "batch_size": 32, "pool": 4096},
                     "end_to_end": {"steps": 2000, "batch_size": 16, "validate_every": 500},
                     "checkpoint_every": 100},
        "refiner": {"steps": 500, "batch_size": 16, "checkpoint_every": 100, "validate_every": 250},
        "attributes": {"steps": 1500, "batch_size": 64, "widths": [16, 32, 64], "hidden": 64,
                       "checkpoint_every": 250},
        "evaluation": {"test_images": 1000, "gradient_descent": {"images": 8, "iterations": 50},
                       "generation_samples": 256},
        "directions": {"effect_images": 128, "check_images": 64, "train_images": 12000},
        "components": 6,
    },
    "paper-64": {
        "size": 64, "widths": [48, 96, 192, 384], "block_depth": 2, "embedding_dims": 32,
        "denoiser": {"steps": 100000, "batch_size": 64, "checkpoint_every": 1000, "sample_every": 5000},
        "embedder": {"pairs": {"steps": 5000, "batch_size": 64, "pool": 16384},
                     "end_to_end": {"steps": 40000, "batch_size": 32, "validate_every": 1000},
                     "checkpoint_every": 500},
        "refiner": {"steps": 10000, "batch_size": 32, "checkpoint_every": 500, "validate_every": 1000},
        "attributes": {"steps": 5000, "batch_size": 64, "checkpoint_every": 500},
        "evaluation": {"test_images": 2000, "gradient_descent": {"images": 64, "iterations": 300},
                       "generation_samples": 1000},
        "directions": {"effect_images": 256, "check_images": 64, "train_images": 12000},
        "components": 8,
    },
}


def scaled_widths(widths: list, first: int) -> list:
    """The preset's widths with the first set to `first`, the rest in the same ratios (≥ 4, /4)."""
    return [max(4, int(round(w * first / widths[0] / 4)) * 4) if i else first for i, w in enumerate(widths)]


def preset(name: str, size: int | None = None, channels: int | None = None, steps: int | None = None) -> dict:
    """The preset with its overrides applied; every training stage's steps scaled with --steps."""
    if name not in PRESETS:
        raise ValueError(f"unknown preset {name!r} (tiny, small, paper-64)")
    p = copy.deepcopy(PRESETS[name])
    pools = len(p["widths"]) - 1
    if size is not None:
        if size < 8 or size % (2 ** pools):
            raise ValueError(f"--size {size}: must be at least 8 and a multiple of {2 ** pools} for this preset")
        p["size"] = size
    if channels is not None:
        if channels < 4:
            raise ValueError(f"--channels {channels}: at least 4")
        p["widths"] = scaled_widths(p["widths"], channels)
    if steps is not None:
        if steps < 1:
            raise ValueError(f"--steps {steps}: at least 1")
        factor = steps / p["denoiser"]["steps"]
        p["denoiser"]["steps"] = steps
        for stage in (p["embedder"]["pairs"], p["embedder"]["end_to_end"], p["refiner"], p["attributes"]):
            stage["steps"] = max(1, int(round(stage["steps"] * factor)))
    return p


def training_config(p: dict, refiner: bool) -> dict:
    """The pipeline's config sections (config.DEFAULTS layout) of a preset."""
    net = {"widths": p["widths"], "block_depth": p["block_depth"]}
    return {
        "denoiser": {**net, "embedding_dims": p["embedding_dims"], **p["denoiser"]},
        "embedder": {**net, "input_range": "normalized", **p["embedder"]},
        "refiner": {**net, **p["refiner"]} if refiner else {"steps": 0},
        "attributes": dict(p["attributes"]),
        "evaluation": dict(p["evaluation"]),
    }
