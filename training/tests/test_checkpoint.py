"""Checkpoints (training/checkpoint.py): slim ones (float16 kernels, no optimizer) load as float32
and a stage goes on from them; the resumable one wins when it has gone as far; the committed
checkpoints are all slim."""
import glob
import os
import shutil
import subprocess

import pytest
import torch

from training.checkpoint import STAGES, latest_checkpoint, load_checkpoint, save_checkpoint, slim_state, write_slim
from training.models import build_denoiser, load_denoiser
from training.train_denoiser import train_denoiser

from conftest import REPO, tiny_config

DENOISER = {"widths": [8, 16, 24], "block_depth": 1, "embedding_dims": 16}


def _full_state():
    torch.manual_seed(0)
    net = build_denoiser(DENOISER, 1)
    torch.nn.init.normal_(net.head.weight, std=0.1)
    opt = torch.optim.AdamW(net.parameters(), lr=1e-3)
    net(torch.randn(2, 1, 28, 28), torch.rand(2, 1, 1, 1)).square().mean().backward()
    opt.step()
    return net, {"model": net.state_dict(), "ema": net.state_dict(), "optimizer": opt.state_dict(), "step": 7,
                 "mean": [0.3], "std": [0.4], "rng": torch.get_rng_state(), "config": DENOISER}


def test_slim_checkpoints_keep_kernels_in_float16_and_load_as_float32(tmp_path):
    net, state = _full_state()
    save_checkpoint(str(tmp_path / "full.pt"), state)
    save_checkpoint(str(tmp_path / "slim.pt"), slim_state(state))
    raw = torch.load(tmp_path / "slim.pt")
    assert "optimizer" not in raw and raw["step"] == 7 and torch.equal(raw["rng"], state["rng"])
    assert raw["model"]["down.0.0.conv1.weight"].dtype == torch.float16
    # Biases, batch-norm statistics and the embedding's frequencies (up to 2π·1000) stay float32.
    for key in ("down.0.0.conv1.bias", "down.0.0.norm.running_var", "embedding.angular"):
        assert raw["ema"][key].dtype == torch.float32, key
    assert torch.equal(raw["ema"]["embedding.angular"], state["ema"]["embedding.angular"])
    assert os.path.getsize(tmp_path / "slim.pt") < 0.4 * os.path.getsize(tmp_path / "full.pt")

    loaded = load_checkpoint(str(tmp_path / "slim.pt"))
    assert all(v.dtype == torch.float32 for v in loaded["model"].values() if v.is_floating_point())
    for k, v in state["model"].items():
        if v.is_floating_point():
            assert torch.allclose(loaded["model"][k], v, rtol=1e-3, atol=1e-6), k
    # A network loaded from it computes what the float32 one does, to float16 precision.
    other = build_denoiser(DENOISER, 1)
    other.load_state_dict(loaded["model"])
    x, v = torch.randn(2, 1, 28, 28), torch.rand(2, 1, 1, 1)
    with torch.no_grad():
        assert (other.eval()(x, v) - net.eval()(x, v)).abs().max() < 1e-2


def test_the_checkpoint_that_has_gone_further_is_the_one_loaded(tmp_path):
    cfg = {"run_dir": str(tmp_path / "run"), "state_dir": str(tmp_path / "run" / "state")}
    assert latest_checkpoint(cfg, "denoiser") == (None, None)
    _, state = _full_state()
    save_checkpoint(os.path.join(cfg["run_dir"], "denoiser.pt"), slim_state(state))
    assert latest_checkpoint(cfg, "denoiser")[0] == os.path.join(cfg["run_dir"], "denoiser.pt")
    save_checkpoint(os.path.join(cfg["state_dir"], "denoiser.pt"), state)
    path, loaded = latest_checkpoint(cfg, "denoiser")
    assert path == os.path.join(cfg["state_dir"], "denoiser.pt") and "optimizer" in loaded, "a tie: the resumable one"
    save_checkpoint(os.path.join(cfg["run_dir"], "denoiser.pt"), slim_state({**state, "step": 9}))
    assert latest_checkpoint(cfg, "denoiser")[1]["step"] == 9, "a slim checkpoint from further on wins"


def test_training_goes_on_from_a_slim_checkpoint_with_a_fresh_optimizer(tmp_path):
    cfg = tiny_config(tmp_path, data={"limit_train": 128},
                      denoiser={"steps": 6, "checkpoint_every": 1000, "sample_every": 1000})
    assert cfg["state_dir"] == os.path.join(cfg["run_dir"], "state")
    train_denoiser(cfg, log=lambda *_: None)
    assert write_slim(cfg, log=lambda *_: None) == [os.path.join(cfg["run_dir"], "denoiser.pt")]
    full = torch.load(os.path.join(cfg["state_dir"], "denoiser.pt"))
    shutil.rmtree(cfg["state_dir"])  # a fresh clone: the committed slim checkpoint only

    # The loaders take it as it is (float16 kernels into float32 networks).
    net, normalizer, state = load_denoiser(cfg)
    assert state["step"] == 6 and "optimizer" not in state
    assert all(p.dtype == torch.float32 for p in net.parameters())
    assert torch.allclose(normalizer.mean.flatten(), torch.tensor(full["mean"]))

    messages = []
    cfg["denoiser"]["steps"] = 9
    result = train_denoiser(cfg, log=messages.append)
    assert result["step"] == 9, "it goes on from step 6, not from 0"
    assert any("slim checkpoint" in m for m in messages), messages
    resumed = torch.load(os.path.join(cfg["state_dir"], "denoiser.pt"))
    assert resumed["step"] == 9
    # The optimizer started afresh at step 6: its moments have seen 3 steps, not 9.
    assert int(resumed["optimizer"]["state"][0]["step"]) == 3
    assert all(v.dtype == torch.float32 for v in resumed["ema"].values() if v.is_floating_point())


def _committed_checkpoints():
    """The stages' checkpoints git tracks under training/runs (without git: those on disk)."""
    try:
        out = subprocess.run(["git", "ls-files", "-z", "training/runs"], cwd=REPO, capture_output=True, check=True).stdout
        paths = [os.path.join(REPO, p) for p in out.decode().split("\0") if p]
    except (OSError, subprocess.CalledProcessError):
        paths = glob.glob(os.path.join(REPO, "training", "runs", "*", "*.pt"))
    return sorted(p for p in paths if os.path.basename(p)[:-3] in STAGES and p.endswith(".pt") and os.path.exists(p))


@pytest.mark.parametrize("path", _committed_checkpoints(), ids=lambda p: os.path.relpath(p, REPO))
def test_committed_checkpoints_are_slim(path):
    assert os.path.getsize(path) < 10e6
    state = torch.load(path, map_location="cpu")
    assert "optimizer" not in state, f"{path}: commit slim checkpoints only (python3 -m training slim)"
    kernels = [v for k, v in state["model"].items() if k.endswith("weight") and v.dim() >= 2]
    assert kernels and all(v.dtype == torch.float16 for v in kernels)
