"""The figure of the dashboard's "one run" view: the followed world so far, week by week."""

from __future__ import annotations

import matplotlib as mpl
import numpy as np
from matplotlib.figure import Figure

from simulator.dashboard.look import (
    CLASSROOM,
    Look,
    dates_axis,
    footer,
    legend_if_labelled,
    new_figure,
    title,
)
from simulator.dashboard.one_run import OTHER, PARTIES, OneRun
from simulator.report import (
    ACTOR_COLOURS,
    ACTOR_LABELS,
    BATTLEFIELD_COLOUR,
    CEASEFIRE_SHADE,
    SETTLEMENT_COLOUR,
)


def _shade(ax, run: OneRun) -> None:
    """Weeks under a ceasefire (blue) and under a settlement (green) behind a panel."""
    for v in run.history:
        if v.ceasefire_active:
            ax.axvspan(v.week - 0.5, v.week + 0.5, color=CEASEFIRE_SHADE, alpha=0.35, lw=0)
        elif v.settled:
            ax.axvspan(v.week - 0.5, v.week + 0.5, color=SETTLEMENT_COLOUR, alpha=0.15, lw=0)


def _front(ax, run: OneRun, weeks: np.ndarray) -> None:
    ax.plot(
        weeks,
        run.series("kursk"),
        color=BATTLEFIELD_COLOUR,
        marker=".",
        label="Kursk salient:\nRussian share",
    )
    ax.plot(
        weeks,
        run.series("territory"),
        color=BATTLEFIELD_COLOUR,
        ls="--",
        label="claimed regions:\nRussian share",
    )
    ax.plot(weeks, run.series("momentum"), color="#555555", ls=":", label="Russian\nmomentum")


def _margins(ax, run: OneRun, weeks: np.ndarray) -> None:
    for party in PARTIES:
        colour = ACTOR_COLOURS[party]
        ax.plot(
            weeks,
            run.series(f"margin.{party}"),
            color=colour,
            marker=".",
            label=f"{ACTOR_LABELS[party]}: US\npackage − fighting",
        )
        ax.plot(
            weeks,
            run.series(f"cf_margin.{party}"),
            color=colour,
            ls="--",
            marker="x",
            ms=4,
            label=f"{ACTOR_LABELS[party]}:\n30-day ceasefire",
        )


def _beliefs(ax, run: OneRun, weeks: np.ndarray) -> None:
    for party in PARTIES:
        colour = ACTOR_COLOURS[party]
        other = OTHER[party]
        ax.plot(
            weeks,
            run.series(f"belief.{party}"),
            color=colour,
            marker=".",
            label=f"{ACTOR_LABELS[party]}'s belief\nabout {ACTOR_LABELS[other]}",
        )
        ax.step(
            weeks,
            run.series(f"resolve.{other}"),
            where="mid",
            color=colour,
            ls=":",
            lw=1.6,
            label=f"{ACTOR_LABELS[other]}'s\ntrue resolve",
        )


def one_run_figure(run: OneRun, look: Look = CLASSROOM, label: str = "") -> Figure:
    """The followed world so far: the front; each party's margins; each side's belief.

    Middle: the US package's value minus the value of fighting on (above 0 the party accepts,
    red lines and bluffs aside), and the 30-day ceasefire's margin in the weeks it was offered.
    Bottom: each side's mean belief about the other's resolve, and the other's true resolve
    (dotted, in the believer's colour): fighting and rejections move the belief toward it.
    ``label`` says whose settings these are in the footer ("now: your changes").
    """
    with mpl.rc_context(look.rc):
        fig = new_figure(look, "one_run")
        top, middle, bottom = fig.subplots(3, 1, sharex=True, height_ratios=[1.0, 1.0, 0.9])
        weeks = np.arange(len(run.history))
        horizon = run.scenario.simulation.weeks
        for ax in (top, middle, bottom):
            _shade(ax, run)
        if len(weeks):
            _front(top, run, weeks)
            _margins(middle, run, weeks)
            _beliefs(bottom, run, weeks)
        top.set_ylim(-1.05, 1.05)
        top.set_ylabel("share /\nmomentum")
        shown = f"weeks 0–{run.week - 1}" if run.week else "no week yet"
        title(fig, look, f"Run {run.run}: {shown} of {horizon}")
        middle.axhline(0, color="black", lw=0.8)
        middle.set_ylabel("margin\n(0 and up: yes)")
        bottom.set_ylim(0, 1)
        bottom.set_ylabel("resolve")
        bottom.set_xlabel("week (shaded: ceasefire blue, settlement green)")
        bottom.set_xlim(-0.5, max(horizon, 1) - 0.5)
        for ax in (top, middle, bottom):
            legend_if_labelled(ax, look, loc="center left", bbox_to_anchor=(1.01, 0.5))
        dates_axis(top, run.scenario.simulation.start_date, horizon, look)
        seed = f"seed {run.scenario.simulation.seed}"
        footer(fig, look, label or run.scenario.name, f"run {run.run}", seed)
    return fig
