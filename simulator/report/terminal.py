"""Plain text for the terminal: the outcome table and key metrics of a run (80 columns)."""

from __future__ import annotations

from simulator.report.palette import DISCLAIMER_LINE
from simulator.scenario import terminal_safe


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
    for name, row in summary["outcomes"].items():
        low, high = row["ci95"]
        lines.append(
            f"{name:<28}{row['probability']:>12.3f}   [{low:.3f}, {high:.3f}]{row['count']:>12}"
        )
    lines += ["", f"{'metric':<28}{'n':>7}{'mean':>10}{'p10':>9}{'median':>9}{'p90':>9}"]
    shown = [
        "ceasefire_week",
        "settlement_week",
        "terms.territory",
        "terms.neutrality",
        "kursk_control_final",
        "territory_change",
        "casualties.russia",
        "casualties.ukraine",
        "aid_paused_weeks",
    ]
    for name in shown:
        row = summary["metrics"][name]
        cells = [row[k] for k in ("mean", "p10", "p50", "p90")]
        text = "".join(f"{'-':>9}" if v is None else f"{v:>9.3g}" for v in cells)
        lines.append(f"{name:<28}{row['n']:>7} {text}")
    first = summary["first_week_responses"]
    lines += [
        "",
        f"Week 0, US 30-day ceasefire: Ukraine accepts in {first['ukraine_accepts']:.1%} of runs, "
        f"Russia in {first['russia_accepts']:.1%}.",
        DISCLAIMER_LINE,
    ]
    return terminal_safe("\n".join(lines))  # a damaged summary.json never drives the terminal
