"""Golden values for the TypeScript engine: PyTorch computes, the engine must agree (≤ 1e-4 on
[0,1] images on the CPU provider). Arrays are .npy (float32, little-endian, C order); golden.json
says which array is which. The pack is the exported fixture pack next to the golden folder."""
import json
import os

import numpy as np
import torch

from .data import load_dataset
from .diffusion import ddim_invert, ddim_sample, denoise
from .edits import apply_sliders, slerp
from .checkpoint import has_checkpoint
from .models import embedder_input, load_denoiser, load_embedder
from .rng import seeded_normal
from .schedule import schedule_from


def write_golden(cfg: dict, out_dir: str | None = None, pack_dir: str | None = None, log=print) -> dict:
    out_dir = out_dir or os.path.join("test", "fixtures", "golden")
    os.makedirs(out_dir, exist_ok=True)
    torch.set_num_threads(cfg["threads"])
    denoiser, normalizer, _ = load_denoiser(cfg)
    embedder, estate = load_embedder(cfg)
    input_range = estate.get("input_range", "normalized")
    schedule = schedule_from(cfg)
    c, size = cfg["data"]["channels"], cfg["data"]["image_size"]
    shape = (1, c, size, size)
    steps = cfg["sampler_steps"]
    arrays = {}

    def put(name, tensor):
        a = np.ascontiguousarray(tensor.detach().numpy() if torch.is_tensor(tensor) else tensor, dtype="<f4")
        np.save(os.path.join(out_dir, f"{name}.npy"), a)
        arrays[name] = {"file": f"{name}.npy", "shape": list(a.shape)}
        return torch.from_numpy(a.astype(np.float32))

    cases = {}
    with torch.no_grad():
        # Seeds from integers (mulberry32 + Box–Muller), including the edges of the 32-bit range.
        cases["seededNormal"] = []
        for seed in (7, 0, 4294967295):
            name = f"seed_{seed}"
            put(name, seeded_normal(seed, shape))
            cases["seededNormal"].append({"seed": seed, "shape": list(shape), "output": name})
        z7 = torch.from_numpy(seeded_normal(7, shape))
        z8 = torch.from_numpy(seeded_normal(8, shape))
        put("seed_8", z8)

        # One denoiser pass at batch 2 (x_t and noise variance as the sampler feeds them).
        noisy = put("denoise_noisy", torch.cat([z7, z8]))
        variance = put("denoise_variance", torch.tensor([0.81, 0.2], dtype=torch.float32).view(2, 1, 1, 1))
        put("denoise_eps", denoiser(noisy, variance))
        cases["denoiserPass"] = {"noisy": "denoise_noisy", "noiseVariance": "denoise_variance", "eps": "denoise_eps"}

        # Full decodes from a fixed seed.
        cases["decode"] = []
        for s in (steps, 3):
            name = f"decode_seed7_steps{s}"
            put(name, ddim_sample(denoiser, schedule, normalizer, z7, s))
            cases["decode"].append({"seed": "seed_7", "steps": s, "image": name})
        # The sampler's first step in detail, so a mismatch can be located.
        eps, x0 = denoise(denoiser, schedule, z7, 1.0)
        put("step0_eps", eps)
        put("step0_x0", x0)
        cases["firstStep"] = {"seed": "seed_7", "t": 1.0, "eps": "step0_eps", "x0": "step0_x0"}

        # Embedding of held-out images at model size (no preprocessing) and its reconstruction.
        images = put("embed_images", load_dataset(cfg["data"], "test")[0][:4])
        seeds = put("embed_seeds", embedder(embedder_input(images, normalizer, input_range)))
        recon = put("embed_reconstructions", ddim_sample(denoiser, schedule, normalizer, seeds, steps))
        mse = ((recon - images) ** 2).mean((1, 2, 3))
        cases["embed"] = {"images": "embed_images", "seeds": "embed_seeds", "reconstructions": "embed_reconstructions",
                          "steps": steps, "mse": [float(m) for m in mse]}

        # A slider edit on the first embedded seed.
        with open(os.path.join(cfg["run_dir"], "directions.json"), encoding="utf-8") as f:
            directions = json.load(f)
        vectors = torch.from_numpy(np.load(os.path.join(cfg["run_dir"], "directions.npy")))
        sliders = {d["id"]: v for d, v in zip(directions, (1.5, -2.0, 0.5))}
        used = [d for d in directions if d["id"] in sliders]
        edited = put("edit_seed", apply_sliders(seeds[:1], [vectors[d["index"]] for d in used],
                                                [d["sigma"] for d in used], [sliders[d["id"]] for d in used]))
        put("edit_image", ddim_sample(denoiser, schedule, normalizer, edited, steps))
        cases["edit"] = {"seed": "embed_seeds", "seedIndex": 0, "sliders": sliders, "editedSeed": "edit_seed",
                         "image": "edit_image", "steps": steps}

        # Spherical interpolation between two seeds.
        put("slerp_0_3", slerp(z7, z8, 0.3))
        cases["slerp"] = {"a": "seed_7", "b": "seed_8", "t": 0.3, "output": "slerp_0_3"}

        # DDIM inversion of the first image (S passes).
        put("inversion_seed", ddim_invert(denoiser, schedule, normalizer, images[:1], steps))
        cases["inversion"] = {"image": "embed_images", "imageIndex": 0, "steps": steps, "seed": "inversion_seed"}

        # One refiner pass, when the pack has a refiner.
        if has_checkpoint(cfg, "refiner"):
            refiner, _ = load_embedder(cfg, refiner=True)
            delta = refiner(torch.cat([embedder_input(images, normalizer, input_range),
                                       embedder_input(recon, normalizer, input_range)], 1))
            put("refiner_delta", delta)
            cases["refinerPass"] = {"images": "embed_images", "reconstructions": "embed_reconstructions",
                                    "seedDelta": "refiner_delta"}

    golden = {"pack": os.path.relpath(pack_dir or os.path.join(os.path.dirname(out_dir), "tiny-pack"), out_dir),
              "tolerance": 1e-4, "arrays": arrays, "cases": cases}
    with open(os.path.join(out_dir, "golden.json"), "w", encoding="utf-8") as f:
        json.dump(golden, f, indent=2)
        f.write("\n")
    log(f"wrote {len(arrays)} golden arrays to {out_dir}")
    return {"out": out_dir, "arrays": len(arrays)}
