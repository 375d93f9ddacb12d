"""The pipeline config of `reseed train` (own_folder_cli.py): a preset (presets.py) with its
overrides, the prepared data in the run folder, one direction per labels column, the pack's
metadata. Written to <run>/config.json; a rerun with other network settings is refused (it would
resume checkpoints of another shape), while more steps simply go on training.
"""
import json
import os

from .labels_csv import slug
from .presets import training_config

# What must not change between a run and its resume (checkpoint shapes, data, directions).
FIXED = ("size", "widths", "block_depth", "refiner", "labels", "crop")


def label_specs(columns: list, values: dict, names: dict | None = None) -> list:
    """One direction spec per labels column: two values → difference of class means (the higher
    value positive), more → the ordinal value regressed on the seeds."""
    specs, seen = [], set()
    for column in columns:
        shown = (names or {}).get(column, column)
        base = slug(shown)
        sid, n = base, 2
        while sid in seen:
            sid, n = f"{base}-{n}", n + 1
        seen.add(sid)
        spec = {"id": sid, "label": shown.replace("_", " "), "label_key": column, "min": -4.0, "max": 4.0,
                "description": f"{shown} (from your labels)"}
        if len(values[column]) == 2:
            spec.update({"positive": [1], "negative": [0]})
        else:
            spec.update({"ordinal": True})
        specs.append(spec)
    return specs


def build_config(o: dict, p: dict, summary: dict) -> dict:
    """o: the command's options (name, id, folder, run_dir, device, threads, refiner, crop, preset);
    p: the preset with overrides; summary: own_folder.prepare's."""
    labels = summary.get("labels")
    sections = training_config(p, o["refiner"])
    if not labels:
        sections["attributes"] = {"steps": 0}
    return {
        "name": o["id"], "seed": 0, "threads": o["threads"], "device": o["device"],
        "run_dir": o["run_dir"], "state_dir": os.path.join(o["run_dir"], "state"),
        "data": {"kind": "own-folder", "prepared": os.path.join(o["run_dir"], "data"),
                 "image_size": p["size"], "channels": 3, "hflip": True},
        "sampler_steps": 10, **sections,
        "directions": {"labels": label_specs(labels["columns"], labels["values"], labels.get("names")) if labels else [],
                       "attributes": [], **p["directions"]},
        "components": p["components"],
        "pack": {
            "id": o["id"], "name": o["name"], "version": "0.1.0",
            "description": f"Trained with `reseed train` ({o['preset']} preset) on {len(summary['train'])} of your pictures.",
            "license": "Your own (trained on your pictures)",
            "training_data": {"name": os.path.basename(os.path.normpath(summary["root"])), "source": summary["root"],
                              "license": "the pictures' own"},
            "preprocess": {"colorspace": "rgb", "fit": "cover", "trim": False, "background": "#ffffff",
                           "negate": False, "margin": 0.0, "crop": o["crop"]},
        },
    }


def fixed_settings(o: dict, p: dict, summary: dict) -> dict:
    labels = summary.get("labels")
    return {"size": p["size"], "widths": p["widths"], "block_depth": p["block_depth"], "refiner": o["refiner"],
            "labels": labels["columns"] if labels else None, "crop": o["crop"]}


def write_config(run_dir: str, cfg: dict, fixed: dict) -> str:
    """Writes <run>/config.json (temp + rename); refuses settings that differ from the run's."""
    path = os.path.join(run_dir, "config.json")
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            old = json.load(f).get("fixed", {})
        changed = [k for k in FIXED if k in old and old[k] != fixed[k]]
        if changed:
            what = ", ".join(f"{k} {old[k]} → {fixed[k]}" for k in changed)
            raise ValueError(f"{run_dir} holds a run with other settings ({what}): use the same options, "
                             "another --name, or delete that folder to start over")
    os.makedirs(run_dir, exist_ok=True)
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump({**cfg, "fixed": fixed}, f, indent=2)
    os.replace(tmp, path)
    return path
