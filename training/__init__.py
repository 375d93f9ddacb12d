"""Reseed's training pipeline: DDIM denoiser, embedding network, directions, ONNX model packs."""
import os

# OpenMP threads that spin while waiting run 3–4× slower on a 2-core machine that is doing
# anything else at the same time (measured: 2.6 s vs 0.7 s a denoiser step). Must be set before
# torch loads its OpenMP runtime, hence here.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
