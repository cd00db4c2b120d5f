"""Timeline chart of one explained run, in the slides or paper style (16:9 for slides).

- What happened: ceasefires, truces and settlements in force as bars, and each happening (whose
  package was signed, a breakdown, a ceasefire's end, aid, Kursk, escalation) labelled.
- The front: the momentum (+ = Russia's edge) and each week's battle result.
- Beliefs: each side's mean belief about the other's resolve, week by week, against the truth
  it cannot see (Blainey: fighting corrects optimism; Slantchev: battles reveal information).
- Ceasefire: each side's margin on the US ceasefire (and on Russia's aid-halt version), the
  value of the pause minus fighting the same weeks, in the weeks it answered (accept at ≥ 0).
- Settlement: each side's margin on the US package, its value net of breakdown risk minus
  fighting on, in the weeks it answered (accept at ≥ 0 unless a red line is crossed, ×).
- The package signed last (the settlement the run ends with, or the last that broke down),
  named by whose it was, against both sides' ideals; an earlier, different one in grey; with
  no settlement, the last US package.

The numbers drawn are the story's records, so the chart shows what the text says. Text sits
outside the plotting areas or on the strip, which draws no line. Matplotlib is imported lazily
(``Figure``, Agg, never pyplot).
"""

from __future__ import annotations

import math
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from simulator import __version__
from simulator.report.explain_strip import (
    SPAN_SHADES,
    draw_bars,
    happenings,
    place_labels,
    spans,
    strip_height_pt,
)
from simulator.report.explain_words import ISSUE_SHORT, PACKAGE_OF
from simulator.report.figures import finish_figure, new_figure, save_figure, style_of
from simulator.report.palette import (
    ACTOR_COLOURS,
    ACTOR_MARKERS,
    DISCLAIMER,
    DPI,
    OKABE_ITO,
    OUTCOME_LABELS,
)
from simulator.report.run_data import changes_text, scenario_label
from simulator.rules import ISSUES

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from simulator.analysis import Story
    from simulator.report.palette import Style

PARTIES = ("russia", "ukraine")
PARTY_COLOUR = {k: ACTOR_COLOURS[k] for k in PARTIES}
BLACK, GREY = OKABE_ITO["black"], OKABE_ITO["grey"]
STEM = "explain_timeline"
WIDTHS = (1.0, 1.0, 0.85)
"""Columns: two of time panels, one for the package and the key."""


def _answers(records: list[dict]) -> dict[tuple[str, str], dict[int, dict]]:
    """Each side's answer per week on each track, keyed by (party, track), from the records."""
    out: dict[tuple[str, str], dict[int, dict]] = {}
    for r in records:
        if r["kind"] == "decision":
            out.setdefault((r["party"], r["track"]), {})[r["week"]] = r
    return out


def _margins(weeks: list[int], answered: dict[int, dict]) -> list[float]:
    """A side's margin in each week it answered, NaN in the others."""
    return [answered[w]["margin"] if w in answered else math.nan for w in weeks]


def _signings(records: list[dict]) -> list[tuple[dict, int | None]]:
    """Each settlement signed, with the week it broke down (None: it holds at the end)."""
    signed = [r for r in records if r["kind"] == "settlement"]
    broke = [r["week"] for r in records if r["kind"] == "breakdown"]
    return [(s, broke[i] if i < len(broke) else None) for i, s in enumerate(signed)]


def _x(weeks) -> list[float]:
    """Week w is drawn in the middle of [w, w + 1), as the run charts count weeks."""
    return [w + 0.5 for w in weeks]


def _shade(axes, story: Story) -> None:
    """The spans in force, shaded on every time panel as on the strip."""
    s = story.series
    for kind, flags in (
        ("ceasefire", s.ceasefire_active),
        ("truce", s.truce_active),
        ("settled", s.settled),
    ):
        colour, alpha = SPAN_SHADES[kind]
        for a, b in spans(s.week, flags):
            for ax in axes:
                ax.axvspan(a, b, color=colour, alpha=alpha, lw=0, zorder=0)


def _front(ax, story: Story, style: Style) -> None:
    """The momentum (+ = Russia's edge) and each week's battle result."""
    s = story.series
    ax.axhline(0, color=BLACK, lw=0.8)
    ax.plot(_x(s.week), s.battle, "o", color=GREY, ms=style.line * 1.6, ls="")
    ax.plot(_x(s.week), s.momentum, color=BLACK)
    ax.set_ylim(-1.08, 1.08)
    ax.set_yticks([-1, 0, 1], ["−1", "0", "+1"])
    ax.set_ylabel("momentum")
    ax.set_title("Momentum (+ = Russia)")


def _beliefs(ax, story: Story) -> None:
    """Each side's mean belief about the other's resolve, and the truth it is estimating."""
    s = story.series
    values = [v for k in PARTIES for v in s.belief[k]] + [s.truth[k] for k in PARTIES]
    for key in PARTIES:
        ax.plot(_x(s.week), s.belief[key], color=PARTY_COLOUR[key])
        ax.axhline(s.truth[key], color=PARTY_COLOUR[key], ls="--", lw=ax.lines[-1].get_lw() * 0.7)
    low, high = min(values), max(values)
    pad = max(0.02, 0.12 * (high - low))
    ax.set_ylim(low - pad, high + pad)
    ax.set_ylabel("resolve")
    ax.set_title("Beliefs about resolve")


def _accepts(ax, weeks_margins, colour, style: Style) -> None:
    """Dots on the weeks a side said yes."""
    if weeks_margins:
        xs, ys = zip(*weeks_margins, strict=True)
        ax.plot(_x(xs), ys, "o", color=colour, mec=BLACK, mew=0.8, ms=style.font * 0.55, zorder=5)


def _margin_panel(ax, story: Story, answers, tracks, style: Style) -> None:
    """Each side's margins on the given tracks (solid, then dotted), acceptances as dots."""
    weeks = story.series.week
    ax.axhline(0, color=BLACK, lw=0.9)
    for track, ls in tracks:
        for key in PARTIES:
            answered = answers.get((key, track), {})
            if not answered:
                continue
            lw = None if ls == "-" else style.line * 0.75
            ax.plot(_x(weeks), _margins(weeks, answered), color=PARTY_COLOUR[key], ls=ls, lw=lw)
            yes = [(w, r["margin"]) for w, r in sorted(answered.items()) if r["accepted"]]
            _accepts(ax, yes, PARTY_COLOUR[key], style)
            crossed = [(w, r["margin"]) for w, r in sorted(answered.items()) if r.get("red_line")]
            if crossed:
                xs, ys = zip(*crossed, strict=True)
                ax.plot(
                    _x(xs),
                    ys,
                    "x",
                    color=PARTY_COLOUR[key],
                    ms=style.font * 0.6,
                    mew=style.line * 0.8,
                    ls="",
                    zorder=5,
                )
    low, high = ax.get_ylim()
    span = max(high - low, 1e-3)
    ax.set_ylim(min(low, -0.1 * span), max(high, 0.1 * span))  # zero always in view
    ax.set_ylabel("≥ 0: yes")


def _package_title(records: list[dict]) -> tuple[str, list[float] | None, list[float] | None]:
    """The package panel's title, the terms it shows in black and an earlier package in grey."""
    signings = _signings(records)
    if signings:
        last, broke = signings[-1]
        terms = [last["terms"][k] for k in ISSUES]
        whose = PACKAGE_OF[last["package_of"]]
        if broke is None:
            title = f"Signed in week {last['week']}:\n{whose[0].upper()}{whose[1:]}"
        else:
            title = f"Broke down in week {broke}:\n{whose}"
        earlier = [[s["terms"][k] for k in ISSUES] for s, _ in signings[:-1]]
        grey = next((e for e in reversed(earlier) if e != terms), None)
        return title, terms, grey
    offers = [r for r in records if r["kind"] == "proposal" and r["track"] == "settlement"]
    if offers:
        last = offers[-1]
        title = f"No settlement signed:\nlast US package, week {last['week']}"
        return title, [last["package"][k] for k in ISSUES], None
    return "No settlement proposed", None, None


def _package(ax, story: Story, records: list[dict], style: Style) -> dict:
    """The package signed (or the last US package) on the six issues, against both ideals."""
    rows = list(range(len(ISSUES)))[::-1]  # first issue on top
    title, terms, grey = _package_title(records)
    signed = any(r["kind"] == "settlement" for r in records)
    for y in rows:
        ax.plot([0, 1], [y, y], color=GREY, lw=style.line * 0.45, zorder=1)
    size = style.font * 0.6
    for key in ("ukraine", "russia"):
        ideal = story.ideals.get(key)
        if ideal:
            ax.plot(
                ideal, rows, ACTOR_MARKERS[key], color=PARTY_COLOUR[key], ms=size, ls="", zorder=3
            )
    bar = {"marker": "|", "ms": style.font * 1.25, "mew": style.line * 1.3, "ls": ""}
    if grey is not None:
        ax.plot(grey, rows, color=GREY, zorder=4, **bar)
    if terms is not None:
        ax.plot(terms, rows, color=BLACK if signed else GREY, zorder=5, **bar)
        values = ax.secondary_yaxis("right")
        values.set_yticks(rows, [f"{v:.2f}" for v in terms])
        values.tick_params(length=0)
    ax.set_yticks(rows, [ISSUE_SHORT[k].capitalize() for k in ISSUES])
    ax.tick_params(axis="y", length=0)
    ax.set_xlim(-0.06, 1.06)
    ax.set_ylim(-0.6, len(ISSUES) - 0.4)
    ax.set_xticks([0, 1], ["0: Ukraine", "1: Russia"])
    ax.grid(False)
    ax.set_title(title)
    return {"signed": signed, "grey": grey is not None, "terms": terms is not None}


def _legend_handles(answers, package: dict, style: Style) -> list:
    """The key: only what this run's chart shows."""
    from matplotlib.lines import Line2D  # noqa: PLC0415 - matplotlib only when drawing

    def line(label, **kw):
        return Line2D([], [], label=label, **kw)

    lw = style.line
    crossed = any(r.get("red_line") for a in answers.values() for r in a.values())
    halt = any(track == "ceasefire_aid_halt" for _, track in answers)
    dot = {"ls": "", "ms": style.font * 0.55}
    bar = {"marker": "|", "ls": "", "ms": style.font, "mew": lw * 1.4}
    shown = [
        (True, line("Russia", color=PARTY_COLOUR["russia"], lw=lw)),
        (True, line("Ukraine", color=PARTY_COLOUR["ukraine"], lw=lw)),
        (True, line("true resolve", color=GREY, lw=lw * 0.7, ls="--")),
        (True, line("momentum", color=BLACK, lw=lw)),
        (True, line("battle result", color=GREY, marker="o", ls="", ms=lw * 1.6)),
        (halt, line("aid-halt version", color=GREY, lw=lw * 0.75, ls=":")),
        (True, line("accepts", color=GREY, marker="o", mec=BLACK, mew=0.8, **dot)),
        (crossed, line("red line crossed", color=GREY, marker="x", mew=lw * 0.8, **dot)),
        (True, line("Ukraine's ideal", color=PARTY_COLOUR["ukraine"], marker="o", **dot)),
        (True, line("Russia's ideal", color=PARTY_COLOUR["russia"], marker="D", **dot)),
        (
            package["terms"],
            line(
                "terms signed" if package["signed"] else "US package",
                color=BLACK if package["signed"] else GREY,
                **bar,
            ),
        ),
        (package["grey"], line("earlier deal", color=GREY, **bar)),
    ]
    return [handle for wanted, handle in shown if wanted]


def _footer(story: Story) -> str:
    """Scenario, which run of how many, seed, version and the disclaimer."""
    runs = story.loaded.scenario.simulation.runs
    which = f"run {story.run:,} of {runs:,}" if story.run < runs else f"run {story.run:,}"
    changes = changes_text(list(story.changes))
    changed = f" (changed: {changes})" if changes else ""
    return (
        f"Scenario: {story.scenario}{changed} · {which} (one run, not a distribution) · seed "
        f"{story.seed} · negsim {__version__} · {DISCLAIMER}"
    )


def _grid(fig, axes, ratios):
    """Merge the figure's 3 × 3 axes into the strip, four time panels, package and key."""
    grid = axes[0, 0].get_gridspec()
    grid.set_height_ratios(ratios)
    for ax in (axes[0, 0], axes[0, 1], axes[0, 2], axes[1, 2]):
        ax.remove()
    front, beliefs = axes[1, 0], axes[1, 1]
    strip = fig.add_subplot(grid[0, :2], sharex=front)
    package = fig.add_subplot(grid[0:2, 2])
    for ax in (beliefs, axes[2, 0], axes[2, 1]):
        ax.sharex(front)
    return strip, front, beliefs, axes[2, 0], axes[2, 1], package, axes[2, 2]


def timeline_figure(story: Story, records: list[dict], style: str = "slides") -> Figure:
    """The timeline of one run as a matplotlib ``Figure`` in the named style."""
    import matplotlib  # noqa: PLC0415 - matplotlib only when drawing
    from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: PLC0415 - as above

    look = style_of(style)
    label_font = look.font * 0.85  # the legend's size
    # a title clear of the top tick label, which sits half above its axes
    with matplotlib.rc_context({**look.rc(), "axes.titlepad": look.font * 0.7}):
        fig, axes = new_figure(look, 3, 3, gridspec_kw={"width_ratios": WIDTHS})
        strip, front, beliefs, ceasefire, settlement, package, key = _grid(fig, axes, [0.4, 1, 1])
        answers = _answers(records)
        _shade((front, beliefs, ceasefire, settlement), story)
        _front(front, story, look)
        _beliefs(beliefs, story)
        _margin_panel(
            ceasefire, story, answers, (("ceasefire", "-"), ("ceasefire_aid_halt", ":")), look
        )
        ceasefire.set_title("Ceasefire: pause − war")
        _margin_panel(settlement, story, answers, (("settlement", "-"),), look)
        settlement.set_title("US package: deal − war")
        shown = _package(package, story, records, look)
        weeks = story.loaded.scenario.simulation.weeks
        front.set_xlim(0, weeks)
        for ax in (front, beliefs):
            ax.tick_params(labelbottom=False)
        ceasefire.set_xlabel(f"week (0 = {story.start:%d %b %Y})")
        settlement.set_xlabel("week")
        strip.axis("off")
        strip.set_ylim(0, 1)
        s = story.series
        draw_bars(
            strip,
            {
                "ceasefire": spans(s.week, s.ceasefire_active),
                "truce": spans(s.week, s.truce_active),
                "settled": spans(s.week, s.settled),
            },
        )
        key.axis("off")
        key.legend(
            handles=_legend_handles(answers, shown, look),
            loc="center",
            ncols=2,
            frameon=False,
            handlelength=1.4,
            columnspacing=0.8,
            borderaxespad=0.0,
        )
        named = scenario_label({"scenario": story.scenario, "changes": list(story.changes)})
        title = f"Run {story.run:,} of {named}: {OUTCOME_LABELS[story.outcome]}"
        finish_figure(fig, title, _footer(story), look)
        fig.set_dpi(DPI)  # measure labels as they will be saved
        renderer = FigureCanvasAgg(fig).get_renderer()
        fig.draw_without_rendering()  # lay out, then size the strip for its lanes of labels
        points = renderer.points_to_pixels(strip_height_pt(label_font))
        panel = front.get_window_extent(renderer).height
        axes[0, 0].get_gridspec().set_height_ratios([points / panel, 1, 1])
        fig.draw_without_rendering()
        place_labels(strip, happenings(records), renderer, label_font, look.font * 0.7)
    return fig


def draw_timeline(
    story: Story, records: list[dict], paths: list[Path], style: str = "slides"
) -> None:
    """Draw the timeline of one run and save it to each path (SVG if its name says so, else PNG).

    The files are written by ``save_figure`` (the style's size and dpi) in a scratch folder
    beside the first path, then copied to the paths given.
    """
    fig = timeline_figure(story, records, style)
    folder = Path(paths[0]).parent
    with tempfile.TemporaryDirectory(dir=folder, prefix=".explain-") as scratch:
        png, svg = save_figure(fig, Path(scratch), STEM, style_of(style))
        for path in paths:
            shutil.copyfile(svg if ".svg" in Path(path).name else png, path)
