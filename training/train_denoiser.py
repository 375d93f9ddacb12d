"""Trains the DDIM denoiser: noise prediction with MAE loss, AdamW, EMA weights (the paper's
Keras recipe), in resumable chunks."""
import json
import os
import time

import torch

from . import distributed, progress
from .device import pick_device
from .checkpoint import EMA, Run
from .data import augment, channel_stats, load_dataset
from .diffusion import Normalizer, ddim_sample
from .images import save_grid
from .lr_schedule import decayed_lr, set_lr
from .models import build_denoiser, count_parameters
from .schedule import schedule_from


def train_denoiser(cfg: dict, max_minutes: float | None = None, log=print) -> dict:
    torch.set_num_threads(cfg["threads"])
    dcfg = cfg["denoiser"]
    run_dir = cfg["run_dir"]
    run = Run(cfg, "denoiser", max_minutes, log)
    images, _ = load_dataset(cfg["data"], "train")
    channels = images.shape[1]
    schedule = schedule_from(cfg)

    device = pick_device(cfg)
    net = build_denoiser(dcfg, channels).to(device)
    # Under torch.distributed.run: DDP, each rank a share of the batch (distributed.py).
    model = distributed.wrap(net, device)
    batch = distributed.local_batch(dcfg["batch_size"])
    opt = torch.optim.AdamW(net.parameters(), lr=dcfg["learning_rate"], weight_decay=dcfg["weight_decay"])
    state = run.load()
    if state is not None:
        run.restore(state, net, opt)
        ema = EMA(net, dcfg["ema_decay"])
        ema.shadow = {k: v.to(device) for k, v in state["ema"].items()}
        step, mean, std = state["step"], state["mean"], state["std"]
        torch.set_rng_state(state["rng"])
        log(f"resumed denoiser at step {step}")
    else:
        torch.manual_seed(cfg["seed"])
        ema = EMA(net, dcfg["ema_decay"])
        step = 0
        mean, std = channel_stats(images)
        state = {"elapsed_s": 0.0}
    distributed.seed_rank(cfg["seed"], step)
    normalizer = Normalizer(mean, std)
    log(f"denoiser: {count_parameters(net):,} parameters, {len(images):,} images, step {step}/{dcfg['steps']} on {device}")

    def checkpoint():
        if not distributed.is_main():
            return
        run.save({
            "model": net.state_dict(), "ema": ema.shadow, "optimizer": opt.state_dict(),
            "step": step, "mean": mean, "std": std, "rng": torch.get_rng_state(),
            "config": dcfg, "elapsed_s": elapsed,
        })

    elapsed = state.get("elapsed_s", 0.0)
    log_path = os.path.join(run_dir, "denoiser-log.jsonl")
    os.makedirs(run_dir, exist_ok=True)
    running = None
    net.train()
    while step < dcfg["steps"] and not distributed.any_rank(run.out_of_time()):
        t0 = time.time()
        # Constant rate unless the config sets decay_from: the configs trained before it stay as they were.
        set_lr(opt, decayed_lr(dcfg["learning_rate"], step, dcfg["steps"], dcfg.get("decay_from")))
        idx = torch.randint(0, len(images), (batch,))
        x = images[idx]
        x = augment(x, cfg["data"])
        x = normalizer.normalize(x.to(device))
        noises = torch.randn_like(x)
        times = torch.rand(len(x), 1, 1, 1).to(device)
        noise_rates, signal_rates = schedule.rates(times)
        noise_rates, signal_rates = noise_rates.float(), signal_rates.float()
        noisy = signal_rates * x + noise_rates * noises
        loss = (model(noisy, noise_rates ** 2) - noises).abs().mean()
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        step += 1
        ema.update(net, step)
        elapsed += time.time() - t0
        value = distributed.mean(loss.item())
        running = value if running is None else 0.98 * running + 0.02 * value
        progress.step("denoiser", step, dcfg["steps"], running, dcfg["batch_size"])
        if step % 50 == 0 and distributed.is_main():
            with open(log_path, "a", encoding="utf-8") as f:
                f.write(json.dumps({"step": step, "loss": round(running, 5), "elapsed_s": round(elapsed, 1)}) + "\n")
        if step % dcfg["checkpoint_every"] == 0:
            checkpoint()
        if distributed.is_main() and (step % dcfg["sample_every"] == 0 or (step == dcfg["steps"] and step >= dcfg["sample_every"])):
            write_samples(net, ema, schedule, normalizer, cfg, step, channels, images.shape[-1])
            net.train()
            log(f"step {step}: loss {running:.4f}, {elapsed / 60:.1f} min")
    checkpoint()
    return {"step": step, "loss": running, "elapsed_s": elapsed}


def write_samples(net, ema, schedule, normalizer, cfg, step, channels, size):
    """Grids from the raw and the EMA weights for the same seeds."""
    device = next(net.parameters()).device
    eval_net = build_denoiser(cfg["denoiser"], channels).to(device)
    g = torch.Generator().manual_seed(1234)
    z = torch.randn(64, channels, size, size, generator=g).to(device)
    with torch.no_grad():
        for name, weights in (("raw", net.state_dict()), ("ema", ema.shadow)):
            eval_net.load_state_dict(weights)
            eval_net.eval()
            out = ddim_sample(eval_net, schedule, normalizer, z, cfg["sampler_steps"])
            save_grid(out.cpu(), os.path.join(cfg["run_dir"], "samples", f"denoiser-{name}.png"), 8, scale=2)
