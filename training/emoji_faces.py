"""Colour faces: Google's Noto emoji of people and smileys, from the npm package
emoji-datasource-google (data MIT, Noto images Apache-2.0), as 64×64 RGB images on white.

Selection. Every entry of the package's emoji.json whose category is in data.categories (default
"Smileys & Emotion" and "People & Body") and whose subcategory is not in
data.exclude_subcategories (default none; the emoji-faces config drops the hearts and the emotion
symbols, which are not faces), plus each selected emoji's single skin-tone variants from its
`skin_variations` (keys 1F3FB..1F3FF). The two-tone combinations (keys like "1F3FB-1F3FC", on
couples and handshakes) are left out: they have no single skin tone. Only images the package
ships for Google (has_img_google) are used. Order: emoji.json's sort_order, then skin tone 0..5.

Pixels. img/google/64/<image>.png (RGBA or LA, 64×64) composited over data.background (default
white) in float: rgb·α + background·(1 − α), giving N×3×64×64 in [0, 1]; resized (bilinear,
antialiased) only when data.image_size is not 64. The decoded RGBA arrays are cached under
training/cache/ (data.cache_dir), keyed by the package version and the list of image files, so
a second load skips the PNG decoding.

Split. A fixed 10 % test split by a hash of the *base* emoji's unified code (see split_of).
With data.synthetic_glasses, copies of the heads and smileys wearing glasses follow a split's
originals (training/synthetic_glasses.py).

Labels: a dict of int64 tensors, one value per image, parsed by parse_labels from the Unicode name
(upper-cased and split into words), the short names (split on "_" and "-") and the code points:
- skin_tone: 0 = none (the default yellow), 1..5 = the Fitzpatrick modifiers 1F3FB..1F3FF (light,
  medium-light, medium, medium-dark, dark), from the code points or a "… skin tone" name.
- gender: 1 man, 2 woman, 0 person/unspecified or both. Male cues: the words MAN MEN BOY MALE
  PRINCE KING FATHER MERMAN, or the code points 1F468 MAN, 1F466 BOY, 1F474 OLDER MAN, 2642 MALE
  SIGN; female cues: WOMAN WOMEN GIRL FEMALE PRINCESS QUEEN MOTHER MERMAID, or 1F469 WOMAN,
  1F467 GIRL, 1F475 OLDER WOMAN, 2640 FEMALE SIGN. Both kinds of cue (a family or couple of a man
  and a woman) give 0. A few old single-code-point emoji whose Unicode character names are
  gendered but whose emoji (CLDR name and Noto drawing) are not are overridden by GENDER_OVERRIDES
  (e.g. 1F935 "MAN IN TUXEDO" is "person in tuxedo"; 1F483 "DANCER" is "woman dancing").
- hair: 1 red, 2 curly, 3 white, 4 bald, 0 otherwise (blond hair included), from the hair
  components 1F9B0 1F9B1 1F9B3 1F9B2 or the phrases RED HAIR, CURLY HAIR, WHITE HAIR, BALD.
- age: 1 baby (first word BABY, or 1F476 — "man feeding baby" is an adult), 2 child (first word
  CHILD, BOY or GIRL), 3 older (the word OLDER or OLD), 0 unspecified/adult.
- glasses: 2 sunglasses (SUNGLASSES), 1 glasses (GLASSES, EYEGLASSES, NERD, MONOCLE, DISGUISED —
  the nerd face, the face with monocle and the disguised face all wear glasses), 0 none.
- beard: 1 for BEARD/BEARDED and for Father Christmas (SANTA), else 0.
- smiling: 1 when a word of the name or a short name starts with SMIL, GRIN or LAUGH, or is JOY,
  HAPPY or BEAMING (so "face with tears of joy", "smiling face with horns", "cat face with wry
  smile"; not "smirking face"), else 0 — and 0 for a kissing face ("kissing face with smiling
  eyes"): the label is about the mouth, and a kiss's mouth is pursed.
The rules read names, not pixels: a label is as good as the name, and e.g. a "person" drawn with
long hair still has gender 0.

Two more integer labels (META_LABELS) describe the images rather than the faces, for the slider
directions (directions.py: `where` and `paired`); the attribute classifier has no heads for them:
- smiley: 1 for the drawn smileys (subcategories face-*, cat-face, monkey-face), 0 for people.
  A "smile" or "older" direction compared only within smileys or only within people does not
  also learn "turn a person into a yellow smiley".
- pair: for a synthetic glasses copy, the position in the same split of the original it was made
  from; -1 for the package's own images. Mean(copy − original) over the pairs is a glasses
  direction with everything else (skin, hair, kind of drawing) the same on both sides.
"""
import hashlib
import json
import os
import re

import numpy as np
import torch

from .config import REPO_ROOT
from .synthetic_glasses import glasses_copies, paste_glasses

DEFAULT_ROOT = os.path.join("node_modules", "emoji-datasource-google")
DEFAULT_CATEGORIES = ("Smileys & Emotion", "People & Body")
NATIVE_SIZE = 64
TEST_PERCENT = 10

SKIN_TONES = {"1F3FB": 1, "1F3FC": 2, "1F3FD": 3, "1F3FE": 4, "1F3FF": 5}
SKIN_TONE_NAMES = {"LIGHT": 1, "MEDIUM-LIGHT": 2, "MEDIUM": 3, "MEDIUM-DARK": 4, "DARK": 5}
LABELS = ("skin_tone", "gender", "hair", "age", "glasses", "beard", "smiling")
META_LABELS = ("smiley", "pair")
# The classes of each label, by value (parse_labels's rules): what the attribute classifier's heads
# are sized from (data.label_classes).
LABEL_CLASSES = {
    "skin_tone": ("none", "light", "medium-light", "medium", "medium-dark", "dark"),
    "gender": ("unspecified", "man", "woman"),
    "hair": ("other", "red", "curly", "white", "bald"),
    "age": ("adult or unspecified", "baby", "child", "older"),
    "glasses": ("none", "glasses", "sunglasses"),
    "beard": ("no", "yes"),
    "smiling": ("no", "yes"),
}

MALE_WORDS = {"MAN", "MEN", "BOY", "MALE", "PRINCE", "KING", "FATHER", "MERMAN"}
FEMALE_WORDS = {"WOMAN", "WOMEN", "GIRL", "FEMALE", "PRINCESS", "QUEEN", "MOTHER", "MERMAID"}
MALE_CODES = {"1F468", "1F466", "1F474", "2642"}
FEMALE_CODES = {"1F469", "1F467", "1F475", "2640"}
# Single code points whose Unicode character name is gendered (or not) while the emoji, by its
# CLDR name and its Noto drawing, is the other way.
GENDER_OVERRIDES = {"1F935": 0, "1F473": 0, "1F470": 0, "1F472": 0, "1F46F": 0, "1F483": 2}
HAIR_CODES = {"1F9B0": 1, "1F9B1": 2, "1F9B3": 3, "1F9B2": 4}
HAIR_PHRASES = (("RED HAIR", 1), ("CURLY HAIR", 2), ("WHITE HAIR", 3), ("BALD", 4))


def _words(text: str) -> list[str]:
    return [w for w in re.split(r"[^A-Z0-9\-]+", text.upper()) if w]


def parse_labels(name: str, unified: str = "", short_names=()) -> dict:
    """The integer labels of one emoji (rules in the module docstring). `unified` is the dash-
    separated code points, e.g. "1F468-1F3FD-200D-1F9B0" (man: medium skin tone, red hair)."""
    upper = name.upper()
    words = [w for part in _words(upper) for w in [part, *part.split("-")]]
    codes = [c for c in unified.upper().split("-") if c]
    base = "-".join(c for c in codes if c not in SKIN_TONES)
    shorts = [w.upper() for s in short_names for w in re.split(r"[_\-\s]+", s) if w]

    skin = next((SKIN_TONES[c] for c in codes if c in SKIN_TONES), 0)
    if not skin:
        m = re.search(r"\b(MEDIUM-LIGHT|MEDIUM-DARK|MEDIUM|LIGHT|DARK) SKIN TONE\b", upper)
        skin = SKIN_TONE_NAMES[m.group(1)] if m else 0

    male = bool(MALE_WORDS & set(words) or MALE_CODES & set(codes))
    female = bool(FEMALE_WORDS & set(words) or FEMALE_CODES & set(codes))
    gender = 1 if male and not female else 2 if female and not male else 0
    gender = GENDER_OVERRIDES.get(base, gender)

    hair = next((HAIR_CODES[c] for c in codes if c in HAIR_CODES), 0)
    if not hair:
        hair = next((v for phrase, v in HAIR_PHRASES if re.search(r"\b" + phrase + r"\b", upper)), 0)

    first = words[0] if words else ""
    if first == "BABY" or (codes and codes[0] == "1F476"):
        age = 1
    elif first in ("CHILD", "BOY", "GIRL"):
        age = 2
    elif "OLDER" in words or "OLD" in words:
        age = 3
    else:
        age = 0

    if "SUNGLASSES" in words:
        glasses = 2
    elif {"GLASSES", "EYEGLASSES", "NERD", "MONOCLE", "DISGUISED"} & set(words):
        glasses = 1
    else:
        glasses = 0

    beard = int(bool({"BEARD", "BEARDED"} & set(words)) or "FATHER CHRISTMAS" in upper or "SANTA" in shorts)

    def smiley(w):
        return w.startswith(("SMIL", "GRIN", "LAUGH")) or w in ("JOY", "HAPPY", "BEAMING")
    smiling = int(any(smiley(w) for w in words + shorts) and "KISSING" not in words + shorts)
    return {"skin_tone": skin, "gender": gender, "hair": hair, "age": age,
            "glasses": glasses, "beard": beard, "smiling": smiling}


def split_of(base_unified: str) -> str:
    """'test' for a fixed ~10 % of base emoji, by a hash of the base's unified code.

    By the base, not the image: the five skin-tone variants of an emoji are the same drawing
    recoloured, so spreading them over both splits would put near-copies of training images in
    the test split and make held-out errors look better than they are. A hash (not the position
    in emoji.json) also keeps every emoji in its split when a new package version adds emoji."""
    h = int.from_bytes(hashlib.sha256(base_unified.upper().encode("ascii")).digest()[:8], "big")
    return "test" if h % 100 < TEST_PERCENT else "train"


def resolve_root(data_cfg: dict) -> str:
    root = data_cfg.get("root") or DEFAULT_ROOT
    return root if os.path.isabs(root) else os.path.join(REPO_ROOT, root)


def package_version(root: str) -> str:
    with open(os.path.join(root, "package.json"), encoding="utf-8") as f:
        return json.load(f)["version"]


def select_entries(emoji: list, categories=DEFAULT_CATEGORIES, exclude_subcategories=()) -> list:
    """One dict per image: unified, base, name, short_names, category, subcategory, image, and
    the parsed labels."""
    out = []
    for e in sorted(emoji, key=lambda e: e.get("sort_order", 0)):
        if e.get("category") not in categories or e.get("subcategory") in exclude_subcategories:
            continue
        variants = [(e["unified"], e["image"], e.get("has_img_google", True))]
        for key, v in sorted((e.get("skin_variations") or {}).items()):
            if key in SKIN_TONES:  # single tones only; "1F3FB-1F3FC" etc. are two-tone pairs
                variants.append((v["unified"], v["image"], v.get("has_img_google", True)))
        for unified, image, has_img in variants:
            if not has_img:
                continue
            out.append({"unified": unified, "base": e["unified"], "name": e["name"],
                        "short_names": list(e.get("short_names") or []), "category": e["category"],
                        "subcategory": e.get("subcategory", ""), "image": image,
                        "split": split_of(e["unified"]),
                        **parse_labels(e["name"], unified, e.get("short_names") or ())})
    return out


def entries_for(data_cfg: dict) -> tuple[str, str, list]:
    root = resolve_root(data_cfg)
    path = os.path.join(root, "emoji.json")
    if not os.path.exists(path):
        raise FileNotFoundError(f"{path}: not found (npm ci installs the devDependency emoji-datasource-google)")
    with open(path, encoding="utf-8") as f:
        emoji = json.load(f)
    entries = select_entries(emoji, tuple(data_cfg.get("categories", DEFAULT_CATEGORIES)),
                             tuple(data_cfg.get("exclude_subcategories", ())))
    return root, package_version(root), entries


def _decode_rgba(root: str, version: str, entries: list, cache_dir: str | None) -> np.ndarray:
    """N×64×64×4 uint8, every selected image in order, cached by version and file list."""
    from PIL import Image

    key = hashlib.sha256("\n".join(e["image"] for e in entries).encode()).hexdigest()[:12]
    cache = os.path.join(cache_dir, f"emoji-faces-{version}-{key}.npy") if cache_dir else None
    if cache and os.path.exists(cache):
        a = np.load(cache)
        if a.shape == (len(entries), NATIVE_SIZE, NATIVE_SIZE, 4):
            return a
    a = np.empty((len(entries), NATIVE_SIZE, NATIVE_SIZE, 4), dtype=np.uint8)
    for i, e in enumerate(entries):
        with Image.open(os.path.join(root, "img", "google", str(NATIVE_SIZE), e["image"])) as im:
            im = im.convert("RGBA")
            if im.size != (NATIVE_SIZE, NATIVE_SIZE):
                im = im.resize((NATIVE_SIZE, NATIVE_SIZE), Image.BICUBIC)
            a[i] = np.asarray(im)
    if cache:
        os.makedirs(cache_dir, exist_ok=True)
        tmp = f"{cache}.{os.getpid()}.tmp.npy"
        np.save(tmp, a)
        os.replace(tmp, cache)
    return a


def _background(data_cfg: dict) -> np.ndarray:
    hex_ = str(data_cfg.get("background", "#ffffff")).lstrip("#")
    return np.array([int(hex_[i:i + 2], 16) for i in (0, 2, 4)], dtype=np.float32) / 255.0


def load_emoji_faces(data_cfg: dict, split: str):
    """(images N×3×S×S float32 in [0,1], labels dict of int64 tensors, entries) for a split."""
    if split not in ("train", "test"):
        raise ValueError(f"split must be 'train' or 'test', not {split!r}")
    root, version, entries = entries_for(data_cfg)
    cache_dir = data_cfg.get("cache_dir", os.path.join("training", "cache"))
    if cache_dir and not os.path.isabs(cache_dir):
        cache_dir = os.path.join(REPO_ROOT, cache_dir)
    rgba = _decode_rgba(root, version, entries, cache_dir)
    keep = np.array([e["split"] == split for e in entries], dtype=bool)
    chosen = [e for e, k in zip(entries, keep) if k]
    rgba_split = rgba[keep]
    copies = glasses_copies(entries, data_cfg, split)
    if copies:
        rgba_split = np.concatenate([rgba_split, paste_glasses(rgba, copies, root, data_cfg["synthetic_glasses"])])
        chosen = chosen + copies
    a = rgba_split.astype(np.float32) / 255.0
    alpha = a[..., 3:]
    rgb = a[..., :3] * alpha + _background(data_cfg) * (1.0 - alpha)
    x = torch.from_numpy(np.ascontiguousarray(rgb.transpose(0, 3, 1, 2)))
    size = data_cfg.get("image_size", NATIVE_SIZE)
    if size != NATIVE_SIZE:
        x = torch.nn.functional.interpolate(x, size=(size, size), mode="bilinear",
                                            align_corners=False, antialias=True).clamp(0, 1)
    return x.contiguous(), split_labels(entries, chosen), chosen


def is_smiley(entry: dict) -> bool:
    sub = entry["subcategory"]
    return sub.startswith("face-") or sub.endswith("-face")


def split_labels(entries: list, chosen: list) -> dict:
    """{name: int64 tensor} for the images `chosen` (a split's originals, then their copies): the
    face labels (LABELS) and the image labels (META_LABELS: smiley, pair)."""
    labels = {k: torch.tensor([e[k] for e in chosen], dtype=torch.int64) for k in LABELS}
    labels["smiley"] = torch.tensor([int(is_smiley(e)) for e in chosen], dtype=torch.int64)
    position = {id(e): i for i, e in enumerate(chosen) if "source" not in e}
    labels["pair"] = torch.tensor([position[id(entries[e["source"]])] if "source" in e else -1
                                   for e in chosen], dtype=torch.int64)
    return labels


def load_emoji_labels(data_cfg: dict, split: str) -> dict:
    """The labels dict alone, without decoding any image; aligned with load_emoji_faces."""
    _, _, entries = entries_for(data_cfg)
    chosen = [e for e in entries if e["split"] == split] + glasses_copies(entries, data_cfg, split)
    return split_labels(entries, chosen)
