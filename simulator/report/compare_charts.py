"""Charts of a comparison: outcome bars per scenario and paired differences vs the reference.

Both are drawn from the comparison document (``comparison.json``) alone, in the fixed outcome
colours (``palette.INDICATOR_COLOURS``; colour always means an outcome), and saved as PNG and
SVG into the folder they are given. Scenarios are told apart by position and name: one group
of bars, or one panel of differences, per scenario, each labelled with its name.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from simulator.analysis import INDICATORS
from simulator.report.figures import (
    finish_figure,
    footer_text,
    new_figure,
    save_figure,
    style_of,
    wrap_to_width,
)
from simulator.report.label_room import break_name, widen_for_labels
from simulator.report.palette import (
    DEFAULT_STYLE,
    INDICATOR_COLOURS,
    INDICATOR_LABELS,
    INDICATOR_LINES,
    OUTCOME_COLOURS,
    OUTCOME_LABELS,
    Style,
)
from simulator.report.study_words import points
from simulator.rules import OUTCOMES

if TYPE_CHECKING:
    from matplotlib.figure import Figure

PANEL_COLUMNS = 3
"""Panels of differences side by side; more compared scenarios start another row."""
AXIS_SHARE = 0.6
"""Share of the figure's width the panels of the differences chart get (the rest: row names)."""


def indicator_row(block: dict, name: str) -> dict:
    """An indicator's probability row in a scenario block or a sweep row of a document."""
    return block[name] if name in block else block["outcomes"][name]


def comparison_footer(doc: dict) -> str:
    """Footer of the comparison charts."""
    labels = [s["label"] for s in doc["scenarios"]]
    names = " vs ".join(labels)
    if len(names) > 60:  # keep the footer short; the full list is in comparison.json
        names = f"{labels[0]} vs {len(labels) - 1} others (comparison.json)"
    return footer_text(names, doc["runs"], doc["seed"], doc["version"], " per scenario")


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
    tick_size = style.font * 0.9
    share = 0.85 / max(len(scenarios), 1)  # each scenario's slot of the axis, less a gap
    ax.set_xticks(
        np.arange(len(scenarios)),
        [break_name(fig, s["label"], tick_size, share) for s in scenarios],
    )
    ax.set_xlabel("Scenario (same random streams in every scenario)")
    ax.set_ylabel("Share of runs (%)")
    ax.set_ylim(0, 100)
    ax.grid(axis="x", visible=False)
    handles, labels = ax.get_legend_handles_labels()
    last = labels.index("95 % interval (Wilson)")  # outcomes first, the interval key last
    order = [i for i in range(len(labels)) if i != last] + [last]
    ax.legend(  # above the axes, where no bar can be (a bar may reach 100 %)
        [handles[i] for i in order],
        [labels[i] for i in order],
        loc="lower center",
        bbox_to_anchor=(0.5, 1.0),
        ncol=4,
        fontsize=style.font * 0.7,
        frameon=False,
    )
    title = f"Outcomes by scenario ({doc['runs']:,} paired runs each)"
    finish_figure(fig, title, comparison_footer(doc), style)
    return fig


def differences_chart(doc: dict, style: Style) -> Figure:
    """Paired differences against the reference: one panel per scenario, named above it.

    Each panel has one row per indicator (its outcome colour) with the difference, its 95 %
    paired interval and the difference written above it; panels share their
    axes, so a longer bar is a larger difference in every panel.
    """
    diffs = doc["paired_differences"]
    ref = doc["reference"]
    ncols = min(max(len(diffs), 1), PANEL_COLUMNS)
    nrows = math.ceil(max(len(diffs), 1) / ncols)
    fig, axes = new_figure(style, nrows, ncols, sharex=True, sharey=True)
    if nrows > 1:  # a second row of panels gets its own height: the rows stay readable
        fig.set_figheight(style.size[1] * (1.0 + 0.75 * (nrows - 1)))
    rows = list(INDICATORS)
    ys = [len(rows) - 1 - i for i in range(len(rows))]  # first indicator on top
    panel_share = AXIS_SHARE / ncols
    labels = []
    for j, d in enumerate(diffs):
        ax = axes.flat[j]
        for y, key in zip(ys, rows, strict=True):
            labels.append((ax, _difference(ax, d["outcomes"][key], key, y, style)))
        ax.axvline(0, color="black", linewidth=0.8)
        derived = sum(k in INDICATOR_LINES for k in rows)  # the last rows: derived indicators
        ax.axhline(derived - 0.5, color="black", linewidth=0.6, linestyle=":")
        ax.set_title(
            break_name(fig, d["scenario"], style.font, panel_share) + f"\nminus {ref}",
            fontsize=style.font * 0.9,
        )
        ax.grid(axis="y", visible=False)
    for ax in axes.flat[len(diffs) :]:  # an unfilled last row: its panels above show the axis
        ax.remove()
    # One panel has room to name the reference; narrower ones have it in their titles.
    xlabel = (
        f"Difference vs {ref} (percentage points)"
        if ncols == 1
        else "Difference (percentage points)"
    )
    for col in range(ncols):
        column = [ax for ax in axes[:, col] if ax.figure is not None]
        if column:
            column[-1].xaxis.set_tick_params(labelbottom=True)
            column[-1].set_xlabel(wrap_to_width(fig, xlabel, style.font, share=panel_share))
    axes[0, 0].set_yticks(ys[::-1], [INDICATOR_LABELS[k] for k in reversed(rows)])  # bottom up
    axes[0, 0].set_ylim(-0.6, len(rows) - 0.4)
    widen_for_labels(fig, labels)
    title = f"Paired differences vs {ref}, 95 % paired intervals ({doc['runs']:,} runs)"
    caption = (
        f"Each point: the share of runs ending so in the scenario minus in {ref}, run by run on "
        "the same random numbers; the bar is its 95 % interval. An interval across 0 could "
        "be chance."
    )
    finish_figure(fig, title, comparison_footer(doc), style, caption=caption)
    return fig


def _difference(ax, row: dict, key: str, y: float, style: Style):
    """One indicator's difference, interval and value label; returns the label."""
    x = 100.0 * row["difference"]
    low, high = (100.0 * v for v in row["ci95"])
    colour = INDICATOR_COLOURS[key]
    ax.errorbar(
        x,
        y,
        xerr=[[x - low], [high - x]],
        fmt="o",
        color=colour,
        ecolor=colour,
        markersize=style.font * 0.55,
        markeredgecolor="black",
        capsize=style.font * 0.25,
    )
    return ax.annotate(  # above the point: the row's own space, clear of every interval
        points(row["difference"]),
        (x, y),
        xytext=(0, style.font * 0.45),
        textcoords="offset points",
        ha="center",
        va="bottom",
        fontsize=style.font * 0.7,
        bbox={"boxstyle": "square,pad=0.05", "facecolor": "white", "edgecolor": "none"},
    )  # a white ground keeps a label at 0 readable over the zero line


def comparison_figures(doc: dict, style: str = DEFAULT_STYLE) -> dict[str, Figure]:
    """The comparison's charts as figures by file stem, drawn in the style's type sizes."""
    import matplotlib  # noqa: PLC0415 - matplotlib only when drawing

    chosen = style_of(style)
    figures = {}
    for stem, draw in (("comparison", comparison_chart), ("differences", differences_chart)):
        with matplotlib.rc_context(chosen.rc()):
            figures[stem] = draw(doc, chosen)
    return figures


def draw_comparison_charts(doc: dict, folder: Path, style: str = DEFAULT_STYLE) -> list[Path]:
    """``comparison.png/svg`` and ``differences.png/svg`` of the comparison document."""
    chosen = style_of(style)
    written = []
    for stem, fig in comparison_figures(doc, style).items():
        written += save_figure(fig, folder, stem, chosen)
    return written
