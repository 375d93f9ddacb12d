"""Sliders without labels: the top principal components of the embedded training seeds
(GANSpace, Härkönen et al. 2020, applied to the embedding network's seeds), named
"Component 1…k". Written as directions.compute_directions writes its directions (directions.json
and directions.npy in the run folder), so evaluation (one report strip per component), the
scorer and export treat them alike. Each component's sign is chosen so that moving it up makes
the decoded pictures brighter (mean intensity), which makes the sign reproducible; its measured
effect is that brightness change per slider unit.
"""
import json
import os

import numpy as np
import torch

from .attributes import ATTRIBUTES
from .data import load_dataset
from .diffusion import ddim_sample
from .directions import direction_networks, embed_all, measure_effect, slider_values


def principal_components(seeds: torch.Tensor, k: int):
    """(k unit vectors shaped like a seed, explained-variance ratio of each), largest first."""
    z = seeds.reshape(len(seeds), -1).double()
    z = z - z.mean(0)
    # The thin SVD of the centred seeds: rows of vh are the components, s² their variances.
    _, s, vh = torch.linalg.svd(z, full_matrices=False)
    k = min(k, len(s))
    variance = s ** 2
    ratio = (variance[:k] / variance.sum()).tolist()
    return vh[:k].float().reshape(k, *seeds.shape[1:]), ratio


def compute_pca_directions(cfg: dict, k: int, log=print) -> dict:
    dcfg = cfg["directions"]
    denoiser, normalizer, embedder, input_range, schedule = direction_networks(cfg)
    images = load_dataset(cfg["data"], "train")[0][: dcfg.get("train_images", 12000)]
    seeds = embed_all(embedder, normalizer, input_range, images)
    test_seeds = embed_all(embedder, normalizer, input_range, load_dataset(cfg["data"], "test")[0])
    pool = test_seeds[: dcfg.get("effect_images", 256)]
    components, ratio = principal_components(seeds, k)
    brightness = ATTRIBUTES["mean-intensity"][0]
    lo, hi = dcfg.get("pca_min", -3.0), dcfg.get("pca_max", 3.0)

    def decode(z):
        with torch.no_grad():
            return torch.cat([ddim_sample(denoiser, schedule, normalizer, z[i:i + 256], cfg["sampler_steps"])
                              for i in range(0, len(z), 256)])

    out, vectors = [], []
    for index, unit in enumerate(components):
        sigma = float((seeds.reshape(len(seeds), -1) @ unit.reshape(-1)).std())
        spec = {"min": lo, "max": hi}
        values = slider_values(spec)
        slope, curve = measure_effect(unit, sigma, pool, decode, brightness, values)
        if slope < 0:
            unit, slope, curve = -unit, -slope, curve[::-1]
        name = f"Component {index + 1}"
        log(f"direction component-{index + 1}: sigma {sigma:.3f}, {ratio[index]:.1%} of the seeds' variance")
        out.append({
            "id": f"component-{index + 1}", "label": name,
            "description": f"{name} of the embedded training seeds ({ratio[index]:.1%} of their variance)",
            "min": lo, "max": hi, "method": "principal-component",
            "source": f"principal component {index + 1} of {len(seeds)} embedded training seeds",
            "sigma": sigma, "index": index, "explainedVariance": round(ratio[index], 5),
            "effect": {"attribute": "mean-intensity", "perUnit": slope, "unit": ATTRIBUTES["mean-intensity"][1]},
            "curve": {"values": list(values), "attribute": curve},
        })
        vectors.append(unit.numpy().astype(np.float32))
    run_dir = cfg["run_dir"]
    np.save(os.path.join(run_dir, "directions.npy"), np.stack(vectors))
    with open(os.path.join(run_dir, "directions.json"), "w", encoding="utf-8") as f:
        json.dump(out, f, indent=2)
    return {"directions": [{k: d[k] for k in ("id", "sigma", "explainedVariance")} for d in out]}
