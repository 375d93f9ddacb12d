"""The pack of a `reseed train` run: the pipeline's export (export.py) into <run>/pack, with the
training summary in pack.json's free-form metrics (`metrics.training`: preset, sizes, steps, the
held-out split, the report's files) and the evaluation report (report.md, sample grid, slider
strips, embedding examples) plus split.json (the held-out file names) in its report/ folder.
`reseed train` then moves the folder into the user's packs folder in one rename.
"""
import json
import os
import shutil

from .export import export_pack

REPORT_FILES = ("report.md", "samples.png", "slider-strips.png", "embedding-examples.png")


def training_summary(cfg: dict, summary: dict, o: dict, seconds: float) -> dict:
    labels = summary.get("labels")
    return {
        "tool": "reseed train", "preset": o["preset"], "imageSize": cfg["data"]["image_size"],
        "widths": cfg["denoiser"]["widths"],
        "steps": {"denoiser": cfg["denoiser"]["steps"], "embedderPairs": cfg["embedder"]["pairs"]["steps"],
                  "embedderEndToEnd": cfg["embedder"]["end_to_end"]["steps"],
                  "refiner": cfg["refiner"].get("steps", 0), "attributes": cfg["attributes"].get("steps", 0)},
        "images": {"train": len(summary["train"]), "test": len(summary["test"]),
                   "unreadable": len(summary["unreadable"])},
        "split": {"rule": summary["split"], "file": "report/split.json"},
        "crop": o["crop"],
        "sliders": "labels" if labels else "principal-components",
        "labels": labels["columns"] if labels else None,
        "report": "report/report.md", "samples": "report/samples.png", "strips": "report/slider-strips.png",
        "secondsThisRun": round(seconds, 1),
    }


def export_with_report(cfg: dict, summary: dict, o: dict, seconds: float, log=print) -> dict:
    run_dir = cfg["run_dir"]
    metrics_path = os.path.join(run_dir, "metrics.json")
    with open(metrics_path, encoding="utf-8") as f:
        metrics = json.load(f)
    metrics["training"] = training_summary(cfg, summary, o, seconds)
    tmp = metrics_path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(metrics, f, indent=2)
    os.replace(tmp, metrics_path)
    out = export_pack(cfg, os.path.join(run_dir, "pack"), log=log)["out"]
    report_src = cfg["evaluation"].get("report_dir") or os.path.join(run_dir, "report")
    report_dir = os.path.join(out, "report")
    os.makedirs(report_dir, exist_ok=True)
    for name in REPORT_FILES:
        if os.path.exists(os.path.join(report_src, name)):
            shutil.copyfile(os.path.join(report_src, name), os.path.join(report_dir, name))
    with open(os.path.join(report_dir, "split.json"), "w", encoding="utf-8") as f:
        json.dump({"rule": summary["split"], "test": summary["test"], "train": summary["train"],
                   "unreadable": summary["unreadable"]}, f, indent=1)
    return {"pack": out, "report": os.path.join(report_dir, "report.md")}
