"""The page of a scenario discovery: ``report.html`` with the boxes, charts and provenance.

Built from ``discovery.json`` and the drawn charts with the page helpers of
``simulator.report.html`` (inline charts, one style that fits a 1024 px projector).
"""

from __future__ import annotations

from pathlib import Path

from simulator.analysis import DEFINITIONS, outcome_name
from simulator.report.discovery_charts import BOXES_CAPTION, TRAJECTORY_CAPTION, box_name
from simulator.report.discovery_sentence import capitalised, parameter_label, percent, spans
from simulator.report.discovery_text import KEY, limit_cells, quasi_p_text
from simulator.report.html import (
    MODEL_ASSUMPTIONS,
    Html,
    esc,
    figure,
    interval,
    page,
    reproduce_section,
    table,
)
from simulator.report.parameters import parameter_rows, parameters_section
from simulator.scenario import Loaded

READING = (
    "A box is a set of ranges of the model's uncertain inputs inside which the outcome is "
    "much more common than across all runs. It describes the model's input space: it says "
    "which combinations of assumptions go with the outcome in this model, not what causes it "
    "in the world, and a parameter left out of a box may still matter together with others."
)


def _named(path: str) -> Html:
    return Html(
        f'{esc(capitalised(parameter_label(path)))}<span class="where">'
        f"<code>{esc(path)}</code></span>"
    )


def box_section(doc: dict, box: dict, number: int) -> str:
    """One box: its sentence, its statistics and its restrictions with their quasi-p."""
    width = spans(doc)
    stats = (
        f"<p><strong>{esc(box['sentence'])}</strong></p><p>Coverage {percent(box['coverage'])} "
        f"· density {percent(box['density'])} (95 % interval {interval(box['density_ci95'])}) "
        f"· {box['n']:,} runs in the box, {box['cases']:,} of them with the outcome.</p>"
    )
    rows = [
        [_named(r["parameter"]), *limit_cells(r, width[r["parameter"]]), quasi_p_text(r["quasi_p"])]
        for r in box["restrictions"]
    ]
    limits = (
        table(
            ["parameter", "low", "high", "quasi-p"], rows, {1, 2, 3}, ("52%", "16%", "16%", "16%")
        )
        if rows
        else "<p>No restriction stands out from chance.</p>"
    )
    dropped = ""
    if box["dropped"]:
        names = ", ".join(
            f"{esc(parameter_label(r['parameter']))} ({quasi_p_text(r['quasi_p'])})"
            for r in box["dropped"]
        )
        dropped = (
            f'<p class="note">Dropped as possibly chance (quasi-p above '
            f"{doc['significance']:g}): {names}.</p>"
        )
    return f"<h3>{esc(box_name(box, number, doc))}</h3>{stats}{limits}{dropped}"


def _inputs_section(doc: dict) -> str:
    """Every input PRIM was given, with its range in the runs and how it came to vary."""
    widened = {w["parameter"]: w for w in doc.get("widened", [])}
    rows = []
    for p in doc["parameters"]:
        w = widened.get(p["parameter"])
        how = (
            f"--param: uniform({w['low']:g}, {w['high']:g}), stated {w['stated']}"
            if w
            else "the scenario's distribution"
        )
        rows.append([_named(p["parameter"]), f"{p['low']:.4g} to {p['high']:.4g}", how])
    return table(
        ["parameter", "range in the runs", "varied by"], rows, widths=("50%", "20%", "30%")
    )


def write_discovery_report(doc: dict, folder: Path, loaded: Loaded) -> Path:
    """``report.html`` of a discovery folder holding the charts of ``doc``."""
    name = outcome_name(doc["outcome"])
    low, high = doc["base_rate_ci95"]
    definition = DEFINITIONS.get(doc["outcome"])
    what = f" ({definition})" if definition else ""
    summary = (
        f"<p>Outcome: <strong>{esc(name)}</strong>{esc(what)}. Base rate: "
        f"{percent(doc['base_rate'])} of {doc['runs']:,} runs (95 % interval "
        f"{interval([low, high])}).</p><p>{esc(READING)}</p>"
    )
    boxes = "".join(box_section(doc, box, i + 1) for i, box in enumerate(doc["boxes"]))
    boxes += f'<p class="note">{esc(KEY.format(sig=doc["significance"]))}</p>'
    charts = "".join(
        figure(folder / f"discovery_{stem}.png", caption)
        for stem, caption in (("trajectory", TRAJECTORY_CAPTION), ("boxes", BOXES_CAPTION))
        if (folder / f"discovery_{stem}.png").is_file()
    )
    sections = [
        ("What PRIM found", summary + boxes),
        ("Charts", charts),
        ("Inputs PRIM was given", _inputs_section(doc)),
        ("Model assumptions", f"<p>{esc(MODEL_ASSUMPTIONS)}</p>"),
        ("Parameters and their provenance", parameters_section(parameter_rows(loaded))),
        ("Reproduce", reproduce_section(doc.get("command"))),
    ]
    subtitle = (
        f"Scenario {doc['scenario']}: where {name} happens, found by PRIM over {doc['runs']:,} "
        f"runs, seed {doc['seed']}."
    )
    path = folder / "report.html"
    path.write_text(page(f"negsim discover: {name}", subtitle, sections), encoding="utf-8")
    return path
