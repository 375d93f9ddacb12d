"""Config files (YAML or JSON) per dataset, with defaults filled in and paths resolved."""
import copy
import json
import os

import yaml

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
STATE_ENV = "RESEED_TRAINING_STATE"

DEFAULTS = {
    "seed": 0,
    "threads": 2,
    "schedule": {"kind": "cosine-angle", "min_signal_rate": 0.02, "max_signal_rate": 0.95},
    "sampler_steps": 10,
    "denoiser": {
        "block_depth": 2, "embedding_dims": 32, "embedding_max_frequency": 1000.0, "pad_to": 0,
        "batch_size": 64, "learning_rate": 1.0e-3, "weight_decay": 1.0e-4, "ema_decay": 0.999,
        "steps": 1000, "checkpoint_every": 250, "sample_every": 1000,
    },
    "embedder": {
        "block_depth": 2, "pad_to": 0,
        "pairs": {"steps": 0, "batch_size": 64, "learning_rate": 1.0e-3},
        "end_to_end": {"steps": 0, "batch_size": 16, "learning_rate": 3.0e-4},
        "latent_penalty": 0.0, "checkpoint_every": 100,
    },
    "refiner": {"steps": 0},
    "classifier": {"steps": 0},
    "attributes": {"steps": 0},
    "directions": {"labels": [], "attributes": []},
    "evaluation": {"test_images": 10000, "gradient_descent": {"images": 64, "iterations": 300}},
}


def _merge(base: dict, override: dict) -> dict:
    out = copy.deepcopy(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def load_config(path: str, overrides: dict | None = None) -> dict:
    with open(path, encoding="utf-8") as f:
        raw = json.load(f) if path.endswith(".json") else yaml.safe_load(f)
    if not isinstance(raw, dict) or "name" not in raw or "data" not in raw:
        raise ValueError(f"{path}: a config needs at least 'name' and 'data'")
    cfg = _merge(DEFAULTS, raw)
    if overrides:
        cfg = _merge(cfg, overrides)
    cfg["config_path"] = os.path.abspath(path)
    run_dir = cfg.get("run_dir") or os.path.join("training", "runs", cfg["name"])
    cfg["run_dir"] = run_dir if os.path.isabs(run_dir) else os.path.join(REPO_ROOT, run_dir)
    # Resumable checkpoints (checkpoint.py): out of git, in the run folder's state/ unless the
    # config or $RESEED_TRAINING_STATE (a folder holding one state folder per config name) moves them.
    state_root = os.environ.get(STATE_ENV)
    state_dir = cfg.get("state_dir") or (os.path.join(state_root, cfg["name"]) if state_root
                                         else os.path.join(cfg["run_dir"], "state"))
    cfg["state_dir"] = state_dir if os.path.isabs(state_dir) else os.path.join(REPO_ROOT, state_dir)
    return cfg
