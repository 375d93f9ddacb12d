"""Labels for `reseed train --labels`: a CSV (first column the picture's path relative to the
folder, then one column per attribute: 0/1, −1/1 or ordinal numbers) or CelebA's
list_attr_celeba.txt as it is (a count line, a line of attribute names, then `name v1 v2 …`
separated by spaces, values −1/1).

Each column becomes integer classes 0..K−1 in the order of its sorted values (−1 → 0, 1 → 1;
ordinal 1, 2, 3 → 0, 1, 2), with the original values kept for the pack and the report. Errors are
LabelsError with one line that names the file, the row and the column.
"""
import csv
import os
import re


class LabelsError(ValueError):
    pass


def _is_celeba(lines: list) -> bool:
    return len(lines) >= 2 and re.fullmatch(r"\s*\d+\s*", lines[0]) is not None


def _rows(path: str):
    """(header of attribute names, [(line number, file, [value strings])])."""
    with open(path, encoding="utf-8-sig", newline="") as f:
        text = f.read()
    lines = text.splitlines()
    if not [line for line in lines if line.strip()]:
        raise LabelsError(f"{path}: empty labels file")
    if _is_celeba(lines):
        header = lines[1].split()
        rows = [(i, *_split_celeba(line)) for i, line in enumerate(lines[2:], start=3) if line.strip()]
        return header, rows
    dialect = "excel-tab" if "\t" in lines[0] and "," not in lines[0] else "excel"
    table = [r for r in csv.reader(lines, dialect=dialect)]
    header = [h.strip() for h in table[0][1:]]
    rows = [(i, r[0].strip(), [v.strip() for v in r[1:]]) for i, r in enumerate(table[1:], start=2) if any(c.strip() for c in r)]
    return header, rows


def _split_celeba(line: str):
    parts = line.split()
    return parts[0], parts[1:]


def read_labels(path: str) -> dict:
    """{"columns": [names], "files": {relative path: [float per column]}}."""
    if not os.path.isfile(path):
        raise LabelsError(f"{path}: no such labels file")
    header, rows = _rows(path)
    if not header:
        raise LabelsError(f"{path}: no attribute columns after the file column")
    if len(set(header)) != len(header) or any(not h for h in header):
        raise LabelsError(f"{path}: attribute column names must be non-empty and unique")
    files = {}
    for line, name, values in rows:
        if len(values) != len(header):
            raise LabelsError(f"{path}: line {line}: {len(values)} values for {len(header)} columns")
        parsed = []
        for column, v in zip(header, values):
            try:
                number = float(v)
            except ValueError:
                raise LabelsError(f"{path}: line {line}, column {column!r}: {v!r} is not a number") from None
            if number != number or number in (float("inf"), float("-inf")):
                raise LabelsError(f"{path}: line {line}, column {column!r}: {v!r} is not a finite number")
            parsed.append(number)
        files[os.path.normpath(name)] = parsed
    if not files:
        raise LabelsError(f"{path}: no labelled files")
    return {"columns": header, "files": files}


def column_classes(labels: dict) -> dict:
    """{column: sorted distinct values}; a column with one value only cannot make a slider."""
    out = {}
    for i, column in enumerate(labels["columns"]):
        values = sorted({row[i] for row in labels["files"].values()})
        if len(values) < 2:
            raise LabelsError(f"labels column {column!r}: every picture has the value {values[0]:g}; a slider needs two")
        out[column] = values
    return out


def encode(labels: dict, order: list) -> dict:
    """{column: [class index per file in `order`]} (the index of the value in its sorted values)."""
    classes = column_classes(labels)
    return {c: [classes[c].index(labels["files"][f][i]) for f in order] for i, c in enumerate(labels["columns"])}


def head_key(name: str) -> str:
    """An attribute-scorer output name from a column name (pack.json wants ^[a-z][a-z0-9_-]*$)."""
    key = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")
    return key if re.match(r"[a-z]", key) else f"label_{key}"


def keyed(labels: dict) -> dict:
    """The labels with columns renamed to unique head keys; `names` maps each key to its column."""
    keys, names = [], {}
    for column in labels["columns"]:
        base = key = head_key(column)
        n = 2
        while key in names:
            key, n = f"{base}_{n}", n + 1
        keys.append(key)
        names[key] = column
    return {"columns": keys, "files": labels["files"], "names": names}


def slug(name: str) -> str:
    """A direction id from a column name: kebab-case, as pack.json requires."""
    s = re.sub(r"[^a-z0-9]+", "-", re.sub(r"([a-z0-9])([A-Z])", r"\1-\2", name).lower()).strip("-")
    return s or "label"
