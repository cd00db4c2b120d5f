"""``report.html`` of a sweep folder: the chart, the table of values and the parameters.

Built from the sweep document and the base scenario (for the parameters not swept).
"""

from __future__ import annotations

from pathlib import Path

from simulator.analysis import DEFINITIONS, DERIVED_NAMES, INDICATORS, MEDIAN_WEEKS, SETTLEMENT
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
from simulator.rules import AGREEMENT
from simulator.scenario import Loaded

DERIVED = (SETTLEMENT, AGREEMENT)


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
    weeks = [MEDIAN_WEEKS[k] for k in ("agreement_week", "settlement_week")]
    results = table(
        [
            doc["param"],
            *(INDICATOR_LABELS[k] for k in INDICATORS),
            *(w.name for w in weeks),
        ],
        rows,
    ) + (
        '<p class="note">Every value runs with the same seed (common random numbers). Each '
        "outcome cell is the share of the runs in %, with its 95 % Wilson interval; each "
        "median week cell is the median (its 95 % interval), n = the runs with one. "
        + esc(" ".join(f"{DERIVED_NAMES[k].capitalize()}: {DEFINITIONS[k]}." for k in DERIVED))
        + " "
        + esc(" ".join(f"{w.name[0].upper()}{w.name[1:]}: {w.definition}." for w in weeks))
        + " Week 0 is the scenario's first week. The same table is in sweep.csv.</p>"
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
