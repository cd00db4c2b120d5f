"""The six charts of a run folder, drawn only from what the folder keeps.

Everything comes from ``summary.json``, ``weekly.npz`` (per-week fixed-bin histograms and
counts, plus the histograms of settled terms and weeks of aid pause) and ``scenario.yaml``,
read back into a ``RunData`` by ``simulator.folders.read_back``, so ``negsim chart RUN_DIR``
redraws exactly the charts ``negsim run`` drew. Matplotlib is imported inside the drawing
functions (``negsim run --no-charts`` never imports it), figures are built with
``matplotlib.figure.Figure`` and the Agg renderer, never pyplot: no display, no global figure
state.

Week axes show the week index w (0 = the week that starts on ``simulation.start_date``) and, on
top, the calendar date that week starts; values are read at the end of week w's negotiations.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np

from simulator.report.figures import (
    BAND_LABEL,
    add_date_axis,
    finish_figure,
    new_figure,
    steps,
    wilson_band,
)
from simulator.report.palette import (
    ACTOR_COLOURS,
    ACTOR_LABELS,
    BATTLEFIELD_COLOUR,
    CEASEFIRE_COLOUR,
    CEASEFIRE_SHADE,
    OUTCOME_COLOURS,
    OUTCOME_LABELS,
    SETTLEMENT_COLOUR,
    Style,
)
from simulator.report.run_data import RunData
from simulator.report.settled_terms_chart import terms_chart
from simulator.rules import OUTCOMES

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure


def week_axis(ax: Axes, data: RunData) -> None:
    """Week index below, calendar dates above."""
    ax.set_xlim(0, data.weekly.weeks)
    ax.set_xlabel("Week of the simulation (weeks)")
    add_date_axis(ax, data.start_date)


def _share_step(ax, weeks, counts, runs, colour, dash, label, alpha, label_band) -> None:
    """A weekly share of runs (%) as a step line over its 95 % Wilson band."""
    low, high = wilson_band(counts, runs)
    ax.fill_between(
        weeks,
        steps(low),
        steps(high),
        step="post",
        color=colour,
        alpha=alpha,
        linewidth=0,
        label="95 % interval" if label_band else None,
    )
    ax.step(
        weeks,
        steps(100.0 * counts / runs),
        where="post",
        color=colour,
        linestyle=dash,
        label=label,
    )


def _run_title(data: RunData, what: str, extra: str = "") -> str:
    return f"{data.name}: {what} ({data.runs:,} runs{extra})"


def outcome_chart(data: RunData, style: Style) -> Figure:
    """A bar per outcome with its 95 % Wilson interval."""
    fig, axes = new_figure(style)
    ax = axes[0, 0]
    outcomes = data.summary["outcomes"]
    tops = []
    for i, name in enumerate(OUTCOMES):
        row = outcomes[name]
        p = 100.0 * row["probability"]
        low, high = (100.0 * v for v in row["ci95"])
        ax.bar(i, p, width=0.7, color=OUTCOME_COLOURS[name], edgecolor="black", linewidth=0.6)
        ax.errorbar(
            i,
            p,
            yerr=[[p - low], [high - p]],
            fmt="none",
            ecolor="black",
            elinewidth=style.line * 0.8,
            capsize=style.font * 0.5,
            label="95 % interval (Wilson)" if i == 0 else None,
        )
        ax.annotate(
            f"{p:.1f} %",
            (i, high),
            xytext=(0, 4),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=style.font * 0.9,
        )
        tops.append(high)
    ax.set_xticks(range(len(OUTCOMES)), [OUTCOME_LABELS[k].replace(" ", "\n", 1) for k in OUTCOMES])
    ax.set_ylim(0, min(100.0, max(tops) * 1.18 + 3.0))
    ax.set_ylabel("Share of runs (%)")
    ax.set_xlabel(f"Outcome at the horizon (week {data.summary['weeks']})")
    ax.grid(axis="x", visible=False)
    ax.legend(loc="upper left")
    finish_figure(fig, _run_title(data, "outcomes"), data.footer(), style)
    return fig


def agreement_timing_chart(data: RunData, style: Style) -> Figure:
    """Cumulative share of runs with a first ceasefire and with a settlement, by week."""
    fig, axes = new_figure(style)
    ax = axes[0, 0]
    weeks = np.arange(data.weekly.weeks + 1)
    series = (
        ("first_ceasefire", "First ceasefire agreed", CEASEFIRE_COLOUR, "-"),
        ("settled", "Comprehensive settlement", SETTLEMENT_COLOUR, "--"),
    )
    for i, (key, label, colour, dash) in enumerate(series):
        _share_step(ax, weeks, data.weekly.counts[key], data.runs, colour, dash, label, 0.3, i == 0)
    ax.set_ylim(0, 100)
    ax.set_ylabel("Runs with an agreement by this week (%)")
    week_axis(ax, data)
    ax.legend(loc="upper left")
    finish_figure(fig, _run_title(data, "time to agreement"), data.footer(), style)
    return fig


def shade_ceasefires(ax: Axes, data: RunData, label: bool) -> None:
    """Shade each week by the share of runs under a ceasefire (darker = more runs)."""
    share = data.weekly.counts["ceasefire_active"] / max(data.runs, 1)
    for w, s in enumerate(share):
        if s > 0.005:
            ax.axvspan(w, w + 1, color=CEASEFIRE_SHADE, alpha=0.75 * float(s), linewidth=0)
    if label:
        ax.axvspan(
            0,
            0,
            color=CEASEFIRE_SHADE,
            alpha=0.6,
            linewidth=0,
            label="Ceasefire in force (darker = more runs)",
        )


def fan(ax: Axes, data: RunData, variable: str, scale: float, colour: str, label: str) -> None:
    """Median and 10–90 % band of a weekly variable, as steps over weeks."""
    band = data.weekly.band(variable) * scale
    weeks = np.arange(data.weekly.weeks + 1)
    ax.fill_between(
        weeks,
        steps(band[0]),
        steps(band[2]),
        step="post",
        color=colour,
        alpha=0.25,
        linewidth=0,
        label=BAND_LABEL,
    )
    ax.step(weeks, steps(band[1]), where="post", color=colour, label=label)


def battlefield_chart(data: RunData, style: Style) -> Figure:
    """Kursk control and territory held by week: median, 10–90 % band, ceasefires shaded."""
    fig, axes = new_figure(style, 2, 1, sharex=True)
    kursk, territory = axes[0, 0], axes[1, 0]
    shade_ceasefires(kursk, data, label=True)
    shade_ceasefires(territory, data, label=False)
    fan(kursk, data, "kursk_control", 100.0, BATTLEFIELD_COLOUR, "Median")
    fan(territory, data, "territory_change", 1.0, BATTLEFIELD_COLOUR, "Median")
    kursk.set_ylabel("Kursk salient\nheld by Russia (%)")
    kursk.set_ylim(0, 102)
    territory.set_ylabel("Change in claimed\nregions held by\nRussia (pp)")
    territory.axhline(0, color="black", linewidth=0.8)
    kursk.legend(loc="best", fontsize=style.font * 0.75)
    # one week axis below the lower panel, one date axis above the upper (shared x)
    kursk.set_xlim(0, data.weekly.weeks)
    add_date_axis(kursk, data.start_date)
    territory.set_xlabel("Week of the simulation (weeks)")
    finish_figure(fig, _run_title(data, "battlefield"), data.footer(), style)
    return fig


def bargaining_chart(data: RunData, style: Style) -> Figure:
    """Outside options, aspirations and the US package's value, by week, for each party."""
    fig, axes = new_figure(style, 1, 2, sharey=True)
    weeks = np.arange(data.weekly.weeks + 1)
    for col, key in enumerate(("russia", "ukraine")):
        ax = axes[0, col]
        colour = ACTOR_COLOURS[key]
        series = [
            (f"{key}.aspiration", "Aspiration (utility it demands)", colour, "-"),
            (f"{key}.outside", "Outside option (value of fighting on)", colour, "--"),
            (
                f"{key}.table_value",
                "Value of the US package on the table",
                ACTOR_COLOURS["us"],
                ":",
            ),
        ]
        for i, (variable, label, c, dash) in enumerate(series):
            if f"hist.{variable}" not in data.arrays:
                continue
            band = data.weekly.band(variable)
            ax.fill_between(
                weeks,
                steps(band[0]),
                steps(band[2]),
                step="post",
                color=c,
                alpha=0.15 if i else 0.25,
                linewidth=0,
                label=BAND_LABEL if i == 0 else None,
            )
            ax.step(
                weeks,
                steps(band[1]),
                where="post",
                color=c,
                linestyle=dash,
                label=f"{label}, median",
            )
        ax.set_title(ACTOR_LABELS[key], color=colour, fontweight="bold")
        week_axis(ax, data)
        ax.legend(loc="best", fontsize=style.font * 0.7)
    axes[0, 0].set_ylabel("Utility (1 = the party's ideal package)")
    fig.text(
        0.5,
        0.05,
        "The bargaining range is open for a party when the US package is worth "
        "more than both its aspiration and its outside option.",
        ha="center",
        fontsize=style.font * 0.7,
        style="italic",
    )
    fig.get_layout_engine().set(rect=(0.0, 0.08, 1.0, 0.92))
    finish_figure(fig, _run_title(data, "outside options and aspirations"), data.footer(), style)
    return fig


def us_aid_chart(data: RunData, style: Style) -> Figure:
    """Share of runs with US aid paused and with US aid reaching the front; weeks paused."""
    fig, axes = new_figure(style, 1, 2, gridspec_kw={"width_ratios": [3, 2]})
    ax, hist_ax = axes[0, 0], axes[0, 1]
    weeks = np.arange(data.weekly.weeks + 1)
    colour = ACTOR_COLOURS["us"]
    paused = data.weekly.counts["aid_paused"]
    delivered_hist = data.weekly.hists["us_aid_delivered"]
    bins = delivered_hist.shape[1]
    delivered = delivered_hist[:, bins // 2 :].sum(axis=1)  # supply is 0/1 per run and week
    for i, (counts, label, dash) in enumerate(
        (
            (paused, "US aid paused (decision)", "-"),
            (delivered, "US aid reaching the front (after the lag)", "--"),
        )
    ):
        _share_step(ax, weeks, counts, data.runs, colour, dash, label, 0.2, i == 0)
    ax.set_ylim(0, 102)
    ax.set_ylabel("Share of runs (%)")
    week_axis(ax, data)
    ax.legend(loc="best", fontsize=style.font * 0.75)

    counts = data.arrays["final.aid_paused_weeks"]
    edges = data.arrays["final_edges.aid_paused_weeks"]
    share = 100.0 * counts / max(counts.sum(), 1)
    hist_ax.bar(
        edges[:-1], share, width=1.0, align="edge", color=colour, alpha=0.45, label="Runs (%)"
    )
    row = data.summary["metrics"]["aid_paused_weeks"]
    if row["p50"] is not None:
        hist_ax.axvline(
            row["p50"] + 0.5,
            color=colour,
            linestyle="--",
            linewidth=style.line,
            label=f"Median {row['p50']:.0f} weeks (10–90 %: {row['p10']:.0f}–{row['p90']:.0f})",
        )
    hist_ax.set_xlim(0, data.weekly.weeks + 1)
    hist_ax.set_xlabel("US aid pause per run (weeks)")
    hist_ax.set_ylabel("Share of runs (%)")
    hist_ax.legend(loc="best", fontsize=style.font * 0.7)
    finish_figure(fig, _run_title(data, "US military aid"), data.footer(), style)
    return fig


CHARTS: dict[str, tuple[str, Callable[[RunData, Style], Figure]]] = {
    "outcomes": ("Outcome distribution", outcome_chart),
    "agreement_timing": ("Time to agreement", agreement_timing_chart),
    "settled_terms": ("Settled terms", terms_chart),
    "battlefield": ("Battlefield fan chart", battlefield_chart),
    "bargaining_range": ("Outside options and aspirations", bargaining_chart),
    "us_aid": ("US aid", us_aid_chart),
}
"""File stem -> (caption, drawing function), in the order a class should see them."""


def draw_run_figure(stem: str, data: RunData, style: Style) -> Figure:
    """One chart of ``CHARTS`` as a figure, drawn under the style's matplotlib settings."""
    import matplotlib  # noqa: PLC0415 - matplotlib only when drawing

    with matplotlib.rc_context(style.rc()):
        return CHARTS[stem][1](data, style)
