"""A folder of the user's own pictures as a dataset (`reseed train`, data kind `own-folder`).

- scan: every picture under the folder (recursive; hidden names and symlinked folders skipped);
  each is opened and decoded, and one that cannot be is listed with its reason and skipped.
- split: a held-out test split by a hash of the file's path relative to the folder (sha256, one
  in ten), so a picture stays on its side whatever else is added, removed or renamed.
- prepare: each usable picture centre-cropped to a square and resized to the model's size, RGB;
  the arrays and the file lists are cached in the run folder (`data/`, temp file + rename), so
  a rerun (resume) does not decode the folder again.
- load_prepared / prepared_labels: what data.load_dataset and data.load_labels read for this kind.
"""
import hashlib
import json
import os

import numpy as np
import torch

from .data import IMAGE_EXTENSIONS

MIN_PICTURES = 100
TEST_EVERY = 10


class DataError(ValueError):
    pass


def list_pictures(root: str) -> list:
    """Relative paths of the files with an image extension, sorted; hidden names skipped."""
    out = []
    for d, dirs, files in os.walk(root):
        dirs[:] = sorted(x for x in dirs if not x.startswith(".") and not os.path.islink(os.path.join(d, x)))
        for f in files:
            if not f.startswith(".") and f.lower().endswith(IMAGE_EXTENSIONS):
                out.append(os.path.relpath(os.path.join(d, f), root))
    return sorted(out)


def is_test(rel: str) -> bool:
    """The held-out split: one in TEST_EVERY by the sha256 of the relative path."""
    digest = hashlib.sha256(rel.replace(os.sep, "/").encode("utf-8")).digest()
    return int.from_bytes(digest[:4], "big") % TEST_EVERY == 0


def load_picture(path: str, size: int):
    """The picture centre-cropped to a square and resized, as a 3×size×size float32 array."""
    from PIL import Image

    with Image.open(path) as im:
        im.load()
        im = im.convert("RGB")
        w, h = im.size
        side = min(w, h)
        left, top = (w - side) // 2, (h - side) // 2
        im = im.crop((left, top, left + side, top + side)).resize((size, size), Image.LANCZOS)
        return np.asarray(im, dtype=np.float32).transpose(2, 0, 1) / 255.0


def scan(root: str, size: int, only=None) -> dict:
    """Decodes every picture: {"arrays": {rel: array}, "unreadable": [(rel, reason)]}; `only`
    (a set of relative paths: the labelled ones) restricts which are read."""
    if not os.path.isdir(root):
        raise DataError(f"{root}: no such folder")
    arrays, unreadable = {}, []
    for rel in list_pictures(root):
        if only is not None and os.path.normpath(rel) not in only:
            continue
        try:
            arrays[rel] = load_picture(os.path.join(root, rel), size)
        except Exception as error:  # any decoder failure: listed and skipped
            reason = (str(error).splitlines() or [type(error).__name__])[0].replace(os.path.join(root, rel), rel)
            unreadable.append((rel, reason))
    return {"arrays": arrays, "unreadable": unreadable}


def check_count(root: str, usable: int, unreadable: int) -> None:
    if usable < MIN_PICTURES:
        extra = f" ({unreadable} could not be read)" if unreadable else ""
        raise DataError(f"{root}: {usable} usable pictures{extra}; at least {MIN_PICTURES} are needed to train a pack")


def _fingerprint(root: str, size: int, labels: dict | None) -> str:
    h = hashlib.sha256(f"{os.path.abspath(root)}|{size}".encode())
    for rel in list_pictures(root):
        st = os.stat(os.path.join(root, rel))
        h.update(f"|{rel}|{st.st_size}|{int(st.st_mtime)}".encode())
    if labels is not None:
        h.update(json.dumps(labels, sort_keys=True).encode())  # columns, names and values
    return h.hexdigest()


def _save_npy(path: str, array) -> None:
    tmp = path + ".tmp.npy"
    np.save(tmp, array)
    os.replace(tmp, path)


def prepare(root: str, size: int, data_dir: str, labels: dict | None = None, log=print) -> dict:
    """Checks and caches the dataset; returns its summary (also data_dir/summary.json)."""
    from .labels_csv import LabelsError, encode

    summary_path = os.path.join(data_dir, "summary.json")
    fingerprint = _fingerprint(root, size, labels)
    if os.path.exists(summary_path):
        with open(summary_path, encoding="utf-8") as f:
            summary = json.load(f)
        if summary.get("fingerprint") == fingerprint:
            return summary
    only = None
    if labels is not None:
        present = {os.path.normpath(p) for p in list_pictures(root)}
        missing = [f for f in labels["files"] if f not in present]
        if missing:
            more = f" and {len(missing) - 3} more" if len(missing) > 3 else ""
            raise LabelsError(f"labels name {len(missing)} files not in {root}: {', '.join(missing[:3])}{more}")
        only = set(labels["files"])
        if len(present) > len(only):
            log(f"{len(present) - len(only)} pictures have no row in the labels and are not used")
    found = scan(root, size, only)
    arrays, unreadable = found["arrays"], found["unreadable"]
    for rel, reason in unreadable:
        log(f"skipped {rel}: {reason}")
    check_count(root, len(arrays), len(unreadable))
    names = sorted(arrays)
    test = [n for n in names if is_test(n)] or names[:1]
    train = [n for n in names if n not in set(test)]
    os.makedirs(data_dir, exist_ok=True)
    for split, files in (("train", train), ("test", test)):
        _save_npy(os.path.join(data_dir, f"{split}.npy"), np.stack([arrays[n] for n in files]))
    summary = {"fingerprint": fingerprint, "root": os.path.abspath(root), "size": size,
               "train": train, "test": test, "unreadable": [list(u) for u in unreadable],
               "split": f"sha256(relative path) mod {TEST_EVERY} == 0 is held out"}
    if labels is not None:
        summary["labels"] = {"columns": labels["columns"], "names": labels.get("names", {}),
                             "values": {c: sorted({r[i] for r in labels["files"].values()})
                                        for i, c in enumerate(labels["columns"])},
                             "train": encode(labels, [os.path.normpath(n) for n in train]),
                             "test": encode(labels, [os.path.normpath(n) for n in test])}
    tmp = summary_path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(summary, f)
    os.replace(tmp, summary_path)
    return summary


def read_summary(data_dir: str) -> dict:
    with open(os.path.join(data_dir, "summary.json"), encoding="utf-8") as f:
        return json.load(f)


def _summary(data_cfg: dict) -> dict:
    return read_summary(data_cfg["prepared"])


def load_prepared(data_cfg: dict, split: str):
    """(images N×3×S×S in [0, 1], None): data.load_dataset for kind own-folder."""
    a = np.load(os.path.join(data_cfg["prepared"], f"{split}.npy"))
    return torch.from_numpy(a), None


def prepared_labels(data_cfg: dict, split: str):
    """{column: int64 class per image} or None: data.load_labels for kind own-folder."""
    labels = _summary(data_cfg).get("labels")
    if not labels:
        return None
    return {c: torch.tensor(v, dtype=torch.int64) for c, v in labels[split].items()}


def prepared_classes(data_cfg: dict):
    """{column: [value names]} (e.g. ["-1", "1"]): data.label_classes for kind own-folder."""
    labels = _summary(data_cfg).get("labels")
    if not labels:
        return None
    return {c: [f"{v:g}" for v in vs] for c, vs in labels["values"].items()}
