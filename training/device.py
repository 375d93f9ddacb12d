"""Where training runs: `device: auto` (the default) takes CUDA when PyTorch sees a GPU, else the CPU.
Data stay on the CPU; each batch moves to the device, so the same code runs on both."""
import torch


def pick_device(cfg: dict) -> torch.device:
    wanted = cfg.get("device", "auto")
    if wanted == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    if wanted.startswith("cuda") and not torch.cuda.is_available():
        raise RuntimeError(f"device {wanted!r} asked for, but PyTorch sees no CUDA GPU")
    return torch.device(wanted)
