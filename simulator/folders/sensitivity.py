"""The sensitivity study folder: ``sensitivity.json``, ``points.csv``, the scenario, charts, page.

The folder is staged and renamed into place only when complete; its charts and page are drawn
from the ``sensitivity.json`` written into it, so ``redraw`` rebuilds them without rerunning.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from pathlib import Path

from simulator.analysis import Factor, StudySettings, check_factors, count_points, run_study
from simulator.folders.run_folder import default_out, resolved_yaml
from simulator.folders.staging import staged_folder
from simulator.report import (
    DEFAULT_STYLE,
    Progress,
    Step,
    draw_charts,
    format_study,
    json_text,
    parameter_rows,
    write_report,
)
from simulator.scenario import Loaded


def study_to_folder(
    loaded: Loaded,
    factors: Sequence[Factor],
    settings: StudySettings,
    out: Path | None,
    overwrite: bool = False,
    featured: str = "war_continues",
    command: str | None = None,
    style: str = DEFAULT_STYLE,
    changes: Sequence[str] = (),
) -> tuple[Path, str]:
    """Run a study and write its folder (json, design csv, charts, report); return folder, text.

    The folder is staged: on any error or Ctrl-C nothing half-written is left behind.
    """
    check_factors(loaded, factors)
    out = Path(out) if out is not None else default_out(Path(loaded.source).stem + "-sensitivity")
    with staged_folder(out, overwrite) as stage:
        points = count_points(settings.method, len(factors), settings.samples)
        progress = Progress(points, f"simulating {points:,} sample points")
        ok = False
        try:
            doc = run_study(loaded, factors, settings, progress.advance)
            ok = True
        finally:
            progress.close(ok)
        doc |= {
            "changes": list(changes),
            "featured": featured,
            "command": command,
            "provenance": parameter_rows(loaded),
        }
        doc = _clean(doc)
        (stage / "scenario.yaml").write_text(resolved_yaml(loaded), encoding="utf-8")
        (stage / "sensitivity.json").write_text(json_text(doc), encoding="utf-8")
        write_design_csv(stage / "points.csv", doc["design"])
        with Step("drawing the tornado and index charts and report.html"):
            write_report(doc, stage, draw_charts(doc, stage, style))
    return out, format_study(doc)


def write_design_csv(path: Path, design: dict) -> None:
    """``points.csv``: one row per design point, the parameter values then the outputs."""
    lines = [",".join(design["columns"])]
    lines += [",".join(f"{v:.6g}" for v in row) for row in design["rows"]]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _clean(value):
    """JSON-safe: NaN and infinities become null, floats rounded to 6 significant places."""
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    if isinstance(value, float):
        return float(f"{value:.6g}") if math.isfinite(value) else None
    return value


def redraw(folder: Path | str, style: str = DEFAULT_STYLE) -> list[Path]:
    """Redraw a finished study folder's charts and page from its ``sensitivity.json``."""
    folder = Path(folder)
    doc = json.loads((folder / "sensitivity.json").read_text(encoding="utf-8"))
    charts = draw_charts(doc, folder, style)
    page = write_report(doc, folder, charts)
    return [*(p for kinds in charts.values() for p in kinds.values()), page]
