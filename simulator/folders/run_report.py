"""Finishing a run folder: its ``provenance.json``, its charts and its ``report.html``.

``finish_run_folder`` runs on the complete staged folder before it is renamed into place;
``redraw_run_folder`` serves ``negsim chart``: it redraws a finished folder into a stage inside
it and swaps the new files in only when all are written, so a failure (a full disk, a damaged
file) leaves the old charts and ``report.html`` as they were.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from simulator.folders.forecast import read_forecast
from simulator.folders.read_back import read_provenance, read_run_folder, read_summary
from simulator.folders.run_charts import draw_run_charts, forecast_images, report_charts
from simulator.folders.staging import WRITE_ERRORS, OutputError, describe_os_error
from simulator.report import json_text, parameter_rows, run_report
from simulator.scenario import Loaded

DISCOVERY_FILE = "discovery.json"
"""What makes a run folder a discovery folder (``folders.discover``)."""


def write_provenance(folder: Path, loaded: Loaded, command: str | None) -> None:
    """``provenance.json``: command, source and each parameter's origin (for report.html)."""
    doc = {
        "command": command,
        "source": loaded.source,
        "parameters": parameter_rows(loaded),
    }
    (folder / "provenance.json").write_text(
        json_text(doc, indent=1, ensure_ascii=False), encoding="utf-8"
    )


def write_run_report(folder: Path, into: Path | None = None) -> Path:
    """Write ``report.html`` of a run folder (into ``into``, with the charts there, if given)."""
    folder = Path(folder)
    into = folder if into is None else Path(into)
    summary = read_summary(folder)
    prov = read_provenance(folder)
    pngs = report_charts(folder, into)
    forecast = read_forecast(folder)
    images = forecast_images(folder, forecast, into) if forecast is not None else None
    page = run_report(summary, prov, pngs, forecast=forecast, forecast_images=images)
    path = into / "report.html"
    path.write_text(page, encoding="utf-8")
    return path


def redraw_run_folder(folder: Path | str, style: str) -> list[Path]:
    """Redraw the charts and ``report.html`` of a finished run folder; return the files.

    The folder is read and checked first (``DamagedFolderError`` names a damaged file); the new
    files are written into a stage inside it and moved over the old ones only when all are
    complete. A full disk or an unwritable folder gives one ``OutputError``.
    """
    folder = Path(folder)
    read_run_folder(folder)
    if (folder / DISCOVERY_FILE).is_file():  # its report.html is the discovery's, not a run's
        raise OutputError(
            f"{folder} is a discovery folder: negsim discover draws its charts and report.html "
            "(run that command again, as its report.html gives it); negsim chart redraws run "
            "folders. Nothing was changed."
        )
    try:
        stage = Path(tempfile.mkdtemp(prefix=".negsim-chart-", dir=folder))
    except OSError as exc:
        raise OutputError(f"cannot write to {folder}: {describe_os_error(exc)}") from None
    try:
        staged = [*draw_run_charts(folder, style, into=stage), write_run_report(folder, stage)]
        for path in staged:
            os.replace(path, folder / path.name)
    except OSError as exc:
        if exc.errno not in WRITE_ERRORS:
            raise
        raise OutputError(
            f"cannot write to {folder}: {describe_os_error(exc)}; its charts and report.html "
            "were left as they were"
        ) from None
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    return [folder / path.name for path in staged]


def finish_run_folder(folder: Path, loaded: Loaded, command: str | None, style: str | None) -> None:
    """After a run: provenance, the charts (unless ``style`` is None) and ``report.html``."""
    write_provenance(folder, loaded, command)
    if style is not None:
        draw_run_charts(folder, style)
    write_run_report(folder)
