"""``report.html`` of a run folder.

The charts, the summary table with intervals, the parameters with their provenance, the model's
assumptions and the command that reproduces it. The page is built from what the folder holds,
read by ``simulator.folders.run_report``, which also writes it.
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
from simulator.report.palette import ACTOR_LABELS, ISSUE_LABELS, OUTCOME_LABELS
from simulator.report.parameters import parameters_section
from simulator.rules import ISSUES, OUTCOMES

METRIC_MEANINGS = {
    "ceasefire_week": "week of the first ceasefire (runs that had one)",
    "settlement_week": "week the first settlement was signed (runs that signed one)",
    "truce_week": "week of the first partial truce on energy strikes (runs that had one)",
    "truce_weeks": "weeks a partial truce was in force",
    **{
        f"terms.{issue}": f"{ISSUE_LABELS[issue]} term of the signed settlement "
        "(0 = Ukraine's pole, 1 = Russia's; runs that signed one)"
        for issue in ISSUES
    },
    "kursk_control_final": "share of the Kursk salient Russia controls at the horizon",
    "territory_change": "change in the claimed regions Russia holds (percentage points)",
    "casualties.russia": "Russian killed and wounded (thousands)",
    "casualties.ukraine": "Ukrainian killed and wounded (thousands)",
    "aid_paused_weeks": "weeks US military aid was paused",
    "proposals": "proposals made (US packages and counter-offers)",
    **{
        f"belief.{holder}_about_{other}": f"{ACTOR_LABELS[holder]}'s final mean belief about "
        f"{ACTOR_LABELS[other]}'s resolve (0 to 1)"
        for holder, other in (("russia", "ukraine"), ("ukraine", "russia"))
    },
}
"""Each metric of ``summary.json`` in plain words, for the report's table."""


def outcome_rows(outcomes: dict) -> list[list[str]]:
    """Rows of an outcome table in the order of ``OUTCOMES``: name, probability, interval, count."""
    names = [k for k in OUTCOMES if k in outcomes] + [k for k in outcomes if k not in OUTCOMES]
    return [
        [
            OUTCOME_LABELS.get(k, k),
            percent(outcomes[k]["probability"]),
            interval(outcomes[k]["ci95"]),
            f"{outcomes[k]['count']:,}",
        ]
        for k in names
    ]


def metric_rows(metrics: dict) -> list[list[str]]:
    """Rows of the metrics table: name, meaning, n, mean, p10, median, p90."""

    def fmt(v):
        return "–" if v is None else f"{v:.3g}"

    return [
        [
            name,
            METRIC_MEANINGS.get(name, ""),
            f"{m['n']:,}",
            fmt(m["mean"]),
            fmt(m["p10"]),
            fmt(m["p50"]),
            fmt(m["p90"]),
        ]
        for name, m in metrics.items()
    ]


def first_week_html(first: dict) -> str:
    """The week-0 answers: to the US 30-day ceasefire and, when offered, to the partial truce."""
    text = (
        f"<p>Week 0, the US 30-day ceasefire proposal: Ukraine accepts in "
        f"{percent(first['ukraine_accepts'])} of runs, Russia in "
        f"{percent(first['russia_accepts'])}.</p>"
    )
    if "ukraine_accepts_truce" in first and "russia_accepts_truce" in first:
        text += (
            f"<p>Week 0, the partial truce on strikes on energy infrastructure: Ukraine accepts "
            f"in {percent(first['ukraine_accepts_truce'])} of runs, Russia in "
            f"{percent(first['russia_accepts_truce'])}.</p>"
        )
    return text


def run_report(summary: dict, prov: dict, pngs: list[tuple[Path, str]]) -> str:
    """The HTML of a run folder's report: its summary, provenance and (PNG, caption) charts."""
    charts = (
        "".join(figure(png, caption) for png, caption in pngs)
        or '<p class="note">Charts were not drawn (--no-charts); negsim chart draws them.</p>'
    )
    first = summary["first_week_responses"]
    summary_html = (
        table(
            ["outcome", "probability", "95 % interval", "runs"],
            outcome_rows(summary["outcomes"]),
            {1, 3},
        )
        + first_week_html(first)
        + table(
            ["metric", "what it is", "n", "mean", "p10", "median", "p90"],
            metric_rows(summary["metrics"]),
            {2, 3, 4, 5, 6},
        )
        + '<p class="note">Probabilities carry 95 % Wilson intervals; metrics are over the runs '
        "where they apply (n); terms are over the runs that signed a settlement, whether it "
        "held or broke down.</p>"
    )
    reproduce = reproduce_section(
        prov.get("command"),
        '<p class="note">The folder\'s <code>scenario.yaml</code> is the fully resolved scenario: '
        "<code>negsim run scenario.yaml --out NEW_FOLDER</code> reproduces the same numbers "
        "(same seed, same runs).</p>",
    )
    sections = [
        ("Charts", charts),
        ("Summary", summary_html),
        ("Model assumptions", f"<p>{esc(MODEL_ASSUMPTIONS)}</p>"),
        ("Parameters and their provenance", parameters_section(prov.get("parameters", []))),
        ("Reproduce", reproduce),
    ]
    subtitle = (
        f"{summary.get('description', '')} — {summary['runs']:,} runs, {summary['weeks']} weeks "
        f"from {summary.get('start_date', '?')}, seed {summary['seed']}, "
        f"scenario sha256 {summary.get('scenario_sha256', '?')[:12]}…"
    )
    return page(f"negsim run: {summary['scenario']}", subtitle, sections)
