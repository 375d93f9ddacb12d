"""The evaluation report as markdown, figures linked relative to the report."""
import os


def _row(name, r):
    return (f"| {name} | {r['mse']:.5f} | {r['psnr']:.2f} | {r['psnrOfMeanMse']:.2f} | {r['networkPasses']} "
            f"| {r['msPerImage']:.2f} | {r['images']} |")


def _fmt(v) -> str:
    return "–" if v is None else f"{v:.3f}"


def _slider(v: float) -> str:
    return "0" if v == 0 else f"{v:+g}".replace("-", "−")


def check_tables(directions: list, attribute_classifier: dict | None = None) -> list:
    """Markdown lines: the attribute classifier's accuracy per head, and one table per set of
    slider values of the classifier's mean score of each checked direction's label."""
    checked = [d for d in directions if d.get("check")]
    lines = []
    if attribute_classifier:
        acc, bal = attribute_classifier.get("testAccuracy") or {}, attribute_classifier.get("testBalancedAccuracy") or {}
        train = attribute_classifier.get("trainBalancedAccuracy") or {}
        decoded = attribute_classifier.get("reconstructedTestBalancedAccuracy") or {}
        lines += ["### Attribute classifier", "",
                  f"One head per label, trained {attribute_classifier.get('step')} steps by the pipeline "
                  "(`train-attributes`). Balanced accuracy is the mean recall over the classes present; "
                  "where the test split holds a single class of a label (–) only the train split judges it. "
                  "The slider checks classify decoded images: the last column is the balanced accuracy on "
                  "the network's 10-step reconstructions of the test images.", "",
                  "| label | test accuracy | test balanced accuracy | train balanced accuracy "
                  "| on test reconstructions |",
                  "| --- | --- | --- | --- | --- |"]
        for k in list(acc) + [k for k in train if k not in acc]:
            lines.append(f"| {k} | {_fmt(acc.get(k))} | {_fmt(bal.get(k))} | {_fmt(train.get(k))} "
                         f"| {_fmt(decoded.get(k))} |")
        lines.append("")
    if not checked:
        return lines
    lines += ["### Slider checks", "",
              "The attribute classifier's mean score of the direction's label on decoded edited seeds, "
              "per slider value (E[·]: expected label value; P(·): probability of the positive classes). "
              "Monotonic: every step moves the score the intended way.", ""]
    groups: dict = {}
    for d in checked:
        groups.setdefault(tuple(d["check"]["sliders"]), []).append(d)
    for sliders, ds in groups.items():
        lines += ["| direction | score | " + " | ".join(_slider(v) for v in sliders) + " | monotonic |",
                  "| --- | --- | " + " | ".join("---" for _ in sliders) + " | --- |"]
        for d in ds:
            c = d["check"]
            lines.append(f"| {d['id']} | {c['score']} | " + " | ".join(f"{v:.3f}" for v in c["values"])
                         + f" | {'yes' if c['monotonic'] else '**no**'} |")
        lines.append("")
    return lines


def write_report(cfg: dict, metrics: dict, figures: dict, path: str, classes=None) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    rel = {k: os.path.relpath(v, os.path.dirname(path)) for k, v in figures.items()}
    rec = metrics["reconstruction"]
    lines = [
        f"# Evaluation: {cfg.get('pack', {}).get('name', cfg['name'])}",
        "",
        f"Measured by `python3 -m training evaluate --config {os.path.relpath(cfg['config_path'])}` on "
        f"{metrics['evaluatedAt']}, {metrics['sampleSteps']}-step DDIM decoding, PyTorch on the CPU "
        f"({cfg['threads']} threads). MSE and PSNR on pixels in [0,1] at model resolution; PSNR is the mean of "
        "per-image PSNR (the PSNR of the mean MSE is given too). Network passes count denoiser, embedder and "
        "refiner evaluations per image (gradient descent: forward and backward through the sampler).",
        "",
        "## Reconstruction of the test split",
        "",
        "| method | MSE | PSNR (dB) | PSNR of mean MSE | network passes | ms per image | images |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    names = {"network": "embedding network", "refine": "network + refiner", "inversion": "DDIM inversion",
             "gradientDescent": "gradient descent"}
    for key, label in names.items():
        if key in rec:
            lines.append(_row(label, rec[key]))
    gd = rec.get("gradientDescent")
    if gd:
        lines += ["", f"Gradient descent (Adam, lr 1e-2, MAE + 0.005·mean(z²), from N(0, I)) on {gd['images']} images:", "",
                  "| iteration | " + " | ".join(str(p["iteration"]) for p in gd["curve"]) + " |",
                  "| --- | " + " | ".join("---" for _ in gd["curve"]) + " |",
                  "| MSE | " + " | ".join(f"{p['mse']:.5f}" for p in gd["curve"]) + " |"]
    s = metrics["seedStats"]
    lines += ["", f"Embedded seeds: mean {s['mean']}, std {s['std']}, ‖z‖/√D {s['normOverSqrtDim']} "
              "(N(0, I) seeds give 0, 1, 1).", ""]
    if "embedding" in rel:
        lines += ["Row 1 the original, row 2 the seed (±3σ mapped to black…white), row 3 the reconstruction:", "",
                  f"![embedding examples]({rel['embedding']})", ""]
    gen = metrics.get("generation")
    if gen:
        hist = gen["classHistogram"]
        lines += ["## Generation", "",
                  f"{gen['samples']} images from random seeds, scored by the pipeline's classifier "
                  f"(test accuracy {metrics['classifier']['test_accuracy']:.4f}):", "",
                  f"- class-histogram entropy (normalized): {gen['classEntropy']}",
                  f"- mean top-class confidence: {gen['meanConfidence']}",
                  f"- Fréchet distance of classifier features to the test set: {gen['frechetDistance']} "
                  f"(floor, test half vs test half: {gen['frechetFloorTestVsTest']})",
                  "- class histogram: " + ", ".join(
                      f"{classes[i] if classes else i}: {v}" for i, v in enumerate(hist)), ""]
    if "samples" in rel:
        lines += [f"![samples]({rel['samples']})", ""]
    if metrics.get("directions"):
        lines += ["## Directions", "",
                  "The attribute's mean over held-out images at each slider value (units of σ), and the "
                  "least-squares slope over the slider's range.", "",
                  "| direction | attribute | attribute at slider values | slope per σ |", "| --- | --- | --- | --- |"]
        for d in metrics["directions"]:
            e = d["effect"]
            curve = d.get("curve") or {}
            points = ", ".join(f"{_slider(v)}: {a:.3f}" for v, a in zip(curve.get("values", []), curve.get("attribute", [])))
            lines.append(f"| {d['id']} | {e['attribute']} | {points} | {e['perUnit']:+.4f} |")
        lines.append("")
        lines += check_tables(metrics["directions"], metrics.get("attributeClassifier"))
        if "sliders" in rel:
            lines += ["Each row one direction (in the order above), its slider from min to max in 7 steps:", "",
                      f"![slider strips]({rel['sliders']})", ""]
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines))
