"""The result tables of a comparison's ``report.html``: shares of runs, median weeks, differences.

Each table says its unit and is followed by the definitions a reader needs: what the derived
rows count, what a median week is over, how the runs with an agreement relate to "any
agreement", and when a difference counts as excluding zero (as printed, as in the terminal).
"""

from __future__ import annotations

from simulator.analysis import DEFINITIONS, DERIVED_NAMES, INDICATORS, MEDIAN_WEEKS, SETTLEMENT
from simulator.report.compare_charts import INDICATOR_LABELS, indicator_row
from simulator.report.html import esc, interval, percent, table
from simulator.report.study_words import excludes_zero, points
from simulator.rules import AGREEMENT


def _note(text: str) -> str:
    return f'<p class="note">{esc(text)}</p>'


def _median_cells(week: dict) -> list[str]:
    """A median week and its interval as two cells ("–" where no run had the event)."""
    if week["median"] is None:
        return ["–", "–"]
    return [f"{week['median']:g}", "{:g} – {:g}".format(*week["ci95"])]


def shares_table(doc: dict) -> str:
    """Each indicator's share of runs per scenario, with its 95 % interval, and the key."""
    labels = [s["label"] for s in doc["scenarios"]]

    def share(s: dict, k: str) -> str:
        row = indicator_row(s, k)
        return f"{percent(row['probability'])} ({interval(row['ci95'])})"

    rows = [[INDICATOR_LABELS[k], *(share(s, k) for s in doc["scenarios"])] for k in INDICATORS]
    derived = " ".join(
        f"{DERIVED_NAMES[k].capitalize()}: {DEFINITIONS[k]}." for k in (SETTLEMENT, AGREEMENT)
    )
    return table(["outcome (% of runs, 95 % interval)", *labels], rows) + _note(
        f"Shares of the {doc['runs']:,} runs of each scenario, with 95 % Wilson intervals. "
        + derived
    )


def weeks_table(doc: dict) -> str:
    """The median weeks of first agreement and settlement, with the runs each is over."""
    rows = []
    for s in doc["scenarios"]:
        for key, ending in (("agreement_week", AGREEMENT), ("settlement_week", SETTLEMENT)):
            w = s[key]
            ended = s[ending]["count"]
            rows.append(
                [
                    s["label"],
                    MEDIAN_WEEKS[key].name,
                    f"{w['n']:,}",
                    f"{ended:,}",
                    f"{w['n'] - ended:,}",
                    *_median_cells(w),
                ]
            )
    headers = [
        "scenario",
        "quantity",
        "runs with one",
        "… that end in one (any agreement / any settlement)",
        "… that later escalated",
        "median week (week 0 = first week)",
        "95 % interval",
    ]
    return table(headers, rows, {2, 3, 4, 5}) + _note(
        "Median weeks are over the runs with one: every run that reached the agreement (or "
        "signed the settlement) at some point, also those that later escalated. A run that "
        "escalated ends in escalation, so the runs with an agreement are those counted in any "
        "agreement plus those that agreed, then escalated. "
        + " ".join(
            f"{m.name[0].upper()}{m.name[1:]}: {m.definition}."
            for m in (MEDIAN_WEEKS["agreement_week"], MEDIAN_WEEKS["settlement_week"])
        )
    )


def differences_table(doc: dict) -> str:
    """Each paired difference in percentage points, its interval and whether it excludes zero."""
    rows = []
    for d in doc["paired_differences"]:
        for k in INDICATORS:
            row = d["outcomes"][k]
            low, high = row["ci95"]
            rows.append(
                [
                    f"{d['scenario']} − {d['reference']}",
                    INDICATOR_LABELS[k],
                    points(row["difference"]),
                    f"{points(low)} to {points(high)}",
                    "yes" if excludes_zero(row["ci95"]) else "no",
                    f"{row['other_only']:,} / {row['reference_only']:,}",
                ]
            )
    headers = [
        "pair",
        "outcome",
        "difference (percentage points)",
        "95 % paired interval (percentage points)",
        "interval excludes 0",
        "runs where only the other / only the reference has it",
    ]
    return table(headers, rows, {2, 3}) + _note(
        "Paired: run i of every scenario uses the same random numbers, so each difference is "
        "the mean of per-run differences and its interval is the paired 95 % interval (mean ± "
        "1.96 sd / √n). An interval excludes 0 when, as printed to 0.1 percentage point, it "
        "lies wholly above or wholly below zero."
    )
