import os
import shutil
import subprocess
import sys

import pytest
import torch

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, REPO)

from training.config import STATE_ENV, load_config  # noqa: E402

# The tests' checkpoints go to their own temporary run folders, never to a shared state folder.
os.environ.pop(STATE_ENV, None)
TSX = os.path.join(REPO, "node_modules", ".bin", "tsx")
TINY = os.path.join(REPO, "training", "configs", "tiny.yaml")


def tiny_config(tmp_path, **overrides):
    """The tiny config with its run folder (and golden folder) moved into tmp_path."""
    # One thread: on a 2-core machine that is busy with anything else, two OpenMP threads spin
    # against each other and run several times slower than one.
    return load_config(TINY, {"run_dir": str(tmp_path / "run"), "golden_dir": str(tmp_path / "golden"),
                              "threads": 1, **overrides})


@pytest.fixture(autouse=True)
def _threads():
    torch.set_num_threads(1)
    torch.manual_seed(0)


@pytest.fixture(scope="session")
def tiny_pipeline(tmp_path_factory):
    """One full `all` run of the tiny config: train every stage, evaluate, export, golden."""
    from training.pipeline import run_all

    tmp = tmp_path_factory.mktemp("tiny")
    cfg = tiny_config(tmp)
    result = run_all(cfg, str(tmp / "pack"), log=lambda *_: None)
    return cfg, result, tmp


def node_available():
    return (shutil.which("node") is not None and os.path.exists(TSX)
            and os.path.isdir(os.path.join(REPO, "node_modules", "onnxruntime-node")))


def run_onnx(model, out_dir, **inputs):
    """Runs a model in onnxruntime-node (training/tools/ort-run.ts, under tsx); inputs are
    name → .npy path; returns output name → array."""
    import numpy as np

    os.makedirs(out_dir, exist_ok=True)
    args = [TSX, os.path.join(REPO, "training", "tools", "ort-run.ts"), model, out_dir]
    args += [f"{k}={v}" for k, v in inputs.items()]
    subprocess.run(args, check=True, cwd=REPO, capture_output=True)
    return {f[:-4]: np.load(os.path.join(out_dir, f)) for f in os.listdir(out_dir) if f.endswith(".npy")}
