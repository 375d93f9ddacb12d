"""The attribute classifier (models.AttributeClassifier): a small CNN with one softmax head per
named label of the dataset (data.load_labels: for the emoji faces skin_tone, gender, hair, age,
glasses, beard, smiling), trained by the pipeline (`train-attributes`) to check what the sliders
do (directions.py: the skin-tone slider must raise the predicted skin tone, and so on).

- Heads: one per label, sized from the label definitions (data.label_classes), not from the
  values that happen to occur; `attributes.heads` may restrict them to a subset.
- Loss: the sum over heads of a class-balanced cross-entropy. A class's weight is the inverse of
  its frequency in the train split, n / (K · n_c) over the K classes present, capped at
  `attributes.max_class_weight` (default 50): the rare classes are very rare (glasses 4 of 1,895
  faces, red hair 18) and would otherwise be ignored, while an uncapped weight (~470 for one
  image) makes the steps that draw it jump.
- Augmentation: label-preserving only: the data's horizontal flip (data.augment, where the
  config allows it) and a shift of a few pixels. No hue or colour jitter: colour is what the skin
  tone and hair labels are about.
- `attributes.where: {head: {label: [values]}}` trains and measures a head only on the images
  with those label values (the emoji smiling head on the smileys: among all images, the only
  smiling ones were smileys, and the head learned "a smiley" rather than a smiling mouth: it gave
  every one of the 10 non-smiling test smileys P(smiling) ≥ 0.86).
- Batch-norm statistics are recomputed over the training images at the end (recalibrate_batch_norm).
- Checkpoint `attributes.pt` (checkpoint.py: resumable, written every `checkpoint_every` steps
  and at the end) holding the heads and class names, so it loads without the data
  (models.load_attribute_classifier); test accuracy and balanced accuracy (the mean recall over
  the classes present; null where the split holds a single class) per head, on the test and
  train splits, go to `attributes.json` in the run folder. The emoji test split holds no glasses
  and no baby/child/older face at all, so the train-split numbers are given too.
A dataset with no labels or only one class per image is skipped: class datasets use classifier.py.
"""
import json
import os
import time

import torch
from torch import nn
import torch.nn.functional as F

from . import progress
from .checkpoint import Run
from .data import augment, label_classes, label_mask, load_dataset, load_labels
from .models import build_attribute_classifier

SUMMARY = "attributes.json"


def head_classes(data_cfg: dict, labels: dict, only=None) -> dict:
    """{label: [class names]} of the heads: every named label (or those in `only`), with the
    class list from the label definitions; a value outside it is an error, not a silent clamp."""
    classes = label_classes(data_cfg, labels) or {}
    # Where the source defines its labels' classes, only those get heads: the emoji faces' image
    # labels (smiley, pair) are for the directions, not something to predict.
    names = list(only) if only else [n for n in labels if not classes or n in classes]
    out = {}
    for name in names:
        if name not in labels:
            raise ValueError(f"attributes.heads: the dataset has no label {name!r} (it has: {', '.join(labels)})")
        names_of = classes.get(name) or [str(i) for i in range(int(labels[name].max()) + 1)]
        if int(labels[name].min()) < 0 or int(labels[name].max()) >= len(names_of):
            raise ValueError(f"label {name!r}: values {int(labels[name].min())}..{int(labels[name].max())} "
                             f"outside its {len(names_of)} classes")
        out[name] = list(names_of)
    return out


def class_weights(values: torch.Tensor, classes: int, cap: float = 50.0) -> torch.Tensor:
    """n / (K · n_c) for each class c present (K of them), capped; 0 for a class never seen."""
    counts = torch.bincount(values, minlength=classes).double()
    present = counts > 0
    w = torch.zeros(classes, dtype=torch.float64)
    w[present] = counts.sum() / (int(present.sum()) * counts[present])
    return w.clamp(max=cap).float()


def recalibrate_batch_norm(net: nn.Module, images: torch.Tensor, batch: int = 256) -> None:
    """Batch-norm statistics recomputed as plain averages over the training images. The running
    averages of a short, fast-moving training lag behind the weights: on the tiny synthetic set
    they left some heads at chance in eval mode while train mode (batch statistics) was right."""
    norms = [m for m in net.modules() if isinstance(m, nn.modules.batchnorm._BatchNorm)]
    momenta = [m.momentum for m in norms]
    for m in norms:
        m.reset_running_stats()
        m.momentum = None  # cumulative average
    net.train()
    with torch.no_grad():
        for i in range(0, len(images), batch):
            net.features(images[i:i + batch])
    for m, momentum in zip(norms, momenta):
        m.momentum = momentum
    net.eval()


def predict(net, images: torch.Tensor, batch: int = 256) -> dict:
    """{label: softmax probabilities N×K} in eval mode."""
    net.eval()
    out = {}
    with torch.no_grad():
        for i in range(0, len(images), batch):
            for name, logits in net(images[i:i + batch]).items():
                out.setdefault(name, []).append(logits.softmax(1))
    return {k: torch.cat(v) for k, v in out.items()}


def head_metrics(probs: torch.Tensor, target: torch.Tensor) -> dict:
    """Accuracy, balanced accuracy (mean recall over the classes present in target), the classes
    present and the confusion matrix (rows: true class, columns: predicted)."""
    k = probs.shape[1]
    pred = probs.argmax(1)
    confusion = torch.zeros(k, k, dtype=torch.int64)
    confusion.index_put_((target, pred), torch.ones_like(target), accumulate=True)
    support = confusion.sum(1)
    present = support > 0
    recall = confusion.diag()[present].double() / support[present].double()
    return {"images": len(target), "accuracy": round(float((pred == target).double().mean()), 4),
            "balancedAccuracy": round(float(recall.mean()), 4) if len(recall) else None,
            "classesPresent": [int(i) for i in torch.nonzero(present).flatten()],
            "confusion": confusion.tolist()}


def head_masks(where: dict | None, classes: dict, labels: dict) -> dict:
    """{head: bool mask of the images it is trained and measured on}: all of them, or those whose
    labels take the values `where[head]` names ({label: [values]}, every condition met)."""
    n = len(next(iter(labels.values())))
    masks = {head: label_mask((where or {}).get(head), labels, n, f"attributes.where.{head}") for head in classes}
    unknown = set(where or {}) - set(classes)
    if unknown:
        raise ValueError(f"attributes.where: no head {', '.join(sorted(unknown))} (heads: {', '.join(classes)})")
    return masks


def _measure(net, images, labels, masks) -> dict:
    probs = predict(net, images)
    return {name: head_metrics(p[masks[name]], labels[name][masks[name]]) for name, p in probs.items()}


def train_attributes(cfg: dict, max_minutes: float | None = None, log=print) -> dict:
    torch.set_num_threads(cfg["threads"])
    acfg = cfg.get("attributes") or {}
    labels = load_labels(cfg["data"], "train")
    if not labels or set(labels) == {"class"}:
        return {"skipped": "the dataset has no named labels (a class dataset uses train-classifier)"}
    if acfg.get("steps", 0) <= 0:
        return {"skipped": "attributes.steps is 0"}
    classes = head_classes(cfg["data"], labels, acfg.get("heads"))
    all_test = load_labels(cfg["data"], "test") or {}
    masks = head_masks(acfg.get("where"), classes, labels)
    test_masks = head_masks(acfg.get("where"), classes, all_test)
    labels = {k: labels[k] for k in classes}
    images = load_dataset(cfg["data"], "train")[0]
    test_images = load_dataset(cfg["data"], "test")[0]
    test_labels = {k: v for k, v in all_test.items() if k in classes}
    cap = float(acfg.get("max_class_weight", 50.0))
    weights = {k: class_weights(v[masks[k]], len(classes[k]), cap) for k, v in labels.items()}

    run = Run(cfg, "attributes", max_minutes, log)
    net = build_attribute_classifier(cfg, {k: len(v) for k, v in classes.items()})
    opt = torch.optim.AdamW(net.parameters(), lr=acfg.get("learning_rate", 1e-3),
                            weight_decay=acfg.get("weight_decay", 1e-4))
    state = run.load() or {"step": 0, "elapsed_s": 0.0}
    if "model" in state:
        if state.get("classes") != classes:
            raise ValueError(f"{cfg['run_dir']}: the attributes checkpoint was trained for the heads "
                             f"{state.get('classes')}, the data now give {classes}; move it away to start over")
        run.restore(state, net, opt)
    arch = {k: acfg[k] for k in ("widths", "hidden", "dropout") if k in acfg}

    def save():
        state.update({"model": net.state_dict(), "optimizer": opt.state_dict(), "classes": classes,
                      "arch": arch, "class_weights": {k: w.tolist() for k, w in weights.items()}})
        run.save(state)

    torch.manual_seed(cfg["seed"] + 5 + state["step"])
    steps, batch = acfg["steps"], acfg.get("batch_size", 64)
    shift, every = acfg.get("shift", 2), acfg.get("checkpoint_every", 250)
    net.train()
    while state["step"] < steps and not run.out_of_time():
        t0 = time.time()
        idx = torch.randint(0, len(images), (batch,))
        x = augment(images[idx], cfg["data"])
        if shift:
            x = torch.roll(x, shifts=(int(torch.randint(-shift, shift + 1, ())),
                                      int(torch.randint(-shift, shift + 1, ()))), dims=(2, 3))
        out = net(x)
        loss = sum(F.cross_entropy(out[k][keep], labels[k][idx][keep], weight=weights[k])
                   for k in classes for keep in [masks[k][idx]] if keep.any())
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        state["step"] += 1
        progress.step("attributes", state["step"], steps, loss, batch)
        state["elapsed_s"] += time.time() - t0
        if state["step"] % 50 == 0:
            log(f"attributes: step {state['step']}, loss {float(loss):.4f}")
        if every and state["step"] % every == 0 and state["step"] < steps:
            save()
    recalibrate_batch_norm(net, images)
    save()

    test = _measure(net, test_images, test_labels, test_masks) if len(test_images) else {}
    train = _measure(net, images, labels, masks)
    heads = {}
    for k in classes:
        heads[k] = {"classes": classes[k], "classWeights": [round(float(w), 4) for w in weights[k]],
                    "trainCounts": torch.bincount(labels[k][masks[k]], minlength=len(classes[k])).tolist(),
                    **({"where": acfg["where"][k]} if k in (acfg.get("where") or {}) else {}),
                    "test": test.get(k), "train": train[k]}
    # A head with one class in the test split (the emoji test split has no glasses, no baby, child
    # or older face) scores a meaningless 1.0 there: no balanced accuracy for it (null).
    judged = {k for k, h in heads.items() if h["test"] and len(h["test"]["classesPresent"]) > 1}
    balanced = [heads[k]["test"]["balancedAccuracy"] for k in judged]
    summary = {"step": state["step"], "elapsed_s": round(state["elapsed_s"], 1),
               "testAccuracy": {k: h["test"]["accuracy"] for k, h in heads.items() if h["test"]},
               "testBalancedAccuracy": {k: h["test"]["balancedAccuracy"] if k in judged else None
                                        for k, h in heads.items() if h["test"]},
               "meanTestBalancedAccuracy": round(sum(balanced) / len(balanced), 4) if balanced else None,
               "heads": heads}
    os.makedirs(cfg["run_dir"], exist_ok=True)
    with open(os.path.join(cfg["run_dir"], SUMMARY), "w", encoding="utf-8") as f:
        json.dump(summary, f, indent=2)
    log(f"attributes: step {state['step']}, test balanced accuracy "
        + ", ".join(f"{k} {v if v is not None else '(one class in test)'}"
                    for k, v in summary["testBalancedAccuracy"].items()))
    return {k: summary[k] for k in ("step", "elapsed_s", "testAccuracy", "testBalancedAccuracy",
                                    "meanTestBalancedAccuracy")}
