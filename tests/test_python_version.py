"""On a Python older than 3.12 every way in says so plainly, not with a Mesa version error.

These tests need an older Python on the machine (Debian's python3.11, or one under pyenv) and
are skipped where there is none.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NEEDS = "negsim needs Python 3.12 or newer (found 3.1"


def older_python() -> Path | None:
    """A real (not a shim) Python 3.x interpreter older than 3.12, if this machine has one."""
    pyenv = os.environ.get("PYENV_ROOT", str(Path.home() / ".pyenv"))
    for candidate in ["/usr/bin/python3.11", *sorted(glob.glob(f"{pyenv}/versions/3.1[01]*"))]:
        path = Path(candidate)
        path = path / "bin" / "python3" if path.is_dir() else path
        if not path.is_file():
            continue
        done = subprocess.run(
            [str(path), "-c", "import sys; print(sys.version_info >= (3, 12))"],
            capture_output=True,
            text=True,
            check=False,
        )
        if done.stdout.strip() == "False":
            return path
    return None


OLD = older_python()
pytestmark = pytest.mark.skipif(OLD is None, reason="no Python older than 3.12 on this machine")


def only_old_python(tmp_path: Path) -> dict:
    """An environment whose PATH holds make, bash and an older python3, and no pyenv."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "python3").symlink_to(OLD)
    for tool in ("make", "bash"):
        (bin_dir / tool).symlink_to(shutil.which(tool))
    return {"PATH": str(bin_dir), "HOME": str(tmp_path), "PYENV_ROOT": str(tmp_path / "none")}


def project_copy(tmp_path: Path) -> Path:
    """The files ``make run`` reads before it installs anything."""
    copy = tmp_path / "negsim"
    (copy / "scripts").mkdir(parents=True)
    for name in ("Makefile", "pyproject.toml", "scripts/find-python.sh"):
        shutil.copy(ROOT / name, copy / name)
    return copy


def test_find_python_names_the_old_python_it_found(tmp_path):
    done = subprocess.run(
        ["/bin/bash", str(ROOT / "scripts" / "find-python.sh")],
        env=only_old_python(tmp_path),
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1 and done.stdout == ""
    assert NEEDS in done.stderr and f"at {tmp_path / 'bin' / 'python3'})" in done.stderr
    assert "pyenv install 3.12" in done.stderr


@pytest.mark.parametrize("target", ["run", "test"])
def test_make_on_a_machine_with_only_an_old_python_says_so(tmp_path, target):
    copy = project_copy(tmp_path)
    done = subprocess.run(
        ["make", target],
        cwd=copy,
        env=only_old_python(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode != 0
    assert NEEDS in done.stderr, done.stderr
    assert "mesa" not in (done.stdout + done.stderr).lower()
    assert not (copy / ".venv").exists()


def test_make_with_a_venv_made_by_an_old_python_says_so(tmp_path):
    copy = project_copy(tmp_path)
    subprocess.run([str(OLD), "-m", "venv", "--without-pip", str(copy / ".venv")], check=True)
    done = subprocess.run(
        ["make", "run"], cwd=copy, capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode != 0
    assert NEEDS in done.stderr and "in .venv" in done.stderr and "make clean" in done.stderr
    assert "mesa" not in (done.stdout + done.stderr).lower()


def test_pip_on_an_old_python_says_negsim_needs_3_12_not_a_mesa_error(tmp_path):
    if subprocess.run([str(OLD), "-m", "pip", "--version"], capture_output=True).returncode:
        pytest.skip(f"{OLD} has no pip")
    done = subprocess.run(
        [str(OLD), "-m", "pip", "wheel", "--no-deps", "--wheel-dir", str(tmp_path), str(ROOT)],
        env={**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"},
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    output = done.stdout + done.stderr
    if "No matching distribution found for hatchling" in output:
        pytest.skip("the build backend cannot be downloaded here")
    assert done.returncode != 0
    assert NEEDS in output, output
    assert not list(tmp_path.glob("*.whl"))
