"""A fresh clone: ``make run`` works, then negsim is called the way the README says.

The clone is a real ``git clone`` of this repository's committed state, and ``make run`` runs
its own Makefile unchanged (find the venv, install negsim with pip, run the baseline). Only the
download is spared: the clone's ``.venv`` is made beforehand from this interpreter with a
``.pth`` file pointing at this environment's packages, so pip finds every dependency (and the
hatchling build backend) installed and needs no network (``PIP_NO_INDEX``).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")

pytestmark = pytest.mark.skipif(
    shutil.which("git") is None or shutil.which("make") is None or not (ROOT / ".git").exists(),
    reason="needs git, make and this repository's history",
)


def run(command: list[str], cwd: Path, env: dict, timeout: int = 300):
    """Run a command as a user would type it; its completed process (text output)."""
    return subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )


def offline_env() -> dict:
    """The user's environment without this venv's activation, with pip kept offline."""
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    env |= {"PIP_DISABLE_PIP_VERSION_CHECK": "1", "PYTHONWARNINGS": "ignore"}
    try:
        import editables  # noqa: F401 - hatchling's editable installs, from the dev extra
        import hatchling  # noqa: F401 - the build backend, from the dev extra
    except ImportError:  # pip then fetches the build backend from the index
        return env
    # pip reads "no" options from the environment inverted: 0 turns build isolation off
    return env | {"PIP_NO_INDEX": "1", "PIP_NO_BUILD_ISOLATION": "0"}


def borrow_packages(venv: Path) -> None:
    """Make ``venv`` from this interpreter, seeing this environment's installed packages."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    site = venv / "lib" / version / "site-packages"
    (site / "_borrowed_packages.pth").write_text(
        sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8"
    )


@pytest.fixture(scope="module")
def clone(tmp_path_factory) -> Path:
    """A fresh clone of this repository, before ``make run``."""
    where = tmp_path_factory.mktemp("fresh") / "negsim"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(where)], check=True)
    return where


def test_the_readme_documents_the_launcher_after_make_run():
    assert "make run" in README
    assert "./negsim --help" in README and "./negsim run baseline" in README
    assert "source .venv/bin/activate" in README


def test_before_make_run_the_launcher_says_what_to_do(clone):
    done = run([str(clone / "negsim"), "--help"], clone, offline_env())
    assert done.returncode == 2
    assert "run 'make run' there first" in done.stderr


def test_after_make_run_negsim_is_called_as_the_readme_says(clone, tmp_path):
    env = offline_env()
    borrow_packages(clone / ".venv")
    made = run(["make", "run", "RUNS=50"], clone, env)
    assert made.returncode == 0, made.stdout + made.stderr
    assert "Call it as ./negsim from here" in made.stdout
    assert "source .venv/bin/activate" in made.stdout
    assert list((clone / "outputs").glob("baseline-*/summary.json")), "make run wrote no run"

    helped = run(["./negsim", "--help"], clone, env)
    assert helped.returncode == 0, helped.stderr
    assert "Usage: negsim" in helped.stdout and "run" in helped.stdout

    done = run(["./negsim", "run", "baseline", "--runs", "50", "--out", "class-run"], clone, env)
    assert done.returncode == 0, done.stderr
    assert "1,000 runs" not in done.stdout and "50 runs" in done.stdout
    assert (clone / "class-run" / "summary.json").is_file()
    assert (clone / "class-run" / "outcomes.png").is_file()

    elsewhere = tmp_path / "somewhere else"
    elsewhere.mkdir()
    listed = run([str(clone / "negsim"), "list"], elsewhere, env)
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.startswith("baseline ")
    assert list(elsewhere.iterdir()) == [], "the launcher wrote into the folder it was called from"
