"""Trains the refiner R(x, x̂) → Δz in the style of ReStyle (Alaluf et al. 2021): given the image
and the current reconstruction x̂ = DDIM_S(z), it proposes a seed correction, trained through the
frozen sampler so that DDIM_S(z + R(x, x̂)) is closer to x. The engine applies it with forward
passes only and keeps a step only when the measured error drops."""
import json
import os
import time

import torch

from . import progress

from .device import pick_device
from .checkpoint import Run
from .data import load_dataset
from .diffusion import ddim_sample
from .lr_schedule import decayed_lr, set_lr
from .models import build_embedder, count_parameters, embedder_input, load_denoiser, load_embedder
from .schedule import schedule_from


def refine_step(refiner, denoiser, schedule, normalizer, x, z, x_hat, steps: int, input_range: str):
    """One refinement: z' = z + R(x, x̂), x̂' = DDIM_S(z'); returns (z', x̂')."""
    delta = refiner(torch.cat([embedder_input(x, normalizer, input_range),
                               embedder_input(x_hat, normalizer, input_range)], 1))
    z_new = z + delta
    return z_new, ddim_sample(denoiser, schedule, normalizer, z_new, steps, clip=False)


def train_refiner(cfg: dict, max_minutes: float | None = None, log=print) -> dict:
    torch.set_num_threads(cfg["threads"])
    rcfg = cfg["refiner"]
    if rcfg.get("steps", 0) <= 0:
        return {"skipped": "refiner.steps is 0"}
    run_dir = cfg["run_dir"]
    run = Run(cfg, "refiner", max_minutes, log)
    device = pick_device(cfg)
    denoiser, normalizer, _ = load_denoiser(cfg, device=device)
    embedder, estate = load_embedder(cfg)
    embedder.to(device)
    input_range = estate.get("input_range", "normalized")
    schedule = schedule_from(cfg)
    steps_s = cfg["sampler_steps"]
    images, _ = load_dataset(cfg["data"], "train")
    val = load_dataset(cfg["data"], "test")[0][:128].to(device)

    net = build_embedder(rcfg, images.shape[1], refiner=True).to(device)
    opt = torch.optim.AdamW(net.parameters(), lr=rcfg.get("learning_rate", 3e-4), weight_decay=1e-4)
    state = run.load()
    if state is None:
        torch.manual_seed(cfg["seed"] + 2)
        state = {"step": 0, "elapsed_s": 0.0, "history": []}
    else:
        run.restore(state, net, opt)
        torch.set_rng_state(state["rng"])
    log(f"refiner: {count_parameters(net):,} parameters, step {state['step']}/{rcfg['steps']}")

    def checkpoint():
        state.update({"model": {k: v.cpu() for k, v in net.state_dict().items()}, "optimizer": opt.state_dict(), "rng": torch.get_rng_state(),
                      "config": rcfg, "input_range": input_range, "sampler_steps": steps_s})
        run.save(state)

    def validate():
        net.eval()
        with torch.no_grad():
            z = embedder(embedder_input(val, normalizer, input_range))
            x_hat = ddim_sample(denoiser, schedule, normalizer, z, steps_s)
            before = float(((x_hat - val) ** 2).mean())
            _, x_new = refine_step(net, denoiser, schedule, normalizer, val, z, x_hat, steps_s, input_range)
            after = float(((x_new.clamp(0, 1) - val) ** 2).mean())
        net.train()
        entry = {"step": state["step"], "val_mse_before": round(before, 6), "val_mse_after": round(after, 6),
                 "elapsed_s": round(state["elapsed_s"], 1)}
        state["history"].append(entry)
        with open(os.path.join(run_dir, "refiner-log.jsonl"), "a", encoding="utf-8") as f:
            f.write(json.dumps(entry) + "\n")
        log(f"refiner step {state['step']}: val MSE {before:.5f} → {after:.5f}")
        return before, after

    net.train()
    while state["step"] < rcfg["steps"] and not run.out_of_time():
        t0 = time.time()
        set_lr(opt, decayed_lr(rcfg.get("learning_rate", 3e-4), state["step"], rcfg["steps"], rcfg.get("decay_from")))
        x = images[torch.randint(0, len(images), (rcfg.get("batch_size", 16),))].to(device)
        with torch.no_grad():
            z = embedder(embedder_input(x, normalizer, input_range))
            x_hat = ddim_sample(denoiser, schedule, normalizer, z, steps_s)
        _, x_new = refine_step(net, denoiser, schedule, normalizer, x, z, x_hat, steps_s, input_range)
        loss = ((x - x_new) ** 2).mean()
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        state["step"] += 1
        progress.step("refiner", state["step"], rcfg["steps"], loss, rcfg.get("batch_size", 16))
        state["elapsed_s"] += time.time() - t0
        if state["step"] % rcfg.get("checkpoint_every", 100) == 0:
            checkpoint()
        if state["step"] % rcfg.get("validate_every", 500) == 0:
            validate()
    before, after = validate()
    checkpoint()
    return {"step": state["step"], "val_mse_before": before, "val_mse_after": after, "elapsed_s": state["elapsed_s"]}
