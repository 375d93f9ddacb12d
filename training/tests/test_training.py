"""Each training stage on a tiny set: losses drop, checkpoints resume, directions are unit vectors."""
import json
import os

import numpy as np
import torch

from training.train_denoiser import train_denoiser
from training.train_embedder import train_embedder

from conftest import tiny_config


def _loss_log(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def test_denoiser_loss_drops_and_training_resumes(tmp_path):
    cfg = tiny_config(tmp_path, data={"limit_train": 256}, denoiser={"steps": 100, "checkpoint_every": 50, "sample_every": 100})
    first = train_denoiser(cfg, log=lambda *_: None)
    log = _loss_log(os.path.join(cfg["run_dir"], "denoiser-log.jsonl"))
    assert first["step"] == 100
    assert log[-1]["loss"] < log[0]["loss"] * 0.8, log
    cfg["denoiser"]["steps"] = 110
    second = train_denoiser(cfg, log=lambda *_: None)
    assert second["step"] == 110, "a rerun resumes from the checkpoint instead of starting over"
    assert os.path.exists(os.path.join(cfg["run_dir"], "samples", "denoiser-ema.png"))
    # With decay_from the last steps run at a decayed rate: the resumed run's last step (the 120th
    # of 120) is within 1 % of the floor, a tenth of the base rate.
    cfg["denoiser"].update({"steps": 120, "decay_from": 0.5})
    train_denoiser(cfg, log=lambda *_: None)
    state = torch.load(os.path.join(cfg["state_dir"], "denoiser.pt"))
    lr = state["optimizer"]["param_groups"][0]["lr"]
    base = cfg["denoiser"]["learning_rate"]
    assert state["step"] == 120 and abs(lr - 0.1 * base) < 0.01 * base, lr


def test_end_to_end_embedder_training_lowers_reconstruction_error(tmp_path):
    cfg = tiny_config(tmp_path, data={"limit_train": 256})
    train_denoiser(cfg, log=lambda *_: None)
    cfg["embedder"]["pairs"]["steps"] = 0
    cfg["embedder"]["end_to_end"].update({"steps": 1, "learning_rate": 1e-3, "batch_size": 16})
    before = train_embedder(cfg, log=lambda *_: None)["val_mse"]
    # A finished embedder goes on when the config asks for more end-to-end steps.
    cfg["embedder"]["end_to_end"]["steps"] = 60
    after = train_embedder(cfg, log=lambda *_: None)
    assert after["e2e_step"] == 60 and after["stage"] == "done"
    assert after["val_mse"] < before * 0.8, (before, after["val_mse"])


def test_pipeline_outputs(tiny_pipeline):
    cfg, result, tmp = tiny_pipeline
    run = cfg["run_dir"]
    vectors = np.load(os.path.join(run, "directions.npy"))
    assert vectors.shape == (2, 1, 28, 28)
    assert np.allclose(np.linalg.norm(vectors.reshape(2, -1), axis=1), 1.0, atol=1e-5)
    with open(os.path.join(run, "directions.json"), encoding="utf-8") as f:
        directions = json.load(f)
    assert [d["id"] for d in directions] == ["more-like-a-sneaker", "darker"]
    assert all(d["sigma"] > 0 for d in directions)
    # The darker slider must darken: its measured effect on mean intensity is negative.
    assert directions[1]["effect"]["perUnit"] < 0
    rec = result["reconstruction"]
    assert set(rec) >= {"network", "refine", "inversion", "gradientDescent"}
    assert rec["network"]["networkPasses"] == 11 and rec["inversion"]["networkPasses"] == 20
    # Refinement keeps a step only where it lowers the error, so it can never be worse.
    assert rec["refine"]["mse"] <= rec["network"]["mse"] + 1e-9
    with open(os.path.join(run, "report", "report.md"), encoding="utf-8") as f:
        report = f.read()
    assert "DDIM inversion" in report and "![samples]" in report


def test_regression_direction_primal_and_dual_forms_agree():
    from training.directions import regression_direction

    torch.manual_seed(3)
    wide = torch.randn(10, 1, 4, 4)  # fewer samples than dimensions: the dual form
    values = torch.randn(10)
    z = wide.reshape(10, -1).double()
    z = z - z.mean(0)
    a = ((values - values.mean()) / values.std()).double()
    primal = torch.linalg.solve(z.T @ z + 10 * torch.eye(16, dtype=torch.float64), z.T @ a)
    assert torch.allclose(regression_direction(wide, values).reshape(-1).double(), primal, atol=1e-6)
    # The direction points the way the attribute grows.
    tall = torch.randn(400, 1, 4, 4)
    attribute = tall[:, 0, 1, 2] * 3 + 0.1 * torch.randn(400)
    w = regression_direction(tall, attribute).reshape(-1)
    assert int(w.abs().argmax()) == 6 and float(w[6]) > 0


def test_embedder_warm_start_goes_straight_to_end_to_end(tmp_path):
    cfg = tiny_config(tmp_path, data={"limit_train": 128})
    train_denoiser(cfg, log=lambda *_: None)
    cfg["embedder"]["pairs"]["steps"] = 2
    cfg["embedder"]["end_to_end"]["steps"] = 1
    first = train_embedder(cfg, log=lambda *_: None)
    warm = str(tmp_path / "warm.pt")
    os.replace(os.path.join(cfg["state_dir"], "embedder.pt"), warm)
    cfg["embedder"]["init_from"] = warm
    cfg["embedder"]["end_to_end"]["steps"] = 2
    second = train_embedder(cfg, log=lambda *_: None)
    assert second["pairs_step"] == 0 and second["e2e_step"] == 2 and second["stage"] == "done"
    assert first["val_mse"] != second["val_mse"]
