"""Entry point: `/usr/bin/python3 -m training <command> --config training/configs/NAME.yaml`."""
import argparse
import json
import sys

from .config import load_config


def _stage(name):
    # Imported lazily so `--help` works and each stage loads only what it needs.
    if name == "train-denoiser":
        from .train_denoiser import train_denoiser
        return lambda cfg, a: train_denoiser(cfg, a.max_minutes)
    if name == "train-embedder":
        from .train_embedder import train_embedder
        return lambda cfg, a: train_embedder(cfg, a.max_minutes)
    if name == "train-refiner":
        from .train_refiner import train_refiner
        return lambda cfg, a: train_refiner(cfg, a.max_minutes)
    if name == "train-classifier":
        from .classifier import train_classifier
        return lambda cfg, a: train_classifier(cfg, a.max_minutes)
    if name == "train-attributes":
        from .attribute_classifier import train_attributes
        return lambda cfg, a: train_attributes(cfg, a.max_minutes)
    if name == "preview":
        from .preview import train_preview
        return lambda cfg, a: train_preview(cfg, a.max_minutes)
    if name == "evaluate-preview":
        from .preview import evaluate_preview
        return lambda cfg, a: evaluate_preview(cfg)
    if name == "export-preview":
        from .preview_export import export_preview
        return lambda cfg, a: export_preview(cfg, a.out)
    if name == "directions":
        from .directions import compute_directions
        return lambda cfg, a: compute_directions(cfg)
    if name == "evaluate":
        from .evaluate import evaluate
        return lambda cfg, a: evaluate(cfg)
    if name == "export":
        from .export import export_pack
        return lambda cfg, a: export_pack(cfg, a.out)
    if name == "golden":
        from .golden import write_golden
        return lambda cfg, a: write_golden(cfg, a.out)
    if name == "update-pack":
        from .pack_update import update_pack
        return lambda cfg, a: update_pack(cfg, a.out)
    if name == "slim":
        from .checkpoint import write_slim
        return lambda cfg, a: {"written": write_slim(cfg)}
    if name == "dump-images":
        from .dump_images import dump_images
        return lambda cfg, a: dump_images(cfg, a.out, a.split, a.limit)
    if name == "all":
        from .pipeline import run_all
        return lambda cfg, a: run_all(cfg, a.out, a.max_minutes)
    raise ValueError(name)


COMMANDS = {
    "train-denoiser": "train (or resume) the DDIM denoiser",
    "train-embedder": "train (or resume) the embedding network: pair regression, then end-to-end",
    "train-refiner": "train (or resume) the refiner network through the sampler",
    "train-classifier": "train the evaluation classifier (labelled datasets)",
    "train-attributes": "train the attribute classifier (one head per named label) that checks the sliders",
    "preview": "train (or resume) the one-pass preview decoder G(z) ≈ DDIM_S(z) on cached pairs; evaluates it when done",
    "evaluate-preview": "PSNR of the preview against the full decode (held out, and moved ±3σ per direction)",
    "export-preview": "write preview.onnx into an exported pack in place (--out, default models/<id>) and update pack.json",
    "directions": "compute slider directions from labels and image attributes",
    "evaluate": "measure reconstruction and generation; write the report",
    "export": "export the model pack (ONNX + pack.json + directions)",
    "golden": "write golden values for the TypeScript engine's tests",
    "update-pack": "bring a shipped pack up to date in place: direction signs, attributes, attribute scorer",
    "slim": "write the slim checkpoints to commit (weights and EMA, float16, no optimizer) into the run folder",
    "dump-images": "write a dataset split as PNG files (inputs for `reseed batch --as-is`)",
    "all": "every stage in order (for tiny configs and CI)",
}


def main(argv=None):
    args_in = sys.argv[1:] if argv is None else list(argv)
    if args_in[:1] == ["train-folder"]:
        # `reseed train`: its own options (a folder, a preset), no config file (own_folder_cli.py).
        from .own_folder_cli import main as train_folder
        return train_folder(args_in[1:])
    parser = argparse.ArgumentParser(prog="python3 -m training", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    for name, help_text in COMMANDS.items():
        p = sub.add_parser(name, help=help_text)
        p.add_argument("--config", required=True, help="YAML or JSON config file")
        p.add_argument("--max-minutes", type=float, default=None,
                       help="stop training after this long (a checkpoint is written; rerun resumes)")
        p.add_argument("--out", default=None, help="output folder (export, golden, all; update-pack: the pack)")
        p.add_argument("--set", action="append", default=[], metavar="KEY=JSON",
                       help="override a config value, e.g. --set denoiser.steps=100")
        if name == "dump-images":
            p.add_argument("--split", default="test", choices=["train", "test"])
            p.add_argument("--limit", type=int, default=None, help="only the first N images")
    args = parser.parse_args(argv)
    overrides = {}
    for item in args.set:
        key, _, value = item.partition("=")
        node = overrides
        *parents, leaf = key.split(".")
        for part in parents:
            node = node.setdefault(part, {})
        node[leaf] = json.loads(value)
    cfg = load_config(args.config, overrides)
    result = _stage(args.command)(cfg, args)
    if result is not None:
        print(json.dumps(result, indent=2, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
