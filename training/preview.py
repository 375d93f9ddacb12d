"""The preview decoder: a one-pass generator G(z) ≈ DDIM_S(z) (issue #21), what the editor shows
while a slider is being dragged (the full S-step decode follows when the slider rests).

A small residual U-Net (unet.UNet without a time input) maps a seed straight to the picture the
pack's sampler makes of it. With `guide: first-step` it also reads D_1(z), the sampler's picture
after its first step (x̂_0 predicted at t = 1, one denoiser pass, a blurred sketch of the result),
and adds its output to that picture: the denoiser then carries how far-moved seeds look
(brightness, a big change of shape), which a small net trained on seeds alone gets wrong at ±3σ,
and the net only has to add the detail. Measured on the faces pack (same widths and pairs):
reading D_1(z) beside the seed without adding it lifted the ±3σ PSNR from 21.6 to 22.6 dB in
1,500 steps and levelled off; adding the output to it, from scratch, was at 23.6 after 2,500 and
rising (docs/training.md). It is trained on the cached pairs of preview_pairs.py (random,
embedded and slider-moved seeds) with an MAE loss on [0, 1] pixels, plus an optional loss on the
images' gradients (`gradient_weight`: a one-pass net trained on MAE alone tends to soften edges),
AdamW with a cosine decay at the end and EMA weights; resumable through checkpoint.Run like the
other stages. `evaluate_preview` measures it against the full decode on held-out embedded seeds
and on those seeds moved ±3σ along every direction (PSNR of the mean squared error over the set,
as the reconstruction metrics are given) and writes `preview.json` into the run folder and a
`preview` entry into its metrics.json, which the pack's metrics carry.
"""
import json
import math
import os
import time

import torch
from torch import nn

from .checkpoint import EMA, Run, latest_checkpoint, load_checkpoint
from .config import REPO_ROOT
from .diffusion import Normalizer
from .lr_schedule import decayed_lr, set_lr
from .models import count_parameters
from .preview_pairs import EVAL_VALUES, build_cache
from .unet import UNet

DEFAULTS = {
    "widths": [16, 32, 64], "block_depth": 1, "bn_momentum": 0.01, "pad_to": 0,
    "steps": 0, "batch_size": 32, "learning_rate": 2.0e-3, "weight_decay": 1.0e-4, "decay_from": 0.6,
    "ema_decay": 0.995, "gradient_weight": 0.5, "checkpoint_every": 200, "validate_every": 500,
    "pairs": {"random": 1024, "embedded": 1024, "moved": 2048},
    "slider_range": 4.0, "eval_images": 128, "eval_moved_images": 16, "cache_batch": 64,
    "init_from": None, "guide": None,
    # How often a batch draws each kind of training pair, relative to its share of the cache
    # (e.g. moved: 2 draws slider-moved seeds twice as often): where the editor decodes most.
    "pair_weights": {"random": 1.0, "embedded": 1.0, "moved": 1.0},
}

GUIDES = (None, "first-step")


def preview_config(cfg: dict) -> dict:
    pcfg = {**DEFAULTS, **(cfg.get("preview") or {})}
    pcfg["pairs"] = {**DEFAULTS["pairs"], **((cfg.get("preview") or {}).get("pairs") or {})}
    pcfg["pair_weights"] = {**DEFAULTS["pair_weights"], **((cfg.get("preview") or {}).get("pair_weights") or {})}
    if pcfg["guide"] not in GUIDES:
        raise ValueError(f"preview.guide: {pcfg['guide']!r} is not one of {list(GUIDES)}")
    return pcfg


def input_channels(pcfg: dict, channels: int) -> int:
    """The seed's channels, and D_1(z)'s beside them when guided."""
    return channels * (2 if pcfg.get("guide") == "first-step" else 1)


def build_preview(pcfg: dict, channels: int) -> UNet:
    return UNet(input_channels(pcfg, channels), channels, pcfg["widths"], pcfg["block_depth"], pad_to=pcfg.get("pad_to", 0),
                bn_momentum=pcfg.get("bn_momentum", 0.01))


class PreviewDecoder(nn.Module):
    """G as the pack ships it: seed (and, guided, the first-step picture in [0, 1]) in, [0, 1]
    pixels out (the normalization and the clip baked in, so the engine treats its output like the
    sampler's)."""

    def __init__(self, net, mean, std, clip: bool = True, guided: bool = False):
        super().__init__()
        self.net, self.clip, self.guided = net, clip, guided
        self.register_buffer("mean", torch.tensor(mean, dtype=torch.float32).view(1, -1, 1, 1))
        self.register_buffer("std", torch.tensor(std, dtype=torch.float32).view(1, -1, 1, 1))

    def forward(self, seed, first_step=None):
        if self.guided:
            if first_step is None:
                raise ValueError("a guided preview needs the first-step picture")
            guide = (first_step - self.mean) / self.std
            x = (self.net(torch.cat([seed, guide], 1)) + guide) * self.std + self.mean
        else:
            x = self.net(seed) * self.std + self.mean
        return x.clamp(0.0, 1.0) if self.clip else x


def _channel_maps(widths, block_depth: int, channels: int) -> dict:
    """For every weight of the preview UNet: (out-channel count, where each of its input channels
    sits among the layer's inputs, as (first channel, count) parts in order): concatenated skips
    in the up path make an input a sum of parts. `channels`: the stem's inputs."""
    maps, ch, skips = {"stem": (widths[0], [(0, channels)])}, widths[0], []

    def block(prefix, parts, width):
        maps[f"{prefix}.conv1"] = (width, parts)
        maps[f"{prefix}.conv2"] = (width, [(0, width)])
        maps[f"{prefix}.skip"] = (width, parts)
        maps[f"{prefix}.norm"] = (sum(n for _, n in parts), parts)

    for i, width in enumerate(widths[:-1]):
        for j in range(block_depth):
            block(f"down.{i}.{j}", [(0, ch)], width)
            ch = width
            skips.append(ch)
    for j in range(block_depth):
        block(f"middle.{j}", [(0, ch)], widths[-1])
        ch = widths[-1]
    for i, width in enumerate(reversed(widths[:-1])):
        for j in range(block_depth):
            skip = skips.pop()
            block(f"up.{i}.{j}", [(0, ch), (ch, skip)], width)
            ch = width
    maps["head"] = (None, [(0, ch)])
    return maps


def widen_into(net: UNet, widths, old: dict, old_widths, block_depth: int) -> None:
    """Starts a wider preview from a trained narrower one (same depth, every width ≥ the old one)
    computing the same function: the old weights go into the first channels of every layer, the
    new channels get their fresh random inputs from the old ones, and every weight reading a new
    channel starts at zero, so the new channels add nothing until training moves those weights.
    Guided into guided or unguided into unguided only: a guided net adds D_1(z) to its output, so
    no unguided function carries over."""
    if len(widths) != len(old_widths) or any(w < o for w, o in zip(widths, old_widths)):
        raise ValueError(f"preview.init_from: widths {list(widths)} do not widen {list(old_widths)}")
    state = net.state_dict()
    if set(state) != set(old):
        raise ValueError("preview.init_from: the checkpoint's layers differ from the new net's (block_depth, skips)")
    channels = net.stem.in_channels
    if old["stem.weight"].shape[1] != channels:
        raise ValueError("preview.init_from: a guided preview starts from a guided one, an unguided from an unguided one")
    new_maps, old_maps = _channel_maps(widths, block_depth, channels), _channel_maps(old_widths, block_depth, channels)
    with torch.no_grad():
        for key, value in state.items():
            layer, name = key.rsplit(".", 1)
            if name == "num_batches_tracked":
                continue
            # Where each old input channel of the layer sits among its new inputs.
            index = torch.cat([torch.arange(n_start, n_start + o_count)
                               for (n_start, _), (_, o_count) in zip(new_maps[layer][1], old_maps[layer][1])])
            src = old[key].float()
            if layer.endswith(".norm"):  # running statistics, one per input channel
                value[index] = src
            elif value.dim() == 4:
                new_inputs = torch.ones(value.shape[1], dtype=torch.bool)
                new_inputs[index] = False
                value[:, new_inputs] = 0.0
                rows = value[:src.shape[0]]
                rows[:, index] = src
            else:  # bias
                value[:src.shape[0]] = src
    net.load_state_dict(state)


def load_preview(cfg: dict, use_ema: bool = True):
    """(PreviewDecoder in eval mode, the checkpoint), or (None, None) when not trained."""
    state = latest_checkpoint(cfg, "preview")[1]
    if state is None:
        return None, None
    # The checkpoint says what it reads (one trained before guides existed reads the seed alone).
    pcfg = {**preview_config(cfg), **state.get("arch", {}), "guide": state.get("arch", {}).get("guide")}
    net = build_preview(pcfg, cfg["data"]["channels"])
    net.load_state_dict(state["ema"] if use_ema and "ema" in state else state["model"])
    decoder = PreviewDecoder(net, state["mean"], state["std"], guided=pcfg["guide"] == "first-step")
    decoder.eval()
    return decoder, state


def _gradient_loss(a, b):
    dx = lambda t: t[..., :, 1:] - t[..., :, :-1]  # noqa: E731
    dy = lambda t: t[..., 1:, :] - t[..., :-1, :]  # noqa: E731
    return (dx(a) - dx(b)).abs().mean() + (dy(a) - dy(b)).abs().mean()


def psnr(mse: float) -> float:
    return 10.0 * math.log10(1.0 / max(mse, 1e-12))


def pair_sampling(pcfg: dict, count: int) -> torch.Tensor:
    """Each training pair's chance of being drawn: the cache holds `pairs.random` random seeds,
    then `pairs.embedded` embedded ones, then the moved ones (plan_seeds' order)."""
    n_random, n_embedded = pcfg["pairs"]["random"], pcfg["pairs"]["embedded"]
    w = torch.full((count,), float(pcfg["pair_weights"]["moved"]))
    w[:n_random] = pcfg["pair_weights"]["random"]
    w[n_random:n_random + n_embedded] = pcfg["pair_weights"]["embedded"]
    return w / w.sum()


def _mse(decoder, cache: dict, key: str, batch: int = 256) -> torch.Tensor:
    """Per-image MSE of the decoder's pictures of cache[seeds][key] against their targets (a
    guided decoder reads the cached first-step pictures too)."""
    seeds, targets = cache["seeds"][key], cache["targets"][key]
    guides = cache["guides"][key] if decoder.guided else None
    out = []
    with torch.no_grad():
        for i in range(0, len(seeds), batch):
            x = decoder(seeds[i:i + batch].float(), None if guides is None else guides[i:i + batch].float())
            out.append(((x - targets[i:i + batch].float()) ** 2).flatten(1).mean(1))
    return torch.cat(out) if out else torch.zeros(0)


def train_preview(cfg: dict, max_minutes: float | None = None, log=print) -> dict:
    torch.set_num_threads(cfg["threads"])
    pcfg = preview_config(cfg)
    if pcfg["steps"] <= 0:
        return {"skipped": "preview.steps is 0"}
    run = Run(cfg, "preview", max_minutes, log)
    cache = build_cache(cfg, pcfg, run, log)
    if cache is None:
        return {"step": 0, "stopped": "preview pairs not finished (time limit); rerun to resume"}
    dstate = latest_checkpoint(cfg, "denoiser")[1]
    mean, std = dstate["mean"], dstate["std"]
    guided = pcfg["guide"] == "first-step"
    seeds, targets = cache["seeds"]["train"], cache["targets"]["train"]
    train_guides = cache["guides"]["train"] if guided else None
    net = build_preview(pcfg, cfg["data"]["channels"])
    opt = torch.optim.AdamW(net.parameters(), lr=pcfg["learning_rate"], weight_decay=pcfg["weight_decay"])
    state = run.load()
    arch = (state or {}).get("arch", {})
    if state is not None and (list(arch.get("widths", [])) != list(pcfg["widths"]) or arch.get("guide") != pcfg["guide"]):
        raise ValueError(f"preview: the run's checkpoint is a preview of widths {arch.get('widths')}, guide {arch.get('guide')}; "
                         f"the config asks for {pcfg['widths']}, guide {pcfg['guide']}. Move {run.path} and {run.slim_path} "
                         "aside to start afresh (preview.init_from can start from the moved one)")
    if state is None:
        torch.manual_seed(cfg["seed"] + 21)
        state = {"step": 0, "elapsed_s": 0.0, "history": []}
        if pcfg["init_from"]:
            # A wider preview started from a trained narrower one (widen_into): the new run goes
            # on from its function instead of from scratch.
            path = pcfg["init_from"] if os.path.isabs(pcfg["init_from"]) else os.path.join(REPO_ROOT, pcfg["init_from"])
            old = load_checkpoint(path)
            widen_into(net, pcfg["widths"], old.get("ema", old["model"]), old["arch"]["widths"], pcfg["block_depth"])
            state["initialized_from"] = {"widths": old["arch"]["widths"], "step": old["step"]}
            log(f"preview: widened from {path} ({old['arch']['widths']}, step {old['step']})")
        ema = EMA(net, pcfg["ema_decay"])
    else:
        run.restore(state, net, opt)
        ema = EMA(net, pcfg["ema_decay"])
        ema.shadow = state["ema"]
        torch.set_rng_state(state["rng"])
    decoder = PreviewDecoder(net, mean, std, clip=False, guided=guided)
    log(f"preview: {count_parameters(net):,} parameters, {len(seeds)} pairs, step {state['step']}/{pcfg['steps']}")

    def checkpoint():
        state.update({"model": net.state_dict(), "ema": ema.shadow, "optimizer": opt.state_dict(),
                      "rng": torch.get_rng_state(), "mean": mean, "std": std, "sampler_steps": cache["sampler_steps"],
                      "arch": {k: pcfg[k] for k in ("widths", "block_depth", "pad_to", "bn_momentum", "guide")}})
        run.save(state)

    def validate():
        shadow = PreviewDecoder(build_preview(pcfg, cfg["data"]["channels"]), mean, std, guided=guided)
        shadow.net.load_state_dict(ema.shadow)
        shadow.eval()
        mse = float(_mse(shadow, cache, "held_out").mean())
        entry = {"step": state["step"], "held_out_mse": round(mse, 6), "held_out_psnr": round(psnr(mse), 2),
                 "elapsed_s": round(state["elapsed_s"], 1)}
        state["history"].append(entry)
        with open(os.path.join(cfg["run_dir"], "preview-log.jsonl"), "a", encoding="utf-8") as f:
            f.write(json.dumps(entry) + "\n")
        log(f"preview step {state['step']}: held-out PSNR {psnr(mse):.2f} dB (EMA)")

    net.train()
    running = None
    sampling = pair_sampling(pcfg, len(seeds))
    while state["step"] < pcfg["steps"] and not run.out_of_time():
        t0 = time.time()
        set_lr(opt, decayed_lr(pcfg["learning_rate"], state["step"], pcfg["steps"], pcfg["decay_from"]))
        idx = torch.multinomial(sampling, pcfg["batch_size"], replacement=True)
        x, y = decoder(seeds[idx].float(), None if train_guides is None else train_guides[idx].float()), targets[idx].float()
        loss = (x - y).abs().mean()
        if pcfg["gradient_weight"]:
            loss = loss + pcfg["gradient_weight"] * _gradient_loss(x, y)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        state["step"] += 1
        ema.update(net, state["step"])
        state["elapsed_s"] += time.time() - t0
        running = float(loss) if running is None else 0.98 * running + 0.02 * float(loss)
        if state["step"] % 100 == 0:
            log(f"preview step {state['step']}: loss {running:.4f} ({state['elapsed_s'] / state['step']:.3f} s a step)")
        if state["step"] % pcfg["checkpoint_every"] == 0:
            checkpoint()
        if state["step"] % pcfg["validate_every"] == 0:
            validate()
    if not state["history"] or state["history"][-1]["step"] != state["step"]:
        validate()
    checkpoint()
    result = {"step": state["step"], "elapsed_s": state["elapsed_s"], "history": state["history"][-1:]}
    if state["step"] >= pcfg["steps"]:
        result["evaluation"] = evaluate_preview(cfg, cache, log)
    return result


def evaluate_preview(cfg: dict, cache: dict | None = None, log=print) -> dict:
    """PSNR of the preview against the full decode: held-out embedded seeds, and those seeds moved
    ±3σ along each direction. Written to preview.json and metrics.json's `preview`."""
    torch.set_num_threads(cfg["threads"])
    pcfg = preview_config(cfg)
    decoder, state = load_preview(cfg)
    if decoder is None:
        raise FileNotFoundError(f"{cfg['run_dir']}/preview.pt: train the preview first")
    if cache is None or (decoder.guided and "guides" not in cache):
        cache = build_cache(cfg, {**pcfg, "guide": "first-step" if decoder.guided else None}, Run(cfg, "preview", None, log), log)
    held, moved = _mse(decoder, cache, "held_out"), _mse(decoder, cache, "moved")
    directions_path = os.path.join(cfg["run_dir"], "directions.json")
    ids = []
    if os.path.exists(directions_path):
        with open(directions_path, encoding="utf-8") as f:
            ids = [d["id"] for d in json.load(f)]
    per_direction = {}
    for k, direction_id in enumerate(ids):
        for value in EVAL_VALUES:
            mask = torch.tensor([key == (k, value) for key in cache["moved_keys"]])
            if mask.any():
                per_direction[f"{direction_id}@{value:+g}"] = round(psnr(float(moved[mask].mean())), 2)
    out = {
        "network": "preview.onnx", "steps": state["step"], "parameters": count_parameters(decoder.net),
        "guide": "first-step" if decoder.guided else None,
        "heldOut": {"images": len(held), "mse": round(float(held.mean()), 6), "psnr": round(psnr(float(held.mean())), 2)},
        "moved": {"images": len(moved), "values": list(EVAL_VALUES),
                  "mse": round(float(moved.mean()), 6) if len(moved) else None,
                  "psnr": round(psnr(float(moved.mean())), 2) if len(moved) else None,
                  "worstPsnr": min(per_direction.values()) if per_direction else None,
                  "perDirection": per_direction},
        "target": "psnr >= 24 dB against the full decode",
    }
    if state.get("initialized_from"):
        out["widenedFrom"] = state["initialized_from"]
    with open(os.path.join(cfg["run_dir"], "preview.json"), "w", encoding="utf-8") as f:
        json.dump(out, f, indent=2)
    metrics_path = os.path.join(cfg["run_dir"], "metrics.json")
    if os.path.exists(metrics_path):
        with open(metrics_path, encoding="utf-8") as f:
            metrics = json.load(f)
        metrics["preview"] = out
        with open(metrics_path, "w", encoding="utf-8") as f:
            json.dump(metrics, f, indent=2)
    report_dir = (cfg.get("evaluation") or {}).get("report_dir")
    if report_dir:
        write_markdown(out, os.path.join(report_dir if os.path.isabs(report_dir) else os.path.join(REPO_ROOT, report_dir), "preview.md"))
    log(f"preview: held-out PSNR {out['heldOut']['psnr']} dB, moved ±3σ {out['moved']['psnr']} dB")
    return out


def write_markdown(out: dict, path: str) -> None:
    """The preview's part of the evaluation report, beside report.md."""
    lines = ["# Preview decoder against the full decode", "",
             f"`preview.onnx`, {out['parameters']:,} parameters, {out['steps']} training steps: PSNR of its "
             "picture against the 10-step decode of the same seed (target ≥ 24 dB)."
             + (f" Widened from the {out['widenedFrom']['step']}-step preview of widths {out['widenedFrom']['widths']}"
                " (its function kept, training went on from there)." if out.get("widenedFrom") else "")
             + (" Guided: it reads the seed and the sampler's one-step picture D_1(z) (one denoiser pass), so a"
                " preview costs that pass and its own." if out.get("guide") else ""), "",
             "| seeds | images | MSE | PSNR (dB) |", "| --- | --- | --- | --- |",
             f"| held-out test images, embedded | {out['heldOut']['images']} | {out['heldOut']['mse']:.5f} | {out['heldOut']['psnr']:.2f} |"]
    moved = out["moved"]
    if moved["images"]:
        lines.append(f"| those moved ±3σ along each direction | {moved['images']} | {moved['mse']:.5f} | {moved['psnr']:.2f} |")
        lines += ["", "| direction at | PSNR (dB) |", "| --- | --- |"]
        lines += [f"| {k} | {v:.2f} |" for k, v in moved["perDirection"].items()]
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
