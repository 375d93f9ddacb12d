"""Datasets as in-memory tensors in [0, 1], shape N×C×H×W, with integer labels where known.

Sources: Fashion-MNIST idx files (the Debian package dataset-fashion-mnist), any folder of images
(resized and centre-cropped to the config's size, RGB or gray), a .npy array, or the Noto emoji
faces of the npm package emoji-datasource-google (training/emoji_faces.py); synthetic toy sets
for tests (`synthetic`: one class; `synthetic-attributes`: three named labels).

load_dataset returns (images, labels) where labels is one integer class per image or None: what
the classifier, the evaluation and dump-images use. Named labels (several per image, e.g. the emoji
faces' skin tone, gender, hair...) come from load_labels, aligned with load_dataset's images.
"""
import gzip
import os

import numpy as np
import torch

FASHION_CLASSES = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                   "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]
IMAGE_EXTENSIONS = (".png", ".jpg", ".jpeg", ".webp", ".bmp", ".gif", ".tif", ".tiff")


def _read_idx(path: str) -> np.ndarray:
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = tuple(int.from_bytes(data[4 + 4 * i: 8 + 4 * i], "big") for i in range(dims))
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def _find(root: str, stem: str) -> str:
    for name in (stem + ".gz", stem):
        if os.path.exists(os.path.join(root, name)):
            return os.path.join(root, name)
    raise FileNotFoundError(f"{root}: no {stem}[.gz] (apt-get install dataset-fashion-mnist)")


def load_fashion_mnist(root: str, split: str):
    prefix = "train" if split == "train" else "t10k"
    images = _read_idx(_find(root, f"{prefix}-images-idx3-ubyte"))
    labels = _read_idx(_find(root, f"{prefix}-labels-idx1-ubyte"))
    x = torch.from_numpy(images.astype(np.float32) / 255.0).unsqueeze(1)
    return x, torch.from_numpy(labels.astype(np.int64))


def load_image_folder(root: str, size: int, channels: int, split: str, test_fraction: float = 0.1):
    """Every image under root, centre-cropped to a square and resized; a fixed 10 % test split."""
    from PIL import Image

    paths = sorted(os.path.join(d, f) for d, _, files in os.walk(root) for f in files
                   if f.lower().endswith(IMAGE_EXTENSIONS))
    if not paths:
        raise FileNotFoundError(f"{root}: no images found")
    # A stable split by index keeps the same test images whatever the run.
    chosen = [p for i, p in enumerate(paths) if (i % round(1 / test_fraction) == 0) == (split == "test")]
    arrays = []
    for path in chosen:
        with Image.open(path) as im:
            im = im.convert("RGB" if channels == 3 else "L")
            w, h = im.size
            side = min(w, h)
            im = im.crop(((w - side) // 2, (h - side) // 2, (w - side) // 2 + side, (h - side) // 2 + side))
            im = im.resize((size, size), Image.BICUBIC)
            a = np.asarray(im, dtype=np.float32) / 255.0
            arrays.append(a[None] if channels == 1 else a.transpose(2, 0, 1))
    return torch.from_numpy(np.stack(arrays)), None


def load_npy(path: str, split: str, test_fraction: float = 0.1):
    a = np.load(path).astype(np.float32)
    if a.max() > 1.5:
        a = a / 255.0
    if a.ndim == 3:
        a = a[:, None]
    n_test = max(1, int(len(a) * test_fraction))
    a = a[-n_test:] if split == "test" else a[:-n_test]
    return torch.from_numpy(np.ascontiguousarray(a)), None


def load_dataset(data_cfg: dict, split: str):
    """Returns (images N×C×H×W in [0,1], labels or None)."""
    kind = data_cfg["kind"]
    if kind == "fashion-mnist":
        x, y = load_fashion_mnist(data_cfg.get("root", "/usr/share/datasets/fashion-mnist"), split)
    elif kind == "image-folder":
        x, y = load_image_folder(data_cfg["root"], data_cfg["image_size"], data_cfg["channels"], split)
    elif kind == "npy":
        x, y = load_npy(data_cfg["path"], split)
    elif kind == "emoji-faces":
        from .emoji_faces import load_emoji_faces
        # Several labels per image and no single class: y is None (no class classifier), and
        # load_labels gives the named labels.
        x, y = load_emoji_faces(data_cfg, split)[0], None
    elif kind == "synthetic-attributes":
        x, y = synthetic_attributes(data_cfg.get("count", 256), data_cfg["image_size"],
                                    seed=0 if split == "train" else 1)[0], None
    elif kind == "own-folder":
        from .own_folder import load_prepared  # reseed train: the user's pictures, prepared
        x, y = load_prepared(data_cfg, split)
    elif kind == "synthetic":
        x, y = synthetic_shapes(data_cfg.get("count", 512), data_cfg["image_size"],
                                data_cfg.get("channels", 1), seed=0 if split == "train" else 1)
    else:
        raise ValueError(f"unknown data kind {kind!r}")
    limit = data_cfg.get(f"limit_{split}")
    if limit:
        x = x[:limit]
        y = y[:limit] if y is not None else None
    return x, y


def load_labels(data_cfg: dict, split: str):
    """Named integer labels, {name: int64 tensor with one value per image}, in the order and with
    the limit of load_dataset(data_cfg, split); None when the set has none. A dataset with one
    class per image gives {"class": labels}; emoji faces give skin_tone, gender, hair, age,
    glasses, beard, smiling (without decoding any image)."""
    if data_cfg["kind"] == "emoji-faces":
        from .emoji_faces import load_emoji_labels
        labels = load_emoji_labels(data_cfg, split)
    elif data_cfg["kind"] == "own-folder":
        from .own_folder import prepared_labels
        labels = prepared_labels(data_cfg, split)
    elif data_cfg["kind"] == "synthetic-attributes":
        labels = synthetic_attributes(data_cfg.get("count", 256), data_cfg["image_size"],
                                      seed=0 if split == "train" else 1)[1]
    else:
        y = load_dataset(data_cfg, split)[1]
        labels = {"class": y} if y is not None else None
    limit = data_cfg.get(f"limit_{split}")
    if labels and limit:
        labels = {k: v[:limit] for k, v in labels.items()}
    return labels


def label_mask(where: dict | None, labels: dict, count: int, what: str) -> torch.Tensor:
    """Which of `count` images have, for every label `where` names, one of its values
    ({label: [values]}; all of them when `where` is empty). `what` names the setting in errors
    ("direction smile: `where`", "attributes.where.smiling")."""
    keep = torch.ones(count, dtype=torch.bool)
    for key, allowed in (where or {}).items():
        if key not in labels:
            raise ValueError(f"{what} names {key!r}: the dataset has no label {key!r} (it has: {', '.join(labels)})")
        keep &= torch.isin(labels[key], torch.tensor(allowed, dtype=labels[key].dtype))
    return keep


def label_classes(data_cfg: dict, labels: dict | None = None) -> dict | None:
    """{label name: [class names by value]} of a dataset's named labels: from the label
    definitions where the source has them (emoji faces, the synthetic multi-label set), else
    value 0..max seen in `labels` (default: the train split's); None when the set has no labels."""
    if data_cfg["kind"] == "emoji-faces":
        from .emoji_faces import LABEL_CLASSES
        return {k: list(v) for k, v in LABEL_CLASSES.items()}
    if data_cfg["kind"] == "synthetic-attributes":
        return {k: list(v) for k, v in SYNTHETIC_ATTRIBUTE_CLASSES.items()}
    if data_cfg["kind"] == "fashion-mnist":
        return {"class": list(FASHION_CLASSES)}
    if data_cfg["kind"] == "own-folder":
        from .own_folder import prepared_classes
        return prepared_classes(data_cfg)
    labels = labels if labels is not None else load_labels(data_cfg, "train")
    if not labels:
        return None
    return {k: [str(i) for i in range(int(v.max()) + 1)] for k, v in labels.items()}


# The synthetic multi-label set: for tests of the attribute classifier and the slider checks.
SYNTHETIC_ATTRIBUTE_CLASSES = {
    "shape": ("disc", "bar"),
    "tone": ("light", "medium", "dark", "darkest"),  # ordinal: how dark the shape is
    "size": ("small", "large"),
}


def synthetic_attributes(count: int, size: int, seed: int):
    """(N×3×S×S images, {shape, tone, size}): soft discs and bars in grey on white, each image with
    three named labels, like the emoji faces' several labels per image. tone 0..3 is ordinal
    (darker shapes); one tone value (3) is rare, as the faces' rare labels are."""
    g = torch.Generator().manual_seed(100 + seed)
    yy, xx = torch.meshgrid(torch.arange(size, dtype=torch.float32),
                            torch.arange(size, dtype=torch.float32), indexing="ij")
    shape = torch.randint(0, 2, (count,), generator=g)
    big = torch.randint(0, 2, (count,), generator=g)
    tone = torch.randint(0, 3, (count,), generator=g)
    tone[torch.rand(count, generator=g) < 0.05] = 3
    centre = size / 2 + (torch.rand(count, 2, generator=g) - 0.5) * size / 4
    radius = size * torch.where(big == 1, torch.tensor(0.3), torch.tensor(0.16))
    images = []
    for i in range(count):
        cy, cx = centre[i]
        if shape[i] == 0:
            d = ((yy - cy) ** 2 + (xx - cx) ** 2).sqrt() - radius[i]
        else:
            d = torch.maximum((xx - cx).abs() - radius[i] / 2.5, (yy - cy).abs() - radius[i])
        ink = 0.25 + 0.25 * float(tone[i])
        images.append((1.0 - ink * torch.sigmoid(-d * 2)).expand(3, -1, -1))
    return torch.stack(images).contiguous(), {"shape": shape, "tone": tone, "size": big}


def synthetic_shapes(count: int, size: int, channels: int, seed: int):
    """Soft discs and bars: a deterministic toy set for tests and the tiny fixture packs. One
    channel: light shapes on black; three: shapes of a random colour each on white."""
    g = torch.Generator().manual_seed(seed)
    yy, xx = torch.meshgrid(torch.arange(size, dtype=torch.float32),
                            torch.arange(size, dtype=torch.float32), indexing="ij")
    labels = torch.randint(0, 2, (count,), generator=g)
    centre = size / 2 + (torch.rand(count, 2, generator=g) - 0.5) * size / 3
    radius = size / 6 + torch.rand(count, generator=g) * size / 6
    images = []
    for i in range(count):
        cy, cx = centre[i]
        if labels[i] == 0:
            d = ((yy - cy) ** 2 + (xx - cx) ** 2).sqrt() - radius[i]
        else:
            d = torch.maximum((xx - cx).abs() - radius[i] / 2, (yy - cy).abs() - radius[i] * 1.2)
        images.append(torch.sigmoid(-d * 2).expand(channels, -1, -1))
    x = torch.stack(images).contiguous()
    if channels == 3:
        # Colour must matter for an RGB pack: each shape gets its own colour, drawn on white (as
        # the RGB packs' preprocessing sees pictures). A separate generator leaves the shapes,
        # the labels and the 1-channel images exactly as they were.
        colour = torch.rand(count, 3, 1, 1, generator=torch.Generator().manual_seed(1000 + seed)) * 0.8
        x = 1.0 - x * (1.0 - colour)
    return x, labels


def augment(x: torch.Tensor, data_cfg: dict) -> torch.Tensor:
    """Label-preserving augmentation of a training batch: a random horizontal flip per image when
    the config allows it (garments and faces are roughly left-right symmetric; text is not)."""
    if data_cfg.get("hflip"):
        flip = torch.rand(len(x)) < 0.5
        x = torch.where(flip.view(-1, 1, 1, 1), x.flip(3), x)
    return x


def channel_stats(images: torch.Tensor):
    """Per-channel mean and std of the training images: the pack's normalization."""
    mean = images.mean(dim=(0, 2, 3))
    std = images.std(dim=(0, 2, 3))
    return [float(v) for v in mean], [float(v) for v in std]
