"""Slider directions in seed space (docs/design.md, Edits).

- label-mean: difference of the mean seeds of the positive and negative classes;
- attribute-regression: ridge regression of a standardized image attribute on the seeds.
A `labels` spec reads the dataset's class (data.load_dataset) by default, or a named label
(data.load_labels) with `label_key`; with `ordinal: true` it regresses that label's value on the
seeds like an attribute (e.g. skin tone 1..5, `exclude: [0]` leaving out the unordered 0), and is
stored as an attribute-regression of that label. `where: {label: [values]}` keeps only the images
whose named labels have those values, on both sides (e.g. smile measured within smileys only);
`paired: <label>` makes a label-mean from pairs: the label holds, for each positive image, the
position of its partner image (-1 for none), and the direction is the mean of seed(image) −
seed(partner), so what the pair shares cancels (e.g. synthetic glasses copies and originals).
Each is stored as a unit vector d with sigma, the std of the training seeds' projections on d, so
slider values are in units of sigma. Each direction's effect is measured by decoding edited seeds
of held-out images (those its `where` keeps) and fitting the attribute change per slider unit.

Slider checks. When the run folder holds an attribute classifier (attributes.pt, trained by
attribute_classifier.py on the named labels), every direction made from a named label it has a
head for is checked: held-out seeds are edited at `check_values` slider values (default 7) from
the direction's min to its max, decoded, and the classifier's mean score of that label is
recorded per value: for an ordinal spec the expected label value over the classes not excluded
(e.g. E[skin tone] over 1..5), else P(label in positive), or with `check_score: contrast`
P(positive) − P(negative), for a slider about both of its ends. The direction is `monotonic` when every
step moves the score the intended way (up; down for an ordinal spec with sign −1), none goes back
by more than `check_tolerance` (default 1e-3), and the whole range moves it by more than that. The
check is stored with the direction (`check`) and shown in the evaluation report; without
`attribute`, such a direction's effect is measured in the same score. Class directions (the
Fashion-MNIST classifier's effect) are unchanged. `strip_image: N` (stored as stripImage) makes
the evaluation report's strip for that slider start from test image N instead of
`evaluation.slider_image`.
"""
import json
import os

import numpy as np
import torch

from .attributes import ATTRIBUTES, measure
from .data import label_mask, load_dataset, load_labels
from .diffusion import ddim_sample
from .checkpoint import has_checkpoint
from .edits import apply_sliders
from .models import embedder_input, load_attribute_classifier, load_classifier, load_denoiser, load_embedder
from .schedule import schedule_from


def embed_all(embedder, normalizer, input_range, images, batch: int = 512):
    out = []
    with torch.no_grad():
        for start in range(0, len(images), batch):
            out.append(embedder(embedder_input(images[start:start + batch], normalizer, input_range)))
    return torch.cat(out)


def label_direction(seeds, labels, positive, negative):
    pos = torch.isin(labels, torch.tensor(positive))
    neg = torch.isin(labels, torch.tensor(negative))
    return seeds[pos].mean(0) - seeds[neg].mean(0)


def regression_direction(seeds, values, ridge: float = 10.0):
    """w minimising ‖Z w − a‖² + ridge ‖w‖² (a standardized). Solved in the smaller of the
    primal (D×D) and dual (N×N) forms: Debian's torch uses the reference BLAS, where a 12,000²
    dual system takes the better part of an hour and the 784² primal one seconds."""
    z = seeds.reshape(len(seeds), -1).double()
    a = ((values - values.mean()) / values.std()).double()
    z = z - z.mean(0)
    n, d = z.shape
    if d <= n:
        w = torch.linalg.solve(z.T @ z + ridge * torch.eye(d, dtype=torch.float64), z.T @ a)
    else:
        w = z.T @ torch.linalg.solve(z @ z.T + ridge * torch.eye(n, dtype=torch.float64), a)
    return w.float().reshape(seeds.shape[1:])


def label_spec_direction(spec: dict, seeds, labels: dict | None):
    """(vector, method, source) of one `labels` direction spec; labels is {name: int tensor}."""
    key = spec.get("label_key", "class")
    if not labels or key not in labels:
        known = ", ".join(labels) if labels else "none"
        raise ValueError(f"direction {spec['id']}: the dataset has no label {key!r} (it has: {known})")
    values = labels[key]
    where = where_mask(spec, labels, len(values))
    within = "".join(f", where {k} in {v}" for k, v in (spec.get("where") or {}).items())
    if spec.get("ordinal"):
        exclude = spec.get("exclude", [])
        keep = ~torch.isin(values, torch.tensor(exclude, dtype=values.dtype)) & where
        vec = regression_direction(seeds[keep], values[keep].double()) * spec.get("sign", 1)
        excluding = f", excluding {exclude}" if exclude else ""
        return vec, "attribute-regression", f"label {key} (ordinal{excluding}{within}) regressed on the seeds"
    name = "classes" if key == "class" else key
    if spec.get("paired"):
        partner = labels[spec["paired"]]
        chosen = torch.isin(values, torch.tensor(spec["positive"])) & where & (partner >= 0)
        if not chosen.any():
            raise ValueError(f"direction {spec['id']}: no {name} in {spec['positive']} has a partner in {spec['paired']!r}")
        vec = (seeds[chosen] - seeds[partner[chosen]]).mean(0)
        return vec, "label-mean", f"{name} {spec['positive']} minus its pair ({spec['paired']}), {int(chosen.sum())} pairs{within}"
    vec = label_direction(seeds[where], values[where], spec["positive"], spec["negative"])
    return vec, "label-mean", f"{name} {spec['positive']} vs {spec['negative']}{within}"


def where_mask(spec: dict, labels: dict, count: int) -> torch.Tensor:
    return label_mask(spec.get("where"), labels, count, f"direction {spec.get('id')}: `where`")


def slider_values(spec: dict, count: int = 5) -> tuple:
    """Evenly spaced slider values over the direction's whole range, 0 included: the decoder's
    response is far from linear (little change within ±2σ, most of it beyond), so the effect is
    measured where the user can move the slider, not only near 0."""
    lo, hi = spec.get("min", -3.0), spec.get("max", 3.0)
    values = sorted(set([round(float(v), 4) for v in np.linspace(lo, hi, count)] + [0.0]))
    return tuple(values)


def measure_effect(direction, sigma, seeds, decode, attribute_fn, values=(-2.0, -1.0, 0.0, 1.0, 2.0)):
    """Least-squares slope of the attribute against the slider value, averaged over images."""
    rows = []
    for a in values:
        edited = apply_sliders(seeds, [direction], [sigma], [a])
        rows.append(attribute_fn(decode(edited)).mean().item())
    v = np.array(values)
    slope = float(np.polyfit(v, np.array(rows), 1)[0])
    return slope, rows


def label_score(probs: torch.Tensor, spec: dict) -> torch.Tensor:
    """Per image, the classifier's score of a label spec from its class probabilities (N×K): the
    expected value over the classes not excluded for an ordinal spec, else P(positive classes), or
    with `check_score: contrast` P(positive) − P(negative): a two-sided slider (masculine ↔
    feminine) is about both ends, and P(woman) alone barely moves once it is near 0 at the
    masculine end, where noise decides whether the check passes."""
    if spec.get("ordinal"):
        keep = torch.ones(probs.shape[1], dtype=torch.bool)
        keep[[c for c in spec.get("exclude", []) if c < probs.shape[1]]] = False
        values = torch.arange(probs.shape[1], dtype=probs.dtype)[keep]
        p = probs[:, keep]
        return (p * values).sum(1) / p.sum(1).clamp(min=1e-12)
    score = probs[:, spec["positive"]].sum(1)
    if spec.get("check_score") == "contrast":
        score = score - probs[:, spec["negative"]].sum(1)
    return score


def score_name(spec: dict) -> str:
    key = spec.get("label_key", "class")
    if spec.get("ordinal"):
        exclude = spec.get("exclude", [])
        return f"E[{key}]" + (f" (excluding {exclude})" if exclude else "")
    if spec.get("check_score") == "contrast":
        return f"P({key} in {spec['positive']}) − P({key} in {spec['negative']})"
    return f"P({key} in {spec['positive']})"


def is_monotonic(scores, increasing: bool = True, tolerance: float = 1e-3) -> bool:
    """Every step moves the way expected or stays (within tolerance), and the whole range moves."""
    s = np.asarray(scores, dtype=np.float64) * (1.0 if increasing else -1.0)
    steps = np.diff(s)
    return bool(len(s) > 1 and (steps >= -tolerance).all() and s[-1] - s[0] > tolerance)


def slider_check(direction, sigma, seeds, decode, score_fn, sliders, increasing: bool = True,
                 tolerance: float = 1e-3) -> dict:
    """The mean score of decoded edited seeds at each slider value, and whether it is monotonic."""
    scores = []
    for a in sliders:
        edited = apply_sliders(seeds, [direction], [sigma], [float(a)])
        scores.append(float(score_fn(decode(edited)).mean()))
    return {"sliders": [round(float(a), 4) for a in sliders], "values": [round(v, 5) for v in scores],
            "increasing": increasing, "monotonic": is_monotonic(scores, increasing, tolerance),
            "change": round(scores[-1] - scores[0], 5), "images": len(seeds)}


def check_direction(spec, unit, sigma, seeds, decode, classifier, head_classes, dcfg) -> dict | None:
    """The attribute classifier's check of one label spec's direction; None when the classifier
    has no head for its label (or it is the dataset's class)."""
    key = spec.get("label_key", "class")
    if classifier is None or key == "class" or key not in head_classes:
        return None

    def score_fn(x):
        with torch.no_grad():
            return label_score(classifier(x)[key].softmax(1), spec)

    lo, hi = spec.get("min", -3.0), spec.get("max", 3.0)
    sliders = np.linspace(lo, hi, int(dcfg.get("check_values", 7)))
    increasing = not (spec.get("ordinal") and spec.get("sign", 1) < 0)
    check = slider_check(unit, sigma, seeds[: dcfg.get("check_images", 64)], decode, score_fn, sliders,
                         increasing, dcfg.get("check_tolerance", 1e-3))
    return {"label": key, "score": score_name(spec), **check}


def check_pool(spec: dict, seeds, labels: dict | None):
    """The test seeds a direction is measured on: those its `where` keeps, or all of them (also
    when the split has none that match, rather than measuring nothing)."""
    if not spec.get("where") or not labels:
        return seeds
    keep = where_mask(spec, labels, len(seeds))
    return seeds[keep] if keep.any() else seeds


def direction_networks(cfg: dict) -> tuple:
    """What every direction fitting starts from: (denoiser, normalizer, embedder, its input range,
    schedule), with the configured thread count."""
    torch.set_num_threads(cfg["threads"])
    denoiser, normalizer, _ = load_denoiser(cfg)
    embedder, estate = load_embedder(cfg)
    return denoiser, normalizer, embedder, estate.get("input_range", "normalized"), schedule_from(cfg)


def compute_directions(cfg: dict, log=print) -> dict:
    dcfg = cfg["directions"]
    denoiser, normalizer, embedder, input_range, schedule = direction_networks(cfg)
    images, classes = load_dataset(cfg["data"], "train")
    labels = {"class": classes} if classes is not None else load_labels(cfg["data"], "train")
    count = dcfg.get("train_images", 12000)
    images = images[:count]
    labels = {k: v[:count] for k, v in labels.items()} if labels else None
    seeds = embed_all(embedder, normalizer, input_range, images)
    # Every test image is embedded: a spec with `where` is measured and checked on the test images
    # it is about (smile on smileys, older on people), not on the first few of any kind.
    test_all_seeds = embed_all(embedder, normalizer, input_range, load_dataset(cfg["data"], "test")[0])
    test_labels = None if classes is not None else load_labels(cfg["data"], "test")
    effect_count = dcfg.get("effect_images", 256)

    def decode(z):
        with torch.no_grad():
            return torch.cat([ddim_sample(denoiser, schedule, normalizer, z[i:i + 256], cfg["sampler_steps"])
                              for i in range(0, len(z), 256)])

    classifier = None
    if has_checkpoint(cfg, "classifier"):
        classifier = load_classifier(cfg)
    loaded = load_attribute_classifier(cfg)
    attr_net, attr_classes = loaded if loaded else (None, {})

    items, vectors = [], []
    for spec in dcfg.get("labels", []):
        vec, method, source = label_spec_direction(spec, seeds, labels)
        items.append((spec, method, source, vec))
    for spec in dcfg.get("attributes", []):
        vec = regression_direction(seeds, measure(spec["attribute"], images)) * spec.get("sign", 1)
        items.append((spec, "attribute-regression", f"attribute {spec['attribute']} ({ATTRIBUTES[spec['attribute']][1]})", vec))

    out = []
    for index, (spec, method, source, vec) in enumerate(items):
        unit = vec / vec.norm()
        sigma = float((seeds.reshape(len(seeds), -1) @ unit.reshape(-1)).std())
        if method == "label-mean" and classifier is not None and spec.get("label_key", "class") == "class":
            positive = torch.tensor(spec["positive"])
            attr_name = f"P(class in {spec['positive']})"

            def attr_fn(x, positive=positive):
                with torch.no_grad():
                    return classifier(x).softmax(1)[:, positive].sum(1)
        elif (attr_net is not None and "attribute" not in spec and "label_key" in spec
              and spec["label_key"] in attr_classes):
            # A named label with no image attribute named: measured in the classifier's score.
            attr_name = score_name(spec)

            def attr_fn(x, key=spec["label_key"], spec=spec):
                with torch.no_grad():
                    return label_score(attr_net(x)[key].softmax(1), spec)
        else:
            attr_name = spec.get("attribute", "mean-intensity")
            attr_fn = ATTRIBUTES[attr_name][0]
        values = slider_values(spec)
        pool = check_pool(spec, test_all_seeds, test_labels)
        slope, curve = measure_effect(unit, sigma, pool[:effect_count], decode, attr_fn, values)
        log(f"direction {spec['id']}: sigma {sigma:.3f}, {attr_name} {slope:+.4f} per unit")
        check = None
        if "label_key" in spec:  # a named-label spec (image-attribute specs have none)
            check = check_direction(spec, unit, sigma, pool, decode, attr_net, attr_classes, dcfg)
            if check:
                log(f"direction {spec['id']}: check {check['score']} {check['values']} "
                    f"({'monotonic' if check['monotonic'] else 'NOT monotonic'})")
        out.append({
            "id": spec["id"], "label": spec["label"], "description": spec.get("description", spec["label"]),
            "min": spec.get("min", -3.0), "max": spec.get("max", 3.0), "method": method, "source": source,
            "sigma": sigma, "index": index,
            **({"stripImage": spec["strip_image"]} if "strip_image" in spec else {}),
            "effect": {"attribute": attr_name, "perUnit": slope,
                       "unit": ATTRIBUTES[attr_name][1] if attr_name in ATTRIBUTES
                       else "label value" if attr_name.startswith("E[") else "probability"},
            "curve": {"values": list(values), "attribute": curve},
            **({"check": check} if check else {}),
        })
        vectors.append(unit.numpy().astype(np.float32))
    run_dir = cfg["run_dir"]
    np.save(os.path.join(run_dir, "directions.npy"), np.stack(vectors) if vectors else np.zeros((0,)))
    with open(os.path.join(run_dir, "directions.json"), "w", encoding="utf-8") as f:
        json.dump(out, f, indent=2)
    return {"directions": [{k: d[k] for k in ("id", "sigma", "effect", "check") if k in d} for d in out]}
