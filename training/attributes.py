"""Continuous attributes measured on images in [0, 1] (N×C×H×W → N): what the attribute
sliders are regressed on and what their measured effect is reported in."""
import torch

# Pixels above this count as the object (Fashion-MNIST draws garments light on black).
OBJECT_THRESHOLD = 0.2


def _gray(x):
    return x.mean(1)


def mean_intensity(x):
    return _gray(x).mean((1, 2))


def object_intensity(x):
    """Mean brightness of the object's own pixels: darker or lighter fabric, not smaller garments."""
    g = _gray(x)
    mask = (g > OBJECT_THRESHOLD).float()
    return (g * mask).sum((1, 2)) / mask.sum((1, 2)).clamp(min=1.0)


def _extent(profile):
    """Spread of a 1-D mass profile: 2 × its standard deviation, in pixels."""
    n = profile.shape[1]
    pos = torch.arange(n, dtype=profile.dtype)
    mass = profile.sum(1).clamp(min=1e-6)
    mean = (profile * pos).sum(1) / mass
    var = (profile * (pos - mean[:, None]) ** 2).sum(1) / mass
    return 2.0 * var.sqrt()


def width(x):
    return _extent(_gray(x).sum(1))


def height(x):
    return _extent(_gray(x).sum(2))


def texture(x):
    """Mean absolute gradient inside the object: patterns, folds, print."""
    g = _gray(x)
    gx = (g[:, :, 1:] - g[:, :, :-1]).abs()[:, 1:, :]
    gy = (g[:, 1:, :] - g[:, :-1, :]).abs()[:, :, 1:]
    mask = (g[:, 1:, 1:] > OBJECT_THRESHOLD).float()
    return ((gx + gy) * mask).sum((1, 2)) / mask.sum((1, 2)).clamp(min=1.0)


def area(x):
    return (_gray(x) > OBJECT_THRESHOLD).float().mean((1, 2))


ATTRIBUTES = {
    "mean-intensity": (mean_intensity, "mean pixel value"),
    "object-intensity": (object_intensity, "mean brightness of the object's pixels"),
    "width": (width, "pixels"),
    "height": (height, "pixels"),
    "texture": (texture, "mean |gradient| inside the object"),
    "area": (area, "fraction of the image covered"),
}


def measure(name: str, images):
    if name not in ATTRIBUTES:
        raise ValueError(f"unknown attribute {name!r}; known: {', '.join(ATTRIBUTES)}")
    return ATTRIBUTES[name][0](images)
