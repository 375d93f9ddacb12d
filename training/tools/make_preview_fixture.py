"""Makes the engine tests' preview fixtures (test/fixtures/tiny-preview*/): a preview decoder
trained for a few steps on the tiny config, exported as in a pack, with PyTorch's pictures of the
engine's random seeds 1, 2, 3 (rng.seeded_normal) as the golden values onnxruntime must reproduce
(for a guided preview also the one-step decodes it read).

    /usr/bin/python3 training/tools/make_preview_fixture.py --guide first-step test/fixtures/tiny-preview-guided

Starts from the committed tiny run's checkpoints (as training/tests/test_preview.py does), in a
temporary folder; only the fixture folder is written.
"""
import argparse
import glob
import json
import os
import shutil
import sys
import tempfile

import numpy as np
import torch

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", ".."))

from training.checkpoint import latest_checkpoint, save_checkpoint  # noqa: E402
from training.config import REPO_ROOT, load_config  # noqa: E402
from training.diffusion import ddim_sample  # noqa: E402
from training.models import load_denoiser  # noqa: E402
from training.preview import load_preview, train_preview  # noqa: E402
from training.preview_export import export_preview  # noqa: E402
from training.rng import seeded_normal  # noqa: E402
from training.schedule import schedule_from  # noqa: E402

PREVIEW = {"widths": [8, 16, 24], "bn_momentum": 0.1, "steps": 300, "batch_size": 16, "checkpoint_every": 100, "ema_decay": 0.9,
           "validate_every": 300, "learning_rate": 3e-3, "pairs": {"random": 64, "embedded": 64, "moved": 64},
           "eval_images": 8, "eval_moved_images": 2}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", help="fixture folder to write")
    parser.add_argument("--guide", default=None, choices=[None, "first-step"])
    args = parser.parse_args()
    torch.set_num_threads(1)
    with tempfile.TemporaryDirectory() as tmp:
        cfg = load_config(os.path.join(REPO_ROOT, "training", "configs", "tiny.yaml"),
                          {"run_dir": os.path.join(tmp, "run"), "threads": 1, "preview": {**PREVIEW, "guide": args.guide}})
        os.makedirs(cfg["run_dir"])
        src = os.path.join(REPO_ROOT, "training", "runs", "tiny")
        for f in glob.glob(os.path.join(src, "*.pt")) + glob.glob(os.path.join(src, "directions.*")) + [os.path.join(src, "metrics.json")]:
            shutil.copy(f, cfg["run_dir"])
        torch.manual_seed(0)
        train_preview(cfg, log=lambda *_: None)
        if args.guide:
            # The tiny model's one-step picture is nearly its 10-step one, so the trained net adds
            # almost nothing; a random head makes its part visible (the fixture checks that
            # onnxruntime computes what PyTorch does, not the preview's quality).
            path, state = latest_checkpoint(cfg, "preview")
            for weights in (state["model"], state["ema"]):
                weights["head.weight"] = torch.randn(weights["head.weight"].shape) * 0.3
            save_checkpoint(path, state)
        pack = os.path.join(tmp, "pack")
        shutil.copytree(os.path.join(REPO_ROOT, "test", "fixtures", "tiny-pack"), pack)
        entry = export_preview(cfg, pack, log=lambda *_: None)["preview"]
        os.makedirs(args.out, exist_ok=True)
        shutil.copy(os.path.join(pack, "preview.onnx"), os.path.join(args.out, "preview.onnx"))
        with open(os.path.join(args.out, "preview-entry.json"), "w", encoding="utf-8") as f:
            json.dump(entry, f, indent=2)
        decoder, _ = load_preview(cfg)
        c, size = cfg["data"]["channels"], cfg["data"]["image_size"]
        z = torch.cat([torch.from_numpy(seeded_normal(s, (1, c, size, size))) for s in (1, 2, 3)])
        with torch.no_grad():
            first = None
            if decoder.guided:
                denoiser, normalizer, _ = load_denoiser(cfg)
                first = ddim_sample(denoiser, schedule_from(cfg), normalizer, z, 1)
            golden = decoder(z, first).numpy().astype(np.float32)
        np.save(os.path.join(args.out, "golden-preview-seeds-1-2-3.npy"), golden)
        if first is not None:
            np.save(os.path.join(args.out, "golden-first-step-seeds-1-2-3.npy"), first.numpy().astype(np.float32))
        print(f"{args.out}: preview.onnx ({entry['parameters']} parameters), golden {golden.shape}")


if __name__ == "__main__":
    main()
