"""A folder of generated pictures for `reseed train` tests: soft discs and squares on a light
background, mixed sizes and formats, in sub-folders, with labels.csv (path, Dark 0/1, Big −1/1,
Shade 1..3 ordinal). Usage: /usr/bin/python3 training/tools/make_own_pictures.py OUT [--count 200]
[--junk] (adds a text file named .png and an empty .jpg, which must be skipped)."""
import argparse
import os
import random

from PIL import Image, ImageDraw, ImageFilter


def make(out: str, count: int = 200, junk: bool = False, seed: int = 0) -> str:
    rng = random.Random(seed)
    rows = ["file,Dark,Big,Shade"]
    for i in range(count):
        w, h = rng.choice([(40, 40), (48, 32), (32, 56), (64, 64)])
        shade = rng.randint(1, 3)
        dark = int(shade == 3 or (shade == 2 and rng.random() < 0.5))
        big = rng.choice([-1, 1])
        tone = {1: 200, 2: 130, 3: 60}[shade]
        colour = (tone, int(tone * rng.uniform(0.6, 1.0)), int(tone * rng.uniform(0.6, 1.0)))
        im = Image.new("RGB", (w, h), (235, 235, 230))
        d = ImageDraw.Draw(im)
        r = (0.36 if big > 0 else 0.18) * min(w, h)
        cx, cy = w / 2 + rng.uniform(-3, 3), h / 2 + rng.uniform(-3, 3)
        box = (cx - r, cy - r, cx + r, cy + r)
        (d.ellipse if i % 2 else d.rectangle)(box, fill=colour)
        im = im.filter(ImageFilter.GaussianBlur(0.8))
        sub = f"set{i % 3}"
        os.makedirs(os.path.join(out, sub), exist_ok=True)
        name = f"{sub}/pic{i:04d}.{'jpg' if i % 4 == 0 else 'png'}"
        im.save(os.path.join(out, name))
        rows.append(f"{name},{dark},{big},{shade}")
    if junk:
        with open(os.path.join(out, "notes.png"), "w") as f:
            f.write("not a picture")
        open(os.path.join(out, "empty.jpg"), "wb").close()
    path = os.path.join(out, "labels.csv")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(rows) + "\n")
    return path


if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("out")
    p.add_argument("--count", type=int, default=200)
    p.add_argument("--junk", action="store_true")
    a = p.parse_args()
    print(make(a.out, a.count, a.junk))
