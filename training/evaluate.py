"""Evaluation on the test split: reconstruction per embedding method (MSE, PSNR, network passes,
time per image), gradient descent as a curve, seed statistics, generation scores, figures and a
markdown report; the numbers go into metrics.json, which the exporter writes into pack.json."""
import json
import math
import os
import time

import numpy as np
import torch

from .attribute_classifier import head_masks, head_metrics, predict
from .checkpoint import has_checkpoint
from .data import FASHION_CLASSES, load_dataset, load_labels
from .edits import apply_sliders
from .generation import generation_metrics
from .images import save_grid, seed_to_image
from .methods import Methods, per_image_mse
from .models import load_attribute_classifier, load_classifier, load_denoiser, load_embedder
from .report import write_report
from .schedule import schedule_from


def summarize(mse: torch.Tensor, passes: int, seconds: float) -> dict:
    psnr = 10 * torch.log10(1.0 / mse.clamp(min=1e-10))
    return {"images": len(mse), "mse": round(float(mse.mean()), 6), "psnr": round(float(psnr.mean()), 3),
            "psnrOfMeanMse": round(10 * math.log10(1.0 / float(mse.mean())), 3),
            "networkPasses": passes, "msPerImage": round(1000 * seconds / len(mse), 3)}


def run_method(fn, images, batch: int = 64):
    # Batches of 64, as in training: at 500 images a batch the CPU convolutions ran at least twice
    # as slow per image on the 2-core machine (the network on 2,000 images: > 4.5 min against 2.3).
    t0 = time.time()
    errs, seeds, recons, passes = [], [], [], 0
    for i in range(0, len(images), batch):
        x = images[i:i + batch]
        z, x_hat, passes = fn(x)
        errs.append(per_image_mse(x_hat, x))
        seeds.append(z)
        recons.append(x_hat)
    return torch.cat(seeds), torch.cat(recons), torch.cat(errs), passes, time.time() - t0


def decoded_accuracy(cfg: dict, recon: torch.Tensor) -> dict | None:
    """The attribute classifier's balanced accuracy per head on the network's reconstructions of
    the test images. The slider checks classify decoded images, so this, not the accuracy on the
    originals, says how far a check can be trusted. None (per head) where the head's test images
    hold a single class."""
    loaded = load_attribute_classifier(cfg)
    labels = load_labels(cfg["data"], "test")
    if not loaded or not labels:
        return None
    net, classes = loaded
    labels = {k: v[: len(recon)] for k, v in labels.items()}
    masks = head_masks((cfg.get("attributes") or {}).get("where"), classes, labels)
    out = {}
    for k, p in predict(net, recon).items():
        target = labels[k][masks[k]]
        out[k] = head_metrics(p[masks[k]], target)["balancedAccuracy"] if len(target.unique()) > 1 else None
    return out


def evaluate(cfg: dict, log=print) -> dict:
    torch.set_num_threads(cfg["threads"])
    ecfg = cfg["evaluation"]
    run_dir = cfg["run_dir"]
    denoiser, normalizer, dstate = load_denoiser(cfg)
    embedder, estate = load_embedder(cfg)
    refiner = load_embedder(cfg, refiner=True)[0] if has_checkpoint(cfg, "refiner") else None
    steps = cfg["sampler_steps"]
    m = Methods(denoiser, embedder, refiner, schedule_from(cfg), normalizer, steps,
                estate.get("input_range", "normalized"))
    test, labels = load_dataset(cfg["data"], "test")
    test = test[: ecfg["test_images"]]
    metrics = {"evaluatedAt": time.strftime("%Y-%m-%d"), "sampleSteps": steps, "reconstruction": {}}

    seeds, recon, err, passes, secs = run_method(m.network, test)
    metrics["reconstruction"]["network"] = summarize(err, passes, secs)
    metrics["seedStats"] = {"mean": round(float(seeds.mean()), 4), "std": round(float(seeds.std()), 4),
                            "normOverSqrtDim": round(float(seeds.flatten(1).norm(dim=1).mean() / math.sqrt(seeds[0].numel())), 4)}
    log(f"network: {metrics['reconstruction']['network']}")
    if refiner is not None:
        # Refinement costs 4× the network's passes: on a 2-core CPU it is measured on a prefix.
        _, refined, err_r, passes_r, secs_r = run_method(m.refine, test[: ecfg.get("refine_images", len(test))])
        metrics["reconstruction"]["refine"] = summarize(err_r, passes_r, secs_r)
        log(f"refine: {metrics['reconstruction']['refine']}")
    _, inverted, err_i, passes_i, secs_i = run_method(m.inversion, test)
    metrics["reconstruction"]["inversion"] = summarize(err_i, passes_i, secs_i)
    log(f"inversion: {metrics['reconstruction']['inversion']}")

    gd = ecfg["gradient_descent"]
    t0 = time.time()
    _, gd_recon, curve = m.gradient_descent(test[: gd["images"]], gd["iterations"])
    gd_err = per_image_mse(gd_recon, test[: gd["images"]])
    metrics["reconstruction"]["gradientDescent"] = {
        **summarize(gd_err, 2 * steps * gd["iterations"], time.time() - t0),
        "iterations": gd["iterations"], "curve": [{"iteration": i, "mse": round(e, 6)} for i, e in curve]}
    log(f"gradient descent: {metrics['reconstruction']['gradientDescent']}")

    report_dir = ecfg.get("report_dir") or os.path.join(run_dir, "report")
    figures = {}
    n = 10
    figures["embedding"] = os.path.join(report_dir, "embedding-examples.png")
    save_grid(torch.cat([test[:n], seed_to_image(seeds[:n]), recon[:n]]), figures["embedding"], n, scale=3)

    g = torch.Generator().manual_seed(cfg["seed"] + 99)
    count = ecfg.get("generation_samples", 1000)
    shape = (count, *test.shape[1:])
    z = torch.randn(shape, generator=g)
    with torch.no_grad():
        generated = torch.cat([m.decode(z[i:i + 500]) for i in range(0, count, 500)])
    figures["samples"] = os.path.join(report_dir, "samples.png")
    save_grid(generated[:64], figures["samples"], 8, scale=3)
    if has_checkpoint(cfg, "classifier"):
        classifier = load_classifier(cfg)
        metrics["generation"] = generation_metrics(classifier, generated, load_dataset(
            {**cfg["data"], "limit_test": None}, "test")[0])
        with open(os.path.join(run_dir, "classifier.json"), encoding="utf-8") as f:
            metrics["classifier"] = json.load(f)
        log(f"generation: {metrics['generation']}")

    directions_path = os.path.join(run_dir, "directions.json")
    if os.path.exists(directions_path):
        with open(directions_path, encoding="utf-8") as f:
            directions = json.load(f)
        vectors = torch.from_numpy(np.load(os.path.join(run_dir, "directions.npy")))
        # Each row spans its slider's whole range (min … max in 7 steps), as the user can move it.
        columns = 7
        strip = []
        with torch.no_grad():
            for d in directions:
                # A direction about a kind of image (smile: the smileys) starts from one of its own.
                base = seeds[d.get("stripImage", ecfg.get("slider_image", 0))][None]
                for v in np.linspace(d.get("min", -3.0), d.get("max", 3.0), columns).tolist():
                    strip.append(m.decode(apply_sliders(base, [vectors[d["index"]]], [d["sigma"]], [v])))
        figures["sliders"] = os.path.join(report_dir, "slider-strips.png")
        save_grid(torch.cat(strip), figures["sliders"], columns, scale=3)
        metrics["directions"] = [{"id": d["id"], "effect": d["effect"], "curve": d.get("curve"),
                                  **({"check": d["check"]} if d.get("check") else {})} for d in directions]
    attributes_path = os.path.join(run_dir, "attributes.json")
    if os.path.exists(attributes_path):
        with open(attributes_path, encoding="utf-8") as f:
            summary = json.load(f)
        metrics["attributeClassifier"] = {k: summary.get(k) for k in (
            "step", "testAccuracy", "testBalancedAccuracy", "meanTestBalancedAccuracy")}
        metrics["attributeClassifier"]["trainBalancedAccuracy"] = {
            k: h["train"]["balancedAccuracy"] for k, h in summary.get("heads", {}).items()}
        decoded = decoded_accuracy(cfg, recon)
        if decoded:
            metrics["attributeClassifier"]["reconstructedTestBalancedAccuracy"] = decoded

    metrics_path = os.path.join(run_dir, "metrics.json")
    with open(metrics_path, "w", encoding="utf-8") as f:
        json.dump(metrics, f, indent=2)
    write_report(cfg, metrics, figures, os.path.join(report_dir, "report.md"),
                 classes=FASHION_CLASSES if cfg["data"]["kind"] == "fashion-mnist" else None)
    return metrics
