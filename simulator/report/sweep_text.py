"""Terminal text of a sweep: one line per value, the probabilities and the median week.

The intervals are left to ``sweep.csv`` so a line stays short enough for a terminal.
"""

from __future__ import annotations

from simulator.analysis import INDICATORS
from simulator.report.palette import DISCLAIMER_LINE
from simulator.rules import AGREEMENT


def format_sweep(doc: dict) -> str:
    """The sweep as a terminal table."""
    key = doc["param"]
    width = max(12, len(key) + 2)
    short = {
        "comprehensive_settlement": "settle",
        "ceasefire_holding": "cf_hold",
        "ceasefire_collapsed": "cf_coll",
        "war_continues": "war",
        "escalation": "escal",
        AGREEMENT: "agree",
    }
    lines = [
        f"Sweep of {key} in {doc['scenario']}: {doc['runs']:,} runs per value, seed "
        f"{doc['seed']} (common random numbers)",
        "",
        f"{key:<{width}}"
        + "".join(f"{short[n]:>9}" for n in INDICATORS)
        + f"{'median week of agreement':>28}",
    ]
    for row in doc["rows"]:
        week = row["agreement_week"]
        median = (
            "-"
            if week["median"] is None
            else (
                f"{week['median']:.0f} [{week['ci95'][0]:.0f}-{week['ci95'][1]:.0f}] n={week['n']}"
            )
        )
        lines.append(
            f"{row['value']:<{width}}"
            + "".join(f"{100 * row[n]['probability']:>8.1f}%" for n in INDICATORS)
            + f"{median:>28}"
        )
    lines += [
        "",
        "Probabilities in % of runs; 95 % intervals in sweep.csv.",
        DISCLAIMER_LINE,
    ]
    return "\n".join(lines)
