"""The preview stage (issue #21) on the tiny config: pairs cached once, a few steps, resumed, the
evaluation's PSNR entries, and preview.onnx exported into a copy of the tiny pack (pack.json
validated, float16 kernels, onnxruntime agreeing with PyTorch). Starts from the committed tiny
run's checkpoints instead of training the tiny pack again."""
import glob
import json
import os
import shutil

import numpy as np
import pytest
import torch

from conftest import REPO, node_available, run_onnx, tiny_config

PREVIEW = {"widths": [8, 16, 24], "bn_momentum": 0.1, "steps": 6, "batch_size": 8, "checkpoint_every": 3,
           "validate_every": 3, "pairs": {"random": 16, "embedded": 16, "moved": 16},
           "eval_images": 8, "eval_moved_images": 2}


@pytest.fixture()
def run(tmp_path):
    cfg = tiny_config(tmp_path, preview=PREVIEW)
    os.makedirs(cfg["run_dir"])
    src = os.path.join(REPO, "training", "runs", "tiny")
    for f in glob.glob(os.path.join(src, "*.pt")) + glob.glob(os.path.join(src, "directions.*")) + [os.path.join(src, "metrics.json")]:
        shutil.copy(f, cfg["run_dir"])
    return cfg


def test_trains_resumes_and_evaluates(run):
    from training.preview import train_preview
    from training.preview_pairs import cache_path

    first = train_preview({**run, "preview": {**PREVIEW, "steps": 3}}, log=lambda *_: None)
    assert first["step"] == 3 and "evaluation" in first  # done for a 3-step config
    cache = torch.load(cache_path(run))
    assert cache["done"]["train"] == 48 and cache["targets"]["train"].dtype == torch.float16
    assert float(cache["targets"]["train"].float().min()) >= 0.0
    # Two directions × ±3σ × 2 held-out seeds.
    assert len(cache["seeds"]["moved"]) == 8
    second = train_preview(run, log=lambda *_: None)
    assert second["step"] == 6
    ev = second["evaluation"]
    assert set(ev["moved"]["perDirection"]) == {"more-like-a-sneaker@-3", "more-like-a-sneaker@+3", "darker@-3", "darker@+3"}
    assert ev["heldOut"]["images"] == 8 and ev["heldOut"]["psnr"] > 5
    with open(os.path.join(run["run_dir"], "metrics.json"), encoding="utf-8") as f:
        assert json.load(f)["preview"]["heldOut"] == ev["heldOut"]
    lines = open(os.path.join(run["run_dir"], "preview-log.jsonl"), encoding="utf-8").read().splitlines()
    assert [json.loads(x)["step"] for x in lines] == [3, 6]


def test_time_limit_stops_and_reruns_go_on(run):
    from training.preview import train_preview

    stopped = train_preview(run, max_minutes=1e-9, log=lambda *_: None)
    assert "stopped" in stopped  # the pair cache itself is resumable
    assert train_preview(run, log=lambda *_: None)["step"] == 6


def test_export_into_a_pack(run, tmp_path):
    from training.preview import load_preview, train_preview
    from training.preview_export import export_preview

    train_preview(run, log=lambda *_: None)
    pack = tmp_path / "pack"
    shutil.copytree(os.path.join(REPO, "test", "fixtures", "tiny-pack"), pack)
    result = export_preview(run, str(pack), log=lambda *_: None)
    manifest = json.loads((pack / "pack.json").read_text())
    entry = manifest["networks"]["preview"]
    assert entry["outputRange"] == "pixels" and entry["trainedSteps"] == 10
    assert entry["inputs"]["seed"]["shape"] == ["batch", 1, 28, 28]
    assert manifest["metrics"]["preview"]["steps"] == 6
    # Slim: the EMA weights only, float16 kernels.
    slim = torch.load(result["slim"])
    assert "optimizer" not in slim and slim["model"]["stem.weight"].dtype == torch.float16
    import onnx
    kinds = {i.data_type for i in onnx.load(str(pack / "preview.onnx")).graph.initializer if np.prod(i.dims) >= 64}
    assert kinds == {onnx.TensorProto.FLOAT16}
    if not node_available():
        pytest.skip("onnxruntime-node is not installed")
    decoder, _ = load_preview(run)
    z = torch.randn(2, 1, 28, 28)
    np.save(tmp_path / "z.npy", z.numpy())
    out = run_onnx(str(pack / "preview.onnx"), str(tmp_path / "ort"), seed=str(tmp_path / "z.npy"))["image"]
    with torch.no_grad():
        want = decoder(z).numpy()
    assert np.abs(out - want).max() < 2e-3


def test_widening_keeps_the_function():
    """preview.init_from: a wider net started from a trained narrower one gives the same pictures
    (the up path's concatenated skips included), and refuses widths that do not widen."""
    from training.preview import build_preview, widen_into

    torch.manual_seed(0)
    narrow = build_preview({"widths": [8, 16, 24], "block_depth": 1}, 1)
    torch.nn.init.normal_(narrow.head.weight, std=0.1)
    for name, buf in narrow.named_buffers():
        if name.endswith("running_mean"):
            buf.normal_()
    narrow.eval()
    wide = build_preview({"widths": [12, 24, 40], "block_depth": 1}, 1)
    widen_into(wide, [12, 24, 40], narrow.state_dict(), [8, 16, 24], 1)
    wide.eval()
    z = torch.randn(2, 1, 32, 32)
    with torch.no_grad():
        assert torch.allclose(narrow(z), wide(z), atol=1e-5)
    with pytest.raises(ValueError):
        widen_into(build_preview({"widths": [4, 16, 24], "block_depth": 1}, 1), [4, 16, 24], narrow.state_dict(), [8, 16, 24], 1)


def test_guided_preview_reads_and_adds_the_first_step_picture(run, tmp_path):
    """preview.guide first-step: the cache holds D_1(z) of every seed (the sampler run for one
    step), a guided net adds its output to that picture (an untrained one, whose head is zero,
    gives D_1(z) itself), and the export names a second input that onnxruntime reads the same way."""
    from training.diffusion import ddim_sample
    from training.models import load_denoiser
    from training.preview import build_preview, load_preview, PreviewDecoder, train_preview
    from training.preview_export import export_preview
    from training.preview_pairs import cache_path
    from training.schedule import schedule_from

    cfg = {**run, "preview": {**PREVIEW, "guide": "first-step"}}
    result = train_preview(cfg, log=lambda *_: None)
    assert result["evaluation"]["guide"] == "first-step"
    cache = torch.load(cache_path(cfg))
    assert cache["guides_done"]["train"] == 48 and cache["guides"]["train"].dtype == torch.float16
    denoiser, normalizer, _ = load_denoiser(cfg)
    with torch.no_grad():
        want = ddim_sample(denoiser, schedule_from(cfg), normalizer, cache["seeds"]["held_out"][:4], 1)
    assert torch.allclose(cache["guides"]["held_out"][:4].float(), want, atol=1e-3)

    decoder, state = load_preview(cfg)
    assert decoder.guided and state["arch"]["guide"] == "first-step"
    fresh = PreviewDecoder(build_preview({**PREVIEW, "block_depth": 1, "guide": "first-step"}, 1), state["mean"], state["std"], guided=True).eval()
    z = cache["seeds"]["held_out"][:4]
    with torch.no_grad():
        assert torch.allclose(fresh(z, want), want, atol=1e-5)
        with pytest.raises(ValueError):
            fresh(z)

    pack = tmp_path / "pack"
    shutil.copytree(os.path.join(REPO, "test", "fixtures", "tiny-pack"), pack)
    export_preview(cfg, str(pack), log=lambda *_: None)
    entry = json.loads((pack / "pack.json").read_text())["networks"]["preview"]
    assert entry["inputs"]["firstStep"] == {"name": "first_step", "shape": ["batch", 1, 28, 28]}
    if not node_available():
        pytest.skip("onnxruntime-node is not installed")
    np.save(tmp_path / "z.npy", z.numpy())
    np.save(tmp_path / "first.npy", want.numpy())
    out = run_onnx(str(pack / "preview.onnx"), str(tmp_path / "ort"), seed=str(tmp_path / "z.npy"), first_step=str(tmp_path / "first.npy"))["image"]
    with torch.no_grad():
        assert np.abs(out - decoder(z, want).numpy()).max() < 2e-3


def test_widening_keeps_the_guide():
    """init_from between a guided and an unguided preview is refused (a guided net adds D_1(z) to
    its output, so no unguided function carries over); guided into a wider guided one keeps it."""
    from training.preview import build_preview, widen_into

    torch.manual_seed(0)
    guided = {"widths": [8, 16, 24], "block_depth": 1, "guide": "first-step"}
    narrow = build_preview(guided, 1)
    torch.nn.init.normal_(narrow.head.weight, std=0.1)
    narrow.eval()
    wide = build_preview({**guided, "widths": [12, 24, 40]}, 1)
    widen_into(wide, [12, 24, 40], narrow.state_dict(), [8, 16, 24], 1)
    wide.eval()
    x = torch.randn(2, 2, 32, 32)
    with torch.no_grad():
        assert torch.allclose(narrow(x), wide(x), atol=1e-5)
    with pytest.raises(ValueError, match="guided"):
        widen_into(build_preview({"widths": [8, 16, 24], "block_depth": 1}, 1), [8, 16, 24], narrow.state_dict(), [8, 16, 24], 1)


def test_pair_weights_draw_moved_seeds_more_often():
    """preview.pair_weights: a batch draws each kind of pair in proportion to its count × weight
    (the cache holds random, then embedded, then moved seeds)."""
    from training.preview import pair_sampling, preview_config

    pcfg = preview_config({"preview": {"pairs": {"random": 10, "embedded": 30, "moved": 60}, "pair_weights": {"moved": 2.0}}})
    p = pair_sampling(pcfg, 100)
    assert abs(float(p.sum()) - 1.0) < 1e-6
    shares = [float(p[:10].sum()), float(p[10:40].sum()), float(p[40:].sum())]
    assert [round(x, 4) for x in shares] == [round(10 / 160, 4), round(30 / 160, 4), round(120 / 160, 4)]
    assert pair_sampling(preview_config({}), 100).unique().numel() == 1  # by default every pair alike
