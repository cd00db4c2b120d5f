"""Plain text for the terminal: the outcome table and key metrics of a run (80 columns)."""

from __future__ import annotations

from simulator.report.palette import DISCLAIMER_LINE
from simulator.rules import OUTCOMES
from simulator.scenario import terminal_safe

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


def format_summary(summary: dict) -> str:
    """The outcome table and key metrics as plain text for the terminal (80 columns)."""
    runs = summary["runs"]
    lines = [
        f"{terminal_safe(str(summary['scenario']), multiline=False)}: {runs} runs, "
        f"{summary['weeks']} weeks from "
        f"{summary.get('start_date', '?')}, seed {summary['seed']}",
        "",
        f"{'outcome':<28}{'probability':>12}   {'95% interval':<18}{'count':>8}",
    ]
    for name in OUTCOMES:
        row = summary["outcomes"][name]
        low, high = row["ci95"]
        lines.append(
            f"{name:<28}{row['probability']:>12.3f}   [{low:.3f}, {high:.3f}]{row['count']:>12}"
        )
    lines += ["", f"{'metric':<28}{'n':>7}{'mean':>10}{'p10':>9}{'median':>9}{'p90':>9}"]
    for name in SHOWN_METRICS:
        row = summary["metrics"].get(name)
        if row is None:
            continue
        cells = [row[k] for k in ("mean", "p10", "p50", "p90")]
        text = "".join(f"{'-':>9}" if v is None else f"{v:>9.3g}" for v in cells)
        lines.append(f"{name:<28}{row['n']:>7} {text}")
    lines += [
        "",
        *first_week_lines(summary["first_week_responses"]),
        DISCLAIMER_LINE,
    ]
    return terminal_safe("\n".join(lines))  # a damaged summary.json never drives the terminal
