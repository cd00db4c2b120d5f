"""``report.html`` of a comparison folder: probabilities, paired differences, parameters.

Built from the comparison document and the loaded scenarios (for the parameters that differ).
"""

from __future__ import annotations

from pathlib import Path

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
from simulator.report.palette import OUTCOME_LABELS
from simulator.report.parameters import parameter_rows, parameters_section
from simulator.scenario import Loaded


def _details(summary: str, content: str) -> str:
    return f"<details><summary>{esc(summary)}</summary>{content}</details>"


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
    keys = [*OUTCOME_LABELS, "agreement"]

    def prob(s, k):
        row = s["agreement"] if k == "agreement" else s["outcomes"][k]
        return f"{percent(row['probability'])} ({interval(row['ci95'])})"

    probs = table(
        ["outcome", *labels],
        [
            [OUTCOME_LABELS.get(k, "any agreement"), *(prob(s, k) for s in doc["scenarios"])]
            for k in keys
        ],
    )
    weeks = table(
        ["scenario", "runs with an agreement", "median week of first agreement", "95 % interval"],
        [
            [
                s["label"],
                f"{s['agreement_week']['n']:,}",
                "–"
                if s["agreement_week"]["median"] is None
                else f"{s['agreement_week']['median']:g}",
                "–"
                if s["agreement_week"]["median"] is None
                else "{:g} – {:g}".format(*s["agreement_week"]["ci95"]),
            ]
            for s in doc["scenarios"]
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
                    OUTCOME_LABELS.get(k, "any agreement"),
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
