"""Writes a split of the dataset as PNG files, exactly as the pipeline sees it (the model's size and
colours), so that `reseed batch --as-is` can be checked against the errors the evaluation reports."""
import os

from PIL import Image

from .data import load_dataset
from .images import to_uint8


def dump_images(cfg: dict, out_dir: str, split: str = "test", limit: int | None = None, log=print) -> dict:
    if not out_dir:
        raise ValueError("dump-images needs --out DIR")
    images, labels = load_dataset(cfg["data"], split)
    if limit:
        images = images[:limit]
    os.makedirs(out_dir, exist_ok=True)
    pixels = to_uint8(images)
    mode = "L" if pixels.shape[-1] == 1 else "RGB"
    for i, a in enumerate(pixels):
        # The index first, so that sorted file names follow the split's order (the evaluation's
        # prefixes, e.g. its first 2,000 images, are then the first 2,000 files).
        label = f"-{int(labels[i])}" if labels is not None else ""
        path = os.path.join(out_dir, f"{split}-{i:05d}{label}.png")
        Image.fromarray(a[..., 0] if mode == "L" else a, mode).save(path)
    log(f"wrote {len(pixels):,} {split} images to {out_dir}")
    return {"out": out_dir, "images": len(pixels)}
