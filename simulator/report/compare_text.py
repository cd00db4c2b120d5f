"""Terminal text of a comparison: probabilities per scenario, median weeks, paired differences.

Rows are the indicators and columns the scenarios, a few at a time, so lines stay readable.
"""

from __future__ import annotations

from simulator.analysis import INDICATORS
from simulator.report.compare_charts import indicator_row
from simulator.report.palette import DISCLAIMER_LINE

COLUMNS_PER_TABLE = 3  # scenarios side by side in the terminal, so lines stay readable
WEEKS = {"agreement_week": "first agreement", "settlement_week": "first settlement"}


def _pct(p: float) -> str:
    return f"{100.0 * p:5.1f}"


def _table(title: str, columns: list[str], rows, cell, head: str = "outcome") -> list[str]:
    """Rows (indicators or weeks), columns of scenarios, split into blocks of a few columns."""
    width = max(22, *(len(c) + 2 for c in columns))
    lines: list[str] = []
    for start in range(0, len(columns), COLUMNS_PER_TABLE):
        chunk = list(range(start, min(start + COLUMNS_PER_TABLE, len(columns))))
        lines += ["", title, f"{head:<28}" + "".join(f"{columns[j]:>{width}}" for j in chunk)]
        for key in rows:
            name = WEEKS.get(key, key)
            lines.append(f"{name:<28}" + "".join(f"{cell(j, key):>{width}}" for j in chunk))
    return lines


def format_comparison(doc: dict) -> str:
    """Probabilities, median weeks and paired differences per scenario, as terminal text."""
    scenarios = doc["scenarios"]
    labels = [s["label"] for s in scenarios]

    def probability(j: int, key: str) -> str:
        row = indicator_row(scenarios[j], key)
        low, high = row["ci95"]
        return f"{_pct(row['probability'])} [{_pct(low)},{_pct(high)}]"

    def week(j: int, key: str) -> str:
        w = scenarios[j][key]
        if w["median"] is None:
            return "- (n=0)"
        return f"{w['median']:g} [{w['ci95'][0]:g},{w['ci95'][1]:g}] n={w['n']:,}"

    diffs = doc["paired_differences"]

    def difference(j: int, key: str) -> str:
        row = diffs[j]["outcomes"][key]
        low, high = row["ci95"]
        mark = "*" if low > 0 or high < 0 else " "
        return f"{100 * row['difference']:+6.1f} [{100 * low:+5.1f},{100 * high:+5.1f}]{mark}"

    lines = [
        f"Paired comparison: {doc['runs']:,} runs per scenario, seed {doc['seed']} "
        "(common random numbers)",
        *_table("Probability, % [95 % interval]", labels, INDICATORS, probability),
        *_table(
            "Median week, over the runs with one [95 % interval]",
            labels,
            WEEKS,
            week,
            head="week of",
        ),
    ]
    if diffs:
        lines += _table(
            f"Paired difference vs {doc['reference']}, percentage points [95 % paired interval]",
            [d["scenario"] for d in diffs],
            INDICATORS,
            difference,
        )
        lines.append("* the interval excludes zero")
    lines.append(
        "settlement: a settlement was signed (held or collapsed); agreement: any settlement or "
        "ceasefire."
    )
    lines.append(DISCLAIMER_LINE)
    return "\n".join(lines)
