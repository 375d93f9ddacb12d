"""Trains the evaluation classifier (models.Classifier) of class datasets, which scores generation
(class histogram entropy, confidence, Fréchet distance of its features) and confirms class-morph
sliders."""
import json
import os
import time

import torch
import torch.nn.functional as F

from .checkpoint import Run
from .data import augment, load_dataset
from .models import build_classifier


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
    run = Run(cfg, "classifier", max_minutes, log)
    net = build_classifier(cfg)
    opt = torch.optim.AdamW(net.parameters(), lr=ccfg.get("learning_rate", 1e-3), weight_decay=1e-4)
    state = run.load() or {"step": 0, "elapsed_s": 0.0}
    if "model" in state:
        run.restore(state, net, opt)  # a slim checkpoint has no optimizer state
    torch.manual_seed(cfg["seed"] + 3 + state["step"])
    net.train()
    while state["step"] < ccfg["steps"] and not run.out_of_time():
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
    run.save(state)
    os.makedirs(cfg["run_dir"], exist_ok=True)
    with open(os.path.join(cfg["run_dir"], "classifier.json"), "w", encoding="utf-8") as f:
        json.dump({"step": state["step"], "test_accuracy": acc, "elapsed_s": state["elapsed_s"]}, f, indent=2)
    log(f"classifier: step {state['step']}, test accuracy {acc:.4f}")
    return {"step": state["step"], "test_accuracy": acc, "elapsed_s": state["elapsed_s"]}
