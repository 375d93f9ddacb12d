"""Synthetic glasses for the emoji faces: a copy of each head and smiley wearing the package's own
eyeglasses 👓 (1F453) or sunglasses 🕶️ (1F576-FE0F) emoji, pasted over the eyes.

Why: the package has four images with glasses (nerd face, monocle, disguised face, sunglasses
face), all yellow smileys. From those, a glasses direction could only mean "become one of those
four smileys", and the denoiser would never learn to draw glasses on a person. Heads and smileys
are drawn on a common template (Noto's heads have their eyes at about y = 30 of 64, its round
smileys at about y = 26), so one placement per kind of drawing puts the glasses on the eyes of
nearly all of them (checked by eye on a grid of 48; a few smileys with odd faces, e.g. the skull,
get them slightly off).

data.synthetic_glasses in the config:
  placements: {<subcategory>: [centre x, centre y, width]} in 64×64 pixels; only these
              subcategories get copies (full-body figures have small heads in varying places).
  overrides:  {<base emoji's unified code>: [x, y, width]} for drawings off the template (the
              older people and the baby are drawn closer, their eyes lower).
  sunglasses_every: every n-th copy (by position) gets sunglasses instead of eyeglasses.
  splits: which splits get copies (the evaluation's test split stays as the package draws it).
A copy keeps every label of its source except glasses (1 eyeglasses, 2 sunglasses); sources that
already wear glasses get none. Copies follow the originals, in the originals' order.
"""
import os

import numpy as np

SPRITES = {1: "1f453.png", 2: "1f576-fe0f.png"}


def glasses_copies(entries: list, data_cfg: dict, split: str) -> list:
    """The synthetic entries for `split` (dicts like the originals, with `source` = the index of
    the original in `entries` and `glasses` set); [] when the config asks for none."""
    spec = data_cfg.get("synthetic_glasses")
    if not spec or split not in spec.get("splits", ["train"]):
        return []
    placements = spec["placements"]
    every = int(spec.get("sunglasses_every", 3))
    out = []
    for i, e in enumerate(entries):
        if e["split"] != split or e["glasses"] != 0 or e["subcategory"] not in placements:
            continue
        kind = 2 if every > 0 and len(out) % every == every - 1 else 1
        out.append({**e, "source": i, "glasses": kind, "image": f"{e['image']}+glasses{kind}",
                    "synthetic": "glasses"})
    return out


def _sprite(root: str, kind: int) -> np.ndarray:
    from PIL import Image

    with Image.open(os.path.join(root, "img", "google", "64", SPRITES[kind])) as im:
        im = im.convert("RGBA")
        return im.crop(im.getbbox())


def paste_glasses(rgba: np.ndarray, copies: list, root: str, spec: dict) -> np.ndarray:
    """len(copies)×64×64×4 uint8: each copy's source image (rows of `rgba`, indexed by `source`)
    with its glasses alpha-composited at its placement (data.synthetic_glasses = spec)."""
    from PIL import Image

    sprites = {k: _sprite(root, k) for k in SPRITES}
    overrides = {k.upper(): v for k, v in (spec.get("overrides") or {}).items()}
    out = np.empty((len(copies),) + rgba.shape[1:], dtype=np.uint8)
    for j, c in enumerate(copies):
        cx, cy, width = overrides.get(c["base"].upper()) or spec["placements"][c["subcategory"]]
        sprite = sprites[c["glasses"]]
        height = max(1, round(sprite.height * width / sprite.width))
        sprite = sprite.resize((int(width), height), Image.LANCZOS)
        im = Image.fromarray(rgba[c["source"]], "RGBA")
        im.alpha_composite(sprite, (round(cx - width / 2), round(cy - height / 2)))
        out[j] = np.asarray(im)
    return out
