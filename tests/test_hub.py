"""Binder and JupyterHub build the environment from environment.yml; the licences and CITATION.cff agree.

repo2docker (what mybinder.org and a hub's image build use) is run with ``--no-build --debug --no-run``
on a copy of the files git would commit: it picks a buildpack and prints the Dockerfile without a
container engine. Without repo2docker these tests are skipped, except when ``CI`` is set: then they fail.
"""

import datetime
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
REPO2DOCKER = Path(sys.executable).parent / "repo2docker"


def require(condition: bool, reason: str) -> None:
    """Skip with a reason when a tool is missing, but fail in CI, where everything must run."""
    if condition:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set, so this fails instead of skipping)")
    pytest.skip(reason)


def pinned_python() -> str:
    """The x.y Python version pinned in environment.yml (``python=3.12``)."""
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pins = [d for d in env["dependencies"] if isinstance(d, str) and re.fullmatch(r"python\s*=.*", d)]
    assert len(pins) == 1, f"environment.yml must pin python exactly once, found {pins}"
    version = re.fullmatch(r"python\s*=+\s*(\d+\.\d+)(\.\d+)?", pins[0])
    assert version, f"environment.yml: '{pins[0]}' does not pin python as x.y"
    return version[1]


@pytest.fixture(scope="module")
def committed_copy(tmp_path_factory) -> Path:
    """The repository as git would commit it: tracked and new non-ignored files, no .venv or build outputs."""
    require(shutil.which("git") is not None, "git is not installed")
    listing = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=ROOT, capture_output=True, text=True, check=False)
    require(listing.returncode == 0, f"not a git work tree: {listing.stderr.strip()}")
    dest = tmp_path_factory.mktemp("committed") / "course"
    for name in filter(None, listing.stdout.split("\0")):
        src = ROOT / name
        if not src.is_file():  # deleted in the work tree but still in the index
            continue
        (dest / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, dest / name)  # keeps postBuild's executable bit
    assert (dest / "environment.yml").is_file() and (dest / "postBuild").is_file()
    return dest


@pytest.fixture(scope="module")
def dry_run(committed_copy) -> tuple[str, str]:
    """(Dockerfile, log) printed by ``repo2docker --no-build --debug --no-run`` on the committed copy."""
    require(REPO2DOCKER.is_file(), f"repo2docker is not installed beside {sys.executable} "
                                   "(pip install -r requirements-test.txt)")
    proc = subprocess.run(
        [str(REPO2DOCKER), "--no-build", "--debug", "--no-run", str(committed_copy)],
        cwd=committed_copy.parent, capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, f"repo2docker failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}"
    assert "FROM " in proc.stdout, f"no Dockerfile printed:\n{proc.stdout}\n{proc.stderr}"
    return proc.stdout, proc.stderr


def test_repo2docker_uses_environment_yml(dry_run):
    dockerfile, _ = dry_run
    # The conda buildpack copies environment.yml before the rest of the repository and updates the
    # notebook environment from it with mamba.
    assert re.search(r"^COPY --chown=\S+ src/environment\.yml \$\{REPO_DIR\}/environment\.yml$", dockerfile, re.M)
    assert re.search(r'\$\{MAMBA_EXE\} env update -p \$\{NB_PYTHON_PREFIX\} --file "environment\.yml"', dockerfile)
    # requirements*.txt are for pip users only: Binder must not install them (no pip buildpack step).
    assert "requirements" not in dockerfile


def test_repo2docker_runs_postbuild(dry_run):
    dockerfile, _ = dry_run
    lines = [line.strip() for line in dockerfile.splitlines()]
    assert "RUN ./postBuild" in lines
    # After the repository is copied in, so postBuild's `pip install -e .` sees the package.
    copy_all = next(i for i, line in enumerate(lines) if re.fullmatch(r"COPY --chown=\S+ src/ \$\{REPO_DIR\}/", line))
    assert lines.index("RUN ./postBuild") > copy_all


def test_repo2docker_builds_the_pinned_python(dry_run):
    dockerfile, log = dry_run
    version = pinned_python()
    assert f"Building conda environment for python={version}" in log + dockerfile
    # The frozen base environment it starts from is the one for that Python (the file name is escaped in the path).
    escaped = version.replace(".", "-2e")
    assert re.search(rf"environment-2epy-2d{escaped}-2dlinux-2d64-2elock\S* /tmp/env/environment\.lock", dockerfile)


@pytest.mark.filterwarnings("ignore::DeprecationWarning:pythonjsonlogger")
def test_repo2docker_detection_picks_the_conda_buildpack(committed_copy):
    """The same detection loop repo2docker's app runs: its ordered buildpacks, the first whose detect() is true."""
    require(REPO2DOCKER.is_file(), "repo2docker is not installed")
    from repo2docker.app import Repo2Docker
    from repo2docker.buildpacks import CondaBuildPack

    app = Repo2Docker()
    cwd = Path.cwd()
    os.chdir(committed_copy)
    try:
        picked = next(bp for bp in (BP(base_image=app.base_image) for BP in app.buildpacks) if bp.detect())
        assert type(picked) is CondaBuildPack, type(picked).__name__
        assert picked.python_version == pinned_python()
        assert Path(picked.environment_yaml_path).name == "environment.yml"
        assert picked.binder_path("postBuild") == "postBuild"
    finally:
        os.chdir(cwd)


# Licences and citation.

SPDX_FILES = {"MIT": "LICENSE", "CC-BY-4.0": "LICENSE-CONTENT"}


def test_licence_files_hold_their_licences_and_say_what_they_cover():
    mit = (ROOT / "LICENSE").read_text()
    cc = (ROOT / "LICENSE-CONTENT").read_text()
    assert "MIT License" in mit and "Permission is hereby granted, free of charge" in mit
    assert "Copyright (c) 2026 The adoptive cell therapy course authors" in mit
    assert "Creative Commons Attribution 4.0 International Public License" in cc
    # The whole legal code, not a summary: its eight sections and the closing notice.
    for n, title in enumerate(["Definitions", "Scope", "License Conditions", "Sui Generis Database Rights",
                               "Disclaimer of Warranties and Limitation of Liability", "Term and Termination",
                               "Other Terms and Conditions", "Interpretation"], start=1):
        assert f"Section {n} – {title}." in cc, title
    assert cc.rstrip().endswith("Creative Commons may be contacted at creativecommons.org.")
    header_mit, header_cc = mit.split("\n\n")[0], cc.split("\n\n")[0]
    assert "LICENSE-CONTENT" in header_mit and "LICENSE" in header_cc
    for folder in ("notebooks/", "teacher/", "data/"):
        assert folder in header_cc and folder in header_mit
    for folder in ("helpers/", "tools/", "tests/", "bench/"):
        assert folder in header_mit and folder in header_cc


def test_citation_cff_is_complete_and_matches_the_licences():
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text())
    assert cff["cff-version"] == "1.2.0"
    for key in ("message", "title", "authors", "version", "date-released", "license", "type", "abstract"):
        assert cff.get(key), f"CITATION.cff: '{key}' is missing or empty"
    assert cff["type"] in {"software", "dataset"}
    assert all(a.get("name") or a.get("family-names") for a in cff["authors"])
    assert isinstance(cff["date-released"], datetime.date)
    assert re.fullmatch(r"\d+\.\d+\.\d+", str(cff["version"]))
    readme_title = (ROOT / "README.md").read_text().splitlines()[0].lstrip("# ").strip()
    assert cff["title"] == readme_title
    licences = [cff["license"]] if isinstance(cff["license"], str) else cff["license"]
    assert sorted(licences) == sorted(SPDX_FILES)
    for name in SPDX_FILES.values():
        assert (ROOT / name).is_file(), name
