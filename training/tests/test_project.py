"""pyproject.toml is the one list of the pipeline's Python dependencies: its [tool.reseed.debian]
table (read by scripts/run-python-tests.mjs) names each of them, scripts/install-deps.sh installs
those Debian packages, and this interpreter has them all."""
import importlib.util
import os
import re

import pytest

from conftest import REPO

tomllib = pytest.importorskip("tomllib", reason="Python 3.11's tomllib reads pyproject.toml")

# Distribution names whose import name differs.
IMPORT_NAMES = {"pyyaml": "yaml", "pillow": "PIL"}


def _pyproject():
    with open(os.path.join(REPO, "pyproject.toml"), "rb") as f:
        return tomllib.load(f)


def _distribution(requirement: str) -> str:
    return re.match(r"[A-Za-z0-9_.-]+", requirement).group(0).lower()


def test_every_dependency_has_its_debian_package():
    project = _pyproject()
    debian = project["tool"]["reseed"]["debian"]
    requirements = project["project"]["dependencies"] + project["project"]["optional-dependencies"]["test"]
    modules = [IMPORT_NAMES.get(_distribution(r), _distribution(r)) for r in requirements]
    assert sorted(modules) == sorted(debian)
    assert all(importlib.util.find_spec(m) is not None for m in debian)


def test_install_deps_installs_the_debian_packages():
    with open(os.path.join(REPO, "scripts", "install-deps.sh"), encoding="utf-8") as f:
        script = f.read()
    listed = set(re.search(r"PACKAGES=\(([^)]*)\)", script).group(1).split())
    assert {p for p in listed if p.startswith("python3-")} == set(_pyproject()["tool"]["reseed"]["debian"].values())


def test_the_debian_table_is_in_the_form_the_test_runner_reads():
    # scripts/run-python-tests.mjs reads the table line by line: `module = "package"`.
    with open(os.path.join(REPO, "pyproject.toml"), encoding="utf-8") as f:
        text = f.read()
    table = text.split("\n[tool.reseed.debian]\n", 1)[1].split("\n[", 1)[0]
    entries = [line for line in table.splitlines() if line.strip() and not line.startswith("#")]
    assert all(re.fullmatch(r'[A-Za-z_][\w.]*\s*=\s*"[^"]+"', line) for line in entries), entries
    assert len(entries) == len(_pyproject()["tool"]["reseed"]["debian"])


def test_pytest_finds_the_pipelines_tests():
    assert _pyproject()["tool"]["pytest"]["ini_options"]["testpaths"] == ["training/tests"]
