"""The exported pack: schema-valid pack.json, ONNX files that onnxruntime-node runs and that match
PyTorch (≤ 1e-4 on [0,1] images), golden values consistent with the pack."""
import copy
import json
import os

import jsonschema
import numpy as np
import pytest
import torch

from training.export import validate_pack_json

from conftest import node_available, run_onnx


def _pack(tiny_pipeline):
    _, result, tmp = tiny_pipeline
    pack_dir = result["export"]["out"]
    with open(os.path.join(pack_dir, "pack.json"), encoding="utf-8") as f:
        return pack_dir, json.load(f), tmp


def test_pack_json_is_valid_and_complete(tiny_pipeline):
    pack_dir, pack, _ = _pack(tiny_pipeline)
    validate_pack_json(pack)
    assert pack["networks"]["denoiser"]["inputs"]["noisy"]["shape"] == ["batch", 1, 28, 28]
    assert pack["networks"]["embedder"]["inputRange"] == "pixels"
    assert pack["metrics"]["reconstruction"]["network"]["images"] == 64
    n = len(pack["directions"]["items"])
    assert os.path.getsize(os.path.join(pack_dir, "directions.bin")) == n * 28 * 28 * 4
    for net in pack["networks"].values():
        assert os.path.exists(os.path.join(pack_dir, net["file"]))


def test_schema_rejects_broken_packs(tiny_pipeline):
    _, pack, _ = _pack(tiny_pipeline)
    for breaker in (lambda p: p.update(schemaVersion=2), lambda p: p["image"].pop("width"),
                    lambda p: p["networks"]["denoiser"].update(file="../evil.onnx")):
        broken = copy.deepcopy(pack)
        breaker(broken)
        with pytest.raises(jsonschema.ValidationError):
            validate_pack_json(broken)


@pytest.mark.skipif(not node_available(), reason="needs node and npm ci (onnxruntime-node)")
def test_onnx_runs_in_onnxruntime_node_and_matches_pytorch(tiny_pipeline):
    cfg, _, tmp = tiny_pipeline
    pack_dir, pack, _ = _pack(tiny_pipeline)
    golden = os.path.join(cfg["golden_dir"])
    g = json.load(open(os.path.join(golden, "golden.json"), encoding="utf-8"))
    arr = lambda name: os.path.join(golden, g["arrays"][name]["file"])  # noqa: E731
    case = g["cases"]["denoiserPass"]
    out = run_onnx(os.path.join(pack_dir, "denoiser.onnx"), str(tmp / "ort-denoiser"),
                   x=arr(case["noisy"]), noise_variance=arr(case["noiseVariance"]))
    assert np.abs(out["eps"] - np.load(arr(case["eps"]))).max() <= 1e-4
    case = g["cases"]["embed"]
    out = run_onnx(os.path.join(pack_dir, "embedder.onnx"), str(tmp / "ort-embedder"), image=arr(case["images"]))
    assert np.abs(out["seed"] - np.load(arr(case["seeds"]))).max() <= 1e-4
    case = g["cases"]["refinerPass"]
    out = run_onnx(os.path.join(pack_dir, "refiner.onnx"), str(tmp / "ort-refiner"),
                   image=arr(case["images"]), reconstruction=arr(case["reconstructions"]))
    assert np.abs(out["seed_delta"] - np.load(arr(case["seedDelta"]))).max() <= 1e-4


def test_golden_decode_is_reproduced_by_a_batch_of_one_and_many(tiny_pipeline):
    """The exported denoiser has a dynamic batch axis: batch 1 and batch 3 give the same image."""
    if not node_available():
        pytest.skip("needs node and npm ci (onnxruntime-node)")
    cfg, _, tmp = tiny_pipeline
    pack_dir, _, _ = _pack(tiny_pipeline)
    x = np.random.default_rng(0).standard_normal((3, 1, 28, 28)).astype("<f4")
    v = np.full((3, 1, 1, 1), 0.4, dtype="<f4")
    np.save(tmp / "b3x.npy", x)
    np.save(tmp / "b3v.npy", v)
    np.save(tmp / "b1x.npy", x[1:2])
    np.save(tmp / "b1v.npy", v[1:2])
    many = run_onnx(os.path.join(pack_dir, "denoiser.onnx"), str(tmp / "b3"), x=str(tmp / "b3x.npy"), noise_variance=str(tmp / "b3v.npy"))
    one = run_onnx(os.path.join(pack_dir, "denoiser.onnx"), str(tmp / "b1"), x=str(tmp / "b1x.npy"), noise_variance=str(tmp / "b1v.npy"))
    assert np.abs(many["eps"][1:2] - one["eps"]).max() <= 1e-5


def test_committed_fixture_pack_matches_the_schema():
    from conftest import REPO

    with open(os.path.join(REPO, "test", "fixtures", "tiny-pack", "pack.json"), encoding="utf-8") as f:
        validate_pack_json(json.load(f))
