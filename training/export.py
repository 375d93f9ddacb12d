"""Exports a model pack: denoiser.onnx, embedder.onnx, refiner.onnx (if trained), directions.bin
and pack.json, validated against training/pack.schema.json (generated from the TypeScript zod
schema, the single source of truth) and checked with onnx.checker; then writes the slim
checkpoints of the run (checkpoint.write_slim), the ones to commit with the pack."""
import hashlib
import json
import os
import shutil

import numpy as np
import torch
from torch import nn

from .checkpoint import has_checkpoint, write_slim
from .config import REPO_ROOT
from .data import load_dataset
from .models import count_parameters, load_denoiser, load_embedder
from .scorer import direction_attribute, direction_specs, export_scorer

OPSET = 17
SCHEMA_PATH = os.path.join(REPO_ROOT, "training", "pack.schema.json")


class PixelsIn(nn.Module):
    """Bakes the pack's normalization into the graph so the engine feeds [0,1] pixels as they are."""

    def __init__(self, net, mean, std, two_inputs: bool = False):
        super().__init__()
        self.net = net
        self.two_inputs = two_inputs
        self.register_buffer("mean", torch.tensor(mean, dtype=torch.float32).view(1, -1, 1, 1))
        self.register_buffer("std", torch.tensor(std, dtype=torch.float32).view(1, -1, 1, 1))

    def forward(self, image, reconstruction=None):
        x = (image - self.mean) / self.std
        if self.two_inputs:
            x = torch.cat([x, (reconstruction - self.mean) / self.std], 1)
        return self.net(x)


def _export(module, args, path, input_names, output_names):
    import onnx

    import warnings

    module.eval()
    warnings.filterwarnings("ignore", category=UserWarning)
    warnings.filterwarnings("ignore", category=torch.jit.TracerWarning)
    axes = {name: {0: "batch"} for name in input_names + output_names}
    with torch.no_grad():
        torch.onnx.export(module, args, path, input_names=input_names, output_names=output_names,
                          dynamic_axes=axes, opset_version=OPSET, do_constant_folding=True)
    model = onnx.load(path)
    onnx.checker.check_model(model, full_check=True)


def _sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _spec(name, shape):
    return {"name": name, "shape": ["batch", *shape[1:]]}


def finite(value):
    """NaN and infinities become null: JSON has no such numbers and JSON.parse refuses them."""
    if isinstance(value, float):
        return value if np.isfinite(value) else None
    if isinstance(value, dict):
        return {k: finite(v) for k, v in value.items()}
    if isinstance(value, list):
        return [finite(v) for v in value]
    return value


def validate_pack_json(pack: dict) -> None:
    import jsonschema

    with open(SCHEMA_PATH, encoding="utf-8") as f:
        schema = json.load(f)
    jsonschema.validate(pack, schema)


def export_pack(cfg: dict, out_dir: str | None = None, log=print) -> dict:
    meta = cfg.get("pack", {})
    pack_id = meta.get("id", cfg["name"])
    out_dir = out_dir or os.path.join(REPO_ROOT, "models", pack_id)
    tmp_dir = out_dir.rstrip("/") + ".partial"
    shutil.rmtree(tmp_dir, ignore_errors=True)
    os.makedirs(tmp_dir)
    run_dir = cfg["run_dir"]
    c, size = cfg["data"]["channels"], cfg["data"]["image_size"]
    shape = (1, c, size, size)

    denoiser, normalizer, dstate = load_denoiser(cfg)
    mean, std = dstate["mean"], dstate["std"]
    x = torch.rand(shape)
    v = torch.full((1, 1, 1, 1), 0.5)
    _export(denoiser, (x, v), os.path.join(tmp_dir, "denoiser.onnx"), ["x", "noise_variance"], ["eps"])
    networks = {"denoiser": {
        "file": "denoiser.onnx", "opset": OPSET, "parameters": count_parameters(denoiser),
        "inputs": {"noisy": _spec("x", shape), "noiseVariance": _spec("noise_variance", (1, 1, 1, 1))},
        "outputs": {"eps": _spec("eps", shape)},
    }}

    embedder, estate = load_embedder(cfg)
    _export(PixelsIn(embedder, mean, std), (x,), os.path.join(tmp_dir, "embedder.onnx"), ["image"], ["seed"])
    networks["embedder"] = {
        "file": "embedder.onnx", "opset": OPSET, "parameters": count_parameters(embedder),
        "inputs": {"image": _spec("image", shape)}, "outputs": {"seed": _spec("seed", shape)},
        "inputRange": "pixels", "trainedSteps": estate["sampler_steps"],
    }
    if has_checkpoint(cfg, "refiner"):
        refiner, rstate = load_embedder(cfg, refiner=True)
        _export(PixelsIn(refiner, mean, std, two_inputs=True), (x, x), os.path.join(tmp_dir, "refiner.onnx"),
                ["image", "reconstruction"], ["seed_delta"])
        networks["refiner"] = {
            "file": "refiner.onnx", "opset": OPSET, "parameters": count_parameters(refiner),
            "inputs": {"image": _spec("image", shape), "reconstruction": _spec("reconstruction", shape)},
            "outputs": {"seedDelta": _spec("seed_delta", shape)},
            "inputRange": "pixels", "trainedSteps": rstate["sampler_steps"],
        }
    # The attribute scorer locks measure classifier attributes with (scorer.py), when trained.
    scorer = export_scorer(cfg, os.path.join(tmp_dir, "attributes.onnx"), _export)
    if scorer:
        networks["attributes"] = scorer
    # The optional one-pass preview decoder (preview.py), when the run has trained one.
    from .preview_export import preview_entry, write_preview_slim
    preview = preview_entry(cfg, tmp_dir, _export, log)
    if preview:
        networks["preview"] = preview
    for net in networks.values():
        net["sha256"] = _sha256(os.path.join(tmp_dir, net["file"]))

    with open(os.path.join(run_dir, "directions.json"), encoding="utf-8") as f:
        directions = json.load(f)
    vectors = np.load(os.path.join(run_dir, "directions.npy")).astype("<f4")
    vectors.tofile(os.path.join(tmp_dir, "directions.bin"))
    metrics = {}
    metrics_path = os.path.join(run_dir, "metrics.json")
    if os.path.exists(metrics_path):
        with open(metrics_path, encoding="utf-8") as f:
            metrics = json.load(f)
    if preview and os.path.exists(os.path.join(run_dir, "preview.json")):
        with open(os.path.join(run_dir, "preview.json"), encoding="utf-8") as f:
            metrics["preview"] = json.load(f)

    specs = {spec["id"]: spec for spec in direction_specs(cfg)}
    outputs = {k: v["classes"] for k, v in scorer["outputs"].items()} if scorer else None
    s = cfg["schedule"]
    pack = {
        "schemaVersion": 1, "id": pack_id, "name": meta.get("name", cfg["name"]),
        "version": meta.get("version", "0.1.0"), "description": meta.get("description", ""),
        "license": meta.get("license", "MIT"),
        **({"attribution": meta["attribution"]} if "attribution" in meta else {}),
        "trainingData": {**meta.get("training_data", {"name": cfg["data"]["kind"], "source": "", "license": ""}),
                         "images": len(load_dataset(cfg["data"], "train")[0])},
        "image": {"width": size, "height": size, "channels": c},
        "normalization": {"mean": mean, "std": std},
        "schedule": {"kind": "cosine-angle", "minSignalRate": s["min_signal_rate"], "maxSignalRate": s["max_signal_rate"]},
        "sampler": {"defaultSteps": cfg["sampler_steps"]},
        "networks": networks,
        "preprocess": meta.get("preprocess", {"colorspace": "gray" if c == 1 else "rgb", "fit": "contain", "trim": True,
                                              "background": "#ffffff", "negate": c == 1, "margin": 0.0}),
        "directions": {"file": "directions.bin", "items": [
            {**{k: d[k] for k in ("id", "label", "description", "min", "max", "method", "source", "sigma", "index", "effect")},
             "attribute": direction_attribute(specs.get(d["id"], {}), d["method"], outputs)}
            for d in directions]},
        "metrics": metrics,
    }
    pack["metrics"] = finite(pack["metrics"])
    validate_pack_json(pack)
    with open(os.path.join(tmp_dir, "pack.json"), "w", encoding="utf-8") as f:
        json.dump(pack, f, indent=2, allow_nan=False)
        f.write("\n")
    # Swap the finished folder into place only once everything in it is written and checked.
    if os.path.exists(out_dir):
        shutil.rmtree(out_dir)
    os.replace(tmp_dir, out_dir)
    sizes = {name: os.path.getsize(os.path.join(out_dir, name)) for name in os.listdir(out_dir)}
    log(f"exported {pack_id} to {out_dir}: {sum(sizes.values()) / 1e6:.2f} MB")
    # The pack ships: slim copies of the checkpoints it came from go into the run folder, to be
    # committed with it (checkpoint.py); the resumable ones stay in the state folder.
    slim = write_slim(cfg, log=log)
    if preview:
        slim.append(write_preview_slim(cfg, log))
    return {"out": out_dir, "bytes": sizes, "slim": slim}
