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
from simulator.report.palette import OUTCOME_LABELS
from simulator.report.parameters import parameters_section


def outcome_rows(outcomes: dict) -> list[list[str]]:
    """Rows of an outcome table: name, probability, 95 % interval, count."""
    return [
        [
            OUTCOME_LABELS.get(k, k),
            percent(v["probability"]),
            interval(v["ci95"]),
            f"{v['count']:,}",
        ]
        for k, v in outcomes.items()
    ]


def metric_rows(metrics: dict) -> list[list[str]]:
    """Rows of the metrics table: n, mean, p10, median, p90."""

    def fmt(v):
        return "–" if v is None else f"{v:.3g}"

    return [
        [name, f"{m['n']:,}", fmt(m["mean"]), fmt(m["p10"]), fmt(m["p50"]), fmt(m["p90"])]
        for name, m in metrics.items()
    ]


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
        + f"<p>Week 0, the US 30-day ceasefire proposal: Ukraine accepts in "
        f"{percent(first['ukraine_accepts'])} of runs, Russia in "
        f"{percent(first['russia_accepts'])}.</p>"
        + table(
            ["metric", "n", "mean", "p10", "median", "p90"],
            metric_rows(summary["metrics"]),
            {1, 2, 3, 4, 5},
        )
        + '<p class="note">Probabilities carry 95 % Wilson intervals; metrics are over the runs '
        "where they apply (n), terms over comprehensive settlements only.</p>"
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
