"""The settled-terms chart of a run folder: each issue's settled terms against the actors' stakes.

Terms are read from the fixed-bin histograms of settled terms in ``weekly.npz``: the package
each run signed first, over every run that signed one (whether it held or broke down). Ideal
points and red lines come from the resolved scenario; a ``min: front`` red line on territory is
drawn at the front where the run starts (the floor then moves with the front).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from simulator.report.figures import finish_figure, new_figure
from simulator.report.palette import (
    ACTOR_COLOURS,
    ACTOR_LABELS,
    ACTOR_MARKERS,
    ISSUE_LABELS,
    SETTLEMENT_COLOUR,
    Style,
)
from simulator.report.run_data import RunData
from simulator.rules import ISSUES

if TYPE_CHECKING:
    from matplotlib.figure import Figure


def hist_quantiles(counts: np.ndarray, edges: np.ndarray, qs) -> list[float]:
    """Quantiles of a fixed-bin histogram (bin centres)."""
    cum = np.cumsum(counts)
    total = cum[-1]
    centres = 0.5 * (edges[:-1] + edges[1:])
    return [float(centres[np.searchsorted(cum, q * total - 1e-9)]) for q in qs]


def spread(value) -> tuple[float, float, float]:
    """Mean and a sensible range of a fixed number or a distribution on [0, 1]."""
    if isinstance(value, int | float):
        return float(value), float(value), float(value)
    kind = value.dist
    if kind in ("uniform", "triangular"):
        return value.mean_value(0.0, 1.0), value.low, value.high
    if kind == "normal":
        return value.mean, max(0.0, value.mean - 2 * value.sd), min(1.0, value.mean + 2 * value.sd)
    a, b = value.a, value.b
    mean = a / (a + b)
    sd = float(np.sqrt(a * b / ((a + b) ** 2 * (a + b + 1))))
    return mean, max(0.0, mean - 2 * sd), min(1.0, mean + 2 * sd)


def signed_settlements(data: RunData) -> int:
    """Runs that signed a settlement (held or broke down): the runs the terms are over."""
    return int(data.arrays[f"final.terms.{ISSUES[0]}"].sum())


def red_line_value(data: RunData, value):
    """A red line's bound as a number or distribution: ``front`` is the starting front."""
    return data.scenario.battlefield.territory_held if value == "front" else value


def terms_chart(data: RunData, style: Style) -> Figure:
    """Each issue's signed terms (settlements only), with actors' ideal points and red lines."""
    fig, axes = new_figure(style)
    ax = axes[0, 0]
    n = signed_settlements(data)
    rows = {issue: len(ISSUES) - 1 - j for j, issue in enumerate(ISSUES)}  # first issue on top
    labelled = False
    for issue, y in rows.items():
        counts = data.arrays[f"final.terms.{issue}"]
        if counts.sum() == 0:
            continue
        edges = data.arrays[f"final_edges.terms.{issue}"]
        p10, p25, p50, p75, p90 = hist_quantiles(counts, edges, (0.1, 0.25, 0.5, 0.75, 0.9))
        ax.hlines(y, p10, p90, color=SETTLEMENT_COLOUR, linewidth=style.line)
        ax.barh(
            y,
            max(p75 - p25, 0.004),
            left=p25,
            height=0.34,
            color=SETTLEMENT_COLOUR,
            edgecolor="black",
            linewidth=0.6,
            label=f"Settled terms, n = {n:,} (box 25–75 %, line 10–90 %)" if not labelled else None,
        )
        ax.vlines(
            p50,
            y - 0.17,
            y + 0.17,
            color="black",
            linewidth=style.line,
            label="Median settled term" if not labelled else None,
        )
        labelled = True
    actors = data.scenario.actors
    for key in ("us", "russia", "ukraine"):
        actor = getattr(actors, key)
        c = ACTOR_COLOURS[key]
        for j, issue in enumerate(ISSUES):
            y = rows[issue] + 0.32
            mean, low, high = spread(getattr(actor.ideal, issue))
            if high > low:
                ax.hlines(y, low, high, color=c, linewidth=style.line * 0.8)
            ax.plot(
                mean,
                y,
                ACTOR_MARKERS[key],
                color=c,
                markersize=style.font * 0.6,
                markeredgecolor="white",
                linestyle="none",
                label=f"{ACTOR_LABELS[key]} ideal" if j == 0 else None,
            )
        red_labelled = False
        for issue, line in getattr(actor, "red_lines", {}).items():
            y = rows[issue]
            for bound, arrow in (("min", ">"), ("max", "<")):
                value = getattr(line, bound)
                if value is None:
                    continue
                mean, low, high = spread(red_line_value(data, value))
                if value == "front":
                    ax.annotate(
                        "front",
                        (mean, y + 0.45),
                        xytext=(3, -2),
                        textcoords="offset points",
                        ha="left",
                        va="top",
                        color=c,
                        fontsize=style.font * 0.6,
                    )
                if high > low:
                    ax.fill_betweenx(
                        [y - 0.45, y + 0.45], low, high, color=c, alpha=0.15, linewidth=0
                    )
                ax.vlines(
                    mean, y - 0.45, y + 0.45, color=c, linestyle=":", linewidth=style.line * 1.2
                )
                ax.plot(
                    mean,
                    y - 0.36,
                    arrow,
                    color=c,
                    markersize=style.font * 0.55,
                    linestyle="none",
                    label=f"{ACTOR_LABELS[key]} red line (▶ min, ◀ max)"
                    if not red_labelled
                    else None,
                )
                red_labelled = True
    if n == 0:
        ax.text(
            0.5,
            len(ISSUES) / 2 - 0.5,
            "No run signed a settlement",
            ha="center",
            va="center",
            fontsize=style.font * 1.1,
            bbox={"facecolor": "white", "edgecolor": "#888888"},
        )
    ax.set_xlim(-0.03, 1.03)
    ax.set_ylim(-0.55, len(ISSUES) - 0.5 + 0.3)
    ax.set_yticks(list(rows.values()), [ISSUE_LABELS[i] for i in rows])
    ax.set_xlabel("Position on the issue (0 = Ukraine's preferred pole, 1 = Russia's)")
    ax.set_ylabel("Issue")
    ax.grid(axis="y", visible=False)
    handles, labels = ax.get_legend_handles_labels()
    first = ("Settled", "Median")  # the settled terms, then their median, then the actors
    order = sorted(
        range(len(labels)),
        key=lambda i: (next((k for k, w in enumerate(first) if labels[i].startswith(w)), 2), i),
    )
    ax.legend(
        [handles[i] for i in order],
        [labels[i] for i in order],
        loc="upper center",
        bbox_to_anchor=(0.38, -0.14),  # centred on the figure, under the issue names too
        ncol=3,
        fontsize=style.font * 0.65,
    )
    title = f"{data.label}: settled terms, {n:,} signed settlements ({data.runs:,} runs)"
    finish_figure(fig, title, data.footer(), style)
    return fig
