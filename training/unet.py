"""The residual U-Nets of the paper's Keras DDIM code: the denoiser and the embedding network.

Layout (Keras "Denoising Diffusion Implicit Models" example, as used by Asperti et al. 2023):
a 1×1 stem, DownBlocks of `block_depth` residual blocks then 2× average pooling, a middle of
residual blocks at the last width, UpBlocks of bilinear 2× upsampling then residual blocks on the
concatenated skips, and a zero-initialised 1×1 head. The denoiser also concatenates a sinusoidal
embedding of the noise variance to the stem's features; the embedding network has no time input.
The pipeline builds and loads them through models.py.
"""
import math

import torch
from torch import nn
import torch.nn.functional as F


class ExportableBatchNorm(nn.BatchNorm2d):
    """Keras BatchNormalization(center=False, scale=False).

    In eval mode it is written out as (x - mean) * rsqrt(var + eps): torch 1.13's exporter refuses
    affine-free batch norm in a graph with a dynamic batch axis (docs/design.md, Known pitfalls).
    """

    def __init__(self, channels: int, momentum: float = 0.01):
        # Keras' momentum 0.99 is torch's 0.01: right for long runs, but after a few dozen steps
        # the running statistics are still mostly their initial values, so short runs (tests,
        # the tiny fixture pack) use a larger momentum.
        super().__init__(channels, affine=False, eps=1e-3, momentum=momentum)

    def forward(self, x):
        if self.training:
            return super().forward(x)
        mean = self.running_mean.view(1, -1, 1, 1)
        inv_std = torch.rsqrt(self.running_var.view(1, -1, 1, 1) + self.eps)
        return (x - mean) * inv_std


class ResidualBlock(nn.Module):
    def __init__(self, in_ch: int, width: int, bn_momentum: float = 0.01):
        super().__init__()
        self.skip = nn.Identity() if in_ch == width else nn.Conv2d(in_ch, width, 1)
        self.norm = ExportableBatchNorm(in_ch, bn_momentum)
        self.conv1 = nn.Conv2d(in_ch, width, 3, padding=1)
        self.conv2 = nn.Conv2d(width, width, 3, padding=1)

    def forward(self, x):
        residual = self.skip(x)
        x = self.norm(x)
        x = F.silu(self.conv1(x))
        return self.conv2(x) + residual


class SinusoidalEmbedding(nn.Module):
    """Frequencies log-spaced between 1 and max_frequency; sin and cos of 2π f v."""

    def __init__(self, dims: int = 32, max_frequency: float = 1000.0):
        super().__init__()
        freqs = torch.exp(torch.linspace(math.log(1.0), math.log(max_frequency), dims // 2))
        self.register_buffer("angular", (2.0 * math.pi * freqs).view(1, -1, 1, 1))

    def forward(self, variance):
        return torch.cat([torch.sin(self.angular * variance), torch.cos(self.angular * variance)], 1)


class UNet(nn.Module):
    """Residual U-Net. With `embedding_dims` > 0 it is the denoiser D(x_t, noise_variance) → eps;
    with 0 it is a plain image-to-image network (the embedder E(x) → z, the refiner)."""

    def __init__(self, in_channels: int, out_channels: int, widths, block_depth: int,
                 embedding_dims: int = 0, embedding_max_frequency: float = 1000.0,
                 pad_to: int = 0, bn_momentum: float = 0.01):
        super().__init__()
        widths = list(widths)
        self.pad_to = pad_to
        self.embedding = (SinusoidalEmbedding(embedding_dims, embedding_max_frequency)
                          if embedding_dims else None)
        self.stem = nn.Conv2d(in_channels, widths[0], 1)
        ch = widths[0] + embedding_dims
        self.down = nn.ModuleList()
        skip_channels = []
        for width in widths[:-1]:
            blocks = nn.ModuleList()
            for _ in range(block_depth):
                blocks.append(ResidualBlock(ch, width, bn_momentum))
                ch = width
                skip_channels.append(ch)
            self.down.append(blocks)
        self.middle = nn.ModuleList()
        for _ in range(block_depth):
            self.middle.append(ResidualBlock(ch, widths[-1], bn_momentum))
            ch = widths[-1]
        self.up = nn.ModuleList()
        for width in reversed(widths[:-1]):
            blocks = nn.ModuleList()
            for _ in range(block_depth):
                blocks.append(ResidualBlock(ch + skip_channels.pop(), width, bn_momentum))
                ch = width
            self.up.append(blocks)
        self.head = nn.Conv2d(ch, out_channels, 1)
        nn.init.zeros_(self.head.weight)
        nn.init.zeros_(self.head.bias)

    def forward(self, x, noise_variance=None):
        height, width = x.shape[-2:]
        if self.pad_to:
            # Reflect-pad up to the size the poolings need (e.g. 28 → 32 for three), crop back.
            pad_h, pad_w = self.pad_to - height, self.pad_to - width
            x = F.pad(x, (pad_w // 2, pad_w - pad_w // 2, pad_h // 2, pad_h - pad_h // 2),
                      mode="reflect")
        h = self.stem(x)
        if self.embedding is not None:
            e = self.embedding(noise_variance)
            h = torch.cat([h, e.expand(-1, -1, h.shape[2], h.shape[3])], 1)
        skips = []
        for blocks in self.down:
            for block in blocks:
                h = block(h)
                skips.append(h)
            h = F.avg_pool2d(h, 2)
        for block in self.middle:
            h = block(h)
        for blocks in self.up:
            h = F.interpolate(h, scale_factor=2.0, mode="bilinear", align_corners=False)
            for block in blocks:
                h = block(torch.cat([h, skips.pop()], 1))
        out = self.head(h)
        if self.pad_to:
            top, left = (self.pad_to - height) // 2, (self.pad_to - width) // 2
            out = out[:, :, top:top + height, left:left + width]
        return out


def build_denoiser(cfg: dict, channels: int) -> UNet:
    return UNet(channels, channels, cfg["widths"], cfg["block_depth"],
                embedding_dims=cfg.get("embedding_dims", 32),
                embedding_max_frequency=cfg.get("embedding_max_frequency", 1000.0),
                pad_to=cfg.get("pad_to", 0), bn_momentum=cfg.get("bn_momentum", 0.01))


def build_embedder(cfg: dict, channels: int, refiner: bool = False) -> UNet:
    """The embedding network E(x) → z, or the refiner R(x, x̂) → Δz (both images stacked)."""
    return UNet(channels * (2 if refiner else 1), channels, cfg["widths"], cfg["block_depth"],
                pad_to=cfg.get("pad_to", 0), bn_momentum=cfg.get("bn_momentum", 0.01))


def count_parameters(model: nn.Module) -> int:
    return sum(p.numel() for p in model.parameters())
