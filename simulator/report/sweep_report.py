"""``report.html`` of a sweep folder: the chart, the table of values and the parameters.

Built from the sweep document and the base scenario (for the parameters not swept).
"""

from __future__ import annotations

from pathlib import Path

from simulator.report.html import (
    MODEL_ASSUMPTIONS,
    esc,
    figure,
    interval,
    page,
    percent,
    reproduce_section,
    table,
)
from simulator.report.palette import OUTCOME_LABELS
from simulator.report.parameters import parameter_rows, parameters_section
from simulator.scenario import Loaded


def write_sweep_report(doc: dict, folder: Path, base: Loaded) -> Path:
    """``report.html`` of a sweep folder holding the chart of ``doc``."""
    charts = (
        figure(folder / "sweep.png", f"Outcome probabilities against {doc['param']}")
        if (folder / "sweep.png").is_file()
        else ""
    )
    keys = [*OUTCOME_LABELS, "agreement"]
    rows = []
    for r in doc["rows"]:
        w = r["agreement_week"]
        week = (
            "–"
            if w["median"] is None
            else "{:g} ({:g} – {:g}), n = {:,}".format(w["median"], *w["ci95"], w["n"])
        )
        rows.append(
            [
                r["value"],
                *(f"{percent(r[k]['probability'])} ({interval(r[k]['ci95'])})" for k in keys),
                week,
            ]
        )
    results = table(
        [
            doc["param"],
            *(OUTCOME_LABELS.get(k, "any agreement") for k in keys),
            "median week of first agreement (95 % interval)",
        ],
        rows,
    ) + (
        '<p class="note">Every value runs with the same seed (common random numbers); '
        "probabilities carry 95 % Wilson intervals. The same table is in sweep.csv.</p>"
    )
    params = (
        f"<p>Swept: <code>{esc(doc['param'])}</code> set to each value for every run (a "
        "distribution in the scenario is replaced by the fixed value). The other parameters:</p>"
        + parameters_section(parameter_rows(base))
    )
    sections = [
        ("Chart", charts),
        ("Results", results),
        ("Model assumptions", f"<p>{esc(MODEL_ASSUMPTIONS)}</p>"),
        ("Parameters and their provenance", params),
        ("Reproduce", reproduce_section(doc.get("command"))),
    ]
    subtitle = (
        f"Scenario {doc['scenario']}: {doc['param']} over {len(doc['values'])} values, "
        f"{doc['runs']:,} runs per value, seed {doc['seed']}."
    )
    path = folder / "report.html"
    path.write_text(page(f"negsim sweep: {doc['param']}", subtitle, sections), encoding="utf-8")
    return path
