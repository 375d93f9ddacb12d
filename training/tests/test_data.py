import os

import numpy as np
import pytest
import torch
from PIL import Image

from training.config import load_config
from training.data import channel_stats, load_dataset
from training.train_denoiser import train_denoiser

from conftest import REPO

FASHION = "/usr/share/datasets/fashion-mnist"


def _write_folder(root, count=12):
    rng = np.random.default_rng(0)
    os.makedirs(root / "sub", exist_ok=True)
    for i in range(count):
        a = (rng.random((70, 90, 3)) * 255).astype(np.uint8)
        Image.fromarray(a).save(root / ("sub" if i % 2 else ".") / f"img{i}.png")
    (root / "notes.txt").write_text("not an image")


@pytest.mark.skipif(not os.path.isdir(FASHION), reason="apt-get install dataset-fashion-mnist")
def test_fashion_mnist_reader():
    x, y = load_dataset({"kind": "fashion-mnist", "root": FASHION}, "test")
    assert x.shape == (10000, 1, 28, 28) and x.dtype == torch.float32
    assert 0.0 <= float(x.min()) and float(x.max()) <= 1.0
    assert y.shape == (10000,) and set(y.unique().tolist()) == set(range(10))
    mean, std = channel_stats(x)
    assert 0.25 < mean[0] < 0.32 and 0.3 < std[0] < 0.4


def test_image_folder_reader_resizes_and_splits(tmp_path):
    _write_folder(tmp_path)
    cfg = {"kind": "image-folder", "root": str(tmp_path), "image_size": 16, "channels": 3}
    train, _ = load_dataset(cfg, "train")
    test, _ = load_dataset(cfg, "test")
    assert train.shape[1:] == (3, 16, 16) and len(train) + len(test) == 12 and len(test) >= 1
    gray, _ = load_dataset({**cfg, "channels": 1}, "train")
    assert gray.shape[1] == 1


def test_npy_reader(tmp_path):
    a = (np.random.default_rng(1).random((20, 8, 8)) * 255).astype(np.uint8)
    np.save(tmp_path / "d.npy", a)
    x, _ = load_dataset({"kind": "npy", "path": str(tmp_path / "d.npy")}, "train")
    assert x.shape == (18, 1, 8, 8) and float(x.max()) <= 1.0


def test_the_paper_celeba_config_trains_on_a_folder_of_images(tmp_path):
    """The CelebA 64×64 set-up (widths 48/96/192/384, depth 2) runs on any folder of pictures."""
    _write_folder(tmp_path / "faces")
    cfg = load_config(os.path.join(REPO, "training", "configs", "celeba-64.yaml"), {
        "run_dir": str(tmp_path / "run"), "threads": 1,
        "data": {"root": str(tmp_path / "faces")},
        "denoiser": {"steps": 2, "batch_size": 2, "sample_every": 10_000},
    })
    assert cfg["denoiser"]["widths"] == [48, 96, 192, 384] and cfg["denoiser"]["block_depth"] == 2
    result = train_denoiser(cfg, log=lambda *_: None)
    assert result["step"] == 2
    state = torch.load(os.path.join(cfg["state_dir"], "denoiser.pt"))
    assert len(state["mean"]) == 3


def test_dump_images_writes_the_split_exactly_in_order(tmp_path):
    from training.dump_images import dump_images
    data = {"kind": "synthetic", "count": 6, "image_size": 16, "channels": 1}
    x, _ = load_dataset(data, "test")
    out = dump_images({"data": data}, str(tmp_path / "out"), "test", limit=4, log=lambda *_: None)
    names = sorted(os.listdir(tmp_path / "out"))
    assert out["images"] == 4 and len(names) == 4
    for i, name in enumerate(names):
        a = np.asarray(Image.open(tmp_path / "out" / name), dtype=np.float32) / 255
        # PNG round trip of uint8 values: within half a grey level of the float data.
        assert np.abs(a - x[i, 0].numpy()).max() <= 0.5 / 255 + 1e-6


def test_synthetic_rgb_shapes_have_colour_and_keep_the_gray_set():
    """Three channels: the same shapes and labels as one channel, each in its own colour on white."""
    from training.data import synthetic_shapes
    gray, gray_labels = synthetic_shapes(16, 24, 1, seed=0)
    rgb, labels = synthetic_shapes(16, 24, 3, seed=0)
    assert rgb.shape == (16, 3, 24, 24) and torch.equal(labels, gray_labels)
    assert 0.0 <= float(rgb.min()) and float(rgb.max()) <= 1.0
    # Where a shape is (gray near 1) the channels differ; the background (gray near 0) is white.
    shape = gray[:, 0] > 0.9
    assert (rgb[:, 0] - rgb[:, 1]).abs()[shape].mean() > 0.1
    assert float(rgb.permute(1, 0, 2, 3)[:, gray[:, 0] < 0.01].min()) > 0.99
    # Each pixel is the gray shape blended to the image's colour: 1 - shape * (1 - colour).
    colour = 1 - (1 - rgb) / gray.clamp(min=1e-3)
    assert (colour[:, :, 12, 12] - colour[:, :, 11, 12]).abs()[gray[:, 0, 12, 12] > 0.5].max() < 1e-3
