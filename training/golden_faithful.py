"""Golden values for the engine's faithful edits (docs/design.md, Locks): PyTorch computes, the
TypeScript engine must agree.

- attributes.json: every pixel attribute of training/attributes.py on the images of the committed
  golden folders (the tiny packs' held-out images and decodes, gray and RGB); the engine's port
  (electron/engine/faithful/pixel-attributes.ts) must give the same values (≤ 1e-5).
- scorer-<pack>.npy / .json: a few held-out images of each shipped pack and its attribute scorer's
  logits in PyTorch (training/scorer.py); the pack's attributes.onnx in onnxruntime-node must give
  the same (≤ 1e-4), and the scores (softmax, label_score) of its directions the same.

`/usr/bin/python3 -m training.golden_faithful` writes test/fixtures/golden-faithful/.
"""
import json
import os

import numpy as np
import torch

from .attributes import ATTRIBUTES
from .config import REPO_ROOT, load_config
from .data import load_dataset
from .directions import label_score
from .scorer import direction_specs, load_scorer

OUT = os.path.join(REPO_ROOT, "test", "fixtures", "golden-faithful")
SOURCES = [("golden", "embed_images"), ("golden", "embed_reconstructions"), ("golden", "decode_seed7_steps10"),
           ("golden-rgb", "embed_images"), ("golden-rgb", "embed_reconstructions")]
PACKS = [("fashion-mnist", 8), ("emoji-faces", 4)]


def _put(name: str, array) -> str:
    a = np.ascontiguousarray(array, dtype="<f4")
    np.save(os.path.join(OUT, f"{name}.npy"), a)
    return f"{name}.npy"


def attribute_cases() -> list:
    cases = []
    for folder, array in SOURCES:
        images = torch.from_numpy(np.load(os.path.join(REPO_ROOT, "test", "fixtures", folder, f"{array}.npy")))
        values = {name: [float(v) for v in fn(images)] for name, (fn, _) in ATTRIBUTES.items()}
        cases.append({"images": f"../{folder}/{array}.npy", "values": values})
    return cases


def scorer_case(pack_id: str, count: int) -> dict:
    cfg = load_config(os.path.join(REPO_ROOT, "training", "configs", f"{pack_id}.yaml"))
    module, outputs = load_scorer(cfg)
    images = load_dataset(cfg["data"], "test")[0][:count]
    with torch.no_grad():
        out = module(images)
    logits = {k: v for k, v in zip(outputs, out if isinstance(out, tuple) else (out,))}
    # The score each label-mean direction of the pack measures (directions.label_score), from the
    # same logits: the engine's softmax and score must agree.
    scores = {}
    for spec in direction_specs(cfg):
        key = spec.get("label_key", "class")
        if key in logits and "positive" in spec and "attribute" not in spec:
            scores[spec["id"]] = [float(v) for v in label_score(logits[key].softmax(1), spec)]
    return {"pack": f"../../../models/{pack_id}", "images": _put(f"{pack_id}-images", images),
            "logits": {k: _put(f"{pack_id}-logits-{k}", v) for k, v in logits.items()}, "scores": scores}


def main() -> None:
    torch.set_num_threads(1)
    os.makedirs(OUT, exist_ok=True)
    golden = {"tolerance": {"attributes": 1e-5, "logits": 1e-4, "scores": 1e-5},
              "attributes": attribute_cases(), "scorers": {p: scorer_case(p, n) for p, n in PACKS}}
    with open(os.path.join(OUT, "golden.json"), "w", encoding="utf-8") as f:
        json.dump(golden, f, indent=2)
        f.write("\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
