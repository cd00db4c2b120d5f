"""Reading a finished run folder back: its summary, provenance, weekly aggregates and scenario.

``negsim chart RUN_DIR`` redraws a run folder from these files alone, so what is read here is
exactly what ``negsim run`` wrote.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path

import numpy as np

from simulator.folders.staging import OutputError
from simulator.montecarlo import Tally, Weekly
from simulator.report import STATES, RunData
from simulator.scenario import (
    Scenario,
    ScenarioError,
    load_scenario,
    load_with_marks,
    validate_document,
)

MAX_WEEKS = 1040
"""The longest horizon a scenario may have (``simulation.weeks``)."""


class DamagedFolderError(OutputError):
    """A file of a finished folder cannot be read back as negsim wrote it."""


def damaged(path: Path, what: str) -> DamagedFolderError:
    """The one message for a damaged file: which file, what is wrong, what to do."""
    return DamagedFolderError(
        f"{path}: {what}; the file is damaged or was not written by negsim "
        "(run the scenario again to rebuild the folder)"
    )


def read_run_folder(folder: Path | str) -> RunData:
    """Read a finished run folder; ``OutputError`` names what is missing or damaged."""
    folder = Path(folder)
    if not folder.is_dir():
        raise OutputError(f"{folder}: no such run folder")
    needed = ("summary.json", "weekly.npz", "scenario.yaml")
    missing = [name for name in needed if not (folder / name).is_file()]
    if missing:
        raise OutputError(
            f"{folder} is not a finished run folder: {', '.join(missing)} missing "
            "(a run folder holds summary.json, weekly.npz and scenario.yaml)"
        )
    summary = read_summary(folder)
    weeks = check_summary(folder / "summary.json", summary)
    arrays = read_weekly_arrays(folder / "weekly.npz", weeks, summary["runs"])
    weekly = Weekly.from_arrays(arrays)
    scenario = read_resolved_scenario(folder / "scenario.yaml")
    return RunData(folder, summary, weekly, arrays, scenario)


def read_summary(folder: Path) -> dict:
    """The folder's ``summary.json`` (a JSON object, else ``DamagedFolderError``)."""
    return read_json_object(folder / "summary.json")


def read_json_object(path: Path) -> dict:
    """A JSON document that must be an object; any other content names the file."""
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise OutputError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise damaged(path, "is not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise damaged(path, f"is not valid JSON (line {exc.lineno}: {exc.msg})") from None
    if not isinstance(doc, dict):
        raise damaged(path, f"holds a JSON {type(doc).__name__}, not an object")
    return doc


def check_summary(path: Path, summary: dict) -> int:
    """Check ``summary.json`` against what ``negsim run`` writes; return its ``weeks``."""
    weeks = summary.get("weeks")
    if isinstance(weeks, bool) or not isinstance(weeks, int) or not 1 <= weeks <= MAX_WEEKS:
        raise damaged(path, f"'weeks' must be a whole number from 1 to {MAX_WEEKS}")
    runs = summary.get("runs")
    if isinstance(runs, bool) or not isinstance(runs, int) or runs < 1:
        raise damaged(path, "'runs' must be a whole number of at least 1")
    for key in ("scenario", "start_date", "version"):
        if not isinstance(summary.get(key), str):
            raise damaged(path, f"'{key}' must be a string")
    try:
        dt.date.fromisoformat(summary["start_date"])
    except ValueError:
        raise damaged(path, "'start_date' must be a date such as 2025-03-11") from None
    if not isinstance(summary.get("seed"), int):
        raise damaged(path, "'seed' must be a whole number")
    _check_like(path, summary, Tally(weeks).summary(), "")
    return weeks


def _check_like(path: Path, value, reference, key: str) -> None:
    """``value`` has the shape of ``reference`` (objects, lists, numbers, text) at every key.

    A text key may be absent: a metric's ``unit`` and ``label`` came in a later version, and
    folders written before stay readable (the reports take both from ``rules.METRICS``).
    """
    where = f"'{key}'" if key else "the document"
    if isinstance(reference, dict):
        if not isinstance(value, dict):
            raise damaged(path, f"{where} must be an object")
        for name, ref in reference.items():
            if name not in value and isinstance(ref, str):
                continue
            if name not in value:
                raise damaged(path, f"{where} lacks '{name}'")
            _check_like(path, value[name], ref, f"{key}.{name}" if key else name)
    elif isinstance(reference, str):
        if not isinstance(value, str):
            raise damaged(path, f"{where} must be a string")
    elif isinstance(reference, list):
        if not isinstance(value, list) or len(value) != len(reference):
            raise damaged(path, f"{where} must be a list of {len(reference)}")
        for i, (item, ref) in enumerate(zip(value, reference, strict=True)):
            _check_like(path, item, ref, f"{key}[{i}]")
    elif isinstance(reference, int | float) or reference is None:
        if value is None and (reference is None or key.startswith("metrics.")):
            return
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise damaged(path, f"{where} must be a number")
        if not math.isfinite(value):
            raise damaged(path, f"{where} must be a finite number")


def read_weekly_arrays(path: Path, weeks: int, runs: int) -> dict[str, np.ndarray]:
    """The arrays of ``weekly.npz``, checked against what a ``weeks``-week run of ``runs`` writes.

    Each array has the expected shape and holds finite numbers; weekly counts are of runs (0 to
    ``runs``), and the four states a run can be in each week (``STATES``) add up to ``runs``.
    """
    try:
        with path.open("rb") as handle, np.load(handle, allow_pickle=False) as npz:
            arrays = {key: npz[key] for key in npz.files}
    except OSError as exc:
        if exc.errno is not None:
            raise OutputError(f"{path}: cannot be read ({exc.strerror or exc})") from None
        raise damaged(path, "is not a NumPy .npz archive") from None
    except Exception as exc:  # any failure to unpack the file (a bad zip, one bare array...)
        raise damaged(
            path, f"cannot be unpacked as an .npz archive ({type(exc).__name__})"
        ) from None
    expected = Tally(weeks).folder_arrays()
    missing = [key for key in expected if key not in arrays]
    if missing:
        raise OutputError(
            f"{path} lacks the aggregates the charts need ({missing[0]}, ...; written by an "
            "older negsim?); run the scenario again to chart it"
        )
    for key, ref in expected.items():
        array = arrays[key]
        if array.dtype.kind not in "iuf" or array.shape != ref.shape:
            raise damaged(
                path,
                f"array '{key}' is {array.dtype} of shape {array.shape}, expected numbers of "
                f"shape {ref.shape} for a {weeks}-week run",
            )
        if array.dtype.kind == "f" and not np.isfinite(array).all():
            raise damaged(path, f"array '{key}' holds values that are not finite numbers")
        if ref.dtype.kind in "iu" and (array < 0).any():
            raise damaged(path, f"array '{key}' holds negative counts")
        if key.startswith("count.") and (array > runs).any():
            raise damaged(path, f"array '{key}' counts more than the {runs:,} runs")
    total = sum(arrays[f"count.{state}"] for state in STATES)
    wrong = np.flatnonzero(total != runs)
    if wrong.size:
        week = int(wrong[0])
        names = ", ".join(f"count.{state}" for state in STATES)
        raise damaged(
            path,
            f"in week {week} the runs at war, in a ceasefire, settled and escalated add up to "
            f"{int(total[week]):,}, not the {runs:,} runs ({names})",
        )
    return arrays


def read_provenance(folder: Path) -> dict:
    """The folder's ``provenance.json``, or ``{}`` when it has none."""
    path = folder / "provenance.json"
    return read_json_object(path) if path.is_file() else {}


def read_resolved_scenario(path: Path) -> Scenario:
    """The validated scenario of a run folder's ``scenario.yaml``.

    The resolved file may hold ``start_date`` as a quoted ISO string (a JSON dump); it is read
    back as a date, so folders written either way chart the same.
    """
    try:
        return load_scenario(path).scenario
    except ScenarioError as exc:
        first = exc
    try:
        data, _ = load_with_marks(path.read_text(encoding="utf-8"), str(path))
        start = (data.get("simulation") or {}).get("start_date")
        if not isinstance(start, str):
            raise first
        data["simulation"]["start_date"] = dt.date.fromisoformat(start)
    except Exception:  # the quoted-date reading does not apply: report the scenario's error
        raise first from None
    return validate_document(data, {}, str(path))
