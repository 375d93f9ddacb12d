"""Image grids written as PNG (sample grids, report figures)."""
import os

import numpy as np
import torch
from PIL import Image


def to_uint8(images: torch.Tensor) -> np.ndarray:
    """N×C×H×W in [0,1] → N×H×W×C uint8."""
    a = images.detach().clamp(0, 1).mul(255).round().to(torch.uint8).permute(0, 2, 3, 1).numpy()
    return a


def grid(images: torch.Tensor, ncol: int, pad: int = 1, scale: int = 1) -> Image.Image:
    a = to_uint8(images)
    n, h, w, c = a.shape
    nrow = (n + ncol - 1) // ncol
    canvas = np.full((nrow * (h + pad) + pad, ncol * (w + pad) + pad, c), 255, dtype=np.uint8)
    for i in range(n):
        r, col = divmod(i, ncol)
        canvas[pad + r * (h + pad): pad + r * (h + pad) + h, pad + col * (w + pad): pad + col * (w + pad) + w] = a[i]
    im = Image.fromarray(canvas[:, :, 0] if c == 1 else canvas, "L" if c == 1 else "RGB")
    if scale > 1:
        im = im.resize((im.width * scale, im.height * scale), Image.NEAREST)
    return im


def save_grid(images: torch.Tensor, path: str, ncol: int, scale: int = 1) -> None:
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    tmp = path + ".tmp.png"
    grid(images, ncol, scale=scale).save(tmp)
    os.replace(tmp, path)


def seed_to_image(z: torch.Tensor) -> torch.Tensor:
    """Shows a seed as an image: N(0,1) values mapped through ±3σ to [0,1]."""
    return (z / 6.0 + 0.5).clamp(0, 1)
