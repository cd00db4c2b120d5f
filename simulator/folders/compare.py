"""The comparison folder: resolved scenarios, ``comparison.json``, charts and ``report.html``.

The folder is staged and renamed into place only when complete; its charts and page are drawn
from the ``comparison.json`` written into it, so they can be redrawn without rerunning.
"""

from __future__ import annotations

import json
from pathlib import Path

from simulator.analysis import (
    comparison_document,
    load_for_comparison,
    run_comparison,
    unique_labels,
)
from simulator.folders.run_folder import default_out, resolved_yaml
from simulator.folders.staging import staged_folder
from simulator.report import (
    DEFAULT_STYLE,
    Step,
    draw_comparison_charts,
    format_comparison,
    json_text,
    write_comparison_report,
)
from simulator.scenario import Loaded


def compare_to_folder(
    names: list[str],
    runs: int | None,
    seed: int | None,
    workers: int,
    out: Path | None,
    overwrite: bool,
    command: str | None,
    style: str = DEFAULT_STYLE,
) -> tuple[Path, str]:
    """Run the scenarios paired, write the comparison folder; return it and a text table."""
    loadeds, runs, seed = load_for_comparison(names, runs, seed)
    labels = unique_labels(loadeds)
    stem = "compare-" + "-".join(Path(n).stem for n in names)[:80]
    out = Path(out) if out is not None else default_out(stem)
    with staged_folder(out, overwrite) as stage:
        with Step(f"simulating {len(loadeds)} scenarios, {runs:,} paired runs each"):
            all_runs = run_comparison(loadeds, labels, workers)
        for i, loaded in enumerate(loadeds, start=1):
            path = stage / f"scenario-{i}-{Path(loaded.source).stem}.yaml"
            path.write_text(resolved_yaml(loaded), encoding="utf-8")
        doc = comparison_document(all_runs, runs, seed)
        doc["command"] = command
        (stage / "comparison.json").write_text(json_text(doc), encoding="utf-8")
        with Step("drawing the comparison charts and report.html"):
            redraw_comparison(stage, loadeds, style)
    return out, format_comparison(doc)


def read_comparison(folder: Path) -> dict:
    """The ``comparison.json`` of a comparison folder."""
    return json.loads((folder / "comparison.json").read_text(encoding="utf-8"))


def redraw_comparison(folder: Path, loadeds: list[Loaded], style: str = DEFAULT_STYLE) -> None:
    """Draw the charts and write ``report.html`` of a folder from its ``comparison.json``."""
    doc = read_comparison(folder)
    draw_comparison_charts(doc, folder, style)
    write_comparison_report(doc, folder, loadeds)
