"""Reseed's training pipeline: DDIM denoiser, embedding network, directions, ONNX model packs."""
