"""Terminal text of a comparison: probabilities per scenario and paired differences.

Rows are the indicators and columns the scenarios, a few at a time, so lines stay readable.
"""

from __future__ import annotations

from simulator.analysis import INDICATORS
from simulator.report.palette import DISCLAIMER_LINE
from simulator.rules import AGREEMENT


def _pct(p: float) -> str:
    return f"{100.0 * p:5.1f}"


COLUMNS_PER_TABLE = 3  # scenarios side by side in the terminal, so lines stay readable


def _table(title: str, columns: list[str], cell) -> list[str]:
    """Rows of indicators, columns of scenarios, split into blocks of a few columns."""
    width = max(22, *(len(c) + 2 for c in columns))
    lines: list[str] = []
    for start in range(0, len(columns), COLUMNS_PER_TABLE):
        chunk = list(range(start, min(start + COLUMNS_PER_TABLE, len(columns))))
        lines += ["", title, f"{'outcome':<28}" + "".join(f"{columns[j]:>{width}}" for j in chunk)]
        for key in INDICATORS:
            lines.append(f"{key:<28}" + "".join(f"{cell(j, key):>{width}}" for j in chunk))
    return lines


def format_comparison(doc: dict) -> str:
    """Probabilities per scenario and paired differences, as terminal text."""
    scenarios = doc["scenarios"]

    def probability(j: int, key: str) -> str:
        row = scenarios[j][AGREEMENT] if key == AGREEMENT else scenarios[j]["outcomes"][key]
        low, high = row["ci95"]
        return f"{_pct(row['probability'])} [{_pct(low)},{_pct(high)}]"

    diffs = doc["paired_differences"]

    def difference(j: int, key: str) -> str:
        row = diffs[j]["outcomes"][key]
        low, high = row["ci95"]
        mark = "*" if low > 0 or high < 0 else " "
        return f"{100 * row['difference']:+6.1f} [{100 * low:+5.1f},{100 * high:+5.1f}]{mark}"

    lines = [
        f"Paired comparison: {doc['runs']:,} runs per scenario, seed {doc['seed']} "
        "(common random numbers)",
        *_table("Probability, % [95 % interval]", [s["label"] for s in scenarios], probability),
    ]
    if diffs:
        lines += _table(
            f"Paired difference vs {doc['reference']}, percentage points [95 % paired interval]",
            [d["scenario"] for d in diffs],
            difference,
        )
        lines.append("* the interval excludes zero")
    lines.append(DISCLAIMER_LINE)
    return "\n".join(lines)
