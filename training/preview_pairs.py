"""The training pairs of the preview decoder (preview.py): seeds z and what the pack's S-step DDIM
sampler makes of them, DDIM_S(z), computed once into a cache so that training the one-pass
generator costs only its own passes.

Seeds come from where the editor decodes: random seeds N(0, I) (the random-seed button), the
embedding network's seeds of training images (every photo the user opens), and both moved along
the pack's slider directions as the editor's sliders move them (edits.apply_sliders: one or two
directions, slider values drawn from each direction's range, rescaled to the seed's norm). Held
out for the evaluation: seeds of the test images, and those moved ±3σ along every direction.

A guided preview (preview.guide: first-step) also reads D_1(z), the one-step decode of every seed:
cached beside the targets (one denoiser pass a seed, a tenth of a target's cost), added to a cache
built before guides existed without decoding its targets again.

The cache (`<state_dir>/preview-pairs.pt`, out of git) is filled in chunks and saved as it goes,
so a time limit never loses more than one chunk; targets are stored as float16 pixels in [0, 1]
(their quantization, ~1e-4, is far below what the generator reaches).
"""
import json
import os
import time

import numpy as np
import torch

from .checkpoint import save_checkpoint
from .data import load_dataset
from .diffusion import ddim_sample
from .edits import apply_sliders
from .models import embedder_input, load_denoiser, load_embedder
from .schedule import schedule_from

EVAL_VALUES = (-3.0, 3.0)


def cache_path(cfg: dict) -> str:
    return os.path.join(cfg["state_dir"], "preview-pairs.pt")


def load_directions(cfg: dict):
    """(unit vectors K×C×H×W, sigmas, [min, max] per direction) of the run; empty without directions."""
    run_dir = cfg["run_dir"]
    path = os.path.join(run_dir, "directions.json")
    if not os.path.exists(path):
        return torch.zeros(0), [], []
    with open(path, encoding="utf-8") as f:
        items = json.load(f)
    vectors = torch.from_numpy(np.load(os.path.join(run_dir, "directions.npy")).astype(np.float32))
    return vectors, [float(d["sigma"]) for d in items], [(float(d["min"]), float(d["max"])) for d in items]


def _embed(embedder, normalizer, input_range, images, batch: int = 256):
    with torch.no_grad():
        return torch.cat([embedder(embedder_input(images[i:i + batch], normalizer, input_range))
                          for i in range(0, len(images), batch)])


def moved_seeds(base, vectors, sigmas, ranges, gen, max_range: float):
    """Each seed moved along one or two random directions by slider values drawn uniformly from
    the direction's range clipped to ±max_range (what a drag passes through)."""
    out = []
    count = len(vectors)
    for z in base:
        picks = torch.randperm(count, generator=gen)[:int(torch.randint(1, min(2, count) + 1, (1,), generator=gen))]
        values = []
        for k in picks.tolist():
            lo, hi = max(ranges[k][0], -max_range), min(ranges[k][1], max_range)
            values.append(lo + (hi - lo) * float(torch.rand(1, generator=gen)))
        out.append(apply_sliders(z[None], [vectors[k] for k in picks.tolist()],
                                 [sigmas[k] for k in picks.tolist()], values)[0])
    return torch.stack(out)


def plan_seeds(cfg: dict, pcfg: dict, log=print) -> dict:
    """The seeds of the cache (train and held out), before any target is decoded."""
    gen = torch.Generator().manual_seed(cfg["seed"] + 21)
    denoiser, normalizer, _ = load_denoiser(cfg)
    embedder, estate = load_embedder(cfg)
    input_range = estate.get("input_range", "normalized")
    train, _ = load_dataset(cfg["data"], "train")
    test, _ = load_dataset(cfg["data"], "test")
    shape = train.shape[1:]
    pairs = pcfg["pairs"]
    pick = torch.randperm(len(train), generator=gen)[:pairs["embedded"]]
    embedded = _embed(embedder, normalizer, input_range, train[pick])
    random = torch.randn((pairs["random"], *shape), generator=gen)
    vectors, sigmas, ranges = load_directions(cfg)
    parts = [random, embedded]
    if len(vectors) and pairs["moved"] > 0:
        # Half from embedded seeds, half from random ones: photos and the random-seed button alike.
        base = torch.cat([embedded[torch.randint(0, len(embedded), (pairs["moved"] - pairs["moved"] // 2,), generator=gen)],
                          random[torch.randint(0, len(random), (pairs["moved"] // 2,), generator=gen)]])
        parts.append(moved_seeds(base, vectors, sigmas, ranges, gen, pcfg["slider_range"]))
    held = _embed(embedder, normalizer, input_range, test[:pcfg["eval_images"]])
    moved_eval, moved_keys = [], []
    for k in range(len(vectors)):
        for value in EVAL_VALUES:
            moved_eval.append(apply_sliders(held[:pcfg["eval_moved_images"]], [vectors[k]], [sigmas[k]], [value]))
            moved_keys += [(k, value)] * len(moved_eval[-1])
    seeds = {
        "train": torch.cat(parts).float(),
        "held_out": held,
        "moved": torch.cat(moved_eval) if moved_eval else torch.zeros((0, *shape)),
    }
    log(f"preview pairs: {len(seeds['train'])} train seeds ({len(random)} random, {len(embedded)} embedded, "
        f"{len(seeds['train']) - len(random) - len(embedded)} moved), {len(held)} held out, {len(seeds['moved'])} moved ±3σ")
    return {"seeds": seeds, "targets": {k: torch.zeros(v.shape, dtype=torch.float16) for k, v in seeds.items()},
            "done": {k: 0 for k in seeds}, "moved_keys": moved_keys, "sampler_steps": cfg["sampler_steps"]}


def build_cache(cfg: dict, pcfg: dict, run, log=print) -> dict | None:
    """The cache, filled as far as the time limit allows (None: not finished, rerun to go on)."""
    path = cache_path(cfg)
    cache = torch.load(path) if os.path.exists(path) else None
    if cache is None:
        cache = plan_seeds(cfg, pcfg, log)
        save_checkpoint(path, cache)
    parts = [("targets", "done", cfg["sampler_steps"])]
    if pcfg.get("guide") == "first-step":
        if "guides" not in cache:
            cache["guides"] = {k: torch.zeros(v.shape, dtype=torch.float16) for k, v in cache["seeds"].items()}
            cache["guides_done"] = {k: 0 for k in cache["seeds"]}
        parts.append(("guides", "guides_done", 1))
    if all(cache[done][k] >= len(v) for _, done, _ in parts for k, v in cache["seeds"].items()):
        return cache
    denoiser, normalizer, _ = load_denoiser(cfg)
    schedule = schedule_from(cfg)
    batch, last_save = pcfg["cache_batch"], time.time()
    for field, done, steps in parts:
        for key, seeds in cache["seeds"].items():
            while cache[done][key] < len(seeds):
                if run.out_of_time():
                    save_checkpoint(path, cache)
                    return None
                start = cache[done][key]
                with torch.no_grad():
                    x = ddim_sample(denoiser, schedule, normalizer, seeds[start:start + batch], steps)
                cache[field][key][start:start + len(x)] = x.half()
                cache[done][key] = start + len(x)
                if time.time() - last_save > 120:
                    save_checkpoint(path, cache)
                    last_save = time.time()
                    log(f"preview pairs: {field} {key} {cache[done][key]}/{len(seeds)}")
    save_checkpoint(path, cache)
    log("preview pairs: all targets decoded" + (" (and the first-step guides)" if len(parts) > 1 else ""))
    return cache
