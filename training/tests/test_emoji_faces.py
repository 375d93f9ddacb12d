"""The emoji faces set (training/emoji_faces.py): label rules, split, pixels, cache, and the
directions hook for named and ordinal labels. The parser and hook tests need no package; the
data tests are skipped without the npm devDependency emoji-datasource-google."""
import collections
import json
import os

import numpy as np
import pytest
import torch

from training.config import load_config
from training.data import load_dataset, load_labels
from training.directions import label_spec_direction
from training.emoji_faces import (LABELS, META_LABELS, entries_for, load_emoji_faces, package_version, parse_labels,
                                  resolve_root, select_entries, split_of)

from conftest import REPO

PACKAGE = os.path.join(REPO, "node_modules", "emoji-datasource-google")
needs_package = pytest.mark.skipif(not os.path.exists(os.path.join(PACKAGE, "emoji.json")),
                                   reason="npm package emoji-datasource-google not installed (npm ci)")
CONFIG = os.path.join(REPO, "training", "configs", "emoji-faces.yaml")


def _data_cfg(**overrides):
    return {**load_config(CONFIG)["data"], **overrides}


def _labels(name, unified="", short_names=()):
    return parse_labels(name, unified, short_names)


# --- label rules --------------------------------------------------------------------------------

def test_hair_gender_and_skin_tone_from_names_and_code_points():
    # man: medium skin tone, red hair
    man = _labels("MAN: RED HAIR", "1F468-1F3FD-200D-1F9B0")
    assert (man["gender"], man["hair"], man["skin_tone"]) == (1, 1, 3)
    assert _labels("man: medium skin tone, red hair")["skin_tone"] == 3
    assert _labels("woman: medium-dark skin tone")["skin_tone"] == 4
    assert _labels("person: curly hair", "1F9D1-1F3FB-200D-1F9B1") == {
        "skin_tone": 1, "gender": 0, "hair": 2, "age": 0, "glasses": 0, "beard": 0, "smiling": 0}
    assert _labels("woman: white hair")["hair"] == 3 and _labels("woman: white hair")["gender"] == 2
    assert _labels("bald man")["hair"] == 4 and _labels("bald man")["gender"] == 1
    assert _labels("man: bald") == {**_labels("man: bald"), "hair": 4, "gender": 1}
    assert _labels("", "1F469-200D-1F9B2")["hair"] == 4  # the hair component alone
    assert _labels("PERSON WITH WHITE CANE")["hair"] == 0
    assert _labels("WOMAN: BLOND HAIR")["hair"] == 0


def test_age_glasses_beard_smile():
    older = _labels("older woman")
    assert (older["age"], older["gender"]) == (3, 2)
    assert _labels("OLDER ADULT")["age"] == 3 and _labels("OLDER ADULT")["gender"] == 0
    assert _labels("BABY")["age"] == 1 and _labels("BABY ANGEL")["age"] == 1
    assert _labels("MAN FEEDING BABY")["age"] == 0, "the man is the subject, not the baby"
    assert _labels("BOY")["age"] == 2 and _labels("BOY")["gender"] == 1
    assert _labels("GIRL")["age"] == 2 and _labels("CHILD")["age"] == 2
    shades = _labels("smiling face with sunglasses")
    assert (shades["glasses"], shades["smiling"]) == (2, 1)
    assert _labels("NERD FACE")["glasses"] == 1 and _labels("FACE WITH MONOCLE")["glasses"] == 1
    assert _labels("WOMAN: BEARD")["beard"] == 1 and _labels("WOMAN: BEARD")["gender"] == 2
    assert _labels("FATHER CHRISTMAS", "1F385", ["santa"])["beard"] == 1
    for name in ("GRINNING FACE", "FACE WITH TEARS OF JOY", "ROLLING ON THE FLOOR LAUGHING",
                 "SMILING FACE WITH HORNS", "HAPPY PERSON RAISING ONE HAND"):
        assert _labels(name)["smiling"] == 1, name
    for name in ("SMIRKING FACE", "SLIGHTLY FROWNING FACE", "GRIMACING FACE", "NEUTRAL FACE",
                 "KISSING FACE WITH SMILING EYES"):
        assert _labels(name)["smiling"] == 0, name
    assert _labels("SMILING FACE WITH OPEN MOUTH", "1F603", ["smiley"])["smiling"] == 1


def test_gender_cues_and_overrides():
    assert _labels("WOMAN RUNNING", "1F3C3-200D-2640-FE0F")["gender"] == 2
    assert _labels("MERMAN", "1F9DC-200D-2642-FE0F")["gender"] == 1
    assert _labels("MERMAID", "1F9DC-200D-2640-FE0F")["gender"] == 2
    assert _labels("FAMILY: MAN, WOMAN, BOY", "1F468-200D-1F469-200D-1F466")["gender"] == 0
    assert _labels("FAMILY: MAN, BOY", "1F468-200D-1F466")["gender"] == 1
    assert _labels("KISS: WOMAN, MAN")["gender"] == 0
    assert _labels("COUPLE WITH HEART: WOMAN, WOMAN")["gender"] == 2
    # "WOMAN" contains "MAN": words, not substrings
    assert _labels("WOMAN")["gender"] == 2 and _labels("HUMAN")["gender"] == 0
    # Unicode character names gendered, emoji not (CLDR "person in tuxedo"), and the reverse.
    assert _labels("MAN IN TUXEDO", "1F935")["gender"] == 0
    assert _labels("MAN IN TUXEDO", "1F935-1F3FF")["gender"] == 0
    assert _labels("WOMAN IN TUXEDO", "1F935-200D-2640-FE0F")["gender"] == 2
    assert _labels("DANCER", "1F483")["gender"] == 2


def test_split_is_a_fixed_hash_of_the_base_emoji():
    assert split_of("1F468-200D-1F9B0") == split_of("1f468-200d-1f9b0")
    tones = ("1F3FB", "1F3FC", "1F3FD", "1F3FE", "1F3FF", "1F3FB-1F3FC")
    fake = [{"unified": f"1F{i:03X}", "image": f"{i}.png", "name": f"THING {i}", "category": "People & Body",
             "sort_order": i,
             "skin_variations": {t: {"unified": f"1F{i:03X}-{t}", "image": f"{i}-{t}.png"} for t in tones}}
            for i in range(400)]
    entries = select_entries(fake)
    assert len(entries) == 400 * 6, "five single tones per emoji, not the two-tone pair"
    by_base = collections.defaultdict(set)
    for e in entries:
        by_base[e["base"]].add(e["split"])
    assert all(len(s) == 1 for s in by_base.values())
    test_share = sum(s == {"test"} for s in by_base.values()) / len(by_base)
    assert 0.06 < test_share < 0.14
    # Independent of the file's order and of what else it holds.
    again = {e["unified"]: e["split"] for e in select_entries(list(reversed(fake[::2])))}
    assert all(again[e["unified"]] == e["split"] for e in entries if e["unified"] in again)


# --- the directions hook ----------------------------------------------------------------------------

def test_label_spec_direction_reads_named_and_ordinal_labels():
    g = torch.Generator().manual_seed(0)
    n = 600
    tone = torch.randint(0, 6, (n,), generator=g)
    gender = torch.randint(0, 3, (n,), generator=g)
    d_tone = torch.zeros(3, 4, 4)
    d_tone[0, 0, 0] = 1.0
    d_gender = torch.zeros(3, 4, 4)
    d_gender[1, 2, 3] = 1.0
    seeds = torch.randn(n, 3, 4, 4, generator=g)
    seeds += tone.float().view(-1, 1, 1, 1) * 1.0 * d_tone
    seeds += (gender == 2).float().view(-1, 1, 1, 1) * 2.0 * d_gender
    # The unordered value 0 is pushed far along another axis: excluding it must keep it out.
    seeds[tone == 0, 2, 1, 1] += 10.0
    labels = {"skin_tone": tone, "gender": gender}

    vec, method, source = label_spec_direction(
        {"id": "darker", "label_key": "skin_tone", "ordinal": True, "exclude": [0]}, seeds, labels)
    unit = (vec / vec.norm()).reshape(-1)
    assert method == "attribute-regression" and "skin_tone" in source and "[0]" in source
    assert float(unit @ d_tone.reshape(-1)) > 0.9
    zero_axis = torch.zeros(3, 4, 4)
    zero_axis[2, 1, 1] = 1.0
    assert abs(float(unit @ zero_axis.reshape(-1))) < 0.1

    vec, method, source = label_spec_direction(
        {"id": "fem", "label_key": "gender", "positive": [2], "negative": [1]}, seeds, labels)
    assert method == "label-mean" and source == "gender [2] vs [1]"
    assert float((vec / vec.norm()).reshape(-1) @ d_gender.reshape(-1)) > 0.8

    # The default key is the dataset's class, as the Fashion-MNIST configs use it.
    vec, method, source = label_spec_direction({"id": "x", "positive": [1], "negative": [0]}, seeds,
                                               {"class": (gender == 2).long()})
    assert source == "classes [1] vs [0]"
    with pytest.raises(ValueError, match="no label 'hair'"):
        label_spec_direction({"id": "x", "label_key": "hair", "positive": [1], "negative": [0]}, seeds, labels)
    with pytest.raises(ValueError, match="no label 'class'"):
        label_spec_direction({"id": "x", "positive": [1], "negative": [0]}, seeds, None)


def test_where_and_paired_directions_cancel_what_the_groups_share():
    g = torch.Generator().manual_seed(1)
    n = 400
    d_smile, d_smiley, d_glasses = (torch.zeros(2, 4, 4) for _ in range(3))
    d_smile[0, 0, 0] = d_smiley[0, 1, 1] = d_glasses[1, 2, 2] = 1.0
    smiley = (torch.arange(n) % 4 == 0).long()
    # Only smileys smile: a plain mean difference also learns "become a smiley".
    smiling = smiley * (torch.rand(n, generator=g) < 0.5).long()
    seeds = torch.randn(n, 2, 4, 4, generator=g) * 0.3
    seeds += smiley.float().view(-1, 1, 1, 1) * 3.0 * d_smiley + smiling.float().view(-1, 1, 1, 1) * d_smile
    labels = {"smiling": smiling, "smiley": smiley}
    plain = label_spec_direction({"id": "s", "label_key": "smiling", "positive": [1], "negative": [0]}, seeds, labels)[0]
    within, method, source = label_spec_direction(
        {"id": "s", "label_key": "smiling", "positive": [1], "negative": [0], "where": {"smiley": [1]}}, seeds, labels)
    cos = lambda v, d: float((v / v.norm()).reshape(-1) @ d.reshape(-1))  # noqa: E731
    assert cos(plain, d_smiley) > 0.8 and cos(within, d_smiley) < 0.3 and cos(within, d_smile) > 0.8
    assert method == "label-mean" and source.endswith("where smiley in [1]")

    # Pairs: the last 50 images are copies of the first 50 with glasses added. The originals
    # lean along an unrelated axis that a mean over all images would pick up.
    base = torch.randn(n, 2, 4, 4, generator=g)
    base[:50] += 2.0 * d_smiley
    seeds = torch.cat([base, base[:50] + 0.5 * d_glasses])
    glasses = torch.cat([torch.zeros(n), torch.ones(50)]).long()
    pair = torch.cat([torch.full((n,), -1), torch.arange(50)])
    labels = {"glasses": glasses, "pair": pair}
    spec = {"id": "g", "label_key": "glasses", "positive": [1], "negative": [0]}
    assert cos(label_spec_direction(spec, seeds, labels)[0], d_smiley) > 0.5
    vec, method, source = label_spec_direction({**spec, "paired": "pair"}, seeds, labels)
    assert torch.allclose(vec, 0.5 * d_glasses, atol=1e-5) and "50 pairs" in source
    with pytest.raises(ValueError, match="no glasses in \\[2\\] has a partner"):
        label_spec_direction({**spec, "positive": [2], "paired": "pair"}, seeds, labels)
    with pytest.raises(ValueError, match="`where` names 'kind'"):
        label_spec_direction({**spec, "where": {"kind": [1]}}, seeds, labels)


def test_directions_are_checked_on_the_test_images_their_where_keeps():
    from training.directions import check_pool
    seeds = torch.arange(6.0).view(6, 1)
    labels = {"smiley": torch.tensor([0, 1, 0, 1, 0, 0])}
    assert check_pool({"where": {"smiley": [1]}}, seeds, labels).flatten().tolist() == [1.0, 3.0]
    assert check_pool({}, seeds, labels).flatten().tolist() == list(range(6))
    # No test image matches: measured on all of them rather than on none.
    assert len(check_pool({"where": {"smiley": [2]}}, seeds, labels)) == 6


def test_load_labels_of_a_class_dataset_is_its_classes():
    data = {"kind": "synthetic", "count": 10, "image_size": 8, "channels": 1}
    assert torch.equal(load_labels(data, "train")["class"], load_dataset(data, "train")[1])


# --- the data ---------------------------------------------------------------------------------------

@needs_package
def test_selection_counts_and_labels_per_split():
    data = _data_cfg()
    root, version, entries = entries_for(data)
    assert root == resolve_root({}) and version == package_version(PACKAGE)
    train = [e for e in entries if e["split"] == "train"]
    test = [e for e in entries if e["split"] == "test"]
    assert len(train) + len(test) == len(entries) and 0.07 < len(test) / len(entries) < 0.13
    assert {e["category"] for e in entries} == {"Smileys & Emotion", "People & Body"}
    assert not {e["subcategory"] for e in entries} & {"heart", "emotion", "hands", "body-parts", "hand-single-finger"}
    for split in (train, test):
        tones = collections.Counter(e["skin_tone"] for e in split)
        # Every toned emoji comes with all five tones, and its base image (tone 0).
        assert len({tones[t] for t in range(1, 6)}) == 1 and tones[0] >= tones[1] > 0
    if version == "16.0.0":
        assert (len(train), len(test)) == (1017, 110)
        assert sum(e["skin_tone"] > 0 for e in entries) == 825
    known = {e["unified"]: e for e in entries}
    red = known.get("1F468-1F3FD-200D-1F9B0")  # man: medium skin tone, red hair
    if red:
        assert (red["gender"], red["hair"], red["skin_tone"]) == (1, 1, 3)
    assert known["1F60E"]["glasses"] == 2 and known["1F475"]["age"] == 3


@needs_package
def test_images_are_faces_on_white_in_colour(tmp_path):
    data = _data_cfg(cache_dir=str(tmp_path / "cache"))
    x, labels, entries = load_emoji_faces(data, "train")
    assert x.shape == (len(entries), 3, 64, 64) and x.dtype == torch.float32
    assert 0.0 <= float(x.min()) and float(x.max()) <= 1.0
    corners = torch.stack([x[:, :, 0, 0], x[:, :, 0, -1], x[:, :, -1, 0], x[:, :, -1, -1]])
    assert float(corners.min()) > 0.98, "transparent corners flattened on white"
    assert sorted(labels) == sorted(LABELS + META_LABELS) and all(len(v) == len(x) for v in labels.values())
    assert {e["subcategory"] for e, s in zip(entries, labels["smiley"].tolist()) if s} <= {
        e["subcategory"] for e in entries if e["subcategory"].startswith("face-") or e["subcategory"].endswith("-face")}
    # The sunglasses smiley (if in train) is yellow at its cheek: red and green high, blue low.
    idx = {e["unified"]: i for i, e in enumerate(entries)}
    if "1F60E" in idx:
        r, gr, b = x[idx["1F60E"], :, 44, 16].tolist()
        assert r > 0.8 and gr > 0.6 and b < 0.4, (r, gr, b)
    # Darker skin tones are darker pictures, on average.
    means = [float(x[labels["skin_tone"] == t].mean()) for t in range(1, 6)]
    assert means[1] > means[2] > means[3] > means[4] and means[0] > means[4] + 0.05, means
    # The decoded images are cached by package version; the second load reads the cache.
    cached = os.listdir(tmp_path / "cache")
    assert len(cached) == 1 and cached[0].startswith(f"emoji-faces-{package_version(PACKAGE)}-")
    again, _, _ = load_emoji_faces(data, "train")
    assert torch.equal(again, x)


@needs_package
def test_load_dataset_and_load_labels_agree():
    data = _data_cfg()
    for split in ("train", "test"):
        x, y = load_dataset(data, split)
        labels = load_labels(data, split)
        assert y is None, "no single class: the classifier skips this set"
        assert len(labels["skin_tone"]) == len(x) and x.shape[1:] == (3, 64, 64)
    limited = {**data, "limit_test": 7}
    assert len(load_dataset(limited, "test")[0]) == 7 and len(load_labels(limited, "test")["gender"]) == 7
    small = load_dataset({**data, "image_size": 32}, "test")[0]
    assert small.shape[1:] == (3, 32, 32) and float(small.max()) <= 1.0


@needs_package
def test_all_skin_tone_variants_share_their_emojis_split():
    with open(os.path.join(PACKAGE, "emoji.json"), encoding="utf-8") as f:
        emoji = json.load(f)
    entries = select_entries(emoji)
    by_base = collections.defaultdict(set)
    for e in entries:
        by_base[e["base"]].add(e["split"])
    assert all(len(s) == 1 for s in by_base.values())
    assert [e["split"] for e in select_entries(emoji)] == [e["split"] for e in entries]


@needs_package
def test_compute_directions_reads_the_configs_named_labels(tmp_path):
    """The emoji-faces config's direction specs through compute_directions, with untrained tiny
    networks (no training: only that every spec finds its label and gives a unit vector)."""
    from training.checkpoint import save_checkpoint
    from training.directions import compute_directions
    from training.models import build_denoiser, build_embedder

    cfg = load_config(CONFIG, {
        "run_dir": str(tmp_path / "run"), "threads": 1, "data": {"image_size": 16},
        "denoiser": {"widths": [4, 8], "block_depth": 1, "embedding_dims": 4},
        "embedder": {"widths": [4, 8], "block_depth": 1},
        "directions": {"effect_images": 4}})
    torch.manual_seed(0)
    denoiser = build_denoiser(cfg["denoiser"], 3)
    save_checkpoint(os.path.join(cfg["run_dir"], "denoiser.pt"),
                    {"ema": denoiser.state_dict(), "mean": [0.8] * 3, "std": [0.3] * 3})
    embedder = build_embedder(cfg["embedder"], 3)
    torch.nn.init.normal_(embedder.head.weight)  # the zero-initialised head would give zero seeds
    save_checkpoint(os.path.join(cfg["run_dir"], "embedder.pt"),
                    {"model": embedder.state_dict(), "input_range": "normalized"})
    out = compute_directions(cfg, log=lambda *_: None)
    ids = [d["id"] for d in out["directions"]]
    assert ids == [s["id"] for s in cfg["directions"]["labels"] + cfg["directions"]["attributes"]]
    with open(os.path.join(cfg["run_dir"], "directions.json"), encoding="utf-8") as f:
        saved = json.load(f)
    assert saved[0]["method"] == "attribute-regression" and "skin_tone" in saved[0]["source"]
    assert saved[1]["method"] == "label-mean" and saved[1]["source"] == "gender [2] vs [1], where smiley in [0]"
    glasses = next(d for d in saved if d["id"] == "glasses")
    assert glasses["method"] == "label-mean" and "minus its pair (pair)" in glasses["source"]
    vectors = np.load(os.path.join(cfg["run_dir"], "directions.npy"))
    assert vectors.shape == (len(ids), 3, 16, 16)
    assert np.allclose(np.linalg.norm(vectors.reshape(len(ids), -1), axis=1), 1.0, atol=1e-5)


@needs_package
def test_synthetic_glasses_are_copies_of_heads_and_smileys_on_the_train_split(tmp_path):
    data = _data_cfg(cache_dir=str(tmp_path / "cache"))
    spec = data["synthetic_glasses"]
    plain = {k: v for k, v in data.items() if k != "synthetic_glasses"}
    x0, labels0, entries0 = load_emoji_faces(plain, "train")
    x, labels, entries = load_emoji_faces(data, "train")
    copies = entries[len(entries0):]
    assert entries[:len(entries0)] == entries0 and torch.equal(x[:len(x0)], x0)
    assert len(copies) > 150 and all(c["synthetic"] == "glasses" for c in copies)
    assert {c["subcategory"] for c in copies} <= set(spec["placements"])
    # Labels: the source's, glasses set (eyeglasses, every third one sunglasses); none of the
    # sources already wore glasses.
    _, _, all_entries = entries_for(data)
    for c in copies:
        source = all_entries[c["source"]]
        assert source["glasses"] == 0 and source["split"] == "train"
        assert {k: c[k] for k in LABELS if k != "glasses"} == {k: source[k] for k in LABELS if k != "glasses"}
    assert [c["glasses"] for c in copies[:6]] == [1, 1, 2, 1, 1, 2]
    assert torch.equal(labels["glasses"][len(x0):], torch.tensor([c["glasses"] for c in copies]))
    assert torch.equal(load_labels(data, "train")["glasses"], labels["glasses"])
    # Each copy's pair label points at its original's position in the split; originals have -1.
    assert (labels["pair"][:len(x0)] == -1).all()
    for j, c in enumerate(copies):
        assert entries[int(labels["pair"][len(x0) + j])]["image"] == all_entries[c["source"]]["image"]
    # Pixels: the copy differs from its source around the eyes, not in the bottom rows.
    index = {e["image"]: i for i, e in enumerate(entries0)}
    for j, c in enumerate(copies[:20]):
        src = x0[index[all_entries[c["source"]]["image"]]]
        cx, cy, w = spec.get("overrides", {}).get(c["base"]) or spec["placements"][c["subcategory"]]
        eyes = (x[len(x0) + j] - src)[:, cy - 4:cy + 4, cx - w // 2:cx + w // 2].abs().mean()
        assert float(eyes) > 0.05, c["image"]
        assert torch.equal(x[len(x0) + j][:, 56:], src[:, 56:])
    # The test split stays as the package draws it.
    assert len(load_emoji_faces(data, "test")[2]) == len(load_emoji_faces(plain, "test")[2])
