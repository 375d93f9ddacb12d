"""The pipeline's networks, built from a config and loaded from a run's checkpoints.

- the U-Nets (unet.py): the denoiser D(x_t, noise variance) → eps, the embedding network
  E(x) → z and the refiner R(x, x̂) → Δz;
- Classifier: the evaluation classifier of class datasets (classifier.py trains it);
- AttributeClassifier: one softmax head per named label (attribute_classifier.py trains it).

The loaders read a stage's latest checkpoint (checkpoint.py: the resumable one or the committed
slim one) and give the network in eval mode; evaluation, directions, export and golden values
load networks from here, not from the training scripts.
"""
from torch import nn
import torch.nn.functional as F

from .checkpoint import latest_checkpoint
from .diffusion import Normalizer
from .unet import UNet, build_denoiser, build_embedder, count_parameters

__all__ = ["UNet", "Classifier", "AttributeClassifier", "build_denoiser", "build_embedder", "build_classifier",
           "build_attribute_classifier", "count_parameters", "embedder_input", "load_denoiser", "load_embedder",
           "load_classifier", "load_attribute_classifier"]


class Classifier(nn.Module):
    """A small CNN trained by the pipeline to score generation (class histogram entropy,
    confidence, Fréchet distance of its features) and to confirm class-morph sliders."""

    def __init__(self, channels: int, classes: int, size: int):
        super().__init__()
        self.conv1 = nn.Conv2d(channels, 32, 3, padding=1)
        self.conv2 = nn.Conv2d(32, 64, 3, padding=1)
        self.conv3 = nn.Conv2d(64, 128, 3, padding=1)
        self.bn1, self.bn2, self.bn3 = nn.BatchNorm2d(32), nn.BatchNorm2d(64), nn.BatchNorm2d(128)
        self.fc1 = nn.Linear(128 * (size // 4) * (size // 4), 128)
        self.fc2 = nn.Linear(128, classes)
        self.drop = nn.Dropout(0.3)

    def features(self, x):
        x = F.relu(self.bn1(self.conv1(x)))
        x = F.max_pool2d(F.relu(self.bn2(self.conv2(x))), 2)
        x = F.max_pool2d(F.relu(self.bn3(self.conv3(x))), 2)
        return F.relu(self.fc1(x.flatten(1)))

    def forward(self, x):
        return self.fc2(self.drop(self.features(x)))


class AttributeClassifier(nn.Module):
    """Conv-BN-ReLU blocks (a 2× max-pool between them), a 4×4 average pool, one shared hidden
    layer, and a linear head per label. forward gives {label: logits}."""

    def __init__(self, channels: int, heads: dict, widths=(32, 64, 128, 128), hidden: int = 128,
                 dropout: float = 0.3):
        super().__init__()
        layers, c = [], channels
        for i, w in enumerate(widths):
            if i:
                layers.append(nn.MaxPool2d(2))
            layers += [nn.Conv2d(c, w, 3, padding=1), nn.BatchNorm2d(w), nn.ReLU(inplace=True)]
            c = w
        self.trunk = nn.Sequential(*layers)
        self.pool = nn.AdaptiveAvgPool2d(4)
        self.fc = nn.Linear(c * 16, hidden)
        self.drop = nn.Dropout(dropout)
        self.heads = nn.ModuleDict({name: nn.Linear(hidden, n) for name, n in heads.items()})

    def features(self, x):
        return F.relu(self.fc(self.pool(self.trunk(x)).flatten(1)))

    def forward(self, x):
        f = self.drop(self.features(x))
        return {name: head(f) for name, head in self.heads.items()}


def build_classifier(cfg: dict) -> Classifier:
    return Classifier(cfg["data"]["channels"], cfg["classifier"].get("classes", 10), cfg["data"]["image_size"])


def build_attribute_classifier(cfg: dict, heads: dict) -> AttributeClassifier:
    """heads: {label: number of classes}; widths, hidden size and dropout from `attributes`."""
    acfg = cfg.get("attributes") or {}
    return AttributeClassifier(cfg["data"]["channels"], heads, tuple(acfg.get("widths", (32, 64, 128, 128))),
                               acfg.get("hidden", 128), acfg.get("dropout", 0.3))


def embedder_input(x, normalizer, input_range: str):
    """What the embedder and the refiner see of images in [0, 1]: normalized, or the pixels."""
    return normalizer.normalize(x) if input_range == "normalized" else x


def _required(cfg: dict, name: str) -> dict:
    state = latest_checkpoint(cfg, name)[1]
    if state is None:
        raise FileNotFoundError(f"{cfg['run_dir']}/{name}.pt: train the {name} first")
    return state


def _frozen(net: nn.Module) -> nn.Module:
    net.eval()
    for p in net.parameters():
        p.requires_grad_(False)
    return net


def load_denoiser(cfg: dict, use_ema: bool = True, device=None):
    """(denoiser in eval mode, its normalizer, the checkpoint) from the run's checkpoint."""
    state = _required(cfg, "denoiser")
    net = build_denoiser(cfg["denoiser"], cfg["data"]["channels"])
    net.load_state_dict(state["ema"] if use_ema else state["model"])
    net.to(device or "cpu")
    return _frozen(net), Normalizer(state["mean"], state["std"]), state


def load_embedder(cfg: dict, refiner: bool = False):
    """(embedder, or refiner, in eval mode, the checkpoint)."""
    name = "refiner" if refiner else "embedder"
    state = _required(cfg, name)
    net = build_embedder(cfg[name], cfg["data"]["channels"], refiner=refiner)
    net.load_state_dict(state["model"])
    return _frozen(net), state


def load_classifier(cfg: dict) -> Classifier:
    state = _required(cfg, "classifier")
    net = build_classifier(cfg)
    net.load_state_dict(state["model"])
    net.eval()
    return net


def load_attribute_classifier(cfg: dict):
    """(net in eval mode, {label: [class names]}), or None when not trained."""
    state = latest_checkpoint(cfg, "attributes")[1]
    if state is None or "model" not in state:
        return None
    classes = state["classes"]
    net = build_attribute_classifier({**cfg, "attributes": {**(cfg.get("attributes") or {}), **state.get("arch", {})}},
                                     {k: len(v) for k, v in classes.items()})
    net.load_state_dict(state["model"])
    net.eval()
    return net, classes
