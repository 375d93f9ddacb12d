"""Exports the preview decoder (preview.py) as the pack's optional `preview.onnx`: seed (and, for a
guided preview, `first_step`: the sampler's one-step picture in [0, 1]) in, [0, 1] pixels out,
opset 17, dynamic batch.

The kernels are stored as float16 initializers, each cast back to float32 by a Cast node that
onnxruntime folds away when it loads the session: the file is half the size (the tracked tree has
a 60 MB limit) and the pictures differ from float32 weights by ~1e-4, far below the preview's own
error. `export-preview --out models/<id>` writes it into a shipped pack in place and adds
`networks.preview` (with sha256) and `metrics.preview` to its pack.json; `export` calls
`preview_entry` for a new pack. The slim checkpoint committed with the pack holds the EMA weights
only (as `model`), which is what is exported and what a rerun goes on from.
"""
import hashlib
import json
import os

import numpy as np
import torch

from .checkpoint import latest_checkpoint, save_checkpoint, slim_state

FILE = "preview.onnx"


def _to_float16_weights(path: str) -> None:
    import onnx
    from onnx import helper, numpy_helper

    model = onnx.load(path)
    graph = model.graph
    casts, keep = [], []
    for init in graph.initializer:
        array = numpy_helper.to_array(init)
        if array.dtype == np.float32 and array.ndim >= 2 and array.size >= 64:
            half = numpy_helper.from_array(array.astype(np.float16), init.name + "_fp16")
            keep.append(half)
            casts.append(helper.make_node("Cast", [half.name], [init.name], to=onnx.TensorProto.FLOAT,
                                          name=init.name + "_cast"))
        else:
            keep.append(init)
    del graph.initializer[:]
    graph.initializer.extend(keep)
    nodes = casts + list(graph.node)
    del graph.node[:]
    graph.node.extend(nodes)
    onnx.checker.check_model(model, full_check=True)
    onnx.save(model, path)


def _sha256(path: str) -> str:
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def preview_entry(cfg: dict, out_dir: str, export_fn, log=print) -> dict | None:
    """Writes out_dir/preview.onnx from the run's preview checkpoint; its pack.json entry, or None
    when the run has no preview."""
    from .preview import load_preview

    decoder, state = load_preview(cfg)
    if decoder is None:
        return None
    c, size = cfg["data"]["channels"], cfg["data"]["image_size"]
    shape = (1, c, size, size)
    path = os.path.join(out_dir, FILE)
    spec = {"name": "seed", "shape": ["batch", *shape[1:]]}
    inputs = {"seed": spec}
    if decoder.guided:
        # The engine runs the pack's sampler for one step and passes its picture beside the seed.
        export_fn(decoder, (torch.randn(shape), torch.rand(shape)), path, ["seed", "first_step"], ["image"])
        inputs["firstStep"] = {**spec, "name": "first_step"}
    else:
        export_fn(decoder, (torch.randn(shape),), path, ["seed"], ["image"])
    _to_float16_weights(path)
    log(f"preview: {path} ({os.path.getsize(path) / 1e3:.0f} KB, step {state['step']})")
    return {
        "file": FILE, "opset": 17, "parameters": sum(p.numel() for p in decoder.net.parameters()),
        "inputs": inputs,
        "outputs": {"image": {"name": "image", "shape": ["batch", *shape[1:]]}},
        "outputRange": "pixels", "trainedSteps": int(state.get("sampler_steps", cfg["sampler_steps"])),
        "sha256": _sha256(path),
    }


def write_preview_slim(cfg: dict, log=print) -> str | None:
    path, state = latest_checkpoint(cfg, "preview")
    slim_path = os.path.join(cfg["run_dir"], "preview.pt")
    if state is None or path == slim_path:
        return None
    # EMA only: the exported weights; a rerun from here starts its raw weights (and AdamW) from them.
    slim = {k: v for k, v in state.items() if k not in ("model", "ema", "optimizer")}
    slim["model"] = state["ema"]
    slim["ema"] = state["ema"]
    slim = slim_state(slim)
    slim["ema"] = slim["model"]
    save_checkpoint(slim_path, slim)
    log(f"slim preview checkpoint: {slim_path} ({os.path.getsize(slim_path) / 1e6:.2f} MB)")
    return slim_path


def export_preview(cfg: dict, out_dir: str | None = None, log=print) -> dict:
    """Adds (or replaces) preview.onnx in an exported pack folder, in place."""
    from .config import REPO_ROOT
    from .export import _export, validate_pack_json

    pack_id = (cfg.get("pack") or {}).get("id", cfg["name"])
    out_dir = out_dir or os.path.join(REPO_ROOT, "models", pack_id)
    pack_path = os.path.join(out_dir, "pack.json")
    with open(pack_path, encoding="utf-8") as f:
        pack = json.load(f)
    entry = preview_entry(cfg, out_dir, _export, log)
    if entry is None:
        raise FileNotFoundError(f"{cfg['run_dir']}/preview.pt: train the preview first (python3 -m training preview)")
    pack["networks"]["preview"] = entry
    preview_metrics = os.path.join(cfg["run_dir"], "preview.json")
    if os.path.exists(preview_metrics):
        with open(preview_metrics, encoding="utf-8") as f:
            pack.setdefault("metrics", {})["preview"] = json.load(f)
    validate_pack_json(pack)
    tmp = pack_path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(pack, f, indent=2, allow_nan=False)
        f.write("\n")
    os.replace(tmp, pack_path)
    return {"out": out_dir, "preview": entry, "slim": write_preview_slim(cfg, log)}
