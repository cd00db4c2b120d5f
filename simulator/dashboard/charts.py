"""Matplotlib figures of the dashboard's outcome view, in the colours of every negsim chart.

Each figure shows the current settings ("now") beside the pinned scenario (``pinned``): bars side
by side, lines solid against dashed, agreed terms in lanes of their own, each labelled in the
legend with what it is ("now: your changes", "pinned: baseline"). Figures are built with
``matplotlib.figure.Figure`` (no pyplot state), so the server can draw for several browser
sessions at once, and sized by a ``look`` for their place on the page or on a projector.
"""

from __future__ import annotations

from dataclasses import dataclass

import matplotlib as mpl
import numpy as np
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from simulator.dashboard.look import (
    CLASSROOM,
    Look,
    axes_with_key,
    dates_axis,
    footer,
    new_figure,
    put_key,
    title,
)
from simulator.dashboard.one_run import OTHER, PARTIES
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
    CEASEFIRE_COLOUR,
    ISSUE_LABELS,
    OUTCOME_COLOURS,
    OUTCOME_LABELS,
    SETTLEMENT_COLOUR,
)
from simulator.rules import ISSUES, OUTCOMES
from simulator.scenario import Scenario

PINNED_ALPHA = 0.35
"""Pinned bars and bands are the same colours, lighter and hatched."""


@dataclass(frozen=True)
class Compared:
    """What an outcome-view chart shows: the current outlook and the pinned one, with labels."""

    now: Outlook
    pinned: Outlook | None = None
    now_label: str = "now"
    pinned_label: str = "pinned"


def _credit(shown: Compared) -> list[str]:
    parts = [shown.now_label]
    if shown.pinned is not None:
        parts.append(shown.pinned_label)
    parts.append(f"{shown.now.runs:,} runs each · seed {shown.now.seed}")
    return parts


def ideals(scenario: Scenario) -> dict[str, list[float]]:
    """Each negotiating party's ideal point per issue, for ``terms_figure``."""
    return {
        actor: [float(getattr(getattr(scenario.actors, actor).ideal, i)) for i in ISSUES]
        for actor in ("russia", "ukraine", "us")
    }


def _two_lines(label: str) -> str:
    """An outcome's label over two lines after its first word (Comprehensive / settlement)."""
    words = label.split()
    if len(words) < 2:
        return label
    return " ".join(words[:1]) + "\n" + " ".join(words[1:])


def outcome_figure(shown: Compared, look: Look = CLASSROOM) -> Figure:
    """A pair of bars per outcome, now above pinned, each with its 95 % interval and share."""
    with mpl.rc_context(look.rc):
        fig = new_figure(look, "outcomes")
        ax, key, columns = axes_with_key(fig, look, _series_labels(shown))
        y = np.arange(len(OUTCOMES))[::-1].astype(float)
        colours = [OUTCOME_COLOURS[name] for name in OUTCOMES]
        series = [(shown.now, 0.21, True)]
        if shown.pinned is not None:
            series.append((shown.pinned, -0.21, False))
        height = 0.4 if shown.pinned is not None else 0.6
        top = 0.0
        for outlook, offset, solid in series:
            at = y + (offset if shown.pinned is not None else 0.0)
            p = np.array([r.probability for r in outlook.rows])
            low = np.array([r.low for r in outlook.rows])
            high = np.array([r.high for r in outlook.rows])
            err = np.array([p - low, high - p]).clip(min=0.0)  # bounds hold the share (Wilson)
            ax.barh(
                at,
                p,
                height=height,
                color=colours,
                alpha=1.0 if solid else PINNED_ALPHA,
                hatch=None if solid else "//",
                edgecolor="black",
                linewidth=0.8,
                zorder=2,
            )
            ax.errorbar(p, at, xerr=err, fmt="none", ecolor="black", capsize=3, lw=1.1, zorder=3)
            for yi, hi, pi in zip(at, high, p, strict=True):
                ax.annotate(
                    f"{pi:.0%}",
                    (hi, yi),
                    textcoords="offset points",
                    xytext=(4, 0),
                    va="center",
                    fontsize=look.text_pt,
                    fontweight="bold" if solid else "normal",
                )
            top = max(top, float(high.max()))
        handles = [Patch(facecolor="#888888", edgecolor="black", label=shown.now_label)]
        if shown.pinned is not None:
            handles.append(
                Patch(
                    facecolor="#888888",
                    alpha=PINNED_ALPHA,
                    hatch="//",
                    edgecolor="black",
                    label=shown.pinned_label,
                )
            )
        ax.set_yticks(y, [_two_lines(OUTCOME_LABELS[n]) for n in OUTCOMES])
        ax.grid(axis="y", visible=False)
        right = min(1.0, top) * 1.12 + 0.12  # room for the share beside the longest bar
        ax.set_xlim(0, right)
        step = 0.1 if right > 0.4 else 0.05
        ax.set_xticks([t for t in np.arange(0, 1.0001, step) if t <= right])
        ax.xaxis.set_major_formatter(mpl.ticker.PercentFormatter(1.0, decimals=0))
        ax.set_xlabel("share of runs (bar: 95 % interval)")
        title(fig, look, f"Outcome after {shown.now.weeks} weeks")
        put_key(key, look, handles, columns)
        footer(fig, look, *_credit(shown))
    return fig


STATE_STYLE = {
    "at_war": (OUTCOME_COLOURS["war_continues"], "-"),
    "ceasefire_active": (CEASEFIRE_COLOUR, "-"),
    "settled": (SETTLEMENT_COLOUR, "-"),
    "escalated": (OUTCOME_COLOURS["escalation"], "-"),
    "truce_active": ("#000000", ":"),
}
"""Colour and line of each state in the time-to-event chart (the outcome colours where one fits)."""


def _series_labels(shown: Compared) -> list[str]:
    return [shown.now_label] + ([shown.pinned_label] if shown.pinned is not None else [])


def _belief_label(party: str) -> str:
    return f"{ACTOR_LABELS[party]} about {ACTOR_LABELS[OTHER[party]]}"


def _style_handles(shown: Compared) -> list[Line2D]:
    """Legend entries saying which line is now (solid, with band) and which pinned (dashed)."""
    out = [Line2D([], [], color="black", lw=2.2, label=shown.now_label)]
    if shown.pinned is not None:
        out.append(Line2D([], [], color="black", lw=1.4, ls="--", label=shown.pinned_label))
    return out


def states_figure(shown: Compared, look: Look = CLASSROOM) -> Figure:
    """Time to event: share of runs at war, under a ceasefire, settled, escalated, by week.

    Now: solid lines with their 95 % bands; pinned: dashed. The partial truce, which does not
    stop the war, is dotted.
    """
    now = shown.now
    with mpl.rc_context(look.rc):
        fig = new_figure(look, "states")
        style = _style_handles(shown)
        labels = [STATE_LABELS[n] for n in (*STATES, TRUCE)] + [h.get_label() for h in style]
        ax, key, columns = axes_with_key(fig, look, labels)
        shares = state_shares(now)
        handles = []
        for name in (*STATES, TRUCE):
            colour, dash = STATE_STYLE[name]
            ax.fill_between(
                shares["week"],
                shares[f"{name}.low"],
                shares[f"{name}.high"],
                color=colour,
                alpha=0.2,
                lw=0,
            )
            (line,) = ax.plot(
                shares["week"],
                shares[name],
                color=colour,
                ls=dash,
                lw=2.2,
                label=STATE_LABELS[name],
            )
            handles.append(line)
        if shown.pinned is not None:
            old = state_shares(shown.pinned)
            for name in (*STATES, TRUCE):
                ax.plot(old["week"], old[name], color=STATE_STYLE[name][0], lw=1.4, ls="--")
        ax.set_xlim(0, max(now.weeks - 1, 1))
        ax.set_ylim(0, 1)
        ax.yaxis.set_major_formatter(mpl.ticker.PercentFormatter(1.0, decimals=0))
        ax.set_xlabel(f"week (week 0 = {now.start_date:%d %b %Y})")
        ax.set_ylabel("share of runs\n(band: 95 % interval)")
        title(fig, look, "Where the runs stand at the end of each week")
        dates_axis(ax, now.start_date, now.weeks, look)
        put_key(key, look, handles + style, columns)
        footer(fig, look, *_credit(shown))
    return fig


def beliefs_figure(shown: Compared, look: Look = CLASSROOM) -> Figure:
    """How far each side's belief about the other's resolve is from the truth, week by week.

    Median over runs with its 10–90 % band (now) and the pinned medians dashed; 0 is the truth.
    Optimism starts a side above or below it, and each week of fighting and each rejection teach
    it (Blainey; Slantchev).
    """
    now = shown.now
    with mpl.rc_context(look.rc):
        fig = new_figure(look, "beliefs")
        style = _style_handles(shown)
        labels = [_belief_label(p) for p in PARTIES] + [h.get_label() for h in style]
        ax, key, columns = axes_with_key(fig, look, labels)
        bands = belief_bands(now)
        handles = []
        for party in PARTIES:
            colour = ACTOR_COLOURS[party]
            low, mid, high = bands[party]
            ax.fill_between(bands["week"], low, high, color=colour, alpha=0.2, lw=0)
            (line,) = ax.plot(
                bands["week"],
                mid,
                color=colour,
                lw=2.2,
                label=_belief_label(party),
            )
            handles.append(line)
        if shown.pinned is not None:
            old = belief_bands(shown.pinned)
            for party in PARTIES:
                ax.plot(old["week"], old[party][1], color=ACTOR_COLOURS[party], lw=1.4, ls="--")
        ax.axhline(0, color="black", lw=0.8)
        ax.set_xlim(0, max(now.weeks - 1, 1))
        ax.set_xlabel("week")
        ax.set_ylabel("belief − truth\n(> 0: overrates)")
        title(
            fig,
            look,
            "Each side's belief about the other's resolve, minus the truth (band: 10–90 % of runs)",
        )
        put_key(key, look, handles + style, columns)
        footer(fig, look, *_credit(shown))
    return fig


IDEAL_MARKS = {
    "russia": {"s": 100, "facecolors": "none", "linewidths": 1.8},
    "us": {"s": 55, "linewidths": 0.0},
    "ukraine": {"s": 26, "linewidths": 0.0},
}
"""Ideal points on one line of a row, largest first and hollow, so no marker hides another."""

LANES = {"now": 0.34, "pinned": -0.34}
"""Where the agreed terms sit in an issue's row, above and below its ideal points."""


IDEAL_LABELS = {"russia": "Russia's ideal", "us": "US ideal", "ukraine": "Ukraine's ideal"}


def _agreed_label(label: str, terms: dict) -> str:
    """A lane's legend entry: whose terms, and how many settlements they come from."""
    return f"{label} (n = {terms[ISSUES[0]]['n']:,})"


def _agreed(ax, terms: dict, y: np.ndarray, lane: float, solid: bool) -> None:
    """Median and 10–90 % range of the agreed terms on each issue, in one lane of the rows."""
    for yi, issue in zip(y, ISSUES, strict=True):
        row = terms[issue]
        if not row["n"]:
            continue
        ax.plot(
            [row["p10"], row["p90"]],
            [yi + lane, yi + lane],
            color=SETTLEMENT_COLOUR,
            lw=7,
            alpha=0.55 if solid else PINNED_ALPHA,
            solid_capstyle="butt",
        )
        ax.plot(
            row["p50"],
            yi + lane,
            "o",
            ms=7,
            color=SETTLEMENT_COLOUR if solid else "white",
            mec="black",
            mew=1.2,
        )


def terms_figure(shown: Compared, points: dict[str, list[float]], look: Look = CLASSROOM) -> Figure:
    """Terms of signed settlements per issue: now and pinned in lanes, ideal points between."""
    with mpl.rc_context(look.rc):
        fig = new_figure(look, "terms")
        now = terms_summary(shown.now)
        pinned = terms_summary(shown.pinned) if shown.pinned is not None else None
        labels = [_agreed_label(shown.now_label, now)]
        if pinned is not None:
            labels.append(_agreed_label(shown.pinned_label, pinned))
        labels += [IDEAL_LABELS[a] for a in IDEAL_MARKS]
        ax, key, columns = axes_with_key(fig, look, labels)
        y = np.arange(len(ISSUES))[::-1].astype(float)
        _agreed(ax, now, y, LANES["now"], solid=True)
        n_now = now[ISSUES[0]]["n"]
        handles = [
            Line2D(
                [],
                [],
                color=SETTLEMENT_COLOUR,
                lw=7,
                alpha=0.55,
                marker="o",
                ms=7,
                mfc=SETTLEMENT_COLOUR,
                mec="black",
                label=labels[0],
            )
        ]
        if pinned is not None:
            _agreed(ax, pinned, y, LANES["pinned"], solid=False)
            handles.append(
                Line2D(
                    [],
                    [],
                    color=SETTLEMENT_COLOUR,
                    lw=7,
                    alpha=PINNED_ALPHA,
                    marker="o",
                    ms=7,
                    mfc="white",
                    mec="black",
                    label=labels[1],
                )
            )
        for actor in ("russia", "us", "ukraine"):  # largest first: the smaller sit inside
            marks = IDEAL_MARKS[actor]
            colour = ACTOR_COLOURS[actor]
            hollow = marks.get("facecolors") == "none"
            handles.append(
                ax.scatter(
                    points[actor],
                    y,
                    marker=ACTOR_MARKERS[actor],
                    edgecolors=colour,
                    **({"facecolors": "none"} if hollow else {"color": colour}),
                    s=marks["s"],
                    linewidths=marks["linewidths"],
                    zorder=4,
                    label=IDEAL_LABELS[actor],
                )
            )
        for yi in y[:-1]:
            ax.axhline(yi - 0.5, color="#cccccc", lw=0.8)
        ax.set_yticks(y, [ISSUE_LABELS[i] for i in ISSUES])
        ax.set_ylim(-0.5, len(ISSUES) - 0.5)
        ax.grid(axis="y", visible=False)
        ax.set_xlim(-0.04, 1.04)
        ax.set_xlabel("0 = Ukraine's position … 1 = Russia's")
        heading = "Agreed terms of signed settlements (dot: median, bar: 10–90 %)"
        if not n_now:
            heading = "Agreed terms: no settlement signed now (dot: median, bar: 10–90 %)"
        title(fig, look, heading)
        put_key(key, look, handles, columns)
        footer(fig, look, *_credit(shown))
    return fig
