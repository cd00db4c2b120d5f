"""The run folder: written in a temporary sibling and renamed into place only when complete."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import yaml

from simulator import UserError, __version__

if TYPE_CHECKING:
    from simulator.montecarlo import Tally
    from simulator.scenario import Loaded


class OutputError(UserError):
    """The output folder cannot be used (exists and is not empty, or is not writable)."""


def default_out(name: str, root: Path = Path("outputs")) -> Path:
    """``outputs/<scenario>-<YYYYmmdd-HHMMSS>/``."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    return root / f"{Path(name).stem}-{stamp}"


@contextlib.contextmanager
def staged_folder(out: Path, overwrite: bool = False):
    """Yield a temporary folder next to ``out``; on success it replaces ``out`` atomically.

    On any error (or Ctrl-C) the temporary folder is removed and ``out`` is left as it was.
    """
    out = Path(out)
    if out.exists() and (not out.is_dir() or any(out.iterdir())) and not overwrite:
        raise OutputError(f"{out} exists and is not empty; use --overwrite or another --out")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        stage = Path(tempfile.mkdtemp(prefix=f".{out.name}.partial-", dir=out.parent))
        stage.chmod(0o777 & ~_umask())  # mkdtemp makes it private; a run folder is not
    except OSError as exc:
        raise OutputError(f"cannot write to {out.parent}: {exc.strerror or exc}") from None
    try:
        yield stage
        if out.exists():
            # Move the old folder aside first: there is always a complete folder at ``out``
            # or the old one next to it, never neither.
            old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
            out.rename(old / "previous")
            stage.rename(out)
            shutil.rmtree(old, ignore_errors=True)
        else:
            stage.rename(out)
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise


def _umask() -> int:
    """The process's file-creation mask (read by setting and restoring it)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def resolved_yaml(loaded: Loaded) -> str:
    """The fully resolved scenario as YAML that ``negsim run`` accepts again."""
    data = loaded.scenario.model_dump(mode="python", exclude_none=True)
    data.pop("extends", None)
    header = (
        f"# Resolved scenario '{loaded.scenario.name}' (from {loaded.source}), "
        f"negsim {__version__}\n"
    )
    return header + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def check_runs_table(kind: str) -> None:
    """Refuse, before anything runs, a table format whose library is missing."""
    if kind == "parquet":
        try:
            import pyarrow.parquet  # noqa: F401, PLC0415 - pyarrow is optional
        except ImportError:
            raise OutputError(
                "--runs-table parquet needs pyarrow: pip install 'negsim[parquet]' "
                "(or use --runs-table csv)"
            ) from None
    elif kind not in ("csv", "none"):
        raise OutputError(f"--runs-table must be csv, parquet or none, not {kind!r}")


def summary_header(loaded: Loaded, runs: int) -> dict:
    """The identifying keys of ``summary.json``."""
    sim = loaded.scenario.simulation
    return {
        "scenario": loaded.scenario.name,
        "description": loaded.scenario.description,
        "runs": runs,
        "seed": sim.seed,
        "weeks": sim.weeks,
        "start_date": sim.start_date.isoformat(),
    }


def write_summary(folder: Path, loaded: Loaded, tally: Tally) -> dict:
    """Write ``summary.json`` and ``weekly.npz``; return the summary."""
    summary = tally.summary(**summary_header(loaded, tally.runs))
    summary["version"] = __version__
    summary["scenario_sha256"] = loaded.sha256
    (folder / "summary.json").write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    np.savez_compressed(folder / "weekly.npz", **tally.folder_arrays())
    return summary
