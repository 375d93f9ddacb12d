"""The attribute scorer and pack update of issue #18: what each direction measures (the same
choice directions.py makes for its effect), the sign fix, and both shipped packs as updated."""
import json
import os

from training.pack_update import flipped_curve, wrong_sign
from training.scorer import direction_attribute

from conftest import REPO


def test_direction_attribute_follows_how_the_effect_was_measured():
    classes = {"class": [str(i) for i in range(10)]}
    dress = {"id": "dress", "positive": [3], "negative": [0, 1, 2]}
    assert direction_attribute(dress, "label-mean", classes) == {"kind": "scorer", "output": "class", "score": "probability", "positive": [3]}
    # Without a scorer the effect was measured in mean intensity: so is the lock.
    assert direction_attribute(dress, "label-mean", None) == {"kind": "pixel", "name": "mean-intensity"}
    heads = {"gender": ["u", "m", "w"], "skin_tone": [str(i) for i in range(6)]}
    feminine = {"id": "f", "label_key": "gender", "positive": [2], "negative": [1], "check_score": "contrast"}
    assert direction_attribute(feminine, "label-mean", heads)["score"] == "contrast"
    ordinal = {"id": "s", "label_key": "skin_tone", "ordinal": True, "exclude": [0]}
    assert direction_attribute(ordinal, "attribute-regression", heads) == {"kind": "scorer", "output": "skin_tone", "score": "expected", "exclude": [0]}
    # A label spec that names an image attribute is measured (and locked) in that attribute.
    assert direction_attribute({**ordinal, "attribute": "mean-intensity"}, "attribute-regression", heads) == {"kind": "pixel", "name": "mean-intensity"}
    assert direction_attribute({"id": "w", "attribute": "width", "sign": 1}, "attribute-regression", heads) == {"kind": "pixel", "name": "width"}


def test_sign_fix_is_detected_once_and_flips_the_curve():
    spec = {"id": "darker", "attribute": "object-intensity", "sign": 1}
    before = {"effect": {"attribute": "object-intensity", "perUnit": -0.03}}
    assert wrong_sign(spec, before)
    assert not wrong_sign(spec, {"effect": {"attribute": "object-intensity", "perUnit": 0.03}})
    assert not wrong_sign({"id": "x", "label_key": "skin_tone", "attribute": "mean-intensity"}, before)
    curve = {"values": [-6, 0, 6], "attribute": [0.8, 0.6, 0.4]}
    assert flipped_curve(curve) == {"values": [-6, 0, 6], "attribute": [0.4, 0.6, 0.8]}
    assert flipped_curve({"values": [-4, 0, 8], "attribute": [1, 2, 3]}) is None


def test_shipped_packs_name_what_each_direction_measures():
    for pack_id in ("fashion-mnist", "emoji-faces"):
        with open(os.path.join(REPO, "models", pack_id, "pack.json"), encoding="utf-8") as f:
            pack = json.load(f)
        outputs = pack["networks"]["attributes"]["outputs"]
        for d in pack["directions"]["items"]:
            a = d["attribute"]
            assert a["kind"] in ("pixel", "scorer"), d["id"]
            if a["kind"] == "scorer":
                assert a["output"] in outputs, d["id"]
        darker = next((d for d in pack["directions"]["items"] if d["id"] == "darker"), None)
        if darker:  # negated pack: darker in the photo is brighter in the model
            assert darker["effect"]["perUnit"] > 0
