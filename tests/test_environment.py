"""Binder and pip agree: one set of pins, Binder files present and well formed."""

import os
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: conda-forge names that differ from PyPI names.
CONDA_TO_PIP = {"matplotlib-base": "matplotlib"}
#: Pinned for pip only: the browser tests' driver, the repo2docker check, the app test's process check and the
#: parallel test runner (Binder runs none of them).
PIP_ONLY = {"playwright", "jupyter-repo2docker", "psutil", "pytest-xdist"}


def pip_pins() -> dict[str, str]:
    pins = {}
    for name in ("requirements.txt", "requirements-test.txt"):
        for line in (ROOT / name).read_text().splitlines():
            line = line.split("#")[0].strip()
            if not line or line.startswith("-r"):
                continue
            match = re.fullmatch(r"([A-Za-z0-9_.\-]+)==([0-9][^\s;]*)", line)
            assert match, f"{name}: '{line}' is not pinned with =="
            pins[match[1].lower()] = match[2]
    return pins


def conda_pins() -> tuple[dict[str, str], list[str]]:
    text = (ROOT / "environment.yml").read_text()
    pins, channels, section = {}, [], None
    for raw in text.splitlines():
        line = raw.split("#")[0].rstrip()
        if not line.strip():
            continue
        if not line.startswith(" "):
            section = line.split(":")[0]
            continue
        item = line.strip().lstrip("- ").strip()
        if section == "channels":
            channels.append(item)
        elif section == "dependencies":
            name, _, version = item.partition("=")
            pins[CONDA_TO_PIP.get(name, name).lower()] = version
    return pins, channels


def test_conda_and_pip_pin_the_same_versions():
    pip, (conda, channels) = pip_pins(), conda_pins()
    assert channels == ["conda-forge"]
    assert conda.pop("python") == "3.12"
    for name, version in conda.items():
        assert re.fullmatch(r"[0-9][0-9.]*", version), f"environment.yml: {name} must be pinned (name=version)"
        assert pip.get(name) == version, f"{name}: environment.yml has {version}, pip has {pip.get(name)}"
    assert set(pip) - set(conda) == PIP_ONLY


def test_runtime_stack_is_pinned():
    assert {"jupyterlab", "ipywidgets", "numpy", "matplotlib", "scipy", "pytest", "nbval", "playwright"} <= set(pip_pins())


def test_postbuild_installs_helpers_without_extensions():
    post = ROOT / "postBuild"
    text = post.read_text()
    assert os.access(post, os.X_OK)
    assert "set -euo pipefail" in text
    assert "pip install --no-deps -e ." in text
    assert "labextension install" not in text
    assert not (ROOT / "binder").exists()


def test_readme_has_the_two_commands_and_a_binder_badge():
    readme = (ROOT / "README.md").read_text()
    assert "make lab" in readme and "make test" in readme and "make bench" in readme
    assert re.search(r"mybinder\.org/v2/gh/[^)\s]+\?urlpath=lab/tree/notebooks/00_start_here\.ipynb", readme)
    assert "not medical advice" in readme.lower()


def test_layout():
    for name in ("notebooks", "helpers", "data", "tests", "environment.yml", "README.md", "pyproject.toml",
                 "Makefile", "postBuild", ".ci/run"):
        assert (ROOT / name).exists(), name


def test_make_lab_and_binder_silence_the_news_prompt():
    """`make lab` and postBuild install the same JupyterLab settings: no news prompt for learners."""
    import json

    settings = json.loads((ROOT / "tools" / "lab_overrides.json").read_text())
    notification = settings["@jupyterlab/apputils-extension:notification"]
    assert notification["fetchNews"] == "false" and notification["checkForUpdates"] is False
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^lab: .*\$\(LAB_SETTINGS\)", makefile, flags=re.M)
    assert "LAB_SETTINGS := $(VENV)/share/jupyter/lab/settings/overrides.json" in makefile
    assert "cp tools/lab_overrides.json $@" in makefile
    assert 'cp tools/lab_overrides.json "$settings/overrides.json"' in (ROOT / "postBuild").read_text()
