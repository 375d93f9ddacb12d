"""Checkpoints of the training stages, the time limit of a training run, and the EMA weights.

Every stage has one checkpoint name (STAGES: denoiser.pt, embedder.pt, …) and two kinds of file:

- resumable, in the run's state folder (`state_dir`: `<run_dir>/state/` unless the config or
  $RESEED_TRAINING_STATE says otherwise; git ignores it): everything a rerun needs to go on
  exactly where it stopped (weights, EMA, optimizer state, RNG state, step counters). Written
  every `checkpoint_every` steps and at the end of a run or a time limit.
- slim, in the run folder itself: the weights and EMA weights with the kernels of the
  convolutions and linear layers in float16, no optimizer state; what is committed when a pack
  ships. `export` writes them for the networks it exports from (and `python3 -m training slim`
  on demand).

A stage goes on from whichever of the two has gone further, the resumable one on a tie; from a
slim one the optimizer starts afresh. Files are written to a temp file and renamed, so a kill
never leaves half a file; loading turns float16 back into float32.
"""
import os
import time

import torch

STAGES = ("denoiser", "embedder", "refiner", "classifier", "attributes")

# Step counters of the stages' checkpoints: how far a checkpoint has gone is their sum.
_COUNTERS = ("step", "pairs_step", "e2e_step")

# Set by a signal handler (Ctrl-C, SIGTERM): every Run then reports out of time, so the stage in
# flight writes its checkpoint and returns, and a rerun resumes from that step.
STOP_REQUESTED = {"value": False}


def request_stop(*_args) -> None:
    STOP_REQUESTED["value"] = True


def save_checkpoint(path: str, state: dict) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = path + ".tmp"
    torch.save(state, tmp)
    os.replace(tmp, path)


def _to_float32(value):
    if torch.is_tensor(value):
        return value.float() if value.dtype == torch.float16 else value
    if isinstance(value, dict):
        return {k: _to_float32(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_to_float32(v) for v in value)
    return value


def load_checkpoint(path: str):
    """The checkpoint at path with every float16 tensor (a slim one's kernels) as float32, or None."""
    if not os.path.exists(path):
        return None
    return _to_float32(torch.load(path, map_location="cpu"))


def _slim_tensors(value, key: str = ""):
    # Kernels (weights of two or more dimensions) to float16: nearly all of the bytes. Biases,
    # batch-norm statistics and the denoiser's embedding frequencies (up to 2π·1000, where
    # float16's spacing is 4) stay float32; the RNG state is bytes.
    if torch.is_tensor(value):
        if value.dtype == torch.float32 and value.dim() >= 2 and key.endswith("weight"):
            return value.detach().cpu().half()
        return value.detach().cpu() if value.dtype.is_floating_point else value
    if isinstance(value, dict):
        return {k: _slim_tensors(v, str(k)) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_slim_tensors(v, key) for v in value)
    return value


def slim_state(state: dict) -> dict:
    """A checkpoint without its optimizer state, kernels in float16: for committing."""
    return _slim_tensors({k: v for k, v in state.items() if k != "optimizer"})


def progress(state: dict) -> int:
    """How far a checkpoint has gone: the sum of its step counters (0 for weights only)."""
    return sum(int(state.get(k, 0)) for k in _COUNTERS)


def checkpoint_paths(cfg: dict, name: str) -> tuple[str, str]:
    """(resumable, slim) paths of a stage's checkpoint."""
    return os.path.join(cfg["state_dir"], f"{name}.pt"), os.path.join(cfg["run_dir"], f"{name}.pt")


def latest_checkpoint(cfg: dict, name: str):
    """(path, state) of the stage's checkpoint that has gone further, the resumable one on a tie;
    (None, None) when there is none."""
    best = (None, None)
    for path in checkpoint_paths(cfg, name):
        state = load_checkpoint(path)
        if state is not None and (best[1] is None or progress(state) > progress(best[1])):
            best = (path, state)
    return best


def has_checkpoint(cfg: dict, name: str) -> bool:
    return any(os.path.exists(p) for p in checkpoint_paths(cfg, name))


def write_slim(cfg: dict, names=STAGES, log=print) -> list[str]:
    """Slim copies of the stages' latest checkpoints into the run folder (those not already there)."""
    written = []
    for name in names:
        path, state = latest_checkpoint(cfg, name)
        slim_path = checkpoint_paths(cfg, name)[1]
        if state is None or path == slim_path:
            continue
        save_checkpoint(slim_path, slim_state(state))
        written.append(slim_path)
        log(f"slim {name} checkpoint: {slim_path} ({os.path.getsize(slim_path) / 1e6:.1f} MB)")
    return written


class Run:
    """One training stage's checkpoint and time limit. `load()` gives the state to go on from
    (None: start afresh), `restore()` puts its weights (and optimizer state, where it has some)
    back, `save()` writes the resumable checkpoint, `out_of_time()` says when to stop."""

    def __init__(self, cfg: dict, name: str, max_minutes: float | None = None, log=print):
        self.cfg, self.name = cfg, name
        self.path, self.slim_path = checkpoint_paths(cfg, name)
        self.deadline = time.time() + max_minutes * 60 if max_minutes else None
        self.log = log

    def load(self):
        path, state = latest_checkpoint(self.cfg, self.name)
        if state is not None and path == self.slim_path and "optimizer" not in state:
            self.log(f"{self.name}: going on from the slim checkpoint {path} (the optimizer starts afresh)")
        return state

    @staticmethod
    def restore(state: dict, net: torch.nn.Module, opt=None) -> None:
        net.load_state_dict(state["model"])
        if opt is not None and "optimizer" in state:
            opt.load_state_dict(state["optimizer"])

    def save(self, state: dict) -> None:
        save_checkpoint(self.path, state)

    def out_of_time(self) -> bool:
        return STOP_REQUESTED["value"] or (self.deadline is not None and time.time() >= self.deadline)


class EMA:
    """Exponential moving average of weights with a warmed-up decay, min(decay, (1+n)/(10+n)):
    a fixed 0.999 is still mostly the zero-initialised net after ~1,000 steps (docs/design.md)."""

    def __init__(self, model: torch.nn.Module, decay: float):
        self.decay = decay
        self.shadow = {k: v.detach().clone() for k, v in model.state_dict().items()}

    def update(self, model: torch.nn.Module, step: int) -> None:
        d = min(self.decay, (1.0 + step) / (10.0 + step))
        with torch.no_grad():
            for k, v in model.state_dict().items():
                if v.dtype.is_floating_point:
                    self.shadow[k].mul_(d).add_(v.detach(), alpha=1.0 - d)
                else:
                    self.shadow[k].copy_(v)

    def copy_to(self, model: torch.nn.Module) -> None:
        model.load_state_dict(self.shadow)
