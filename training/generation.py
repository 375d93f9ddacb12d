"""Generation quality scored by the pipeline's classifier: normalized entropy of the predicted
class histogram (diversity), mean top-class confidence (recognizability), and the Fréchet distance
between classifier features of generated and test images, with test-half vs test-half as the floor."""
import math

import numpy as np
import torch


def _sqrtm_psd(m):
    vals, vecs = np.linalg.eigh((m + m.T) / 2)
    return (vecs * np.sqrt(np.clip(vals, 0, None))) @ vecs.T


def frechet_distance(a: np.ndarray, b: np.ndarray) -> float:
    mu1, mu2 = a.mean(0), b.mean(0)
    c1, c2 = np.cov(a, rowvar=False), np.cov(b, rowvar=False)
    s1 = _sqrtm_psd(c1)
    cross = _sqrtm_psd(s1 @ c2 @ s1)
    return float(((mu1 - mu2) ** 2).sum() + np.trace(c1) + np.trace(c2) - 2 * np.trace(cross))


@torch.no_grad()
def classifier_outputs(classifier, images, batch: int = 500):
    probs, feats = [], []
    for i in range(0, len(images), batch):
        f = classifier.features(images[i:i + batch])
        feats.append(f)
        probs.append(classifier.fc2(f).softmax(1))
    return torch.cat(probs), torch.cat(feats).double().numpy()


def generation_metrics(classifier, generated, test_images, seed: int = 0) -> dict:
    probs, feats = classifier_outputs(classifier, generated)
    classes = probs.shape[1]
    hist = torch.bincount(probs.argmax(1), minlength=classes).double()
    p = hist / hist.sum()
    entropy = float(-(p[p > 0] * p[p > 0].log()).sum() / math.log(classes))
    # Equal sample sizes everywhere: the Fréchet distance is biased upwards for small samples.
    n = min(len(generated), len(test_images) // 2)
    g = torch.Generator().manual_seed(seed)
    perm = torch.randperm(len(test_images), generator=g)
    _, test_feats = classifier_outputs(classifier, test_images[perm[: 2 * n]])
    feats = feats[:n]
    return {
        "samples": len(generated),
        "frechetSamples": n,
        "classHistogram": [int(v) for v in hist],
        "classEntropy": round(entropy, 4),
        "meanConfidence": round(float(probs.max(1).values.mean()), 4),
        "frechetDistance": round(frechet_distance(feats, test_feats[:n]), 3),
        "frechetFloorTestVsTest": round(frechet_distance(test_feats[:n], test_feats[n: 2 * n]), 3),
    }
