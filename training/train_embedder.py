"""Trains the embedding network E(x) → z so that DDIM_S(E(x)) ≈ x (Asperti et al. 2023).

Two stages, both resumable:
1. pairs: regression onto the seeds of generated pairs (z ~ N(0, I), x = DDIM_S(z), forward passes
   only): a cheap warm start.
2. end-to-end: the paper's training through the frozen S-step sampler on real images, loss
   between x and DDIM_S(E(x)). This is the stage that matters.
"""
import json
import os
import time

import torch

from . import progress
from .device import pick_device
from .checkpoint import Run, load_checkpoint
from .config import REPO_ROOT
from .data import augment, load_dataset
from .diffusion import ddim_sample
from .images import save_grid, seed_to_image
from .lr_schedule import decayed_lr, set_lr
from .models import build_embedder, count_parameters, embedder_input, load_denoiser
from .schedule import schedule_from


def reconstruction_loss(kind: str, x, x_hat):
    return (x - x_hat).abs().mean() if kind == "mae" else ((x - x_hat) ** 2).mean()


def generated_pairs(denoiser, schedule, normalizer, cfg, count: int, path: str, device="cpu"):
    """A pool of (x, z) pairs, cached on disk: the pool costs S passes an image to make."""
    if os.path.exists(path):
        pool = torch.load(path)
        if len(pool["z"]) >= count:
            return pool["x"][:count], pool["z"][:count]
    c, size = cfg["data"]["channels"], cfg["data"]["image_size"]
    g = torch.Generator().manual_seed(cfg["seed"] + 17)
    # Small batches: on a 2-core CPU a 64×64 pass at batch 256 is far slower per image than at 32.
    batch = cfg["embedder"]["pairs"].get("generate_batch", 256)
    xs, zs = [], []
    with torch.no_grad():
        for start in range(0, count, batch):
            z = torch.randn(min(batch, count - start), c, size, size, generator=g)
            xs.append(ddim_sample(denoiser, schedule, normalizer, z.to(device), cfg["sampler_steps"]).cpu())
            zs.append(z)
    pool = {"x": torch.cat(xs), "z": torch.cat(zs)}
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = path + ".tmp"
    torch.save(pool, tmp)
    os.replace(tmp, path)
    return pool["x"], pool["z"]


def train_embedder(cfg: dict, max_minutes: float | None = None, log=print) -> dict:
    torch.set_num_threads(cfg["threads"])
    ecfg = cfg["embedder"]
    run_dir = cfg["run_dir"]
    run = Run(cfg, "embedder", max_minutes, log)
    device = pick_device(cfg)
    denoiser, normalizer, _ = load_denoiser(cfg, device=device)
    schedule = schedule_from(cfg)
    steps_s = cfg["sampler_steps"]
    input_range = ecfg.get("input_range", "normalized")
    images, _ = load_dataset(cfg["data"], "train")
    test_images, _ = load_dataset(cfg["data"], "test")
    val = test_images[:256].to(device)

    net = build_embedder(ecfg, images.shape[1]).to(device)
    state = run.load()
    if state is None:
        torch.manual_seed(cfg["seed"] + 1)
        state = {"stage": "pairs", "pairs_step": 0, "e2e_step": 0, "elapsed_s": {"pairs": 0.0, "end_to_end": 0.0},
                 "history": []}
        if ecfg.get("init_from"):
            # A warm start (e.g. an embedder trained against an earlier denoiser): its weights,
            # straight into the end-to-end stage against this run's denoiser.
            source = ecfg["init_from"]
            source = source if os.path.isabs(source) else os.path.join(REPO_ROOT, source)
            net.load_state_dict(load_checkpoint(source)["model"])
            state.update({"stage": "end_to_end", "init_from": ecfg["init_from"]})
            log(f"embedder initialised from {ecfg['init_from']}")
    else:
        run.restore(state, net)
        torch.set_rng_state(state["rng"])
        if state["stage"] == "done" and state["e2e_step"] < ecfg["end_to_end"]["steps"]:
            # More end-to-end steps in the config (e.g. against a denoiser trained further): go on.
            state["stage"] = "end_to_end"
        log(f"resumed embedder: {state['stage']} pairs {state['pairs_step']} end-to-end {state['e2e_step']}")
    log(f"embedder: {count_parameters(net):,} parameters")

    def checkpoint(opt):
        state.update({"model": {k: v.cpu() for k, v in net.state_dict().items()}, "optimizer": opt.state_dict(), "rng": torch.get_rng_state(),
                      "config": ecfg, "sampler_steps": steps_s, "input_range": input_range})
        run.save(state)

    def validate(stage, step):
        net.eval()
        with torch.no_grad():
            z = net(embedder_input(val, normalizer, input_range))
            x_hat = ddim_sample(denoiser, schedule, normalizer, z, steps_s)
            mse = float(((x_hat - val) ** 2).mean())
        net.train()
        state["history"].append({"stage": stage, "step": step, "val_mse": round(mse, 6),
                                 "seed_std": round(float(z.std()), 4), "elapsed_s": dict(state["elapsed_s"])})
        with open(os.path.join(run_dir, "embedder-log.jsonl"), "a", encoding="utf-8") as f:
            f.write(json.dumps(state["history"][-1]) + "\n")
        log(f"{stage} step {step}: val MSE {mse:.5f}, seed std {float(z.std()):.3f}")
        return mse, z, x_hat

    # Stage 1: regression onto generated pairs.
    pcfg = ecfg["pairs"]
    if state["stage"] == "pairs" and pcfg["steps"] > 0:
        log(f"embedder: a pool of {pcfg.get('pool', 4096)} generated pairs ({steps_s} sampler passes each; made once)")
        pool_x, pool_z = generated_pairs(denoiser, schedule, normalizer, cfg, pcfg.get("pool", 4096),
                                         os.path.join(cfg["state_dir"], "pairs-pool.pt"), device)
        opt = torch.optim.AdamW(net.parameters(), lr=pcfg["learning_rate"], weight_decay=1e-4)
        if "optimizer" in state and state["pairs_step"] > 0:
            opt.load_state_dict(state["optimizer"])
        net.train()
        while state["pairs_step"] < pcfg["steps"] and not run.out_of_time():
            t0 = time.time()
            idx = torch.randint(0, len(pool_x), (pcfg["batch_size"],))
            x, z = pool_x[idx].to(device), pool_z[idx].to(device)
            loss = ((net(embedder_input(x, normalizer, input_range)) - z) ** 2).mean()
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            state["pairs_step"] += 1
            progress.step("embedder-pairs", state["pairs_step"], pcfg["steps"], loss, pcfg["batch_size"])
            state["elapsed_s"]["pairs"] += time.time() - t0
            if state["pairs_step"] % ecfg["checkpoint_every"] == 0:
                checkpoint(opt)
        if state["pairs_step"] >= pcfg["steps"]:
            validate("pairs", state["pairs_step"])
            state["stage"] = "end_to_end"
            state.pop("optimizer", None)
        checkpoint(opt)
    elif state["stage"] == "pairs":
        state["stage"] = "end_to_end"

    # Stage 2: end-to-end through the frozen sampler on real images.
    ecfg2 = ecfg["end_to_end"]
    opt = torch.optim.AdamW(net.parameters(), lr=ecfg2["learning_rate"], weight_decay=1e-4)
    if state["stage"] == "end_to_end" and state["e2e_step"] > 0 and "optimizer" in state:
        opt.load_state_dict(state["optimizer"])
    net.train()
    loss_kind = ecfg.get("loss", "mse")
    while state["stage"] == "end_to_end" and state["e2e_step"] < ecfg2["steps"] and not run.out_of_time():
        t0 = time.time()
        set_lr(opt, decayed_lr(ecfg2["learning_rate"], state["e2e_step"], ecfg2["steps"], ecfg2.get("decay_from")))
        idx = torch.randint(0, len(images), (ecfg2["batch_size"],))
        x = images[idx]
        x = augment(x, cfg["data"])
        x = x.to(device)
        z = net(embedder_input(x, normalizer, input_range))
        # Unclipped output: clamping would stop the gradient of every saturated pixel.
        x_hat = ddim_sample(denoiser, schedule, normalizer, z, steps_s, clip=False)
        loss = reconstruction_loss(loss_kind, x, x_hat) + ecfg["latent_penalty"] * (z ** 2).mean()
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        state["e2e_step"] += 1
        progress.step("embedder", state["e2e_step"], ecfg2["steps"], loss, ecfg2["batch_size"])
        state["elapsed_s"]["end_to_end"] += time.time() - t0
        if state["e2e_step"] % ecfg["checkpoint_every"] == 0:
            checkpoint(opt)
        if state["e2e_step"] % ecfg2.get("validate_every", 500) == 0:
            validate("end_to_end", state["e2e_step"])
    if state["stage"] == "end_to_end" and state["e2e_step"] >= ecfg2["steps"]:
        state["stage"] = "done"
    mse, z, x_hat = validate(state["stage"], state["e2e_step"])
    checkpoint(opt)
    n = 16
    save_grid(torch.cat([val[:n], seed_to_image(z[:n]), x_hat[:n]]).cpu(),
              os.path.join(run_dir, "samples", "embedder.png"), n, scale=2)
    return {"stage": state["stage"], "pairs_step": state["pairs_step"], "e2e_step": state["e2e_step"],
            "val_mse": mse, "elapsed_s": state["elapsed_s"]}
