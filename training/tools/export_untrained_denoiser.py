"""Exports an UNTRAINED denoiser of a given size to ONNX, the way training/export.py exports a
pack's (opset, dynamic batch axis, the same U-Net), so its speed in onnxruntime-node can be
measured before any training: the work of a pass does not depend on the weights.

    /usr/bin/python3 training/tools/export_untrained_denoiser.py OUT_DIR \\
        --size 64 --channels 3 --widths 32,64,96,128 --block-depth 2 [--embedding-dims 32]
    /usr/bin/python3 training/tools/export_untrained_denoiser.py OUT_DIR --config training/configs/emoji-faces.yaml

Writes OUT_DIR/<name>.onnx (name: w32-64-96-128-d2-64x64x3 unless --name) and next to it
<name>.json, {file, size, channels, widths, parameters, gmac, ...}, which it also prints. Time them with training/tools/time-denoiser.ts.
"""
import argparse
import json
import os
import sys

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, REPO)

import torch  # noqa: E402
from torch import nn  # noqa: E402

from training.config import load_config  # noqa: E402
from training.export import _export  # noqa: E402
from training.models import build_denoiser, count_parameters  # noqa: E402


def conv_macs(model: nn.Module, x, v) -> int:
    """Multiply-accumulates of the convolutions of one pass at batch 1 (the bulk of the work)."""
    total = 0

    def hook(module, _inputs, output):
        nonlocal total
        k = module.kernel_size[0] * module.kernel_size[1] * module.in_channels // module.groups
        total += output.numel() * k

    handles = [m.register_forward_hook(hook) for m in model.modules() if isinstance(m, nn.Conv2d)]
    with torch.no_grad():
        model(x, v)
    for h in handles:
        h.remove()
    return total


def export_untrained(out_dir: str, size: int, channels: int, widths, block_depth: int,
                     embedding_dims: int = 32, pad_to: int = 0, name: str | None = None) -> dict:
    torch.manual_seed(0)
    dcfg = {"widths": list(widths), "block_depth": block_depth, "embedding_dims": embedding_dims, "pad_to": pad_to}
    net = build_denoiser(dcfg, channels).eval()
    # The head is zero-initialised (eps = 0 whatever the input); give it weights so nothing in the
    # graph can be folded away as constant and the timing is that of a trained net.
    nn.init.normal_(net.head.weight, std=0.01)
    name = name or f"w{'-'.join(map(str, widths))}-d{block_depth}-{size}x{size}x{channels}"
    os.makedirs(out_dir, exist_ok=True)
    path = os.path.join(out_dir, f"{name}.onnx")
    x = torch.rand(1, channels, size, size)
    v = torch.full((1, 1, 1, 1), 0.5)
    _export(net, (x, v), path, ["x", "noise_variance"], ["eps"])
    info = {"file": path, "name": name, "size": size, "channels": channels, "widths": list(widths),
            "block_depth": block_depth, "embedding_dims": embedding_dims, "parameters": count_parameters(net),
            "gmac": round(conv_macs(net, x, v) / 1e9, 3), "bytes": os.path.getsize(path)}
    # The timing script reads the input shape from here.
    with open(path[:-len(".onnx")] + ".json", "w", encoding="utf-8") as f:
        json.dump(info, f, indent=2)
    return info


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("out_dir")
    p.add_argument("--config", help="take size, channels and the denoiser's widths/depth from this config")
    p.add_argument("--size", type=int, default=64)
    p.add_argument("--channels", type=int, default=3)
    p.add_argument("--widths", default="32,64,96,128", help="comma-separated")
    p.add_argument("--block-depth", type=int, default=2)
    p.add_argument("--embedding-dims", type=int, default=32)
    p.add_argument("--name")
    a = p.parse_args(argv)
    torch.set_num_threads(1)
    if a.config:
        cfg = load_config(a.config)
        d = cfg["denoiser"]
        info = export_untrained(a.out_dir, cfg["data"]["image_size"], cfg["data"]["channels"], d["widths"],
                                d["block_depth"], d.get("embedding_dims", 32), d.get("pad_to", 0), a.name)
    else:
        widths = [int(w) for w in a.widths.split(",")]
        info = export_untrained(a.out_dir, a.size, a.channels, widths, a.block_depth, a.embedding_dims, name=a.name)
    print(json.dumps(info))


if __name__ == "__main__":
    main()
