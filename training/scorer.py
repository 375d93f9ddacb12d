"""The attribute scorer a pack ships for locks (docs/design.md, Locks), and what each direction
measures.

- Scorer: the class classifier of a class dataset (classifier.py; Fashion-MNIST: one output
  `class`) or else the attribute classifier (attribute_classifier.py; emoji faces: one output per
  label head), exported to ONNX as pack.json `networks.attributes`: input `image` ([0, 1] pixels
  in the model's colours, as the networks saw their training images), one logits output per head
  with its column names, softmax activation. Both nets are eval-mode conv/batch-norm/linear
  stacks; batch norm with affine parameters exports with a dynamic batch axis (the pitfall in
  docs/design.md is BatchNorm2d(affine=False) only).
- direction_attribute: the `attribute` of a pack direction, chosen exactly as
  directions.compute_directions chooses what a direction's effect is measured in, so the lock's
  starting slope (effect.perUnit) is in the attribute the lock measures.
"""
import os

import torch
from torch import nn

from .checkpoint import has_checkpoint
from .data import label_classes
from .models import load_attribute_classifier, load_classifier


class TupleHeads(nn.Module):
    """A net whose forward gives {head: logits} (or one tensor, the head `single`) as a tuple in
    a fixed order: ONNX outputs are positional."""

    def __init__(self, net, keys, single=None):
        super().__init__()
        self.net = net
        self.keys = list(keys)
        self.single = single

    def forward(self, image):
        out = self.net(image)
        if self.single is not None:
            return out
        return tuple(out[k] for k in self.keys)


def load_scorer(cfg: dict):
    """(module for export, {output key: [class names]}), or None when the run has no classifier."""
    if has_checkpoint(cfg, "classifier"):
        classes = (label_classes(cfg["data"]) or {}).get("class")
        net = load_classifier(cfg)
        classes = classes or [str(i) for i in range(net.fc2.out_features)]
        return TupleHeads(net, ["class"], single="class"), {"class": list(classes)}
    loaded = load_attribute_classifier(cfg)
    if loaded is None:
        return None
    net, heads = loaded
    return TupleHeads(net, heads.keys()), {k: list(v) for k, v in heads.items()}


def scorer_entry(outputs: dict, shape, parameters: int, file: str = "attributes.onnx", opset: int = 17) -> dict:
    """pack.json networks.attributes (without sha256) for a scorer with these outputs."""
    return {
        "file": file, "opset": opset, "parameters": parameters,
        "inputs": {"image": {"name": "image", "shape": ["batch", *shape[1:]]}},
        "outputs": {k: {"name": k, "shape": ["batch", len(v)], "classes": v} for k, v in outputs.items()},
        "inputRange": "pixels", "activation": "softmax",
    }


def direction_attribute(spec: dict, method: str, outputs: dict | None) -> dict:
    """What a direction measures (pack.json directions.items[].attribute): a scorer output's
    score where its effect was measured by a classifier, else the pixel attribute."""
    outputs = outputs or {}
    key = spec.get("label_key", "class")
    if method == "label-mean" and key == "class" and "class" in outputs:
        return {"kind": "scorer", "output": "class", "score": "probability", "positive": list(spec["positive"])}
    if "label_key" in spec and "attribute" not in spec and key in outputs:
        if spec.get("ordinal"):
            return {"kind": "scorer", "output": key, "score": "expected", "exclude": list(spec.get("exclude", []))}
        out = {"kind": "scorer", "output": key, "positive": list(spec["positive"])}
        if spec.get("check_score") == "contrast":
            return {**out, "score": "contrast", "negative": list(spec["negative"])}
        return {**out, "score": "probability"}
    return {"kind": "pixel", "name": spec.get("attribute", "mean-intensity")}


def direction_specs(cfg: dict) -> list:
    """The direction specs in the order compute_directions stores them (labels, then attributes)."""
    dcfg = cfg.get("directions") or {}
    return list(dcfg.get("labels", [])) + list(dcfg.get("attributes", []))


def export_scorer(cfg: dict, out_path: str, export_fn) -> dict | None:
    """Exports the run's scorer to out_path with export_fn (export._export); returns its pack.json
    entry (without sha256), or None when the run has none."""
    loaded = load_scorer(cfg)
    if loaded is None:
        return None
    module, outputs = loaded
    c, size = cfg["data"]["channels"], cfg["data"]["image_size"]
    shape = (1, c, size, size)
    export_fn(module, (torch.rand(shape),), out_path, ["image"], list(outputs))
    parameters = sum(p.numel() for p in module.parameters())
    return scorer_entry(outputs, shape, parameters, file=os.path.basename(out_path))
