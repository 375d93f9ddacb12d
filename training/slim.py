"""Writes a copy of a checkpoint without its optimizer state, for committing: the weights (and
the embedder's stage counters) are what a later run needs to go on or to export."""
import sys

import torch

from .checkpoint import save_checkpoint


def slim(src: str, dst: str) -> None:
    state = torch.load(src, map_location="cpu")
    state.pop("optimizer", None)
    save_checkpoint(dst, state)


if __name__ == "__main__":
    slim(sys.argv[1], sys.argv[2])
