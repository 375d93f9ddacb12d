"""`python3 -m training train-folder <folder> --name <name> --run-dir <dir> …`: the Python side
of `reseed train`. Checks and prepares the pictures, builds the config from a preset, runs every
stage with JSON progress lines on stdout (progress.py) and exports the pack into <run>/pack.
Under torch.distributed.run the denoiser trains with DistributedDataParallel on every rank;
rank 0 alone prepares the data, writes checkpoints and runs the stages after it.

Exit status: 0 done, 2 bad input (folder, labels, options), 4 a failure, 130 stopped (Ctrl-C,
SIGTERM: the stage in flight writes its checkpoint first; rerun to resume).
"""
import argparse
import os
import signal
import sys
import time
import traceback

from . import distributed, progress
from .checkpoint import STOP_REQUESTED, request_stop


def parse(argv):
    p = argparse.ArgumentParser(prog="python3 -m training train-folder")
    p.add_argument("folder")
    p.add_argument("--name", required=True, help="the pack's display name")
    p.add_argument("--id", required=True, help="the pack's id (kebab-case)")
    p.add_argument("--run-dir", required=True, help="resumable state, prepared data, report")
    p.add_argument("--preset", default="tiny", choices=["tiny", "small", "paper-64"])
    p.add_argument("--size", type=int)
    p.add_argument("--channels", type=int)
    p.add_argument("--steps", type=int)
    p.add_argument("--device", default="auto", choices=["auto", "cpu", "cuda"])
    p.add_argument("--threads", type=int)
    p.add_argument("--labels")
    p.add_argument("--crop", default="centre", choices=["centre", "face"])
    p.add_argument("--refiner", action="store_true")
    return p.parse_args(argv)


class BadInput(ValueError):
    pass


def _log(message: str) -> None:
    if distributed.is_main():
        progress.emit("log", message=str(message))


def _stopped() -> bool:
    return STOP_REQUESTED["value"]


def prepare_data(o: dict, p: dict) -> dict:
    from .labels_csv import LabelsError, keyed, read_labels
    from .own_folder import DataError, prepare

    try:
        labels = keyed(read_labels(o["labels"])) if o["labels"] else None
        summary = prepare(o["folder"], p["size"], os.path.join(o["run_dir"], "data"), labels, log=_log)
    except (DataError, LabelsError) as error:
        raise BadInput(str(error)) from None
    if summary["unreadable"]:
        _log(f"{len(summary['unreadable'])} pictures could not be read and were skipped")
    if o["crop"] == "face":
        _log("--crop face: the training pictures are centre-cropped (the face finder runs in the app); "
             "the pack is marked crop: face, so the editor and reseed embed crop around faces")
    return summary


def stage_names(o: dict, labelled: bool) -> list:
    return (["data", "denoiser", "embedder"] + (["refiner"] if o["refiner"] else [])
            + (["attributes"] if labelled else []) + ["directions", "evaluate", "export"])


def run(o: dict) -> int:
    from .config import load_config
    from .own_folder_config import build_config, fixed_settings, write_config
    from .presets import preset

    distributed.setup(o["device"])
    main = distributed.is_main()
    if main:
        progress.install(progress.Reporter())
    try:
        p = preset(o["preset"], o["size"], o["channels"], o["steps"])
    except ValueError as error:
        raise BadInput(str(error)) from None
    labelled = bool(o["labels"])
    names = stage_names(o, labelled)

    def stage(k: int) -> None:
        if main:
            progress.emit("stage", index=k + 1, count=len(names), name=names[k])

    if main:
        progress.emit("start", stages=names, world=distributed.world(), preset=o["preset"])
        stage(0)
    failure = None
    summary = None
    if main:
        try:
            summary = prepare_data(o, p)
        except BaseException as error:  # the other ranks must not wait at a barrier forever
            failure = error
    if distributed.any_rank(failure is not None):
        if failure is not None:
            raise failure
        return 2
    if summary is None:  # rank 0 has prepared and checked the data
        from .own_folder import read_summary
        summary = read_summary(os.path.join(o["run_dir"], "data"))
    cfg_dict = build_config(o, p, summary)
    try:
        if main:
            write_config(o["run_dir"], cfg_dict, fixed_settings(o, p, summary))
    except ValueError as error:
        failure = BadInput(str(error))
    if distributed.any_rank(failure is not None):
        if failure is not None:
            raise failure
        return 2
    cfg = load_config(os.path.join(o["run_dir"], "config.json"))
    return run_stages(o, cfg, names, stage, summary)


def run_stages(o: dict, cfg: dict, names: list, stage, summary: dict) -> int:
    from .train_denoiser import train_denoiser

    started = time.time()
    stage(names.index("denoiser"))
    main = distributed.is_main()  # before teardown: afterwards every process is "rank 0"
    # The networks' initial weights come from the global RNG (the stages seed it after building):
    # seeded here, a run is reproducible, and so is a killed run's resume.
    import torch
    torch.manual_seed(cfg["seed"])
    result = train_denoiser(cfg, log=_log)
    distributed.teardown()
    if not main:
        return 0  # the other ranks' work ends with the distributed stage
    cfg["threads"] = o["threads_single"]
    if result["step"] < cfg["denoiser"]["steps"]:
        return stop()
    from .train_embedder import train_embedder
    stage(names.index("embedder"))
    if train_embedder(cfg, log=_log)["stage"] != "done":
        return stop()
    if "refiner" in names:
        from .train_refiner import train_refiner
        stage(names.index("refiner"))
        if train_refiner(cfg, log=_log)["step"] < cfg["refiner"]["steps"]:
            return stop()
    if "attributes" in names:
        from .attribute_classifier import train_attributes
        stage(names.index("attributes"))
        if train_attributes(cfg, log=_log).get("step", 0) < cfg["attributes"]["steps"]:
            return stop()
    for name in ("directions", "evaluate", "export"):
        if _stopped():
            return stop()
        stage(names.index(name))
        if name == "directions":
            directions(cfg)
        elif name == "evaluate":
            from .evaluate import evaluate
            evaluate(cfg, log=_log)
        else:
            from .own_folder_pack import export_with_report
            out = export_with_report(cfg, summary, o, time.time() - started, log=_log)
            progress.emit("done", pack=out["pack"], report=out["report"], id=cfg["pack"]["id"])
    return 0


def directions(cfg: dict) -> None:
    if cfg["directions"]["labels"]:
        from .directions import compute_directions
        compute_directions(cfg, log=_log)
    else:
        from .pca_directions import compute_pca_directions
        compute_pca_directions(cfg, cfg.get("components", 4), log=_log)


def stop() -> int:
    progress.emit("stopped", message="stopped; run the same command again to resume")
    return 130


def main(argv=None) -> int:
    a = parse(argv)
    cpus = os.cpu_count() or 1
    threads = a.threads or min(8, cpus)
    o = {"folder": os.path.abspath(a.folder), "name": a.name, "id": a.id, "run_dir": os.path.abspath(a.run_dir),
         "preset": a.preset, "size": a.size, "channels": a.channels, "steps": a.steps, "device": a.device,
         "labels": os.path.abspath(a.labels) if a.labels else None, "crop": a.crop, "refiner": a.refiner,
         "threads": max(1, threads // int(os.environ.get("WORLD_SIZE", "1"))), "threads_single": threads}
    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)
    try:
        return run(o)
    except BadInput as error:
        progress.emit("error", code="bad-input", message=str(error))
        return 2
    except Exception as error:  # anything else: one line for the user, the trace on stderr
        traceback.print_exc()
        first = (str(error).strip().splitlines() or [""])[0]
        progress.emit("error", code="internal", message=f"{type(error).__name__}: {first}")
        return 4


if __name__ == "__main__":
    sys.exit(main())
