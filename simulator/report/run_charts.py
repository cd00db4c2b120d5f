"""The seven charts of a run folder, drawn only from what the folder keeps.

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
    CEASEFIRE_SHADE,
    OUTCOME_COLOURS,
    OUTCOME_LABELS,
    STATE_COLOURS,
    STATE_LABELS,
    TRUCE_COLOUR,
    TRUCE_LABEL,
    Style,
)
from simulator.report.run_data import STATES, RunData
from simulator.report.settled_terms_chart import terms_chart
from simulator.rules import OUTCOMES

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

FIGHT_LABEL = "Value of fighting on"
TABLE_LABEL = "Value of the US package (net of breakdown risk)"
BELIEFS = (("russia", "ukraine"), ("ukraine", "russia"))
"""(holder, about): whose belief about whose resolve, as ``belief_error.<holder>_about_<about>``."""


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
    return f"{data.label}: {what} ({data.runs:,} runs{extra})"


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
    # room above the tallest bar for its label; ticks stop at 100 %
    ax.set_ylim(0, min(110.0, max(tops) * 1.18 + 3.0))
    ax.set_yticks([t for t in np.arange(0, 101, 20) if t <= ax.get_ylim()[1]])
    ax.set_ylabel("Share of runs (%)")
    ax.set_xlabel(f"Outcome at the horizon (week {data.summary['weeks']})")
    ax.grid(axis="x", visible=False)
    ax.legend(loc="best")  # away from the bars and their labels
    finish_figure(fig, _run_title(data, "outcomes"), data.footer(), style)
    return fig


def time_to_event_chart(data: RunData, style: Style) -> Figure:
    """Time to event: the share of runs in each state, week by week, beside the horizon's mix.

    Left, stacked: runs at war, in a ceasefire, under a settlement and escalated (together all
    runs), with the share under a partial truce as a line. Right: the outcome at the horizon.
    """
    fig, axes = new_figure(style, 1, 3, gridspec_kw={"width_ratios": [5.2, 0.55, 2.6]})
    ax, mix, key = axes[0]
    weeks = np.arange(data.weekly.weeks + 1)
    shares = data.state_shares()
    bottom = np.zeros(data.weekly.weeks)
    handles = {}
    for state in reversed(STATES):  # at war at the bottom, escalation on top
        top = bottom + 100.0 * shares[state]
        handles[state] = ax.fill_between(
            weeks,
            steps(bottom),
            steps(top),
            step="post",
            color=STATE_COLOURS[state],
            edgecolor="white",
            linewidth=0.4,
            label=STATE_LABELS[state],
        )
        bottom = top
    truce = 100.0 * data.weekly.counts["truce_active"] / max(data.runs, 1)
    (truce_line,) = ax.step(
        weeks,
        steps(truce),
        where="post",
        color=TRUCE_COLOUR,
        linestyle="--",
        label=TRUCE_LABEL,
    )
    ax.set_ylim(0, 100)
    ax.set_ylabel("Share of runs (%)")
    week_axis(ax, data)
    ax.grid(axis="y", alpha=0.5)

    outcomes = data.summary["outcomes"]
    level = 100.0
    bars = []
    for name in OUTCOMES:  # first outcome on top, as in every outcome legend
        p = 100.0 * outcomes[name]["probability"]
        bars.append(
            mix.bar(
                0,
                p,
                bottom=level - p,
                width=0.8,
                color=OUTCOME_COLOURS[name],
                edgecolor="black",
                linewidth=0.5,
                label=f"{OUTCOME_LABELS[name]}: {p:.1f} %",
            )
        )
        level -= p
    mix.set_xlim(-0.5, 0.5)
    mix.set_ylim(0, 100)
    mix.set_xticks([0], [f"week\n{data.summary['weeks']}"])
    mix.tick_params(axis="y", labelleft=False)
    mix.grid(visible=False)

    key.axis("off")
    states = key.legend(
        [*(handles[s] for s in STATES), truce_line],
        [*(STATE_LABELS[s] for s in STATES), TRUCE_LABEL],
        title="Each week (left)",
        loc="upper left",
        bbox_to_anchor=(-0.08, 1.02),
        fontsize=style.font * 0.68,
        title_fontsize=style.font * 0.75,
        alignment="left",
        frameon=False,
    )
    key.add_artist(states)
    key.legend(
        bars,
        [b.get_label() for b in bars],
        title=f"Outcome at the horizon (week {data.summary['weeks']})",
        loc="lower left",
        bbox_to_anchor=(-0.08, -0.02),
        fontsize=style.font * 0.68,
        title_fontsize=style.font * 0.75,
        alignment="left",
        frameon=False,
    )
    finish_figure(
        fig, _run_title(data, "time to ceasefire, settlement or escalation"), data.footer(), style
    )
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


def _belief_panel(ax: Axes, data: RunData, holder: str, other: str, style: Style) -> None:
    """One side's mean belief about the other's resolve minus the truth: median and band."""
    colour = ACTOR_COLOURS[holder]
    fan(ax, data, f"belief_error.{holder}_about_{other}", 1.0, colour, "Median of runs")
    ax.axhline(0.0, color="black", linewidth=style.line * 0.7, label="The truth")
    ax.set_title(
        f"{ACTOR_LABELS[holder]}'s belief about {ACTOR_LABELS[other]}",
        color=colour,
        fontweight="bold",
    )
    week_axis(ax, data)
    ax.legend(loc="upper right", fontsize=style.font * 0.7)


def beliefs_chart(data: RunData, style: Style) -> Figure:
    """How each side's mean belief about the other's resolve moves toward the truth, by week."""
    fig, axes = new_figure(style, 1, 2, sharey=True)
    _belief_panel(axes[0, 0], data, "russia", "ukraine", style)
    _belief_panel(axes[0, 1], data, "ukraine", "russia", style)
    bands = np.concatenate([data.weekly.band(f"belief_error.{a}_about_{b}") for a, b in BELIEFS])
    reach = float(np.nanmax(np.abs(bands))) if np.isfinite(bands).any() else 0.1
    reach = max(0.1, 1.15 * reach)
    axes[0, 0].set_ylim(-reach, reach)
    axes[0, 0].set_ylabel("Belief about the other's resolve\nminus its true resolve")
    for ax in axes[0]:
        ax.text(
            0.02,
            0.03,
            "below 0: it thinks the other side weaker than it is (optimism)",
            transform=ax.transAxes,
            fontsize=style.font * 0.62,
            color="#333333",
        )
    caption = (
        "Each side's mean belief about the other's resolve, minus the truth. Battles reveal "
        "information (Slantchev), so fighting corrects optimism (Blainey): the errors shrink "
        "while the war goes on. All runs; a belief stops moving once its run is settled."
    )
    return _finish_with_caption(fig, data, style, "fighting corrects optimism", caption)


def _finish_with_caption(fig, data: RunData, style: Style, subject: str, caption: str) -> Figure:
    """Title, footer and an italic caption under the panels, shared by the two-panel charts."""
    finish_figure(fig, _run_title(data, subject), data.footer(), style, caption)
    return fig


def bargaining_chart(data: RunData, style: Style) -> Figure:
    """Each side's value of fighting on against the value to it of the US package, by week.

    Bands are over the runs where the weekly histogram holds a value (a run with no package on
    the table that week holds none); the footnote says how many that is.
    """
    fig, axes = new_figure(style, 1, 2, sharey=True)
    weeks = np.arange(data.weekly.weeks + 1)
    for col, key in enumerate(("russia", "ukraine")):
        ax = axes[0, col]
        colour = ACTOR_COLOURS[key]
        series = [
            (f"{key}.fight_value", FIGHT_LABEL, colour, "-"),
            (f"{key}.table_value", TABLE_LABEL, ACTOR_COLOURS["us"], "--"),
        ]
        for i, (variable, label, c, dash) in enumerate(series):
            band = data.weekly.band(variable)
            ax.fill_between(
                weeks,
                steps(band[0]),
                steps(band[2]),
                step="post",
                color=c,
                alpha=0.12 if i else 0.25,
                linewidth=0,
                label=f"{BAND_LABEL} ({'package' if i else 'fighting on'})",
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
        ax.legend(loc="best", fontsize=style.font * 0.66)
    axes[0, 0].set_ylabel("Utility (1 = the side's ideal package)")
    on_table = data.weekly.hists["russia.table_value"].sum(axis=1)
    last = data.weekly.weeks - 1
    caption = (
        "A side signs when the US package, net of the risk that the settlement breaks down, is "
        "worth at least as much to it as fighting on and crosses none of its red lines. "
        f"Runs with a package on the table: {int(on_table[0]):,} in week 0, "
        f"{int(on_table[last]):,} in week {last}."
    )
    subject = "value of fighting on against the US package"
    return _finish_with_caption(fig, data, style, subject, caption)


AID_HEADROOM = 1.3
"""Each US aid panel's top is this many times its data's: the band above holds the legend."""


def us_aid_chart(data: RunData, style: Style) -> Figure:
    """Share of runs with US aid paused and with US aid reaching the front; weeks paused.

    Aid reaching the front is a share of runs, drawn as a shaded area (a step line falling
    from 100 % to 0 read as a marker). Each legend sits in a band above the panel's data.
    """
    from matplotlib.legend_handler import HandlerTuple  # noqa: PLC0415 - drawing only

    fig, axes = new_figure(style, 1, 2, gridspec_kw={"width_ratios": [3, 2]})
    ax, hist_ax = axes[0, 0], axes[0, 1]
    weeks = np.arange(data.weekly.weeks + 1)
    colour = ACTOR_COLOURS["us"]
    runs = max(data.runs, 1)
    delivered_hist = data.weekly.hists["us_aid_delivered"]
    bins = delivered_hist.shape[1]
    delivered = delivered_hist[:, bins // 2 :].sum(axis=1)  # supply is 0/1 per run and week
    lag = data.scenario.actors.us.aid_lag_weeks
    front = ax.fill_between(
        weeks,
        0.0,
        steps(100.0 * delivered / runs),
        step="post",
        color=ACTOR_COLOURS["ukraine"],  # the aid Ukraine's forces receive
        alpha=0.25,
        linewidth=0,
        label=f"US aid reaching the front (shaded), {lag} weeks behind the decision",
    )
    paused = data.weekly.counts["aid_paused"]
    low, high = wilson_band(paused, runs)
    band = ax.fill_between(
        weeks, steps(low), steps(high), step="post", color=colour, alpha=0.3, linewidth=0
    )
    (line,) = ax.step(
        weeks, steps(100.0 * paused / runs), where="post", color=colour, label="US aid paused"
    )
    ax.set_ylim(0, 100.0 * AID_HEADROOM)
    ax.set_yticks(range(0, 101, 20))
    ax.set_ylabel("Share of runs (%)")
    week_axis(ax, data)
    ax.legend(
        [(band, line), front],
        ["US aid paused (the decision), with its 95 % interval", front.get_label()],
        handler_map={tuple: HandlerTuple(ndivide=1)},
        loc="upper left",
        fontsize=style.font * 0.7,
    )

    counts = data.arrays["final.aid_paused_weeks"]
    edges = data.arrays["final_edges.aid_paused_weeks"]
    share = 100.0 * counts / max(counts.sum(), 1)
    tallest = max(float(share.max()), 1.0)
    hist_ax.bar(
        edges[:-1], share, width=1.0, align="edge", color=colour, alpha=0.45, label="Runs (%)"
    )
    row = data.summary["metrics"]["aid_paused_weeks"]
    if row["p50"] is not None:
        hist_ax.vlines(
            row["p50"] + 0.5,
            0.0,
            tallest,
            color=colour,
            linestyle="--",
            linewidth=style.line,
            label=f"Median {row['p50']:.0f} weeks (10–90 %: {row['p10']:.0f}–{row['p90']:.0f})",
        )
    hist_ax.set_xlim(-0.5, data.weekly.weeks + 1.5)  # the last bar (paused throughout) whole
    hist_ax.set_ylim(0, tallest * AID_HEADROOM)
    hist_ax.set_yticks([t for t in hist_ax.get_yticks() if t <= tallest * 1.05])
    hist_ax.set_xlabel("US aid pause per run (weeks)")
    hist_ax.set_ylabel("Share of runs (%)")
    hist_ax.legend(loc="upper left", fontsize=style.font * 0.7)
    finish_figure(fig, _run_title(data, "US military aid"), data.footer(), style)
    return fig


CHARTS: dict[str, tuple[str, Callable[[RunData, Style], Figure]]] = {
    "outcomes": ("Outcome distribution", outcome_chart),
    "time_to_event": ("Time to event: at war, ceasefire, settled, escalated", time_to_event_chart),
    "settled_terms": ("Settled terms", terms_chart),
    "battlefield": ("Battlefield fan chart", battlefield_chart),
    "beliefs": ("Beliefs about the other side's resolve", beliefs_chart),
    "bargaining_range": ("Value of fighting on against the US package", bargaining_chart),
    "us_aid": ("US aid", us_aid_chart),
}
"""File stem -> (caption, drawing function), in the order a class should see them."""


def draw_run_figure(stem: str, data: RunData, style: Style) -> Figure:
    """One chart of ``CHARTS`` as a figure, drawn under the style's matplotlib settings."""
    import matplotlib  # noqa: PLC0415 - matplotlib only when drawing

    with matplotlib.rc_context(style.rc()):
        return CHARTS[stem][1](data, style)
