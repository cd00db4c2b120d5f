"""``report.html`` of a run folder.

The charts, the summary table with intervals, the parameters with their provenance, the model's
assumptions and the command that reproduces it. The page is built from what the folder holds,
read by ``simulator.folders.run_report``, which also writes it.
"""

from __future__ import annotations

from pathlib import Path

from simulator.report.forecast_report import SECTION_HEADING, forecast_section
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
from simulator.report.parameters import parameters_section
from simulator.report.run_data import scenario_label
from simulator.report.terminal import number
from simulator.rules import METRICS, OUTCOMES

STATS = ("mean", "p10", "p50", "p90")


def outcome_rows(outcomes: dict) -> list[list[str]]:
    """Outcome rows in the order of ``OUTCOMES``: name, share of runs, interval, count."""
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
    """Rows of the metrics table: name, what it is, unit, runs, mean, p10, median, p90.

    The words and unit come from ``rules.METRICS`` (so a folder written before metrics carried
    them reads the same); a metric negsim does not know keeps the words its summary gives.
    """
    rows = []
    for name, m in metrics.items():
        known = METRICS.get(name)
        label = known.label if known else str(m.get("label", ""))
        unit = known.unit if known else str(m.get("unit", ""))
        stats = ["–" if m[k] is None else number(m[k]) for k in STATS]
        rows.append([name, label, unit, f"{m['n']:,}", *stats])
    return rows


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


def run_report(
    summary: dict,
    prov: dict,
    pngs: list[tuple[Path, str]],
    forecast: dict | None = None,
    forecast_images: dict[str, str] | None = None,
) -> str:
    """The HTML of a run folder's report: its summary, provenance and (PNG, caption) charts.

    With ``forecast`` (a ``forecast.json`` document) the page adds the model beside the
    forecasters after the summary; ``forecast_images`` maps question ids to their chart PNGs.
    """
    charts = (
        "".join(figure(png, caption) for png, caption in pngs)
        or '<p class="note">Charts were not drawn (--no-charts); negsim chart draws them.</p>'
    )
    first = summary["first_week_responses"]
    summary_html = (
        table(
            ["outcome", "share of runs", "95 % interval", "runs"],
            outcome_rows(summary["outcomes"]),
            {1, 3},
        )
        + first_week_html(first)
        + table(
            ["metric", "what it is", "unit", "runs", "mean", "p10", "median", "p90"],
            metric_rows(summary["metrics"]),
            {3, 4, 5, 6, 7},
        )
        + '<p class="note">Shares of runs carry 95 % Wilson intervals. Each metric is one '
        "number per run, summarised over the runs it applies to (runs): its mean, and the "
        "values a tenth (p10), half (median) and nine tenths (p90) of those runs are at or "
        "below; terms are over the runs that signed a settlement, whether it held or broke "
        f"down. Week numbers count from week 0 = {esc(str(summary.get('start_date', '?')))}. "
        "docs/outputs.md lists every output with its unit.</p>"
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
        *([(SECTION_HEADING, forecast_section(forecast, forecast_images))] if forecast else []),
        ("Model assumptions", f"<p>{esc(MODEL_ASSUMPTIONS)}</p>"),
        ("Parameters and their provenance", parameters_section(prov.get("parameters", []))),
        ("Reproduce", reproduce),
    ]
    subtitle = (
        f"{summary.get('description', '')} — {summary['runs']:,} runs, {summary['weeks']} weeks "
        f"from {summary.get('start_date', '?')}, seed {summary['seed']}, "
        f"scenario sha256 {summary.get('scenario_sha256', '?')[:12]}…"
    )
    if summary.get("changes"):
        subtitle += f". Changed with --set: {', '.join(map(str, summary['changes']))}."
    return page(f"negsim run: {scenario_label(summary)}", subtitle, sections)
