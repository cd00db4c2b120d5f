"""Charts of a comparison: outcome bars per scenario and paired differences vs the reference.

Both are drawn from the comparison document (``comparison.json``) alone, in the fixed outcome
colours, and saved as PNG and SVG into the folder they are given. This module also holds how
the studies' indicators (the six outcomes, any settlement, any agreement) are labelled and
coloured, for the sweep and sensitivity charts and pages too.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from simulator.analysis import INDICATORS, SETTLEMENT
from simulator.report.figures import finish_figure, footer_text, new_figure, save_figure, style_of
from simulator.report.palette import (
    AGREEMENT_COLOUR,
    AGREEMENT_LABEL,
    DEFAULT_STYLE,
    OUTCOME_COLOURS,
    OUTCOME_LABELS,
    SETTLEMENT_COLOUR,
    Style,
)
from simulator.rules import AGREEMENT, OUTCOMES

if TYPE_CHECKING:
    from matplotlib.figure import Figure

SETTLEMENT_LABEL = "Any settlement (held or collapsed)"
INDICATOR_LABELS = {**OUTCOME_LABELS, SETTLEMENT: SETTLEMENT_LABEL, AGREEMENT: AGREEMENT_LABEL}
INDICATOR_COLOURS = {**OUTCOME_COLOURS, SETTLEMENT: SETTLEMENT_COLOUR, AGREEMENT: AGREEMENT_COLOUR}
INDICATOR_LINES = {SETTLEMENT: "--", AGREEMENT: ":"}
"""Line style of each derived indicator where it is drawn beside the outcomes (these: solid)."""


def indicator_row(block: dict, name: str) -> dict:
    """An indicator's probability row in a scenario block or a sweep row of a document."""
    return block[name] if name in block else block["outcomes"][name]


def comparison_footer(doc: dict) -> str:
    """Footer of the comparison charts."""
    labels = [s["label"] for s in doc["scenarios"]]
    names = " vs ".join(labels)
    if len(names) > 60:  # keep the footer on one line; the full list is in comparison.json
        names = f"{labels[0]} vs {len(labels) - 1} others (comparison.json)"
    return footer_text(names, doc["runs"], doc["seed"], doc["version"], " per scenario")


def wrap_name(name: str, width: int = 14) -> str:
    """A scenario name broken after underscores so tick labels do not run into each other."""
    lines, line = [], ""
    for part in name.split("_"):
        piece = part if not line else f"_{part}"
        if line and len(line) + len(piece) > width:
            lines.append(line + "_")
            piece = part
            line = ""
        line += piece
    return "\n".join([*lines, line])


def comparison_chart(doc: dict, style: Style) -> Figure:
    """Grouped bars: for each scenario, one bar per outcome (fixed outcome colours), with CIs."""
    fig, axes = new_figure(style)
    ax = axes[0, 0]
    scenarios = doc["scenarios"]
    k = len(OUTCOMES)
    width = 0.8 / k
    for j, name in enumerate(OUTCOMES):
        xs = np.arange(len(scenarios)) + (j - (k - 1) / 2) * width
        ps = np.array([100.0 * s["outcomes"][name]["probability"] for s in scenarios])
        lows = np.array([100.0 * s["outcomes"][name]["ci95"][0] for s in scenarios])
        highs = np.array([100.0 * s["outcomes"][name]["ci95"][1] for s in scenarios])
        ax.bar(
            xs,
            ps,
            width=width * 0.95,
            color=OUTCOME_COLOURS[name],
            edgecolor="black",
            linewidth=0.5,
            label=OUTCOME_LABELS[name],
        )
        ax.errorbar(
            xs,
            ps,
            yerr=[ps - lows, highs - ps],
            fmt="none",
            ecolor="black",
            elinewidth=style.line * 0.6,
            capsize=style.font * 0.25,
            label="95 % interval (Wilson)" if j == 0 else None,
        )
    ax.set_xticks(np.arange(len(scenarios)), [wrap_name(s["label"]) for s in scenarios])
    ax.set_xlabel("Scenario (same random streams in every scenario)")
    ax.set_ylabel("Share of runs (%)")
    ax.set_ylim(0, 100)
    ax.grid(axis="x", visible=False)
    handles, labels = ax.get_legend_handles_labels()
    last = labels.index("95 % interval (Wilson)")  # outcomes first, the interval key last
    order = [i for i in range(len(labels)) if i != last] + [last]
    ax.legend(
        [handles[i] for i in order],
        [labels[i] for i in order],
        loc="upper left",
        ncol=4,
        fontsize=style.font * 0.7,
    )
    title = f"Outcomes by scenario ({doc['runs']:,} paired runs each)"
    finish_figure(fig, title, comparison_footer(doc), style)
    return fig


def differences_chart(doc: dict, style: Style) -> Figure:
    """Paired differences against the reference, per outcome, with 95 % paired intervals."""
    fig, axes = new_figure(style)
    ax = axes[0, 0]
    diffs = doc["paired_differences"]
    markers = ("o", "s", "D", "^", "v", "P", "X")
    rows = list(INDICATORS)
    m = max(len(diffs), 1)
    for j, d in enumerate(diffs):
        offset = ((m - 1) / 2 - j) * 0.7 / m  # first scenario on top within each row
        for i, key in enumerate(rows):
            row = d["outcomes"][key]
            y = len(rows) - 1 - i + offset
            x = 100.0 * row["difference"]
            low, high = (100.0 * v for v in row["ci95"])
            colour = INDICATOR_COLOURS[key]
            ax.errorbar(
                x,
                y,
                xerr=[[x - low], [high - x]],
                fmt=markers[j % len(markers)],
                color=colour,
                ecolor=colour,
                markersize=style.font * 0.55,
                markeredgecolor="black",
                capsize=style.font * 0.25,
            )
    ax.axvline(0, color="black", linewidth=0.8)
    derived = sum(k in INDICATOR_LINES for k in rows)  # the last rows: derived indicators
    ax.axhline(derived - 0.5, color="black", linewidth=0.6, linestyle=":")
    labels = [INDICATOR_LABELS[k] for k in rows]
    ax.set_yticks(range(len(rows)), labels[::-1])
    ax.set_xlabel(f"Difference vs {doc['reference']} (percentage points)")
    ax.set_ylabel("Outcome")
    ax.grid(axis="y", visible=False)
    if diffs:
        from matplotlib.lines import Line2D  # noqa: PLC0415 - matplotlib only when drawing

        handles = [
            Line2D(
                [],
                [],
                marker=markers[j % len(markers)],
                color="black",
                linestyle="none",
                markerfacecolor="white",
                markersize=style.font * 0.55,
            )
            for j in range(len(diffs))
        ]
        ax.legend(
            handles,
            [d["scenario"] for d in diffs],  # each minus the reference, as the axis says
            loc="upper center",
            bbox_to_anchor=(0.4, -0.14),  # below the axis: the points may be anywhere
            ncol=min(3, len(diffs)),
            fontsize=style.font * 0.7,
        )
    title = (
        f"Paired differences vs {doc['reference']}, 95 % paired intervals ({doc['runs']:,} runs)"
    )
    finish_figure(fig, title, comparison_footer(doc), style)
    return fig


def draw_comparison_charts(doc: dict, folder: Path, style: str = DEFAULT_STYLE) -> list[Path]:
    """``comparison.png/svg`` and ``differences.png/svg`` of the comparison document."""
    import matplotlib  # noqa: PLC0415 - matplotlib only when drawing

    chosen = style_of(style)
    written = []
    for stem, draw in (("comparison", comparison_chart), ("differences", differences_chart)):
        with matplotlib.rc_context(chosen.rc()):
            fig = draw(doc, chosen)
        written += save_figure(fig, folder, stem, chosen)
    return written
