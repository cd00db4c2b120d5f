"""Reading a finished run folder back: its summary, provenance, weekly aggregates and scenario.

``negsim chart RUN_DIR`` redraws a run folder from these files alone, so what is read here is
exactly what ``negsim run`` wrote.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import numpy as np

from simulator.folders.run_folder import OutputError
from simulator.montecarlo import Weekly
from simulator.report import RunData
from simulator.scenario import (
    Scenario,
    ScenarioError,
    load_scenario,
    load_with_marks,
    validate_document,
)


def read_run_folder(folder: Path | str) -> RunData:
    """Read a finished run folder; ``OutputError`` names what is missing."""
    folder = Path(folder)
    needed = ("summary.json", "weekly.npz", "scenario.yaml")
    missing = [name for name in needed if not (folder / name).is_file()]
    if missing:
        raise OutputError(
            f"{folder} is not a finished run folder: {', '.join(missing)} missing "
            "(a run folder holds summary.json, weekly.npz and scenario.yaml)"
        )
    summary = read_summary(folder)
    with np.load(folder / "weekly.npz") as npz:
        arrays = {key: npz[key] for key in npz.files}
    if "final.terms.ceasefire" not in arrays or "hist.russia.table_value" not in arrays:
        raise OutputError(
            f"{folder / 'weekly.npz'} lacks the aggregates the charts need (written by an "
            "older negsim); run the scenario again to chart it"
        )
    weekly = Weekly.from_arrays(arrays)
    scenario = read_resolved_scenario(folder / "scenario.yaml")
    return RunData(folder, summary, weekly, arrays, scenario)


def read_summary(folder: Path) -> dict:
    """The folder's ``summary.json``."""
    return json.loads((folder / "summary.json").read_text(encoding="utf-8"))


def read_provenance(folder: Path) -> dict:
    """The folder's ``provenance.json``, or ``{}`` when it has none."""
    path = folder / "provenance.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def read_resolved_scenario(path: Path) -> Scenario:
    """The validated scenario of a run folder's ``scenario.yaml``.

    The resolved file may hold ``start_date`` as a quoted ISO string (a JSON dump); it is read
    back as a date, so folders written either way chart the same.
    """
    try:
        return load_scenario(path).scenario
    except ScenarioError:
        data, _ = load_with_marks(path.read_text(encoding="utf-8"), str(path))
        start = (data.get("simulation") or {}).get("start_date")
        if not isinstance(start, str):
            raise
        data["simulation"]["start_date"] = dt.date.fromisoformat(start)
        return validate_document(data, {}, str(path))
