"""The discovery folder: a run folder whose report is a scenario discovery of one outcome.

``negsim discover`` runs the scenario (its ``--param`` ranges drawn uniformly per run) through
the run-folder machinery, so the folder holds ``summary.json``, ``runs.csv``, ``weekly.npz`` and
``scenario.yaml`` as a run folder does; PRIM then reads the staged ``runs.csv`` back, so the
boxes are found on exactly the numbers the folder keeps. ``discovery.json``, the two charts and
``report.html`` (the discovery's page) are written before the folder is renamed into place: a
failure, or an outcome that never happens, leaves no folder behind.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from simulator import __version__
from simulator.analysis import DEFAULT_MIN_COVERAGE, Factor, discover
from simulator.folders.run import run_to_folder
from simulator.folders.run_folder import default_out
from simulator.folders.run_report import DISCOVERY_FILE
from simulator.report import (
    DEFAULT_STYLE,
    Step,
    draw_discovery_charts,
    format_discovery,
    json_text,
    with_sentences,
    write_discovery_report,
)
from simulator.rules import OUTCOMES
from simulator.scenario import Loaded

PARAM = "param."
CODES = {name: code for code, name in enumerate(OUTCOMES)}
"""Each outcome label of ``runs.csv`` by its code (its index in ``rules.OUTCOMES``)."""


def read_inputs(path: Path) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """The drawn parameters (by dotted path) and the outcome codes of every run in ``runs.csv``."""
    with path.open(encoding="utf-8", newline="") as file:
        reader = csv.reader(file)
        header = next(reader)
        where = {name[len(PARAM) :]: i for i, name in enumerate(header) if name.startswith(PARAM)}
        outcome = header.index("outcome")
        rows = list(reader)
    inputs = {name: np.array([float(row[i]) for row in rows]) for name, i in where.items()}
    return inputs, np.array([CODES[row[outcome]] for row in rows], dtype=np.int64)


def widened_text(widened: Sequence[Factor]) -> list[str]:
    """Each ``--param`` as the footer and summary name it: ``KEY=uniform(LOW, HIGH)``."""
    return [f"{f.name}=uniform({f.low:g}, {f.high:g})" for f in widened]


def discovery_header(
    loaded: Loaded, widened: Sequence[Factor], command: str | None, changes: Sequence[str]
) -> dict:
    """The identifying keys of ``discovery.json``, as other study documents carry them."""
    sim = loaded.scenario.simulation
    return {
        "scenario": loaded.scenario.name,
        "source": str(loaded.source),
        "changes": [*changes, *widened_text(widened)],
        "widened": [
            {"parameter": f.name, "low": f.low, "high": f.high, "stated": f.stated} for f in widened
        ],
        "seed": sim.seed,
        "weeks": sim.weeks,
        "version": __version__,
        "command": command,
    }


def discover_to_folder(
    loaded: Loaded,
    outcome: str,
    widened: Sequence[Factor] = (),
    min_coverage: float = DEFAULT_MIN_COVERAGE,
    out: Path | None = None,
    overwrite: bool = False,
    workers: int = 1,
    command: str | None = None,
    style: str = DEFAULT_STYLE,
    changes: Sequence[str] = (),
) -> tuple[Path, str]:
    """Run ``loaded`` (already widened), find the boxes of ``outcome``, write the folder.

    Returns the folder and the terminal text. ``changes`` are the ``--set`` pairs as typed.
    """
    header = discovery_header(loaded, widened, command, changes)
    out = Path(out) if out is not None else default_out(f"{Path(str(loaded.source)).stem}-discover")
    found: dict = {}

    def finish(stage: Path) -> None:
        inputs, outcomes = read_inputs(stage / "runs.csv")
        with Step(f"finding boxes of {outcome} with PRIM"):
            doc = with_sentences(header | discover(inputs, outcomes, outcome, min_coverage))
        (stage / DISCOVERY_FILE).write_text(json_text(doc), encoding="utf-8")
        with Step("drawing the trajectory and box charts and report.html"):
            draw_discovery_charts(doc, stage, style)
            write_discovery_report(doc, stage, loaded)
        found["doc"] = doc

    folder, _ = run_to_folder(
        loaded, out, overwrite, workers, "csv", finish, changes=header["changes"]
    )
    return folder, format_discovery(found["doc"])


def read_discovery(folder: Path | str) -> dict:
    """The ``discovery.json`` of a discovery folder."""
    return json.loads((Path(folder) / DISCOVERY_FILE).read_text(encoding="utf-8"))
