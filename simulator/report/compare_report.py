"""``report.html`` of a comparison folder: probabilities, paired differences, parameters.

Built from the comparison document and the loaded scenarios (for the parameters that differ).
"""

from __future__ import annotations

from pathlib import Path

from simulator.analysis import INDICATORS
from simulator.report.compare_charts import INDICATOR_LABELS, indicator_row
from simulator.report.html import (
    MODEL_ASSUMPTIONS,
    esc,
    figure,
    interval,
    page,
    percent,
    reproduce_section,
    table,
)
from simulator.report.parameters import parameter_rows, parameters_section
from simulator.scenario import Loaded


def _details(summary: str, content: str) -> str:
    return f"<details><summary>{esc(summary)}</summary>{content}</details>"


def _median_cells(week: dict) -> list[str]:
    """A median week and its interval as two cells ("–" where no run had the event)."""
    if week["median"] is None:
        return ["–", "–"]
    return [f"{week['median']:g}", "{:g} – {:g}".format(*week["ci95"])]


def differing_parameters(loadeds: list[Loaded]) -> str:
    """A table of the parameters whose values differ between scenarios, with provenance."""
    tables = [{r["path"]: r for r in parameter_rows(lo)} for lo in loadeds]
    paths = list(dict.fromkeys(p for t in tables for p in t))
    skip = ("name", "simulation.runs", "simulation.seed")
    rows = []
    for path in paths:
        cells = [t.get(path) for t in tables]
        values = [c["value"] if c else "(absent)" for c in cells]
        if path in skip or len(set(values)) == 1:
            continue
        row = [path]
        for c in cells:
            row.append("(absent)" if c is None else f"{c['value']}  [{c['origin']}] {c['note']}")
        rows.append(row)
    headers = ["parameter", *(lo.scenario.name for lo in loadeds)]
    if not rows:
        return "<p>The scenarios have identical parameters.</p>"
    return table(headers, rows)


def write_comparison_report(doc: dict, folder: Path, loadeds: list[Loaded]) -> Path:
    """``report.html`` of a comparison folder holding the charts of ``doc``."""
    charts = "".join(
        figure(folder / f"{stem}.png", caption)
        for stem, caption in (
            ("comparison", "Outcome probabilities per scenario, with 95 % intervals"),
            ("differences", "Paired differences against the first scenario"),
        )
        if (folder / f"{stem}.png").is_file()
    )
    labels = [s["label"] for s in doc["scenarios"]]
    keys = INDICATORS

    def prob(s, k):
        row = indicator_row(s, k)
        return f"{percent(row['probability'])} ({interval(row['ci95'])})"

    probs = table(
        ["outcome", *labels],
        [[INDICATOR_LABELS[k], *(prob(s, k) for s in doc["scenarios"])] for k in keys],
    ) + (
        '<p class="note">Any settlement: a settlement was signed, whether it held to the horizon '
        "or broke down. Any agreement: a settlement or a ceasefire, held or not. Median weeks "
        "are over the runs that had the event.</p>"
    )
    weeks = table(
        ["scenario", "week of", "runs with one", "median week", "95 % interval"],
        [
            [s["label"], what, f"{w['n']:,}", *_median_cells(w)]
            for s in doc["scenarios"]
            for what, w in (
                ("first agreement", s["agreement_week"]),
                ("first settlement", s["settlement_week"]),
            )
        ],
    )
    diff_rows = []
    for d in doc["paired_differences"]:
        for k in keys:
            row = d["outcomes"][k]
            low, high = row["ci95"]
            diff_rows.append(
                [
                    f"{d['scenario']} − {d['reference']}",
                    INDICATOR_LABELS[k],
                    f"{100 * row['difference']:+.1f}",
                    f"{100 * low:+.1f} to {100 * high:+.1f}",
                    "yes" if low > 0 or high < 0 else "no",
                    f"{row['other_only']:,} / {row['reference_only']:,}",
                ]
            )
    diffs = table(
        [
            "pair",
            "outcome",
            "difference (pp)",
            "95 % paired interval (pp)",
            "excludes 0",
            "runs where only the other / only the reference has it",
        ],
        diff_rows,
        {2, 3},
    ) + (
        '<p class="note">Paired: run i of every scenario uses the same random numbers, so each '
        "difference is the mean of per-run differences and its interval is the paired 95 % "
        "interval (mean ± 1.96 sd / √n).</p>"
    )
    params = differing_parameters(loadeds) + "".join(
        _details(f"All parameters of {lab}", parameters_section(parameter_rows(lo)))
        for lab, lo in zip(labels, loadeds, strict=True)
    )
    sections = [
        ("Charts", charts),
        ("Outcome probabilities", probs + weeks),
        (f"Paired differences vs {doc['reference']}", diffs),
        ("Model assumptions", f"<p>{esc(MODEL_ASSUMPTIONS)}</p>"),
        ("Parameters that differ, with provenance", params),
        ("Reproduce", reproduce_section(doc.get("command"))),
    ]
    subtitle = (
        f"{' vs '.join(labels)}: {doc['runs']:,} paired runs per scenario, seed {doc['seed']} "
        "(common random numbers)."
    )
    path = folder / "report.html"
    path.write_text(page("negsim compare", subtitle, sections), encoding="utf-8")
    return path
