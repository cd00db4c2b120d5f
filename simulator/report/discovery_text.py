"""The terminal text of a scenario discovery: each box's sentence and a table of its limits.

Short, for a class reading a terminal: the base rate with its interval, then per box its
sentence, coverage, density (95 % interval) and runs, and its restrictions with their quasi-p;
a key says what coverage, density and quasi-p are. Lines stay within 80 characters.
"""

from __future__ import annotations

import textwrap

from simulator.analysis import outcome_name
from simulator.report.discovery_sentence import (
    bound,
    capitalised,
    parameter_label,
    percent,
    spans,
)
from simulator.report.palette import DISCLAIMER_LINE
from simulator.report.study_words import wrap

LABEL_WIDTH = 44
KEY = (
    "Coverage: the share of all runs with the outcome that lie in the box. Density: the "
    "share of the box's runs that have it (the base rate is the share among all runs). "
    "Quasi-p: how likely a box this dense would be by chance with that limit lifted (one-sided "
    "binomial, Bryant & Lempert 2010); limits with quasi-p above {sig:g} are dropped. A box is "
    "an association in the model's inputs, not a cause in the world (docs/discovery.md)."
)


def wrapped(text: str, indent: str = "") -> list[str]:
    """``wrap``, never breaking a number from its ``%``."""
    return [line.replace("\xa0", " ") for line in wrap(text.replace(" %", "\xa0%"), indent)]


def quasi_p_text(p: float | None) -> str:
    """A quasi-p as a table prints it: ``< 0.001`` for the tiny ones."""
    if p is None:
        return "–"
    return "< 0.001" if p < 0.001 else f"{p:.3g}"


def limit_cells(r: dict, span: float) -> tuple[str, str]:
    """A restriction's low and high cells, ``–`` for a side left at the full range."""
    low = f"≥ {bound(r['low'], span)}" if r["low_restricted"] else "–"
    high = f"≤ {bound(r['high'], span)}" if r["high_restricted"] else "–"
    return low, high


def _label_lines(path: str) -> list[str]:
    """A parameter's name in lines that leave room for the table's three columns."""
    return textwrap.wrap(capitalised(parameter_label(path)), LABEL_WIDTH - 2) or [""]


def box_lines(doc: dict, box: dict, number: int) -> list[str]:
    """One box: heading, sentence, statistics and the table of its restrictions."""
    why = {
        "knee": "the knee of the trajectory",
        "min_coverage": f"the densest box with coverage ≥ {percent(doc['min_coverage'])}",
    }
    chosen = " and ".join(why[w] for w in box["chosen_by"])
    low, high = box["density_ci95"]
    lines = ["", f"Box {number} ({chosen}):", *wrapped(box["sentence"], "  ")]
    lines += [
        f"  coverage {percent(box['coverage'])} · density {percent(box['density'])} "
        f"[95 % interval {100 * low:.1f}–{100 * high:.1f} %]",
        f"  {box['n']:,} runs in the box, {box['cases']:,} of them with the outcome",
    ]
    if box["restrictions"]:
        width = spans(doc)
        lines.append(f"  {'parameter':<{LABEL_WIDTH}}{'low':>10}{'high':>10}{'quasi-p':>10}")
        for r in box["restrictions"]:
            label = _label_lines(r["parameter"])
            cells = limit_cells(r, width[r["parameter"]])
            for extra in label[:-1]:
                lines.append(f"  {extra}")
            lines.append(
                f"  {label[-1]:<{LABEL_WIDTH}}{cells[0]:>10}{cells[1]:>10}"
                f"{quasi_p_text(r['quasi_p']):>10}"
            )
    if box["dropped"]:
        dropped = ", ".join(
            f"{parameter_label(r['parameter'])} ({quasi_p_text(r['quasi_p'])})"
            for r in box["dropped"]
        )
        lines += wrapped(f"Dropped as possibly chance (quasi-p): {dropped}.", "  ")
    return lines


def format_discovery(doc: dict) -> str:
    """The discovery as plain text for the terminal."""
    low, high = doc["base_rate_ci95"]
    name = outcome_name(doc["outcome"])
    lines = [
        *wrapped(f"Scenario discovery: {name} in {doc['scenario']}"),
        f"{doc['runs']:,} runs, seed {doc['seed']}",
        f"Base rate: {percent(doc['base_rate'])} of runs [95 % interval {100 * low:.1f}–"
        f"{100 * high:.1f} %], {doc['cases']:,} runs",
    ]
    for i, box in enumerate(doc["boxes"]):
        lines += box_lines(doc, box, i + 1)
    lines += ["", *wrapped(KEY.format(sig=doc["significance"])), "", DISCLAIMER_LINE]
    return "\n".join(lines)
