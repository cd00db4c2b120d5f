"""``report.html`` of a comparison folder: probabilities, paired differences, parameters.

Built from the comparison document and the loaded scenarios (for the parameters that differ).
"""

from __future__ import annotations

from pathlib import Path

from simulator.report.compare_tables import differences_table, shares_table, weeks_table
from simulator.report.html import (
    MODEL_ASSUMPTIONS,
    Html,
    esc,
    figure,
    page,
    reproduce_section,
    table,
)
from simulator.report.parameters import (
    Entry,
    parameter_entries,
    parameter_rows,
    parameters_section,
)
from simulator.scenario import Loaded


def _details(summary: str, content: str) -> str:
    return f"<details><summary>{esc(summary)}</summary>{content}</details>"


_ABSENT = {"donors": "no such donor", "timeline": "no such event"}
_SAME_IN_EVERY_RUN = ("name", "simulation.runs", "simulation.seed")


def _value_cell(entry: Entry | None, label: str) -> Html:
    """A scenario's value in bold, then where it was read and the comment there."""
    if entry is None:
        return Html(f"<i>{esc(_ABSENT.get(label, 'not set'))}</i>")
    where = " — ".join(esc(part) for part in (entry.origin, entry.note) if part)
    return Html(f'<b>{esc(entry.value)}</b><span class="where">{where}</span>')


def differing_parameters(loadeds: list[Loaded], labels: list[str] | None = None) -> str:
    """A table of the parameters whose values differ between scenarios, with provenance.

    Donors are matched by name and timeline events by their place in the file, so one row
    shows one donor (or event) in every scenario; values are compared exactly, not as shown.
    """
    tables = [{e.key: e for e in parameter_entries(lo)} for lo in loadeds]
    keys = list(dict.fromkeys(k for t in tables for k in t))
    rows = []
    for key in keys:
        cells = [t.get(key) for t in tables]
        label = next(c.label for c in cells if c is not None)
        if label in _SAME_IN_EVERY_RUN or key in (("donors",), ("timeline",)):
            continue  # an empty list says nothing its other rows do not
        if None not in cells and len({c.raw for c in cells}) == 1:
            continue
        rows.append([label, *(_value_cell(c, label) for c in cells)])
    if not rows:
        return "<p>The scenarios have identical parameters.</p>"
    names = labels or [lo.scenario.name for lo in loadeds]
    share = f"{75 / len(names):.1f}%"
    return (
        '<p class="note">Each cell gives the value, then the file and line it was read from and '
        "the comment on that line. Donors are matched by name.</p>"
        + table(["parameter", *names], rows, widths=("25%", *(share for _ in names)))
    )


def write_comparison_report(doc: dict, folder: Path, loadeds: list[Loaded]) -> Path:
    """``report.html`` of a comparison folder holding the charts of ``doc``."""
    charts = "".join(
        figure(folder / f"{stem}.png", caption)
        for stem, caption in (
            ("comparison", "Outcome shares of runs per scenario, with 95 % intervals"),
            ("differences", "Paired differences against the first scenario"),
        )
        if (folder / f"{stem}.png").is_file()
    )
    labels = [s["label"] for s in doc["scenarios"]]
    probs = shares_table(doc)
    weeks = weeks_table(doc)
    diffs = differences_table(doc)
    params = differing_parameters(loadeds, labels) + "".join(
        _details(f"All parameters of {lab}", parameters_section(parameter_rows(lo)))
        for lab, lo in zip(labels, loadeds, strict=True)
    )
    sections = [
        ("Charts", charts),
        ("How the runs end, and when they agree", probs + weeks),
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
