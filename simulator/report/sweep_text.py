"""Terminal text of a sweep: one line per value, the probabilities and the median weeks.

The intervals of the probabilities are left to ``sweep.csv`` so a line stays short enough for a
terminal; a key under the table spells out the short column names.
"""

from __future__ import annotations

from simulator.analysis import INDICATORS, SETTLEMENT
from simulator.report.palette import DISCLAIMER_LINE
from simulator.rules import AGREEMENT

SHORT = {
    "escalation": "escal",
    "comprehensive_settlement": "settled",
    "settlement_collapsed": "set_coll",
    "ceasefire_holding": "cf_hold",
    "ceasefire_collapsed": "cf_coll",
    "war_continues": "war",
    SETTLEMENT: "any_set",
    AGREEMENT: "any_agr",
}
WEEKS = {"agreement_week": "agree wk", "settlement_week": "settle wk"}


def _median(week: dict) -> str:
    if week["median"] is None:
        return "-"
    return f"{week['median']:.0f} [{week['ci95'][0]:.0f}-{week['ci95'][1]:.0f}]"


def format_sweep(doc: dict) -> str:
    """The sweep as a terminal table."""
    key = doc["param"]
    width = max(12, len(key) + 2)
    lines = [
        f"Sweep of {key} in {doc['scenario']}: {doc['runs']:,} runs per value, seed "
        f"{doc['seed']} (common random numbers)",
        "",
        f"{key:<{width}}"
        + "".join(f"{SHORT[n]:>9}" for n in INDICATORS)
        + "".join(f"{w:>14}" for w in WEEKS.values()),
    ]
    for row in doc["rows"]:
        lines.append(
            f"{row['value']:<{width}}"
            + "".join(f"{100 * row[n]['probability']:>8.1f}%" for n in INDICATORS)
            + "".join(f"{_median(row[w]):>14}" for w in WEEKS)
        )
    lines += [
        "",
        "Probabilities in % of runs (95 % intervals in sweep.csv): settled = comprehensive "
        "settlement held, set_coll = settlement collapsed, cf_ = ceasefire, any_set = any "
        "settlement signed, any_agr = any settlement or ceasefire.",
        "agree wk / settle wk: median week of first agreement / first settlement over the runs "
        "with one [95 % interval].",
        *doc.get("notes", []),
        DISCLAIMER_LINE,
    ]
    return "\n".join(lines)
