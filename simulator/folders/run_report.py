"""Finishing a run folder: its ``provenance.json``, its charts and its ``report.html``.

``finish_run_folder`` runs on the complete staged folder before it is renamed into place;
``write_run_report`` also serves ``negsim chart``, which redraws a finished folder.
"""

from __future__ import annotations

import json
from pathlib import Path

from simulator.folders.read_back import read_provenance, read_summary
from simulator.folders.run_charts import draw_run_charts
from simulator.report import CHARTS, parameter_rows, run_report
from simulator.scenario import Loaded


def write_provenance(folder: Path, loaded: Loaded, command: str | None) -> None:
    """``provenance.json``: command, source and each parameter's origin (for report.html)."""
    doc = {
        "command": command,
        "source": loaded.source,
        "parameters": parameter_rows(loaded),
    }
    (folder / "provenance.json").write_text(
        json.dumps(doc, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )


def write_run_report(folder: Path) -> Path:
    """Write ``report.html`` of a run folder."""
    folder = Path(folder)
    summary = read_summary(folder)
    prov = read_provenance(folder)
    pngs = [
        (folder / f"{stem}.png", caption)
        for stem, (caption, _) in CHARTS.items()
        if (folder / f"{stem}.png").is_file()
    ]
    path = folder / "report.html"
    path.write_text(run_report(summary, prov, pngs), encoding="utf-8")
    return path


def finish_run_folder(folder: Path, loaded: Loaded, command: str | None, style: str | None) -> None:
    """After a run: provenance, the charts (unless ``style`` is None) and ``report.html``."""
    write_provenance(folder, loaded, command)
    if style is not None:
        draw_run_charts(folder, style)
    write_run_report(folder)
