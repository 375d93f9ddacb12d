"""A small CNN classifier trained by the pipeline to score generation (class histogram entropy,
confidence, Fréchet distance of its features) and to confirm class-morph sliders."""
import json
import os
import time

import torch
from torch import nn
import torch.nn.functional as F

from .checkpoint import load_checkpoint, save_checkpoint
from .data import augment, load_dataset


class Classifier(nn.Module):
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


def _build(cfg):
    ccfg = cfg["classifier"]
    return Classifier(cfg["data"]["channels"], ccfg.get("classes", 10), cfg["data"]["image_size"])


def load_classifier(cfg: dict) -> Classifier:
    state = load_checkpoint(os.path.join(cfg["run_dir"], "classifier.pt"))
    if state is None:
        raise FileNotFoundError(f"{cfg['run_dir']}/classifier.pt: train the classifier first")
    net = _build(cfg)
    net.load_state_dict(state["model"])
    net.eval()
    return net


def accuracy(net, images, labels, batch: int = 1000) -> float:
    net.eval()
    correct = 0
    with torch.no_grad():
        for i in range(0, len(images), batch):
            correct += int((net(images[i:i + batch]).argmax(1) == labels[i:i + batch]).sum())
    return correct / len(images)


def train_classifier(cfg: dict, max_minutes: float | None = None, log=print) -> dict:
    torch.set_num_threads(cfg["threads"])
    ccfg = cfg["classifier"]
    images, labels = load_dataset(cfg["data"], "train")
    test_images, test_labels = load_dataset(cfg["data"], "test")
    if labels is None:
        return {"skipped": "the dataset has no labels"}
    path = os.path.join(cfg["run_dir"], "classifier.pt")
    net = _build(cfg)
    opt = torch.optim.AdamW(net.parameters(), lr=ccfg.get("learning_rate", 1e-3), weight_decay=1e-4)
    state = load_checkpoint(path) or {"step": 0, "elapsed_s": 0.0}
    if "model" in state:
        net.load_state_dict(state["model"])
        if "optimizer" in state:  # committed checkpoints keep the weights only
            opt.load_state_dict(state["optimizer"])
    torch.manual_seed(cfg["seed"] + 3 + state["step"])
    deadline = time.time() + max_minutes * 60 if max_minutes else None
    net.train()
    while state["step"] < ccfg["steps"] and (deadline is None or time.time() < deadline):
        t0 = time.time()
        idx = torch.randint(0, len(images), (ccfg.get("batch_size", 128),))
        x, y = images[idx], labels[idx]
        x = augment(x, cfg["data"])
        # Small shifts make it robust to the generator's slightly off-centre garments.
        x = torch.roll(x, shifts=(int(torch.randint(-2, 3, ())), int(torch.randint(-2, 3, ()))), dims=(2, 3))
        loss = F.cross_entropy(net(x), y)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        state["step"] += 1
        state["elapsed_s"] += time.time() - t0
    acc = accuracy(net, test_images, test_labels)
    state.update({"model": net.state_dict(), "optimizer": opt.state_dict(), "test_accuracy": acc})
    save_checkpoint(path, state)
    with open(os.path.join(cfg["run_dir"], "classifier.json"), "w", encoding="utf-8") as f:
        json.dump({"step": state["step"], "test_accuracy": acc, "elapsed_s": state["elapsed_s"]}, f, indent=2)
    log(f"classifier: step {state['step']}, test accuracy {acc:.4f}")
    return {"step": state["step"], "test_accuracy": acc, "elapsed_s": state["elapsed_s"]}
