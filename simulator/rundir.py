"""The run folder: written in a temporary sibling and renamed into place only when complete."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import shutil
import tempfile
from pathlib import Path

import numpy as np
import yaml

from simulator import __version__
from simulator.config import Loaded
from simulator.results import OUTCOMES, Tally
from simulator.runner import RUN_COLUMNS, BlockResult

WEEK_COLUMNS = ("ceasefire_week", "settlement_week")


class OutputError(Exception):
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
    except OSError as exc:
        raise OutputError(f"cannot write to {out.parent}: {exc.strerror or exc}") from None
    try:
        yield stage
        if out.exists():
            shutil.rmtree(out) if out.is_dir() else out.unlink()
        stage.rename(out)
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise


def resolved_yaml(loaded: Loaded) -> str:
    """The fully resolved scenario as YAML that ``negsim run`` accepts again."""
    data = loaded.scenario.model_dump(mode="json", exclude_none=True)
    data.pop("extends", None)
    header = f"# Resolved scenario '{loaded.scenario.name}' (from {loaded.source}), negsim {__version__}\n"
    return header + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


class RunsCsv:
    """``runs.csv`` written block by block (memory does not grow with the runs)."""

    def __init__(self, path: Path, params: list[str]):
        self.file = path.open("w", encoding="utf-8", newline="")
        self.columns = [*RUN_COLUMNS, *(f"param.{p}" for p in params)]
        self.file.write(",".join(self.columns) + "\n")

    def write(self, result: BlockResult) -> None:
        """Append one block's rows."""
        rec = result.records
        assert rec is not None
        cols = []
        for name in self.columns:
            values = rec[name]
            if name == "outcome":
                cols.append(np.asarray(OUTCOMES, dtype=object)[values])
            elif name == "run" or name in ("aid_paused_weeks", "proposals"):
                cols.append(values.astype(str))
            elif name in WEEK_COLUMNS:
                cols.append(np.where(values >= 0, values.astype(str), ""))
            else:
                text = np.char.mod("%.6g", values)
                cols.append(np.where(np.isnan(values), "", text))
        buffer = io.StringIO()
        for row in zip(*cols, strict=True):
            buffer.write(",".join(row))
            buffer.write("\n")
        self.file.write(buffer.getvalue())

    def close(self) -> None:
        """Flush and close."""
        self.file.close()


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
    np.savez_compressed(folder / "weekly.npz", **tally.weekly.to_arrays())
    return summary
