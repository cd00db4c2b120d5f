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
from simulator.dashboard.one_run import OneRun
from simulator.dashboard.outlook import Outlook, agreement_curves, terms_summary
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
        ax.set_xticks(x, [OUTCOME_LABELS[n].replace(" ", "\n", 1) for n in OUTCOMES])
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


def agreement_figure(now: Outlook, before: Outlook | None = None) -> Figure:
    """Cumulative share of runs with a first ceasefire / a settlement by week, with 95 % bands."""
    with mpl.rc_context(RC):
        fig = _figure()
        ax = fig.add_subplot()
        lines = (
            ("first_ceasefire", "first ceasefire", CEASEFIRE_COLOUR),
            ("settled", "comprehensive settlement", SETTLEMENT_COLOUR),
        )
        curves = agreement_curves(now)
        for name, label, colour in lines:
            ax.fill_between(
                curves["week"],
                curves[f"{name}.low"],
                curves[f"{name}.high"],
                color=colour,
                alpha=0.25,
                lw=0,
            )
            ax.plot(curves["week"], curves[name], color=colour, lw=2.2, label=label)
        if before is not None:
            old = agreement_curves(before)
            for name, _, colour in lines:
                ax.plot(old["week"], old[name], color=colour, lw=1.2, ls="--")
            ax.plot([], [], color="black", lw=1.2, ls="--", label="before the last change")
        ax.set_xlim(0, now.weeks - 1)
        ax.set_ylim(0, 1)
        ax.yaxis.set_major_formatter(mpl.ticker.PercentFormatter(1.0, decimals=0))
        ax.set_xlabel(f"week (week 0 = {now.start_date:%d %b %Y})")
        ax.set_ylabel("runs with it by then")
        ax.set_title("Time to agreement (band: 95 % interval)")
        _dates_axis(ax, now.start_date, now.weeks)
        ax.legend(loc="upper left")
        footer(fig, now)
    return fig


def terms_figure(now: Outlook, ideals: dict[str, list[float]]) -> Figure:
    """Agreed terms per issue over settlements: median and 10–90 % range, ideal points marked."""
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
            ax.set_title(f"Agreed terms (settlements only, n = {n:,})")
        else:
            ax.set_title("Agreed terms: no comprehensive settlement in these runs")
        footer(fig, now)
    return fig


def one_run_figure(run: OneRun) -> Figure:
    """The followed world so far: battlefield above, each party's margins below."""
    with mpl.rc_context(RC):
        fig = Figure(figsize=(6.4, 4.8), layout="constrained")
        fig.get_layout_engine().set(rect=FOOTER_RECT)
        top, bottom = fig.subplots(2, 1, sharex=True)
        weeks = np.arange(len(run.history))
        horizon = run.scenario.simulation.weeks
        for ax in (top, bottom):
            for v in run.history:
                if v.ceasefire_active:
                    ax.axvspan(v.week - 0.5, v.week + 0.5, color=CEASEFIRE_SHADE, alpha=0.35, lw=0)
        if len(weeks):
            top.plot(
                weeks,
                run.series("kursk"),
                color=BATTLEFIELD_COLOUR,
                marker=".",
                label="Russian control of Kursk salient",
            )
            top.plot(
                weeks,
                run.series("territory"),
                color=BATTLEFIELD_COLOUR,
                ls="--",
                label="claimed regions held by Russia",
            )
            top.plot(
                weeks, run.series("momentum"), color="#555555", ls=":", label="Russian momentum"
            )
            for party in ("russia", "ukraine"):
                colour = ACTOR_COLOURS[party]
                bottom.plot(
                    weeks,
                    run.series(f"margin.{party}"),
                    color=colour,
                    marker=".",
                    label=f"{ACTOR_LABELS[party]}: package on the table",
                )
                bottom.plot(
                    weeks,
                    run.series(f"cf_margin.{party}"),
                    color=colour,
                    ls="--",
                    label=f"{ACTOR_LABELS[party]}: 30-day ceasefire",
                )
        top.set_ylim(-1.05, 1.05)
        top.set_ylabel("share / momentum")
        shown = f"weeks 0–{run.week - 1}" if run.week else "no week yet"
        top.set_title(f"One run: run {run.run}, {shown} of {horizon}")
        if len(weeks):  # a legend with no lines yet would only warn
            top.legend(loc="lower left", fontsize=7.5, ncols=3)
        bottom.axhline(0, color="black", lw=0.8)
        bottom.set_ylabel("margin (utility)")
        bottom.set_xlabel("week (shaded: ceasefire in force; above 0: the party accepts)")
        bottom.set_xlim(-0.5, max(horizon, 1) - 0.5)
        if len(weeks):
            bottom.legend(loc="lower left", fontsize=7.5, ncols=2)
        _dates_axis(top, run.scenario.simulation.start_date, horizon)
        footer(fig, run)
    return fig
