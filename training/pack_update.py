"""Brings a shipped pack (and its run folder) up to what the exporter now writes, without
re-exporting the denoiser and embedder (their files, hashes and measured metrics stay):

1. Signs: an attribute direction's measured effect must move its attribute the way its config
   `sign` says (directions.py multiplies the regression vector by it). Where it does not (the
   Fashion-MNIST "darker" direction, exported with sign -1 before the picture's colours were
   settled: the model sees garments negated, so lower object-intensity in the model is a LIGHTER
   garment in the photo), the direction is negated: its unit vector in directions.npy and
   directions.bin, its effect per unit, and its measured curve (value v becomes -v). Idempotent:
   a direction that agrees is left alone.
2. Attributes: each direction's `attribute` (scorer.direction_attribute), what a lock measures.
3. Scorer: the run's classifier exported as attributes.onnx, pack.json networks.attributes.

Every file is written to a temp file and renamed. `python3 -m training update-pack --config ...
[--out models/<id>]`."""
import hashlib
import json
import os

import numpy as np

from .config import REPO_ROOT
from .scorer import direction_attribute, direction_specs, export_scorer


def _write_json(path: str, data) -> None:
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(data, f, indent=2, allow_nan=False)
        f.write("\n")
    os.replace(tmp, path)


def _sha256(path: str) -> str:
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def flipped_curve(curve: dict | None) -> dict | None:
    """The curve of the negated direction: the attribute at slider value v is the old one at -v."""
    if not curve:
        return curve
    old = dict(zip(curve["values"], curve["attribute"]))
    if any(-v not in old for v in curve["values"]):
        return None  # not symmetric: no longer known
    return {"values": list(curve["values"]), "attribute": [old[-v] for v in curve["values"]]}


def wrong_sign(spec: dict, direction: dict) -> bool:
    """An image-attribute direction whose measured effect disagrees with its config sign."""
    effect = direction.get("effect") or {}
    return ("attribute" in spec and "label_key" not in spec and effect.get("attribute") == spec["attribute"]
            and effect.get("perUnit", 0) * spec.get("sign", 1) < 0)


def _flip_entry(entry: dict) -> None:
    if "effect" in entry:
        entry["effect"] = {**entry["effect"], "perUnit": -entry["effect"]["perUnit"]}
    if "curve" in entry:
        curve = flipped_curve(entry["curve"])
        if curve is None:
            entry.pop("curve")
        else:
            entry["curve"] = curve


def update_pack(cfg: dict, out_dir: str | None = None, log=print) -> dict:
    from .export import _export, validate_pack_json

    meta = cfg.get("pack", {})
    pack_dir = out_dir or os.path.join(REPO_ROOT, "models", meta.get("id", cfg["name"]))
    run_dir = cfg["run_dir"]
    with open(os.path.join(pack_dir, "pack.json"), encoding="utf-8") as f:
        pack = json.load(f)
    run_json = os.path.join(run_dir, "directions.json")
    with open(run_json, encoding="utf-8") as f:
        run_dirs = json.load(f)
    metrics_path = os.path.join(run_dir, "metrics.json")
    metrics = json.load(open(metrics_path, encoding="utf-8")) if os.path.exists(metrics_path) else None
    specs = {s["id"]: s for s in direction_specs(cfg)}
    c, size = cfg["data"]["channels"], cfg["data"]["image_size"]
    dim = c * size * size

    # 3 first: the directions' attributes name the scorer's outputs.
    scorer = export_scorer(cfg, os.path.join(pack_dir, "attributes.onnx.tmp"), _export)
    if scorer:
        os.replace(os.path.join(pack_dir, "attributes.onnx.tmp"), os.path.join(pack_dir, "attributes.onnx"))
        scorer["file"] = "attributes.onnx"
        scorer["sha256"] = _sha256(os.path.join(pack_dir, "attributes.onnx"))
        pack["networks"]["attributes"] = scorer
    outputs = {k: v["classes"] for k, v in scorer["outputs"].items()} if scorer else None

    # 1. Signs.
    vectors = np.fromfile(os.path.join(pack_dir, pack["directions"]["file"]), dtype="<f4").reshape(-1, dim)
    run_vectors = np.load(os.path.join(run_dir, "directions.npy"))
    flipped = []
    for item in pack["directions"]["items"]:
        spec = specs.get(item["id"])
        if spec is None or not wrong_sign(spec, item):
            continue
        vectors[item["index"]] = -vectors[item["index"]]
        run_index = next(i for i, d in enumerate(run_dirs) if d["id"] == item["id"])
        run_vectors[run_index] = -run_vectors[run_index]
        _flip_entry(item)
        _flip_entry(run_dirs[run_index])
        for group in (pack.get("metrics", {}).get("directions", []), (metrics or {}).get("directions", [])):
            for entry in group:
                if entry.get("id") == item["id"]:
                    _flip_entry(entry)
        flipped.append(item["id"])
    # 2. Attributes.
    for item in pack["directions"]["items"]:
        spec = specs.get(item["id"])
        if spec is not None:
            item["attribute"] = direction_attribute(spec, item["method"], outputs)
    for d in run_dirs:
        if d["id"] in specs:
            d["attribute"] = direction_attribute(specs[d["id"]], d["method"], outputs)

    validate_pack_json(pack)
    bin_path = os.path.join(pack_dir, pack["directions"]["file"])
    vectors.astype("<f4").tofile(bin_path + ".tmp")
    os.replace(bin_path + ".tmp", bin_path)
    npy = os.path.join(run_dir, "directions.npy")
    with open(npy + ".tmp", "wb") as f:
        np.save(f, run_vectors.astype(np.float32))
    os.replace(npy + ".tmp", npy)
    _write_json(run_json, run_dirs)
    if metrics is not None and flipped:
        _write_json(metrics_path, metrics)
    _write_json(os.path.join(pack_dir, "pack.json"), pack)
    log(f"updated {pack_dir}: flipped {flipped or 'none'}, scorer {'attributes.onnx' if scorer else 'none'}")
    return {"pack": pack_dir, "flipped": flipped, "scorer": bool(scorer)}
