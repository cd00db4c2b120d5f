"""Plain text for the terminal: the outcome table and key metrics of a run (80 columns).

Each metric row names what it is in plain words with its unit (from ``rules.METRICS``, the one
table of metric labels and units), and a key under the table says what the columns mean.
"""

from __future__ import annotations

import textwrap

from simulator.report.palette import DISCLAIMER_LINE
from simulator.rules import METRICS, OUTCOMES
from simulator.scenario import terminal_safe

WIDTH = 80

SHOWN_METRICS = (
    "ceasefire_week",
    "settlement_week",
    "truce_week",
    "truce_weeks",
    "terms.territory",
    "terms.neutrality",
    "terms.armed_forces",
    "kursk_control_final",
    "territory_change",
    "casualties.russia",
    "casualties.ukraine",
    "aid_paused_weeks",
    "belief.russia_about_ukraine",
    "belief.ukraine_about_russia",
)
"""The metrics the terminal shows, in this order (``summary.json`` and report.html hold all)."""


def number(value: float | None) -> str:
    """A statistic as a student reads it: whole numbers whole, else about 3 significant digits."""
    if value is None:
        return "-"
    if float(value).is_integer() and abs(value) < 1e9:
        return f"{int(value):,}"
    size = abs(value)
    text = f"{value:,.0f}" if size >= 100 else f"{value:.1f}" if size >= 10 else f"{value:.2f}"
    if size < 1:
        text = f"{value:.3f}"
    return "0" if text.lstrip("-").strip("0.") == "" else text


def first_week_lines(first: dict) -> list[str]:
    """The week-0 answers: to the US 30-day ceasefire and, when offered, to the partial truce."""
    lines = [
        f"Week 0, US 30-day ceasefire: Ukraine accepts in {first['ukraine_accepts']:.1%} of runs, "
        f"Russia in {first['russia_accepts']:.1%}."
    ]
    if "ukraine_accepts_truce" in first and "russia_accepts_truce" in first:
        lines.append(
            f"Week 0, energy-strike truce: Ukraine accepts in {first['ukraine_accepts_truce']:.1%} "
            f"of runs, Russia in {first['russia_accepts_truce']:.1%}."
        )
    return lines


def outcome_lines(summary: dict) -> list[str]:
    """How the runs end: each outcome's share of the runs, its 95 % interval and its count."""
    lines = [
        f"How the {summary['runs']:,} runs end after {summary['weeks']} weeks, in % of the runs:",
        f"{'outcome':<28}{'share of runs':>14}   {'95 % interval':<16}{'runs':>8}",
    ]
    for name in OUTCOMES:
        row = summary["outcomes"][name]
        low, high = (100.0 * x for x in row["ci95"])
        share = f"{100.0 * row['probability']:.1f} %"
        span = f"[{low:4.1f}, {high:4.1f}] %"
        lines.append(f"{name:<28}{share:>14}   {span:<16}{row['count']:>8,}")
    return lines


def metric_lines(summary: dict) -> list[str]:
    """The shown metrics, each in plain words with its unit, and the key to the table."""
    lines = [
        "What happened in the runs:",
        f"{'measure':<35}{'unit':<10}{'runs':>7}{'mean':>7}{'p10':>7}{'median':>7}{'p90':>7}",
    ]
    for name in SHOWN_METRICS:
        row = summary["metrics"].get(name)
        if row is None:
            continue
        metric = METRICS[name]
        cells = "".join(f"{number(row[k]):>7}" for k in ("mean", "p10", "p50", "p90"))
        lines.append(f"{metric.short:<35}{metric.short_unit:<10}{row['n']:>7}{cells}")
    key = (
        "runs: the runs a row is counted over. p10, median, p90: a tenth, half and nine "
        "tenths of those runs are at or below the value. week: the week number, week 0 = "
        f"{summary.get('start_date', 'the start date')}. Settled terms on a 0-1 scale: 0 = "
        "Ukraine's position, 1 = Russia's. % points: of the claimed regions. thousands: of "
        "people killed and wounded. Beliefs: of the other side's resolve, 0-1. Every metric, "
        "its unit and definition: summary.json and docs/outputs.md."
    )
    return [*lines, "", *textwrap.wrap(key, WIDTH)]


def format_summary(summary: dict) -> str:
    """The outcome table and key metrics as plain text for the terminal (80 columns)."""
    lines = [
        f"{terminal_safe(str(summary['scenario']), multiline=False)}: {summary['runs']:,} runs, "
        f"{summary['weeks']} weeks from {summary.get('start_date', '?')}, seed {summary['seed']}",
        "",
        *outcome_lines(summary),
        "",
        *metric_lines(summary),
        "",
        *first_week_lines(summary["first_week_responses"]),
        DISCLAIMER_LINE,
    ]
    return terminal_safe("\n".join(lines))  # a damaged summary.json never drives the terminal
