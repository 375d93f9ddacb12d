"""PyTorch-eager timings of a pack's denoiser, for `npm run bench` (electron/cli/commands/bench.ts).

Loads the pack's training checkpoint (training/runs/<pack id>/denoiser.pt, or --checkpoint), builds
the same U-Net (training/unet.py) with the same weights the pack was exported from, and times one
denoiser pass at batch 1 and 16 and a DDIM decode at batch 1 with training/diffusion.py's sampler.
Prints one JSON object; {"skipped": reason} where torch or the checkpoint is missing.
"""
import argparse
import json
import os
import sys
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def median_ms(fn, runs):
    fn()  # warm-up
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000.0)
    times.sort()
    return times[len(times) // 2]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--pack", required=True, help="pack folder (pack.json)")
    parser.add_argument("--checkpoint", help="denoiser checkpoint (default: training/runs/<pack id>/denoiser.pt)")
    parser.add_argument("--threads", type=int, default=0)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    with open(os.path.join(args.pack, "pack.json"), encoding="utf-8") as f:
        pack = json.load(f)
    ckpt = args.checkpoint or os.path.join(REPO, "training", "runs", pack["id"], "denoiser.pt")
    try:
        import torch
    except ImportError:
        print(json.dumps({"skipped": "torch is not installed for /usr/bin/python3"}))
        return
    if not os.path.exists(ckpt):
        print(json.dumps({"skipped": f"no PyTorch checkpoint for pack {pack['id']} ({ckpt})"}))
        return
    sys.path.insert(0, REPO)
    from training.diffusion import Normalizer, ddim_sample
    from training.schedule import CosineAngleSchedule
    from training.unet import build_denoiser

    state = torch.load(ckpt, map_location="cpu")
    img = pack["image"]
    channels, height, width = img["channels"], img["height"], img["width"]
    net = build_denoiser(state["config"], channels)
    net.load_state_dict(state["ema"])
    net.eval()
    sched = CosineAngleSchedule(pack["schedule"]["minSignalRate"], pack["schedule"]["maxSignalRate"])
    norm = Normalizer(pack["normalization"]["mean"], pack["normalization"]["std"])
    steps = pack["sampler"]["defaultSteps"]
    out = {"torch": torch.__version__, "checkpoint": ckpt, "steps": steps}
    # Torch gets its best chance: each figure is the faster of 1 thread and N threads (on a
    # shared CPU, N threads can be far slower than one).
    counts = sorted({1, args.threads or torch.get_num_threads()})
    with torch.no_grad():
        for threads in counts:
            torch.set_num_threads(threads)
            timings = {}
            for batch in (1, 16):
                x = torch.randn(batch, channels, height, width)
                v = torch.full((batch, 1, 1, 1), 0.5)
                timings[f"denoiseMs_b{batch}"] = median_ms(lambda: net(x, v), args.runs)
            z = torch.randn(1, channels, height, width)
            timings["decodeMs"] = median_ms(lambda: ddim_sample(net, sched, norm, z, steps), max(5, args.runs // 4))
            for key, value in timings.items():
                if key not in out or value < out[key]:
                    out[key] = value
                    out[key.replace("Ms", "Threads")] = threads
    out["threads"] = out["decodeThreads"]
    print(json.dumps(out))


if __name__ == "__main__":
    main()
