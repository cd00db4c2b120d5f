"""Fixtures every test module may use: the ``negsim`` command in-process, one baseline run folder.

``invoke(["run", "baseline", ...])`` runs the command through click's ``CliRunner`` and returns
its result (exit code, stdout, stderr). ``baseline_folder`` is made once per test session (per
xdist worker) and is only read: a test that needs other runs or another seed makes its own.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from simulator.cli import cli

BASELINE_RUNS = 1000
"""Runs of the shared baseline folder (``negsim run baseline --runs 1000``, charts included)."""


@pytest.fixture(scope="session")
def invoke() -> Callable[..., Result]:
    """``invoke(ARGS, **kwargs)``: ``negsim ARGS`` in this process, through click's test runner."""

    def run(args: Sequence[str], **kwargs) -> Result:
        return CliRunner().invoke(cli, args, **kwargs)

    return run


@pytest.fixture(scope="session")
def baseline_folder(tmp_path_factory, invoke) -> Path:
    """A finished ``negsim run baseline --runs 1000`` folder: summary, runs, charts, report."""
    out = tmp_path_factory.mktemp("baseline") / "run"
    result = invoke(["run", "baseline", "--runs", str(BASELINE_RUNS), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out
