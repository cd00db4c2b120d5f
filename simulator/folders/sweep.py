"""The sweep folder: ``sweep.json``, ``sweep.csv``, the resolved scenario, chart and page.

The folder is staged and renamed into place only when complete; its chart and page are drawn
from the ``sweep.json`` written into it, so they can be redrawn without rerunning.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

from simulator.analysis import INDICATORS, load_sweep, sweep_document, sweep_rows
from simulator.folders.run_folder import default_out, resolved_yaml
from simulator.folders.staging import staged_folder
from simulator.report import (
    DEFAULT_STYLE,
    Step,
    draw_sweep_chart,
    format_sweep,
    json_text,
    write_sweep_report,
)
from simulator.scenario import Loaded

WEEKS = ("agreement_week", "settlement_week")
CSV_COLUMNS = (
    "value",
    "runs",
    *(f"{n}.{f}" for n in INDICATORS for f in ("probability", "ci95_low", "ci95_high")),
    *(f"{w}.{f}" for w in WEEKS for f in ("n", "median", "ci95_low", "ci95_high")),
)


def write_sweep_csv(path: Path, key: str, rows: list[dict]) -> None:
    """``sweep.csv``: one row per value (probabilities with 95 % intervals, median weeks)."""
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow([key if c == "value" else c for c in CSV_COLUMNS])
        for row in rows:
            cells: list = [row["value"], row["runs"]]
            for name in INDICATORS:
                p = row[name]
                cells += [p["probability"], p["ci95"][0], p["ci95"][1]]
            for key in WEEKS:
                week = row[key]
                cells += [week["n"], week["median"], *week["ci95"]]
            writer.writerow(["" if c is None else c for c in cells])


def sweep_to_folder(
    scenario: str,
    key: str,
    values: list[str],
    runs: int | None,
    seed: int | None,
    overrides: list[str],
    workers: int,
    out: Path | None,
    overwrite: bool,
    command: str | None,
    style: str = DEFAULT_STYLE,
) -> tuple[Path, str]:
    """Run the sweep, write its folder (sweep.csv, sweep.json, charts, report); return it."""
    base, loadeds = load_sweep(scenario, key, values, runs, seed, overrides)
    out = Path(out) if out is not None else default_out(f"sweep-{Path(base.source).stem}-{key}")
    with staged_folder(out, overwrite) as stage:
        runs_each = base.scenario.simulation.runs
        with Step(f"simulating {len(values)} values of {key}, {runs_each:,} runs each"):
            rows = sweep_rows(key, values, loadeds, workers)
        doc = sweep_document(base, key, values, rows, command, overrides)
        (stage / "sweep.json").write_text(json_text(doc), encoding="utf-8")
        write_sweep_csv(stage / "sweep.csv", key, rows)
        (stage / "scenario.yaml").write_text(resolved_yaml(base), encoding="utf-8")
        with Step("drawing the sweep chart and report.html"):
            redraw_sweep(stage, base, style)
    return out, format_sweep(doc)


def read_sweep(folder: Path) -> dict:
    """The ``sweep.json`` of a sweep folder."""
    return json.loads((folder / "sweep.json").read_text(encoding="utf-8"))


def redraw_sweep(folder: Path, base: Loaded, style: str = DEFAULT_STYLE) -> None:
    """Draw the chart and write ``report.html`` of a folder from its ``sweep.json``."""
    doc = read_sweep(folder)
    draw_sweep_chart(doc, folder, style)
    write_sweep_report(doc, folder, base)
