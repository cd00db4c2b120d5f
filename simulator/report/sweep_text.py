"""Terminal text of a sweep: how the runs end at each value, then any agreement and its timing.

Two tables of plain-word, two-line column headers fit 80 columns whatever the swept key is
called (the key is in the title, the first column holds its values). The intervals of the
shares are left to ``sweep.csv``; a key under the tables says what each column counts.
"""

from __future__ import annotations

from simulator.analysis import SETTLEMENT
from simulator.report.palette import DISCLAIMER_LINE
from simulator.report.study_words import points, wrap
from simulator.rules import AGREEMENT, OUTCOMES

OUTCOME_HEADS = {
    "escalation": ("wider", "escalation"),
    "comprehensive_settlement": ("settlement", "holds"),
    "settlement_collapsed": ("settlement", "collapsed"),
    "ceasefire_holding": ("ceasefire", "holds"),
    "ceasefire_collapsed": ("ceasefire", "collapsed"),
    "war_continues": ("war", "continues"),
}
"""Each outcome's column header in two lines, in plain words."""

AGREEMENT_HEADS = {
    SETTLEMENT: ("any", "settlement"),
    AGREEMENT: ("any", "agreement"),
    "agreement_week": ("median week of", "first agreement"),
    "settlement_week": ("median week of", "first settlement"),
}
"""The second table's column headers: the derived shares, then the median weeks."""

HEADS = {**OUTCOME_HEADS, SETTLEMENT: ("any", "settlement"), AGREEMENT: ("any", "agreement")}

SHARE = 12  # width of a share column
WEEK = 18  # width of a median-week column


def _median(week: dict) -> str:
    if week["median"] is None:
        return "-"
    return "{:.0f} [{:.0f}-{:.0f}]".format(week["median"], *week["ci95"])


def _share(row: dict) -> str:
    return f"{points(row['probability'], False)} %"


def _table(doc: dict, heads: dict[str, tuple[str, str]], cell, widths: dict[str, int]) -> list:
    """One table: a two-line header, then one line per swept value."""
    first = max(7, *(len(str(r["value"])) + 2 for r in doc["rows"]))
    lines = [
        f"{'':<{first}}" + "".join(f"{heads[k][0]:>{widths[k]}}" for k in heads),
        f"{'value':<{first}}" + "".join(f"{heads[k][1]:>{widths[k]}}" for k in heads),
    ]
    for row in doc["rows"]:
        lines.append(
            f"{row['value']:<{first}}" + "".join(f"{cell(row, k):>{widths[k]}}" for k in heads)
        )
    return lines


def format_sweep(doc: dict) -> str:
    """The sweep as two terminal tables with their keys (80 columns)."""
    weeks = doc.get("weeks")
    horizon = f" after {weeks} weeks" if weeks else ""
    ends = _table(
        doc,
        OUTCOME_HEADS,
        lambda row, k: _share(row[k]),
        dict.fromkeys(OUTCOMES, SHARE),
    )
    agrees = _table(
        doc,
        AGREEMENT_HEADS,
        lambda row, k: _median(row[k]) if k.endswith("_week") else _share(row[k]),
        {SETTLEMENT: SHARE, AGREEMENT: SHARE, "agreement_week": WEEK, "settlement_week": WEEK},
    )
    lines = [
        f"Sweep of {doc['param']} in {doc['scenario']}",
        *wrap(
            f"{doc['runs']:,} runs per value, seed {doc['seed']}: every value runs on the same "
            "random numbers, so the rows differ because of the value."
        ),
        "",
        f"How the runs end{horizon}, % of the runs at each value:",
        *ends,
        "",
        "Any agreement, % of the runs, and when it came:",
        *agrees,
        "",
        *wrap(
            "Shares in % of the runs at each value (their 95 % intervals are in sweep.csv). "
            "Median week [95 % interval]: over the runs that had one, also those that later "
            "escalated; week 0 is the scenario's first week."
        ),
        *wrap(
            "any settlement = settlement holds + settlement collapsed (a settlement was signed). "
            "any agreement = any settlement + ceasefire holds + ceasefire collapsed; a run that "
            "agreed and later escalated counts as wider escalation."
        ),
        *wrap("In sweep.csv: " + ", ".join(f"{' '.join(h)} = {k}" for k, h in HEADS.items()) + "."),
        *(line for note in doc.get("notes", []) for line in wrap(note)),
        DISCLAIMER_LINE,
    ]
    return "\n".join(line.rstrip() for line in lines)
