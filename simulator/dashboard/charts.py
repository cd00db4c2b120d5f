"""Matplotlib figures of the classroom dashboard, in the colours of every negsim chart.

Figures are built with ``matplotlib.figure.Figure`` (no pyplot state), so the server can draw
for several browser sessions at once. The previous settings' results are drawn as a ghost
(dashed outlines and thin lines) so the room sees what a lever changed.
"""

from __future__ import annotations

import datetime as dt

import matplotlib as mpl
import numpy as np
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from simulator import __version__
from simulator.dashboard.one_run import OTHER, PARTIES, OneRun
from simulator.dashboard.outlook import (
    STATE_LABELS,
    STATES,
    TRUCE,
    Outlook,
    belief_bands,
    state_shares,
    terms_summary,
)
from simulator.report import (
    ACTOR_COLOURS,
    ACTOR_LABELS,
    ACTOR_MARKERS,
    BATTLEFIELD_COLOUR,
    CEASEFIRE_COLOUR,
    CEASEFIRE_SHADE,
    DISCLAIMER,
    ISSUE_LABELS,
    OUTCOME_COLOURS,
    OUTCOME_LABELS,
    SETTLEMENT_COLOUR,
)
from simulator.rules import ISSUES, OUTCOMES
from simulator.scenario import Scenario

RC = {
    "font.size": 10.5,
    "axes.titlesize": 12,
    "axes.labelsize": 10.5,
    "legend.fontsize": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "svg.hashsalt": "negsim",
}
SIZE = (6.4, 3.5)
FOOTER_RECT = (0.0, 0.045, 1.0, 0.955)  # constrained layout keeps the footer line free


def ideals(scenario: Scenario) -> dict[str, list[float]]:
    """Each negotiating party's ideal point per issue, for ``terms_figure``."""
    return {
        actor: [float(getattr(getattr(scenario.actors, actor).ideal, i)) for i in ISSUES]
        for actor in ("russia", "ukraine", "us")
    }


def footer(fig: Figure, outlook_or_run: Outlook | OneRun) -> None:
    """Scenario, runs, seed, version and the disclaimer along the bottom edge."""
    if isinstance(outlook_or_run, Outlook):
        o = outlook_or_run
        text = f"{o.scenario} · {o.runs:,} runs · seed {o.seed}"
    else:
        r = outlook_or_run
        text = f"{r.scenario.name} · run {r.run} · seed {r.scenario.simulation.seed}"
    fig.text(
        0.01, 0.01, f"{text} · negsim {__version__} · {DISCLAIMER}", fontsize=7.5, color="#555555"
    )


def _figure() -> Figure:
    with mpl.rc_context(RC):
        fig = Figure(figsize=SIZE, layout="constrained")
        fig.get_layout_engine().set(rect=FOOTER_RECT)
    return fig


def outcome_figure(now: Outlook, before: Outlook | None = None) -> Figure:
    """A bar per outcome with its 95 % interval; the previous settings as dashed outlines."""
    with mpl.rc_context(RC):
        fig = _figure()
        ax = fig.add_subplot()
        x = np.arange(len(OUTCOMES))
        p = np.array([r.probability for r in now.rows])
        err = np.array(
            [[r.probability - r.low for r in now.rows], [r.high - r.probability for r in now.rows]]
        ).clip(min=0.0)  # bounds hold the share (wilson_interval); never a negative bar
        colours = [OUTCOME_COLOURS[name] for name in OUTCOMES]
        ax.bar(x, p, width=0.62, color=colours, edgecolor="black", linewidth=0.6, zorder=2)
        ax.errorbar(x, p, yerr=err, fmt="none", ecolor="black", capsize=4, lw=1.2, zorder=3)
        handles = [Patch(facecolor="#bbbbbb", edgecolor="black", label=f"now (n = {now.runs:,})")]
        if before is not None:
            q = np.array([r.probability for r in before.rows])
            ax.bar(
                x,
                q,
                width=0.8,
                fill=False,
                edgecolor=colours,
                linestyle="--",
                linewidth=1.6,
                zorder=4,
            )
            handles.append(
                Patch(fill=False, edgecolor="black", linestyle="--", label="before the last change")
            )
        for xi, pi in zip(x, p, strict=True):
            ax.annotate(
                f"{pi:.0%}",
                (xi, pi),
                textcoords="offset points",
                xytext=(0, 6),
                ha="center",
                fontsize=9,
                zorder=5,
                bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.8},
            )
        ax.set_xticks(x, [OUTCOME_LABELS[n].replace(" ", "\n") for n in OUTCOMES], fontsize=8)
        ax.set_ylabel("share of runs (95 % interval)")
        top = max(p.max(), 0.0 if before is None else q.max())
        ax.set_ylim(0, min(1.0, top * 1.25 + 0.05))
        ax.yaxis.set_major_formatter(mpl.ticker.PercentFormatter(1.0, decimals=0))
        ax.set_title(f"Outcome after {now.weeks} weeks — {now.scenario}")
        ax.legend(handles=handles, loc="upper left")
        footer(fig, now)
    return fig


def _dates_axis(ax, start: dt.date, weeks: int) -> None:
    """Calendar dates along the top of a week axis."""
    top = ax.secondary_xaxis("top")
    ticks = np.arange(0, weeks + 1, 13)
    top.set_xticks(ticks, [(start + dt.timedelta(weeks=int(w))).strftime("%b %Y") for w in ticks])
    top.tick_params(labelsize=8)


STATE_STYLE = {
    "at_war": (OUTCOME_COLOURS["war_continues"], "-"),
    "ceasefire_active": (CEASEFIRE_COLOUR, "-"),
    "settled": (SETTLEMENT_COLOUR, "-"),
    "escalated": (OUTCOME_COLOURS["escalation"], "-"),
    "truce_active": ("#000000", ":"),
}
"""Colour and line of each state in the time-to-event chart (the outcome colours where one fits)."""


def states_figure(now: Outlook, before: Outlook | None = None) -> Figure:
    """Time to event: share of runs at war, under a ceasefire, settled, escalated, by week.

    Each line has its 95 % band; the partial truce, which does not stop the war, is dotted.
    The previous settings are drawn as thin dashed lines.
    """
    with mpl.rc_context(RC):
        fig = _figure()
        ax = fig.add_subplot()
        shares = state_shares(now)
        for name in (*STATES, TRUCE):
            colour, style = STATE_STYLE[name]
            ax.fill_between(
                shares["week"],
                shares[f"{name}.low"],
                shares[f"{name}.high"],
                color=colour,
                alpha=0.2,
                lw=0,
            )
            ax.plot(
                shares["week"],
                shares[name],
                color=colour,
                ls=style,
                lw=2.0,
                label=STATE_LABELS[name],
            )
        if before is not None:
            old = state_shares(before)
            for name in (*STATES, TRUCE):
                ax.plot(old["week"], old[name], color=STATE_STYLE[name][0], lw=1.0, ls="--")
            ax.plot([], [], color="black", lw=1.0, ls="--", label="before the last change")
        ax.set_xlim(0, max(now.weeks - 1, 1))
        ax.set_ylim(0, 1)
        ax.yaxis.set_major_formatter(mpl.ticker.PercentFormatter(1.0, decimals=0))
        ax.set_xlabel(f"week (week 0 = {now.start_date:%d %b %Y})")
        ax.set_ylabel("share of runs at the end of the week")
        ax.set_title("Where the runs stand, week by week (band: 95 % interval)")
        _dates_axis(ax, now.start_date, now.weeks)
        ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), fontsize=8)
        footer(fig, now)
    return fig


def beliefs_figure(now: Outlook, before: Outlook | None = None) -> Figure:
    """How far each side's belief about the other's resolve is from the truth, week by week.

    Median over runs with its 10–90 % band; 0 is the truth. Optimism starts a side above or
    below it, and each week of fighting and each rejection teach it (Blainey; Slantchev).
    The previous settings' medians are drawn as thin dashed lines.
    """
    with mpl.rc_context(RC):
        fig = _figure()
        ax = fig.add_subplot()
        bands = belief_bands(now)
        for party in PARTIES:
            colour = ACTOR_COLOURS[party]
            low, mid, high = bands[party]
            ax.fill_between(bands["week"], low, high, color=colour, alpha=0.2, lw=0)
            ax.plot(
                bands["week"],
                mid,
                color=colour,
                lw=2.0,
                label=f"{ACTOR_LABELS[party]} about {ACTOR_LABELS[OTHER[party]]}",
            )
        if before is not None:
            old = belief_bands(before)
            for party in PARTIES:
                ax.plot(old["week"], old[party][1], color=ACTOR_COLOURS[party], lw=1.0, ls="--")
            ax.plot([], [], color="black", lw=1.0, ls="--", label="before the last change")
        ax.axhline(0, color="black", lw=0.8)
        ax.set_xlim(0, max(now.weeks - 1, 1))
        ax.set_xlabel(f"week (week 0 = {now.start_date:%d %b %Y})")
        ax.set_ylabel("belief − true resolve\n(above 0: overrates the other)")
        ax.set_title("Beliefs about the other's resolve (median, 10–90 % of runs)")
        _dates_axis(ax, now.start_date, now.weeks)
        ax.legend(loc="upper right", fontsize=8)
        footer(fig, now)
    return fig


def terms_figure(now: Outlook, ideals: dict[str, list[float]]) -> Figure:
    """Terms of signed settlements per issue: median and 10–90 % range, ideal points marked."""
    with mpl.rc_context(RC):
        fig = _figure()
        ax = fig.add_subplot()
        terms = terms_summary(now)
        y = np.arange(len(ISSUES))[::-1]
        n = terms[ISSUES[0]]["n"]
        for yi, issue in zip(y, ISSUES, strict=True):
            row = terms[issue]
            if row["n"]:
                ax.plot(
                    [row["p10"], row["p90"]],
                    [yi, yi],
                    color=SETTLEMENT_COLOUR,
                    lw=6,
                    alpha=0.5,
                    solid_capstyle="butt",
                )
                ax.plot(row["p50"], yi, "o", color=SETTLEMENT_COLOUR, ms=8, mec="black")
        for actor, point in ideals.items():
            ax.scatter(
                point,
                y,
                marker=ACTOR_MARKERS[actor],
                color=ACTOR_COLOURS[actor],
                s=36,
                zorder=4,
                label=f"{ACTOR_LABELS[actor]}\nideal",
            )
        ax.set_yticks(y, [ISSUE_LABELS[i] for i in ISSUES])
        ax.set_xlim(-0.03, 1.03)
        ax.set_xlabel("position (0 = Ukraine's pole, 1 = Russia's pole)")
        handles, _ = ax.get_legend_handles_labels()
        handles.insert(
            0,
            Line2D(
                [],
                [],
                color=SETTLEMENT_COLOUR,
                lw=6,
                alpha=0.5,
                marker="o",
                mec="black",
                label="agreed:\nmedian,\n10–90 %",
            ),
        )
        fig.legend(handles=handles, loc="outside right center", fontsize=8)
        if n:
            ax.set_title(f"Agreed terms (signed settlements, n = {n:,})")
        else:
            ax.set_title("Agreed terms: no settlement signed in these runs")
        footer(fig, now)
    return fig


def _shade(ax, run: OneRun) -> None:
    """Weeks under a ceasefire (yellow) and under a settlement (green) behind a panel."""
    for v in run.history:
        if v.ceasefire_active:
            ax.axvspan(v.week - 0.5, v.week + 0.5, color=CEASEFIRE_SHADE, alpha=0.35, lw=0)
        elif v.settled:
            ax.axvspan(v.week - 0.5, v.week + 0.5, color=SETTLEMENT_COLOUR, alpha=0.15, lw=0)


def one_run_figure(run: OneRun) -> Figure:
    """The followed world so far: the front; each party's margins; each side's belief.

    Middle: the US package's value minus the value of fighting on (above 0 the party accepts,
    red lines and bluffs aside), and the 30-day ceasefire's margin in the weeks it was offered.
    Bottom: each side's mean belief about the other's resolve, and the other's true resolve
    (dotted, in the believer's colour): fighting and rejections move the belief toward it.
    """
    with mpl.rc_context(RC):
        fig = Figure(figsize=(7.6, 6.4), layout="constrained")
        fig.get_layout_engine().set(rect=FOOTER_RECT)
        top, middle, bottom = fig.subplots(3, 1, sharex=True, height_ratios=[1.0, 1.0, 0.9])
        weeks = np.arange(len(run.history))
        horizon = run.scenario.simulation.weeks
        for ax in (top, middle, bottom):
            _shade(ax, run)
        if len(weeks):
            top.plot(
                weeks,
                run.series("kursk"),
                color=BATTLEFIELD_COLOUR,
                marker=".",
                label="Kursk salient:\nRussian share",
            )
            top.plot(
                weeks,
                run.series("territory"),
                color=BATTLEFIELD_COLOUR,
                ls="--",
                label="claimed regions:\nRussian share",
            )
            top.plot(
                weeks, run.series("momentum"), color="#555555", ls=":", label="Russian momentum"
            )
            for party in PARTIES:
                colour = ACTOR_COLOURS[party]
                other = OTHER[party]
                middle.plot(
                    weeks,
                    run.series(f"margin.{party}"),
                    color=colour,
                    marker=".",
                    label=f"{ACTOR_LABELS[party]}: US\npackage − fighting",
                )
                middle.plot(
                    weeks,
                    run.series(f"cf_margin.{party}"),
                    color=colour,
                    ls="--",
                    marker="x",
                    ms=4,
                    label=f"{ACTOR_LABELS[party]}:\n30-day ceasefire",
                )
                bottom.plot(
                    weeks,
                    run.series(f"belief.{party}"),
                    color=colour,
                    marker=".",
                    label=f"{ACTOR_LABELS[party]}'s belief\nabout {ACTOR_LABELS[other]}",
                )
                bottom.step(
                    weeks,
                    run.series(f"resolve.{other}"),
                    where="mid",
                    color=colour,
                    ls=":",
                    lw=1.6,
                    label=f"{ACTOR_LABELS[other]}'s\ntrue resolve",
                )
        top.set_ylim(-1.05, 1.05)
        top.set_ylabel("share / momentum")
        shown = f"weeks 0–{run.week - 1}" if run.week else "no week yet"
        top.set_title(f"One run: run {run.run}, {shown} of {horizon}")
        middle.axhline(0, color="black", lw=0.8)
        middle.set_ylabel("margin (utility)\nabove 0: accepts")
        bottom.set_ylim(0, 1)
        bottom.set_ylabel("resolve")
        bottom.set_xlabel("week (shaded: ceasefire yellow, settlement green)")
        bottom.set_xlim(-0.5, max(horizon, 1) - 0.5)
        if len(weeks):  # a legend with no lines yet would only warn
            for ax in (top, middle, bottom):
                ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), fontsize=7)
        _dates_axis(top, run.scenario.simulation.start_date, horizon)
        footer(fig, run)
    return fig
