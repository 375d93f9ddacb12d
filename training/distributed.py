"""DistributedDataParallel for the training stages under PyTorch's launcher
(`python3 -m torch.distributed.run --nproc_per_node N -m training train-folder …`).

The launcher sets WORLD_SIZE, RANK and LOCAL_RANK; without them (a plain run) every helper is the
identity, so the stages run unchanged. NCCL on CUDA, gloo on the CPU. Each process trains on
batch_size / WORLD_SIZE images a step, so the global batch, the learning rate and the step count
mean the same whatever the number of processes; the checkpoint (global step, unwrapped weights)
is written by rank 0 only and resumes under any number of processes.
"""
import datetime
import os

import torch
import torch.distributed as dist


def requested() -> bool:
    return int(os.environ.get("WORLD_SIZE", "1")) > 1


def active() -> bool:
    return dist.is_available() and dist.is_initialized()


def setup(device: str = "auto") -> None:
    """Joins the process group when launched by torch.distributed.run (idempotent)."""
    if not requested() or active():
        return
    cuda = device != "cpu" and torch.cuda.is_available()
    if cuda:
        torch.cuda.set_device(int(os.environ.get("LOCAL_RANK", "0")))
    # Long timeout: ranks wait at barriers while rank 0 prepares the data.
    dist.init_process_group("nccl" if cuda else "gloo", timeout=datetime.timedelta(hours=2))


def teardown() -> None:
    if active():
        dist.barrier()
        dist.destroy_process_group()


def world() -> int:
    return dist.get_world_size() if active() else 1


def rank() -> int:
    return dist.get_rank() if active() else 0


def is_main() -> bool:
    return rank() == 0


def barrier() -> None:
    if active():
        dist.barrier()


def local_batch(global_batch: int) -> int:
    n = world()
    if global_batch % n:
        raise ValueError(f"batch size {global_batch} does not divide among {n} processes")
    return global_batch // n


def wrap(net: torch.nn.Module, device: torch.device) -> torch.nn.Module:
    """DDP around net (its state_dict keeps the plain names: save `net`, train the wrapper)."""
    if not active():
        return net
    from torch.nn.parallel import DistributedDataParallel

    ids = [torch.cuda.current_device()] if device.type == "cuda" else None
    return DistributedDataParallel(net, device_ids=ids)


def seed_rank(base: int, step: int) -> None:
    """Different random batches per rank, reproducible from (seed, rank, step)."""
    if active():
        torch.manual_seed(base + 104729 * (rank() + 1) + step)


def _device() -> torch.device:
    # NCCL reduces CUDA tensors only.
    return torch.device("cuda") if dist.get_backend() == "nccl" else torch.device("cpu")


def mean(value: float) -> float:
    """The mean of a number over the ranks (the loss shown is the global batch's)."""
    if not active():
        return value
    t = torch.tensor([float(value)], dtype=torch.float64, device=_device())
    dist.all_reduce(t)
    return float(t) / world()


def any_rank(flag: bool) -> bool:
    """True when any rank says so: every rank stops at the same step (time limit, Ctrl-C)."""
    if not active():
        return flag
    t = torch.tensor([1.0 if flag else 0.0], device=_device())
    dist.all_reduce(t, op=dist.ReduceOp.MAX)
    return bool(t.item() > 0)
