"""Terminal text of a comparison: shares of runs per scenario, median weeks, paired differences.

Rows are the indicators and columns the scenarios, as many as fit in 80 columns. Each table is
followed by the key a student needs: what the derived rows add up, what a median week is over,
how "runs with an agreement" relates to "any agreement", and what a star means.
"""

from __future__ import annotations

from simulator.analysis import INDICATORS
from simulator.report.compare_charts import indicator_row
from simulator.report.palette import DISCLAIMER_LINE
from simulator.report.study_words import (
    STAR_NOTE,
    WIDTH,
    definition_lines,
    excludes_zero,
    points,
    row_name,
    wrap,
)
from simulator.rules import AGREEMENT

HEAD = 26  # the row names' column
WEEK_ROWS = {
    "agreement_week": "first agreement",
    "agreement_week.n": "  runs with one",
    "settlement_week": "first settlement",
    "settlement_week.n": "  runs with one",
}


def _blocks(columns: list[str], least: int) -> list[list[int]]:
    """Column indices packed into blocks that fit ``WIDTH`` (at least one column per block)."""
    blocks: list[list[int]] = [[]]
    used = HEAD
    for j, name in enumerate(columns):
        width = max(least, len(name) + 2)
        if blocks[-1] and used + width > WIDTH:
            blocks.append([])
            used = HEAD
        blocks[-1].append(j)
        used += width
    return blocks


def _table(title: str, columns: list[str], rows, cell, least: int, head: str) -> list[str]:
    """Rows (indicators or weeks) by columns of scenarios, in blocks that fit the terminal."""
    lines: list[str] = []
    for block in _blocks(columns, least):
        widths = {j: max(least, len(columns[j]) + 2) for j in block}
        lines += [
            "",
            title,
            f"{head:<{HEAD}}" + "".join(f"{columns[j]:>{widths[j]}}" for j in block),
        ]
        for key, name in rows:
            lines.append(f"{name:<{HEAD}}" + "".join(f"{cell(j, key):>{widths[j]}}" for j in block))
    return lines


def _share(row: dict) -> str:
    low, high = row["ci95"]
    return f"{points(row['probability'], False)} [{points(low, False)}, {points(high, False)}]"


def _week(w: dict) -> str:
    if w["median"] is None:
        return "-"
    return "{:g} [{:g}, {:g}]".format(w["median"], *w["ci95"])


def agreement_lines(doc: dict) -> list[str]:
    """How the runs with an agreement relate to "any agreement", scenario by scenario."""
    lines = wrap(
        "Runs with one: every run that reached it at some point, also the runs that later "
        "escalated. Week 0 is the scenario's first week. So the runs with an agreement are "
        "those that end in one (any agreement) plus those that agreed, then escalated:"
    )
    for s in doc["scenarios"]:
        reached, ended = s["agreement_week"]["n"], s[AGREEMENT]["count"]
        share = points(s[AGREEMENT]["probability"], False)
        lines += wrap(
            f"{s['label']}: {reached:,} runs with an agreement = {ended:,} (any agreement, "
            f"{share} % of {doc['runs']:,} runs) + {reached - ended:,} agreed, then escalated.",
            "  ",
        )
    return lines


def format_comparison(doc: dict) -> str:
    """Shares of runs, median weeks and paired differences per scenario, as terminal text."""
    scenarios = doc["scenarios"]
    labels = [s["label"] for s in scenarios]
    indicator_rows = [(k, row_name(k)) for k in INDICATORS]

    def share(j: int, key: str) -> str:
        return _share(indicator_row(scenarios[j], key))

    def week(j: int, key: str) -> str:
        if key.endswith(".n"):
            return f"{scenarios[j][key[:-2]]['n']:,}"
        return _week(scenarios[j][key])

    diffs = doc["paired_differences"]

    def difference(j: int, key: str) -> str:
        row = diffs[j]["outcomes"][key]
        low, high = row["ci95"]
        mark = "*" if excludes_zero(row["ci95"]) else " "
        return f"{points(row['difference'])} [{points(low)}, {points(high)}]{mark}"

    lines = [
        *wrap(
            f"Paired comparison: {doc['runs']:,} runs per scenario, seed {doc['seed']} (common "
            "random numbers: run i of every scenario sees the same random draws)."
        ),
        *_table(
            "How the runs end, % of the runs [95 % interval]",
            labels,
            indicator_rows,
            share,
            20,
            "outcome",
        ),
        "",
        *definition_lines(),
        *_table(
            "Median week of the first agreement / settlement (runs with one) [95 % interval]",
            labels,
            list(WEEK_ROWS.items()),
            week,
            16,
            "week of",
        ),
        "",
        *agreement_lines(doc),
    ]
    if diffs:
        lines += _table(
            f"Paired difference vs {doc['reference']}, percentage points [95 % paired interval]",
            [d["scenario"] for d in diffs],
            indicator_rows,
            difference,
            22,
            "outcome",
        )
        lines += ["", *wrap(STAR_NOTE)]
    lines.append(DISCLAIMER_LINE)
    return "\n".join(line.rstrip() for line in lines)
