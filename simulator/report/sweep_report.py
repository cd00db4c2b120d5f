"""``report.html`` of a sweep folder: the chart, the table of values and the parameters.

Built from the sweep document and the base scenario (for the parameters not swept).
"""

from __future__ import annotations

from pathlib import Path

from simulator.analysis import INDICATORS
from simulator.report.compare_charts import INDICATOR_LABELS
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
from simulator.report.parameters import parameter_rows, parameters_section
from simulator.scenario import Loaded


def _week(w: dict) -> str:
    """A median week with its interval and the runs it is over ("–" where none had the event)."""
    if w["median"] is None:
        return "–"
    return "{:g} ({:g} – {:g}), n = {:,}".format(w["median"], *w["ci95"], w["n"])


def write_sweep_report(doc: dict, folder: Path, base: Loaded) -> Path:
    """``report.html`` of a sweep folder holding the chart of ``doc``."""
    charts = (
        figure(folder / "sweep.png", f"Outcome probabilities against {doc['param']}")
        if (folder / "sweep.png").is_file()
        else ""
    )
    rows = [
        [
            r["value"],
            *(f"{percent(r[k]['probability'])} ({interval(r[k]['ci95'])})" for k in INDICATORS),
            _week(r["agreement_week"]),
            _week(r["settlement_week"]),
        ]
        for r in doc["rows"]
    ]
    results = table(
        [
            doc["param"],
            *(INDICATOR_LABELS[k] for k in INDICATORS),
            "median week of first agreement (95 % interval)",
            "median week of first settlement (95 % interval)",
        ],
        rows,
    ) + (
        '<p class="note">Every value runs with the same seed (common random numbers); '
        "probabilities carry 95 % Wilson intervals. Any settlement: a settlement was signed, "
        "held or not; any agreement: a settlement or a ceasefire. Median weeks are over the "
        "runs that had the event. The same table is in sweep.csv.</p>"
    )
    results += "".join(f'<p class="note">{esc(n)}</p>' for n in doc.get("notes", []))
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
