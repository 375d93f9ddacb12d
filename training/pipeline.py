"""Every stage in order: for tiny configs (tests, CI, the fixture pack) and full runs alike.
Each training stage resumes from its checkpoint, so rerunning continues where it stopped."""
import os

from .attribute_classifier import train_attributes
from .classifier import train_classifier
from .directions import compute_directions
from .evaluate import evaluate
from .export import export_pack
from .golden import write_golden
from .train_denoiser import train_denoiser
from .train_embedder import train_embedder
from .train_refiner import train_refiner


def run_all(cfg: dict, out_dir: str | None = None, max_minutes: float | None = None, log=print) -> dict:
    result = {"denoiser": train_denoiser(cfg, max_minutes, log=log)}
    if result["denoiser"]["step"] < cfg["denoiser"]["steps"]:
        return {**result, "stopped": "denoiser not finished (time limit); rerun to resume"}
    result["embedder"] = train_embedder(cfg, max_minutes, log=log)
    if result["embedder"]["stage"] != "done":
        return {**result, "stopped": "embedder not finished (time limit); rerun to resume"}
    result["refiner"] = train_refiner(cfg, max_minutes, log=log)
    if cfg["classifier"].get("steps", 0) > 0:
        result["classifier"] = train_classifier(cfg, max_minutes, log=log)
    if cfg.get("attributes", {}).get("steps", 0) > 0:
        result["attributes"] = train_attributes(cfg, max_minutes, log=log)
    result["directions"] = compute_directions(cfg, log=log)
    if (cfg.get("preview") or {}).get("steps", 0) > 0:
        # After the directions: the preview learns the seeds the sliders move to.
        from .preview import train_preview
        result["preview"] = train_preview(cfg, max_minutes, log=log)
    metrics = evaluate(cfg, log=log)
    result["reconstruction"] = metrics["reconstruction"]
    result["export"] = export_pack(cfg, out_dir, log=log)
    if cfg.get("golden_dir"):
        golden_dir = cfg["golden_dir"]
        if not os.path.isabs(golden_dir):
            from .config import REPO_ROOT
            golden_dir = os.path.join(REPO_ROOT, golden_dir)
        result["golden"] = write_golden(cfg, golden_dir, pack_dir=result["export"]["out"], log=log)
    return result
