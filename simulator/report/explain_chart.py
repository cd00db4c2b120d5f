"""Timeline chart of one explained run, a 16:9 slide: front, beliefs, both tracks, the package.

- The front: Russian control of the Kursk salient and the momentum, with each week's battle.
- Beliefs: each side's mean belief about the other's resolve, week by week, against the truth
  it cannot see (Blainey: fighting corrects optimism; Slantchev: battles reveal information).
- Ceasefire track: the value of the pause minus fighting the same weeks (accept at ≥ 0).
- Settlement track: the US package's value net of its breakdown risk minus fighting on (accept
  at ≥ 0, unless the package crosses a red line, marked ×).
- The package signed (the US package or a side's counter) on the six issues, against both
  sides' ideals: the first one signed (the runs.csv terms), and in grey a different one signed
  after it broke down; with no settlement, the last US package.

Ceasefires, partial truces and settlements in force are shaded on every time panel. Text sits
outside the plotting areas or on an opaque box above every line, so no line strikes through
it. Matplotlib is imported lazily (Agg, ``Figure``, never pyplot).
"""

from __future__ import annotations

import io
import math
from pathlib import Path
from typing import TYPE_CHECKING

from simulator import __version__
from simulator.report.explain_words import PACKAGE_OF, POSSESSIVE
from simulator.report.figures import stable_svg_ids
from simulator.report.palette import (
    ACTOR_COLOURS,
    ACTOR_MARKERS,
    BATTLEFIELD_COLOUR,
    CEASEFIRE_SHADE,
    DISCLAIMER,
    ISSUE_LABELS,
    OKABE_ITO,
    OUTCOME_COLOURS,
    SETTLEMENT_COLOUR,
)
from simulator.rules import ISSUES

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from simulator.analysis import Story

SIZE = (16.0, 9.0)
"""Inches: 16:9, a slide."""
DPI = 120
"""The PNG is SIZE × DPI = 1920 × 1080 pixels, a projector's native size."""
FONT = 15.0
LEGEND_FONT = 14.0
"""Points; at DPI that is about 23 px, readable from the back of a lecture room."""

PARTY_COLOUR = {"russia": ACTOR_COLOURS["russia"], "ukraine": ACTOR_COLOURS["ukraine"]}
US_COLOUR = ACTOR_COLOURS["us"]
TRUCE_SHADE = OKABE_ITO["black"]  # as the run charts draw the truce: black, here a light wash
ESCALATION_COLOUR = OUTCOME_COLOURS["escalation"]
BREAKDOWN_COLOUR = OUTCOME_COLOURS["settlement_collapsed"]
BLACK, GREY = OKABE_ITO["black"], OKABE_ITO["grey"]
LABEL_BOX = {"boxstyle": "round,pad=0.25", "facecolor": "white", "edgecolor": "none"}
LABEL_Z = 10
"""Text inside a plotting area sits on an opaque box above every line."""

_SKIPPED = ("header", "brief", "outcome", "week", "quiet")


def _marks(records: list[dict]) -> dict[str, list]:
    """Weeks (and values) of the things the chart marks, read from the story's records."""
    out: dict[str, list] = {
        key: []
        for key in (
            "us_offer",
            "halt_offer",
            "aid",
            "event",
            "violation",
            "lapse",
            "escalation",
            "settlement",
            "breakdown",
            "withdrawal",
            "cf_yes",
            "set_yes",
            "us_package",
        )
    }
    for r in records:
        if r["kind"] in _SKIPPED:
            continue
        week, kind, track = r["week"], r["kind"], r.get("track")
        if kind == "proposal" and track == "ceasefire":
            out["us_offer"].append(week)
        elif kind == "proposal" and track == "settlement":
            out["us_package"].append((week, r["package"]))
        elif kind == "decision" and track == "ceasefire_aid_halt" and r["proposer"] == r["party"]:
            if r["accepted"]:
                out["halt_offer"].append(week)
        elif kind == "decision" and track in ("ceasefire", "ceasefire_aid_halt") and r["accepted"]:
            out["cf_yes"].append((week, r["party"], r["margin"]))
        elif kind == "decision" and track == "settlement" and r["accepted"]:
            out["set_yes"].append((week, r["party"], r["margin"]))
        elif kind == "aid" or (kind == "event" and "aid_paused" in r.get("set", "")):
            out["aid"].append(week)
        elif kind in ("event", "donor"):
            out["event"].append(week)
        elif kind == "settlement":
            out["settlement"].append((week, r))
        elif kind in ("violation", "lapse", "escalation", "breakdown", "withdrawal"):
            out[kind].append(week)
    for key in ("us_offer", "halt_offer", "aid", "event"):
        out[key] = sorted(set(out[key]))
    return out


def _spans(weeks: list[int], flags: list[bool]) -> list[tuple[float, float]]:
    """Runs of consecutive flagged weeks as (start, end) x-intervals."""
    spans, start = [], None
    for week, on in zip(weeks, flags, strict=True):
        if on and start is None:
            start = week
        if not on and start is not None:
            spans.append((start - 0.5, week - 0.5))
            start = None
    if start is not None:
        spans.append((start - 0.5, weeks[-1] + 0.5))
    return spans


def _label(ax, x, y, text, **kwargs) -> None:
    """Text inside a plotting area, on an opaque box above the lines."""
    ax.annotate(text, (x, y), bbox=LABEL_BOX, zorder=LABEL_Z, fontsize=FONT * 0.8, **kwargs)


def _time_panels(story: Story, marks: dict, axes) -> None:
    """Shading and vertical marks shared by the four time panels."""
    s = story.series
    for ax in axes:
        for flags, colour, alpha in (
            (s.ceasefire_active, CEASEFIRE_SHADE, 0.45),
            (s.truce_active, TRUCE_SHADE, 0.10),
            (s.settled, SETTLEMENT_COLOUR, 0.18),
        ):
            for a, b in _spans(s.week, flags):
                ax.axvspan(a, b, color=colour, alpha=alpha, lw=0, zorder=0)
        for week in marks["aid"]:
            ax.axvline(week, color=US_COLOUR, ls="--", lw=1.6)
        for week in marks["event"]:
            ax.axvline(week, color=GREY, ls=":", lw=1.4)
        for week, _ in marks["settlement"]:
            ax.axvline(week, color=SETTLEMENT_COLOUR, lw=3)
        for week in marks["breakdown"]:
            ax.axvline(week, color=BREAKDOWN_COLOUR, lw=3)
        for week in marks["escalation"]:
            ax.axvline(week, color=ESCALATION_COLOUR, lw=3)
        ax.set_xlim(-0.5, story.loaded.scenario.simulation.weeks - 0.5)


def _front(ax, story: Story, marks: dict) -> None:
    """Kursk control (left axis) and the momentum with each week's battle (right axis)."""
    s = story.series
    ax.plot(s.week, s.kursk, color=BATTLEFIELD_COLOUR, lw=2.4, ls="-.")
    ax.set_ylim(0, 109)
    ax.set_ylabel("Kursk held by Russia (%)")
    right = ax.twinx()
    right.axhline(0, color=BLACK, lw=0.8)
    right.plot(s.week, s.momentum, color=BLACK, lw=2.2)
    right.plot(s.week, s.battle, ".", color=GREY, ms=7)
    right.set_ylim(-1.05, 1.05)
    right.set_ylabel("momentum")
    right.grid(False)
    right.spines["right"].set_visible(True)
    for week in marks["withdrawal"]:  # on the twin axes (drawn last), low where lines are few
        _label(
            right, week, -0.85, "Ukraine leaves Kursk", xytext=(6, 0), textcoords="offset points"
        )
    ax.set_title("The front: Kursk held, momentum (+ = Russia)")


def _beliefs(ax, story: Story) -> None:
    """Each side's mean belief about the other's resolve, and the truth it is estimating."""
    s = story.series
    values = [v for k in s.belief for v in s.belief[k]] + list(s.truth.values())
    for key in ("russia", "ukraine"):
        ax.plot(s.week, s.belief[key], color=PARTY_COLOUR[key], lw=2.8)
        ax.axhline(s.truth[key], color=PARTY_COLOUR[key], lw=1.8, ls="--")
    low, high = min(values), max(values)
    pad = max(0.02, 0.12 * (high - low))
    ax.set_ylim(low - pad, high + pad)
    ax.set_ylabel("resolve (0 … 1)")
    ax.set_title("Beliefs about the other's resolve (dashed: truth)")


def _ceasefire(ax, story: Story, marks: dict) -> None:
    """Each side's margin on the US ceasefire (and on Russia's aid-halt version)."""
    s = story.series
    ax.axhline(0, color=BLACK, lw=1)
    for key in ("russia", "ukraine"):
        ax.plot(s.week, s.ceasefire_margin[key], color=PARTY_COLOUR[key], lw=2.6)
        if story.aid_halt_version:
            ax.plot(s.week, s.halt_margin[key], color=PARTY_COLOUR[key], lw=1.8, ls=":")
    for week, key, margin in marks["cf_yes"]:
        ax.plot(week, margin, "o", color=PARTY_COLOUR[key], ms=8, mec=BLACK, mew=0.8, zorder=5)
    _edge_marks(ax, marks)
    ax.set_ylabel("pause − fighting (utility)")
    ax.set_title("Ceasefire: pause − fighting (accept ≥ 0)")


def _edge_marks(ax, marks: dict) -> None:
    """US offers along the top, Russia's aid-halt offers along the bottom, collapses on zero."""
    low, high = ax.get_ylim()
    span = high - low
    low, high = low - 0.08 * span, high + 0.08 * span
    ax.set_ylim(low, high)
    top, bottom = high - 0.035 * (high - low), low + 0.035 * (high - low)
    for week in marks["us_offer"]:
        ax.plot(week, top, "v", color=US_COLOUR, ms=7)
    for week in marks["halt_offer"]:
        ax.plot(week, bottom, "^", color=PARTY_COLOUR["russia"], ms=7)
    for week in marks["violation"] + marks["lapse"]:
        ax.plot(week, 0, "X", color=BLACK, ms=11, zorder=6)


def _settlement(ax, story: Story, marks: dict) -> None:
    """Each side's margin on the US package; ×: it crosses that side's red line."""
    s = story.series
    ax.axhline(0, color=BLACK, lw=1)
    for key in ("russia", "ukraine"):
        margins = s.settlement_margin[key]
        ax.plot(s.week, margins, color=PARTY_COLOUR[key], lw=2.6)
        crossed = [
            (w, m)
            for w, m, b in zip(s.week, margins, s.red_line_blocks[key], strict=True)
            if b and not math.isnan(m)
        ]
        if crossed:
            ax.plot(*zip(*crossed, strict=True), "x", color=PARTY_COLOUR[key], ms=9, mew=2.2)
    for week, key, margin in marks["set_yes"]:
        ax.plot(week, margin, "o", color=PARTY_COLOUR[key], ms=8, mec=BLACK, mew=0.8, zorder=5)
    ax.set_ylabel("net of breakdown risk (utility)")
    ax.set_title("Settlement: US package − fighting on (accept ≥ 0)")


def _package(ax, story: Story, marks: dict) -> None:
    """The package signed (or the last US package) on the six issues, against both ideals."""
    rows = list(range(len(ISSUES)))[::-1]  # first issue on top
    signed = marks["settlement"]
    later = None  # a settlement signed after the first broke down, when its terms differ
    if signed:
        week, record = signed[0]
        package = [record["terms"][k] for k in ISSUES]
        title = f"Signed in week {week}:\n{PACKAGE_OF[record['package_of']]}"
        if marks["breakdown"]:
            title += f",\nbroke down in week {marks['breakdown'][0]}"
        if len(signed) > 1:
            again, last = signed[-1]
            title += f";\nsigned again in week {again}"
            later = [last["terms"][k] for k in ISSUES]
            if later != package:
                title += " (grey)"
        face = BLACK
    elif marks["us_package"]:
        week, last = marks["us_package"][-1]
        package = [last[k] for k in ISSUES]
        title = f"No settlement signed:\nlast US package (week {week})"
        face = GREY
    else:
        package, title, face = None, "No settlement proposed", GREY
    for y in rows:
        ax.plot([0, 1], [y, y], color=GREY, lw=1.2, zorder=1)
    for key in ("ukraine", "russia"):
        ideal = story.ideals.get(key)
        if ideal:
            ax.plot(
                ideal, rows, ACTOR_MARKERS[key], color=PARTY_COLOUR[key], ms=10, ls="", zorder=3
            )
    if later is not None and later != package:
        ax.plot(later, rows, "|", ms=30, mew=5, color=GREY, ls="", zorder=4)
    if package is not None:
        ax.plot(package, rows, "|", ms=30, mew=5, color=face, ls="", zorder=5)
    ax.set_yticks(rows, [ISSUE_LABELS.get(k, k) for k in ISSUES])
    if package is not None:
        values = ax.secondary_yaxis("right")
        values.set_yticks(rows, [f"{v:.2f}" for v in package])
        values.tick_params(length=0)
    ax.set_xlim(-0.05, 1.05)
    ax.set_ylim(-0.6, len(ISSUES) - 0.4)
    ax.set_xticks([0, 0.5, 1], ["Ukraine's\npole", "0.5", "Russia's\npole"])
    ax.grid(False)
    ax.set_title(title)


def _legend_handles(story: Story, marks: dict) -> list:
    """One legend for the whole figure, below the panels: only what this run's chart shows."""
    from matplotlib.lines import Line2D  # noqa: PLC0415 - matplotlib only when drawing
    from matplotlib.patches import Patch  # noqa: PLC0415 - matplotlib only when drawing

    def line(**kw):
        return Line2D([], [], **kw)

    s = story.series
    signed = bool(marks["settlement"])
    shown = [
        (True, line(color=PARTY_COLOUR["russia"], lw=2.8, label="Russia (belief about Ukraine)")),
        (True, line(color=PARTY_COLOUR["ukraine"], lw=2.8, label="Ukraine (belief about Russia)")),
        (True, line(color=GREY, lw=1.8, ls="--", label="truth: the other side's resolve")),
        (True, line(color=BATTLEFIELD_COLOUR, lw=2.4, ls="-.", label="Kursk held by Russia")),
        (
            True,
            line(
                color=BLACK, lw=2.2, marker=".", ms=9, mfc=GREY, mec=GREY, label="momentum, battles"
            ),
        ),
        (
            story.aid_halt_version,
            line(color=GREY, lw=1.8, ls=":", label="Russia's aid-halt version"),
        ),
        (
            bool(marks["halt_offer"]),
            line(color=PARTY_COLOUR["russia"], marker="^", ls="", ms=8, label="Russia offers it"),
        ),
        (
            bool(marks["us_offer"]),
            line(color=US_COLOUR, marker="v", ls="", ms=8, label="US ceasefire offer"),
        ),
        (True, line(color=GREY, marker="o", ls="", mec=BLACK, ms=8, label="accepts")),
        (
            any(any(b) for b in s.red_line_blocks.values()),
            line(color=GREY, marker="x", ls="", ms=9, mew=2.2, label="crosses its red line"),
        ),
        (
            any(s.ceasefire_active),
            Patch(color=CEASEFIRE_SHADE, alpha=0.45, label="ceasefire in force"),
        ),
        (
            bool(marks["violation"] or marks["lapse"]),
            line(color=BLACK, marker="X", ls="", ms=10, label="ceasefire collapses/lapses"),
        ),
        (any(s.truce_active), Patch(color=TRUCE_SHADE, alpha=0.10, label="energy-strike truce")),
        (bool(marks["aid"]), line(color=US_COLOUR, ls="--", lw=1.6, label="US aid moves")),
        (bool(marks["event"]), line(color=GREY, ls=":", lw=1.4, label="event / donor package")),
        (signed, line(color=SETTLEMENT_COLOUR, lw=3, label="settlement signed")),
        (any(s.settled), Patch(color=SETTLEMENT_COLOUR, alpha=0.18, label="settlement holds")),
        (
            bool(marks["breakdown"]),
            line(color=BREAKDOWN_COLOUR, lw=3, label="settlement breaks down"),
        ),
        (bool(marks["escalation"]), line(color=ESCALATION_COLOUR, lw=3, label="escalation")),
        (
            True,
            line(
                color=BLACK if signed else GREY,
                marker="|",
                ls="",
                ms=18,
                mew=4,
                label="signed term" if signed else "last US package",
            ),
        ),
    ]
    for key in ("ukraine", "russia"):
        ideal = line(
            color=PARTY_COLOUR[key],
            marker=ACTOR_MARKERS[key],
            ls="",
            ms=10,
            label=f"{POSSESSIVE[key]} ideal",
        )
        shown.append((True, ideal))
    return [handle for wanted, handle in shown if wanted]


def timeline_figure(story: Story, records: list[dict]) -> Figure:
    """The timeline of one run as a matplotlib ``Figure`` (16:9, 1920 × 1080 px at ``DPI``)."""
    import matplotlib  # noqa: PLC0415 - matplotlib only when drawing
    from matplotlib.figure import Figure  # noqa: PLC0415 - matplotlib only when drawing

    marks = _marks(records)
    rc = {
        "font.size": FONT,
        "axes.titlesize": FONT,
        "axes.labelsize": FONT * 0.9,
        "xtick.labelsize": FONT * 0.85,
        "ytick.labelsize": FONT * 0.85,
        "legend.fontsize": LEGEND_FONT,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.grid": True,
        "grid.alpha": 0.3,
        "svg.hashsalt": "negsim",
        "svg.fonttype": "none",
    }
    with matplotlib.rc_context(rc):
        fig = Figure(figsize=SIZE, dpi=DPI, layout="constrained")
        fig.get_layout_engine().set(rect=(0.0, 0.17, 1.0, 0.83), w_pad=0.05, h_pad=0.05)
        grid = fig.add_gridspec(2, 3, width_ratios=[1.0, 1.0, 0.62])
        front = fig.add_subplot(grid[0, 0])
        beliefs = fig.add_subplot(grid[0, 1], sharex=front)
        ceasefire = fig.add_subplot(grid[1, 0], sharex=front)
        settlement = fig.add_subplot(grid[1, 1], sharex=front)
        package = fig.add_subplot(grid[:, 2])
        _time_panels(story, marks, (front, beliefs, ceasefire, settlement))
        _front(front, story, marks)
        _beliefs(beliefs, story)
        _ceasefire(ceasefire, story, marks)
        _settlement(settlement, story, marks)
        _package(package, story, marks)
        label = f"week (week 0 = {story.start:%d %b %Y})"
        ceasefire.set_xlabel(label)
        settlement.set_xlabel(label)
        fig.legend(
            handles=_legend_handles(story, marks),
            loc="lower center",
            bbox_to_anchor=(0.5, 0.035),
            ncol=5,
            frameon=False,
            columnspacing=1.4,
            handlelength=2.2,
        )
        fig.suptitle(
            f"Run {story.run} of '{story.scenario}', week by week: {story.outcome}",
            fontsize=FONT * 1.3,
            fontweight="bold",
        )
        fig.text(
            0.5,
            0.008,
            f"negsim {__version__} · scenario {story.scenario} · seed {story.seed} · run "
            f"{story.run} (one run, not a distribution) · {DISCLAIMER}",
            ha="center",
            va="bottom",
            fontsize=FONT * 0.8,
            color="#444444",
        )
    return fig


def draw_timeline(story: Story, records: list[dict], paths: list[Path]) -> None:
    """Draw the timeline of one run and save it to each path (SVG if its name says so, else PNG)."""
    import matplotlib  # noqa: PLC0415 - matplotlib only when drawing

    fig = timeline_figure(story, records)
    with matplotlib.rc_context({"svg.hashsalt": "negsim", "svg.fonttype": "none"}):
        for path in paths:
            if ".svg" in Path(path).name:
                buffer = io.StringIO()
                fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
                Path(path).write_text(stable_svg_ids(buffer.getvalue()), encoding="utf-8")
            else:
                fig.savefig(path, format="png", dpi=DPI, metadata={"Software": None})
