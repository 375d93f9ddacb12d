"""The attribute classifier (training/attribute_classifier.py) and the slider checks it makes
(directions.py): heads from the label definitions, class weights, training and resuming on a tiny
synthetic multi-label set, the monotonic check on a fake decoder and classifier, the report table;
with the npm package emoji-datasource-google, the emoji faces at 16×16 through compute_directions."""
import json
import os

import numpy as np
import pytest
import torch

from training.attribute_classifier import class_weights, head_classes, head_masks, head_metrics, train_attributes
from training.config import load_config
from training.data import label_classes, load_dataset, load_labels
from training.directions import is_monotonic, label_score, score_name, slider_check
from training.emoji_faces import LABEL_CLASSES, LABELS, parse_labels
from training.models import load_attribute_classifier
from training.report import check_tables

from conftest import REPO, tiny_config

TINY_RGB = os.path.join(REPO, "training", "configs", "tiny-rgb.yaml")
EMOJI = os.path.join(REPO, "training", "configs", "emoji-faces.yaml")
PACKAGE = os.path.join(REPO, "node_modules", "emoji-datasource-google")
needs_package = pytest.mark.skipif(not os.path.exists(os.path.join(PACKAGE, "emoji.json")),
                                   reason="npm package emoji-datasource-google not installed (npm ci)")


def _synthetic_cfg(tmp_path, **attributes):
    return load_config(TINY_RGB, {
        "run_dir": str(tmp_path / "run"), "threads": 1,
        "data": {"kind": "synthetic-attributes", "count": 128, "image_size": 16, "limit_train": 128, "limit_test": 48},
        "attributes": {"steps": 100, "batch_size": 32, "widths": [8, 16], "hidden": 16, "dropout": 0.0,
                       "learning_rate": 3e-3, "checkpoint_every": 25, **attributes}})


# --- heads and weights ------------------------------------------------------------------------------

def test_heads_come_from_the_label_definitions():
    classes = label_classes({"kind": "emoji-faces"})
    assert {k: len(v) for k, v in classes.items()} == {
        "skin_tone": 6, "gender": 3, "hair": 5, "age": 4, "glasses": 3, "beard": 2, "smiling": 2}
    assert list(classes) == list(LABELS)
    # Every value the name parser gives is a class of its label.
    for name, unified in (("MAN: RED HAIR", "1F468-1F3FF-200D-1F9B0"), ("OLDER WOMAN", "1F475"),
                          ("SMILING FACE WITH SUNGLASSES", "1F60E"), ("BALD MAN", ""), ("WOMAN: BEARD", "")):
        for k, v in parse_labels(name, unified).items():
            assert 0 <= v < len(LABEL_CLASSES[k]), (name, k, v)
    # Only a subset of the values present in the data: still the defined class counts.
    few = {"skin_tone": torch.tensor([0, 3]), "glasses": torch.tensor([0, 0])}
    heads = head_classes({"kind": "emoji-faces"}, few)
    assert {k: len(v) for k, v in heads.items()} == {"skin_tone": 6, "glasses": 3}
    assert list(head_classes({"kind": "emoji-faces"}, few, only=["glasses"])) == ["glasses"]
    with pytest.raises(ValueError, match="outside its 3 classes"):
        head_classes({"kind": "emoji-faces"}, {"glasses": torch.tensor([0, 3])})
    with pytest.raises(ValueError, match="no label 'hat'"):
        head_classes({"kind": "emoji-faces"}, few, only=["hat"])
    # A set without definitions: 0..max seen.
    assert label_classes({"kind": "npy"}, {"colour": torch.tensor([0, 2, 1])}) == {"colour": ["0", "1", "2"]}


def test_class_weights_balance_rare_classes_with_a_cap():
    values = torch.tensor([0] * 1891 + [1] * 3 + [2] * 1)
    w = class_weights(values, 3, cap=50.0)
    assert float(w[0]) == pytest.approx(1895 / (3 * 1891))
    assert float(w[1]) == pytest.approx(1895 / 9) or float(w[1]) == 50.0
    assert float(w[1]) == 50.0 and float(w[2]) == 50.0, "capped"
    w = class_weights(torch.tensor([0, 0, 0, 1]), 4, cap=1e9)
    assert w.tolist() == pytest.approx([4 / 6, 2.0, 0.0, 0.0]), "absent classes get no weight"
    # Balanced: each present class carries the same total weight.
    counts = torch.bincount(torch.tensor([0, 0, 0, 1]), minlength=4).float()
    assert float((w * counts)[0]) == pytest.approx(float((w * counts)[1]))


def test_head_metrics_balanced_accuracy():
    target = torch.tensor([0, 0, 0, 0, 1, 1])
    probs = torch.tensor([[0.9, 0.1, 0.0]] * 4 + [[0.8, 0.2, 0.0], [0.1, 0.9, 0.0]])
    m = head_metrics(probs, target)
    assert m["accuracy"] == pytest.approx(5 / 6, abs=1e-4)
    assert m["balancedAccuracy"] == pytest.approx((1.0 + 0.5) / 2)
    assert m["classesPresent"] == [0, 1] and m["confusion"][1] == [1, 1, 0]


# --- training -----------------------------------------------------------------------------------------

def test_attribute_classifier_trains_resumes_and_reports(tmp_path):
    cfg = _synthetic_cfg(tmp_path)
    labels = load_labels(cfg["data"], "train")
    assert set(labels) == {"shape", "tone", "size"} and load_dataset(cfg["data"], "train")[1] is None
    first = train_attributes(cfg, log=lambda *_: None)
    assert first["step"] == 100
    with open(os.path.join(cfg["run_dir"], "attributes.json"), encoding="utf-8") as f:
        summary = json.load(f)
    assert {k: len(h["classes"]) for k, h in summary["heads"].items()} == {"shape": 2, "tone": 4, "size": 2}
    assert set(summary["testAccuracy"]) == set(summary["testBalancedAccuracy"]) == {"shape", "tone", "size"}
    assert 0.0 <= summary["meanTestBalancedAccuracy"] <= 1.0
    tone = summary["heads"]["tone"]
    assert tone["classWeights"][3] > tone["classWeights"][0], "the rare darkest tone weighs more"
    # It learns (in eval mode, with the recalibrated batch norm): the size of a shape is easy, and
    # every head is above chance after 100 tiny steps (under a second).
    train = {k: h["train"]["balancedAccuracy"] for k, h in summary["heads"].items()}
    assert train["size"] > 0.8 and train["shape"] > 0.6 and train["tone"] > 0.4, train

    net, classes = load_attribute_classifier(cfg)
    assert {k: len(v) for k, v in classes.items()} == {"shape": 2, "tone": 4, "size": 2}
    x = load_dataset(cfg["data"], "test")[0][:5]
    out = net(x)
    assert {k: tuple(v.shape) for k, v in out.items()} == {"shape": (5, 2), "tone": (5, 4), "size": (5, 2)}

    before = torch.load(os.path.join(cfg["state_dir"], "attributes.pt"))
    cfg["attributes"]["steps"] = 105
    second = train_attributes(cfg, log=lambda *_: None)
    assert second["step"] == 105, "a rerun resumes from the checkpoint"
    after = torch.load(os.path.join(cfg["state_dir"], "attributes.pt"))
    assert after["optimizer"]["state"][0]["step"] == before["optimizer"]["state"][0]["step"] + 5
    assert not os.path.exists(os.path.join(cfg["state_dir"], "attributes.pt.tmp"))
    # Heads that no longer match the checkpoint: a clear error, not a silent restart.
    cfg["attributes"]["heads"] = ["tone"]
    with pytest.raises(ValueError, match="trained for the heads"):
        train_attributes(cfg, log=lambda *_: None)


def test_a_head_trains_and_is_measured_only_where_its_condition_holds(tmp_path):
    labels = {"shape": torch.tensor([0, 1, 0, 1]), "size": torch.tensor([0, 0, 1, 1])}
    masks = head_masks({"shape": {"size": [1]}}, {"shape": ["a", "b"], "size": ["s", "l"]}, labels)
    assert masks["shape"].tolist() == [False, False, True, True] and masks["size"].all()
    with pytest.raises(ValueError, match="no label 'colour'"):
        head_masks({"shape": {"colour": [1]}}, {"shape": ["a", "b"]}, labels)
    with pytest.raises(ValueError, match="no head tone"):
        head_masks({"tone": {"size": [1]}}, {"shape": ["a", "b"]}, labels)

    cfg = _synthetic_cfg(tmp_path, steps=30, where={"shape": {"size": [1]}})
    train_attributes(cfg, log=lambda *_: None)
    with open(os.path.join(cfg["run_dir"], "attributes.json"), encoding="utf-8") as f:
        heads = json.load(f)["heads"]
    large = int((load_labels(cfg["data"], "train")["size"] == 1).sum())
    test_large = int((load_labels(cfg["data"], "test")["size"] == 1).sum())
    assert 0 < large < 128 and sum(heads["shape"]["trainCounts"]) == large
    assert heads["shape"]["train"]["images"] == large and heads["shape"]["test"]["images"] == test_large
    assert heads["size"]["train"]["images"] == 128 and heads["shape"]["where"] == {"size": [1]}


def test_class_datasets_are_skipped(tmp_path):
    cfg = tiny_config(tmp_path, attributes={"steps": 5})
    assert "skipped" in train_attributes(cfg, log=lambda *_: None)
    assert load_attribute_classifier(cfg) is None
    assert "skipped" in train_attributes(_synthetic_cfg(tmp_path, steps=0), log=lambda *_: None)


# --- the slider check -----------------------------------------------------------------------------

class _BrightnessClassifier(torch.nn.Module):
    """Reads an image's mean brightness as a 'tone' of 4 classes: brighter, higher tone."""

    def forward(self, x):
        b = x.mean((1, 2, 3))
        return {"tone": torch.stack([c * 8.0 * (b - 0.5) for c in range(4)], 1)}


def _direction_and_seeds():
    g = torch.Generator().manual_seed(0)
    d = torch.randn(3, 4, 4, generator=g)
    d /= d.norm()
    seeds = torch.randn(8, 3, 4, 4, generator=g)
    seeds -= (seeds.flatten(1) @ d.flatten())[:, None, None, None] * d  # no projection on d
    return d, seeds


def _decoder(d, fn):
    def decode(z):
        p = z.flatten(1) @ d.flatten()
        return fn(p).view(-1, 1, 1, 1).expand(-1, 3, 4, 4)
    return decode


def test_slider_check_is_monotonic_for_a_brightening_slider_and_not_for_a_shuffled_one():
    d, seeds = _direction_and_seeds()
    classifier = _BrightnessClassifier()
    spec = {"label_key": "tone", "ordinal": True, "exclude": [0]}

    def score(x):
        return label_score(classifier(x)["tone"].softmax(1), spec)

    sliders = np.linspace(-3, 3, 7)
    brighten = _decoder(d, torch.sigmoid)
    check = slider_check(d, 1.0, seeds, brighten, score, sliders)
    assert check["monotonic"] and check["change"] > 0.5 and check["images"] == 8
    assert check["sliders"] == [-3, -2, -1, 0, 1, 2, 3]
    assert all(1.0 <= v <= 3.0 for v in check["values"]), "E[tone] over classes 1..3"
    # The same slider expected to lower the score (an ordinal spec with sign −1): not monotonic.
    assert not slider_check(d, 1.0, seeds, brighten, score, sliders, increasing=False)["monotonic"]
    # A darkening decoder checked as decreasing: monotonic.
    darken = _decoder(d, lambda p: torch.sigmoid(-p))
    assert slider_check(d, 1.0, seeds, darken, score, sliders, increasing=False)["monotonic"]
    # Shuffled: brightness a scrambled function of the slider, or the slider values out of order.
    shuffled = _decoder(d, lambda p: 0.5 + 0.4 * torch.sin(2.5 * p))
    assert not slider_check(d, 1.0, seeds, shuffled, score, sliders)["monotonic"]
    order = np.random.default_rng(0).permutation(7)
    assert not slider_check(d, 1.0, seeds, brighten, score, sliders[order])["monotonic"]
    # A slider that changes nothing is not monotonic either.
    flat = _decoder(d, lambda p: torch.full_like(p, 0.7))
    assert not slider_check(d, 1.0, seeds, flat, score, sliders)["monotonic"]


def test_is_monotonic_and_label_score():
    assert is_monotonic([0.1, 0.2, 0.2, 0.5])
    assert not is_monotonic([0.1, 0.3, 0.2, 0.5])
    assert is_monotonic([0.5, 0.3, 0.1], increasing=False) and not is_monotonic([0.5, 0.3, 0.1])
    assert not is_monotonic([0.4, 0.4, 0.4]) and not is_monotonic([0.4])
    assert is_monotonic([0.1, 0.3, 0.2995, 0.5], tolerance=1e-3)
    probs = torch.tensor([[0.5, 0.25, 0.25, 0.0], [0.0, 0.0, 0.0, 1.0]])
    assert label_score(probs, {"ordinal": True, "exclude": [0]}).tolist() == pytest.approx([1.5, 3.0])
    assert label_score(probs, {"ordinal": True}).tolist() == pytest.approx([0.75, 3.0])
    assert label_score(probs, {"positive": [1, 2], "negative": [0]}).tolist() == pytest.approx([0.5, 0.0])
    contrast = {"positive": [1, 2], "negative": [0], "check_score": "contrast"}
    assert label_score(probs, contrast).tolist() == pytest.approx([0.0, 0.0])
    assert label_score(probs[:, [1, 0, 2, 3]], contrast).tolist() == pytest.approx([0.5, 0.0])
    assert score_name(contrast) == "P(class in [1, 2]) − P(class in [0])"


def test_report_shows_the_checks():
    directions = [
        {"id": "darker-skin", "effect": {}, "check": {"score": "E[skin_tone] (excluding [0])", "sliders": [-3, 0, 3],
                                                      "values": [1.5, 3.0, 4.5], "monotonic": True}},
        {"id": "smile", "effect": {}, "check": {"score": "P(smiling in [1])", "sliders": [-3, 0, 3],
                                                "values": [0.2, 0.1, 0.3], "monotonic": False}},
        {"id": "brighter", "effect": {}},
    ]
    text = "\n".join(check_tables(directions, {"step": 10, "testAccuracy": {"skin_tone": 0.9},
                                               "testBalancedAccuracy": {"skin_tone": 0.8},
                                               "trainBalancedAccuracy": {"skin_tone": 0.95},
                                               "reconstructedTestBalancedAccuracy": {"skin_tone": 0.7}}))
    assert "| skin_tone | 0.900 | 0.800 | 0.950 | 0.700 |" in text
    assert "| direction | score | −3 | 0 | +3 | monotonic |" in text
    assert "| darker-skin | E[skin_tone] (excluding [0]) | 1.500 | 3.000 | 4.500 | yes |" in text
    assert "| smile | P(smiling in [1]) | 0.200 | 0.100 | 0.300 | **no** |" in text
    assert "brighter" not in text
    assert check_tables([{"id": "x", "effect": {}}]) == []


# --- the emoji faces ------------------------------------------------------------------------------

@needs_package
def test_emoji_attribute_classifier_and_directions_check(tmp_path):
    """64 emoji faces at 16×16, a few steps; then compute_directions with untrained tiny networks
    records a check for each named-label direction the classifier has a head for."""
    from training.checkpoint import save_checkpoint
    from training.directions import compute_directions
    from training.models import build_denoiser, build_embedder

    overrides = {
        "run_dir": str(tmp_path / "run"), "threads": 1, "data": {"image_size": 16},
        "attributes": {"steps": 3, "batch_size": 16, "widths": [8, 16], "hidden": 16},
        "denoiser": {"widths": [4, 8], "block_depth": 1, "embedding_dims": 4},
        "embedder": {"widths": [4, 8], "block_depth": 1},
        "directions": {"effect_images": 4, "check_images": 3, "check_values": 5, "train_images": 2000,
                       "labels": [s for s in load_config(EMOJI)["directions"]["labels"]
                                  if s["id"] in ("darker-skin", "more-feminine", "smile")],
                       "attributes": []}}
    cfg = load_config(EMOJI, {**overrides, "data": {"image_size": 16, "limit_train": 64, "limit_test": 16}})
    result = train_attributes(cfg, log=lambda *_: None)
    assert result["step"] == 3 and set(result["testAccuracy"]) == set(LABELS)
    assert result["testBalancedAccuracy"]["glasses"] is None, "one class in the test split: not judged"
    net, classes = load_attribute_classifier(cfg)
    assert {k: len(v) for k, v in classes.items()} == {k: len(v) for k, v in LABEL_CLASSES.items()}

    cfg = load_config(EMOJI, overrides)  # all the train images for the directions
    torch.manual_seed(0)
    denoiser = build_denoiser(cfg["denoiser"], 3)
    save_checkpoint(os.path.join(cfg["run_dir"], "denoiser.pt"),
                    {"ema": denoiser.state_dict(), "mean": [0.8] * 3, "std": [0.3] * 3})
    embedder = build_embedder(cfg["embedder"], 3)
    torch.nn.init.normal_(embedder.head.weight)
    save_checkpoint(os.path.join(cfg["run_dir"], "embedder.pt"),
                    {"model": embedder.state_dict(), "input_range": "normalized"})
    out = compute_directions(cfg, log=lambda *_: None)
    checks = {d["id"]: d["check"] for d in out["directions"]}
    assert checks["darker-skin"]["label"] == "skin_tone" and checks["darker-skin"]["score"].startswith("E[skin_tone]")
    # Five values spread over the slider's range in the config (−3…3 when it names none).
    skin = next(s for s in cfg["directions"]["labels"] if s["id"] == "darker-skin")
    lo, hi = skin.get("min", -3.0), skin.get("max", 3.0)
    assert checks["darker-skin"]["sliders"] == [lo + (hi - lo) * i / 4 for i in range(5)]
    assert all(1.0 <= v <= 5.0 for v in checks["darker-skin"]["values"])
    contrast = "P(gender in [2]) − P(gender in [1])"
    assert checks["more-feminine"]["score"] == contrast and checks["smile"]["images"] == 3
    assert all(-1.0 <= v <= 1.0 for v in checks["more-feminine"]["values"])
    assert all(isinstance(c["monotonic"], bool) and len(c["values"]) == 5 for c in checks.values())
    effects = {d["id"]: d["effect"]["attribute"] for d in out["directions"]}
    assert effects == {"darker-skin": "mean-intensity", "more-feminine": contrast, "smile": "P(smiling in [1])"}
    with open(os.path.join(cfg["run_dir"], "directions.json"), encoding="utf-8") as f:
        saved = json.load(f)
    assert saved[1]["check"]["label"] == "gender"
    assert saved[2]["stripImage"] == 7 and "stripImage" not in saved[0], "the smile strip starts from a smiley"

    # The classifier judged on reconstructions (here the test images themselves): smiling only
    # among the smileys, glasses not at all (one class in the test split).
    from training.evaluate import decoded_accuracy
    accuracy = decoded_accuracy(cfg, load_dataset(cfg["data"], "test")[0][:20])
    assert set(accuracy) == set(LABELS) and accuracy["glasses"] is None
    assert all(v is None or 0.0 <= v <= 1.0 for v in accuracy.values())
