"""The forecast chart: one figure per question, the model beside each crowd at each date.

One figure per question reads from the back of a room: a question's bins are rows (their labels
wrapped on the left, first bin on top), the model's probability a grey bar with its 95 %
interval and its value written beside it, each crowd's published forecast a marker below it
(colour per platform, marker shape per date), and what happened a shaded row with a bold label.
An annulled question says so above its panel. Drawn from the forecast document
(``forecast.json``) alone; files are ``forecast-<question id>.png`` and ``.svg``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from simulator import __version__
from simulator.report.figures import (
    finish_figure,
    footer_text,
    new_figure,
    save_figure,
    style_of,
    wrap_to_width,
)
from simulator.report.forecast_words import (
    MODEL_NAME,
    crowd_label,
    day,
    model_percent,
)
from simulator.report.label_room import widen_for_labels
from simulator.report.palette import DEFAULT_STYLE, OKABE_ITO, Style
from simulator.report.run_data import changes_text

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

MODEL_LABEL = f"{MODEL_NAME} (whisker: 95 % interval)"
MODEL_COLOUR = "#BBBBBB"
"""The model's bars: a neutral grey, so colour always means a crowd's platform."""
HAPPENED_SHADE = "#FFE9A8"
"""The row of the bin that happened: a pale highlight behind bars and markers."""
ANNULLED_COLOUR = "#8A3B00"
"""The annulled note: the disclaimer's colour on the pages."""
PLATFORM_COLOURS = (
    OKABE_ITO["blue"],
    OKABE_ITO["orange"],
    OKABE_ITO["bluish_green"],
    OKABE_ITO["reddish_purple"],
    OKABE_ITO["vermillion"],
    OKABE_ITO["sky_blue"],
    OKABE_ITO["black"],
    OKABE_ITO["yellow"],
)
"""One colour per platform, in order of first appearance (repeating past eight)."""
DATE_MARKERS = ("o", "s", "D", "^", "v", "P")
"""One marker shape per forecast date, earliest first (repeating past six)."""
LABEL_SHARE = 0.24
"""Share of the figure's width a bin's label may take on the left."""
LEGEND_SHARE = 0.2
"""Share of the figure's width a legend entry may take on the right."""
LEGEND_SIZE = 0.78
"""Legend type as a share of the style's base size: crowd names are read from the back."""
PANEL_SHARE = 0.5
"""Share of the figure's width the note above the panel may take (about the axes' width)."""
ROOMY_BINS = 4
"""Bins the style's height holds; each further bin makes the figure taller."""
MODEL_ROW = (-0.22, 0.36)
"""The model bar's offset from its row's centre and its height (rows are 1 apart)."""
CROWD_BAND = (0.06, 0.42)
"""Offsets from the row's centre over which the crowds' markers are spread, below the bar."""


def figure_stem(question_id: object) -> str:
    """The file stem of a question's chart: ``forecast-<id>``, with only safe characters."""
    safe = re.sub(r"[^A-Za-z0-9_-]+", "-", str(question_id)).strip("-")[:80]
    return f"forecast-{safe or 'question'}"


def _stems(questions: list[dict]) -> list[str]:
    """One distinct stem per question (a clash after cleaning gets a number)."""
    stems: list[str] = []
    for q in questions:
        stem = figure_stem(q.get("id", ""))
        base, n = stem, 2
        while stem in stems:
            stem, n = f"{base}-{n}", n + 1
        stems.append(stem)
    return stems


def _platform_colours(crowds: list[dict]) -> dict[str, str]:
    names = list(dict.fromkeys(str(c["name"]) for c in crowds))
    return {n: PLATFORM_COLOURS[i % len(PLATFORM_COLOURS)] for i, n in enumerate(names)}


def _date_markers(crowds: list[dict]) -> dict[str, str]:
    dates = sorted({str(c["date"]) for c in crowds})
    return {d: DATE_MARKERS[i % len(DATE_MARKERS)] for i, d in enumerate(dates)}


def _status(question: dict) -> tuple[str, str]:
    """The note above the panel (what happened, annulled, or not yet) and its colour."""
    annulled = question.get("annulled")
    if annulled:
        return (
            f"Annulled ({day(annulled.get('date', ''))}): {annulled.get('why', '').rstrip('.')}. "
            "No scores: the question did not resolve.",
            ANNULLED_COLOUR,
        )
    resolution = question.get("resolution")
    if resolution:
        return (
            f"What happened: {resolution['bin']} (resolved {day(resolution.get('date', ''))})",
            "black",
        )
    return "Not resolved yet: no scores.", "#444444"


def _model_bars(ax: Axes, bins: list[dict], style: Style, alone: bool) -> list:
    """The model's bars with their intervals; returns the value labels beside them.

    ``alone`` (no crowd to show) centres each bar in its row.
    """
    offset, height = (0.0, 2 * MODEL_ROW[1]) if alone else MODEL_ROW
    labels = []
    for y, b in enumerate(bins):
        model = b["model"]
        p = 100.0 * model["probability"]
        low, high = (100.0 * v for v in model["ci95"])
        ax.barh(
            y + offset,
            p,
            height=height,
            color=MODEL_COLOUR,
            edgecolor="black",
            linewidth=0.6,
            label=MODEL_LABEL if y == 0 else None,
            zorder=2,
        )
        ax.errorbar(
            p,
            y + offset,
            xerr=[[p - low], [high - p]],
            fmt="none",
            ecolor="black",
            elinewidth=style.line * 0.6,
            capsize=style.font * 0.25,
            zorder=3,
        )
        labels.append(
            ax.annotate(
                model_percent(model),
                (high, y + offset),
                xytext=(style.font * 0.3, 0),
                textcoords="offset points",
                ha="left",
                va="center",
                fontsize=style.font * 0.75,
                fontweight="bold",
            )
        )
    return labels


def _crowd_markers(ax: Axes, fig: Figure, question: dict, style: Style) -> None:
    """Each crowd at each date: one marker per bin, in its row below the model's bar."""
    crowds = question.get("crowds") or []
    if not crowds:
        return
    colours, markers = _platform_colours(crowds), _date_markers(crowds)
    low, high = CROWD_BAND
    step = (high - low) / max(len(crowds) - 1, 1)
    legend_size = style.font * LEGEND_SIZE
    for j, crowd in enumerate(crowds):
        offset = (low + high) / 2 if len(crowds) == 1 else low + j * step
        probabilities = crowd.get("probabilities") or {}
        points = [
            (100.0 * probabilities[b["label"]], y + offset)
            for y, b in enumerate(question["bins"])
            if isinstance(probabilities.get(b["label"]), int | float)
        ]
        ax.plot(
            [x for x, _ in points],
            [y for _, y in points],
            linestyle="none",
            marker=markers[str(crowd["date"])],
            markersize=style.font * 0.55,
            color=colours[str(crowd["name"])],
            markeredgecolor="black",
            markeredgewidth=0.6,
            label=wrap_to_width(fig, crowd_label(crowd), legend_size, share=LEGEND_SHARE),
            zorder=4,
            clip_on=False,  # a forecast of 0 % sits on the axis, whole
        )


def question_chart(doc: dict, question: dict, style: Style) -> Figure:
    """One question's chart: model bars with intervals, crowd markers, what happened marked."""
    from matplotlib.patches import Patch  # noqa: PLC0415 - matplotlib only when drawing

    bins = question["bins"]
    fig, axes = new_figure(style)
    extra = max(len(bins) - ROOMY_BINS, 0)
    if extra:  # many bins: a taller figure keeps each row's label and markers readable
        fig.set_figheight(style.size[1] * (1.0 + 0.12 * extra))
    ax = axes[0, 0]
    resolution = question.get("resolution") or {}
    happened = None if question.get("annulled") else resolution.get("bin")
    tick_size = style.font * 0.85
    ticks = []
    for y, b in enumerate(bins):
        label = wrap_to_width(fig, str(b["label"]), tick_size, share=LABEL_SHARE)
        if b["label"] == happened:
            ax.axhspan(y - 0.5, y + 0.5, color=HAPPENED_SHADE, zorder=0, linewidth=0)
            label += "\n(what happened)"
        ticks.append(label)
    labels = _model_bars(ax, bins, style, alone=not question.get("crowds"))
    _crowd_markers(ax, fig, question, style)
    ax.set_yticks(range(len(bins)), ticks, fontsize=tick_size)
    for tick, b in zip(ax.get_yticklabels(), bins, strict=True):
        if b["label"] == happened:
            tick.set_fontweight("bold")
    ax.set_ylim(len(bins) - 0.5, -0.5)  # first bin on top
    ax.set_xlim(0, 100)
    ax.set_xlabel("Probability (%)")
    ax.grid(axis="y", visible=False)
    note, colour = _status(question)
    ax.set_title(
        wrap_to_width(fig, note, style.font * 0.85, share=PANEL_SHARE),
        fontsize=style.font * 0.85,
        color=colour,
        fontweight="bold" if question.get("annulled") else "normal",
    )
    handles, names = ax.get_legend_handles_labels()
    first = names.index(MODEL_LABEL)  # the model first, then the crowds
    order = [first] + [i for i in range(len(names)) if i != first]
    handles, names = [handles[i] for i in order], [names[i] for i in order]
    if happened is not None:
        handles.append(Patch(facecolor=HAPPENED_SHADE, edgecolor="none"))
        names.append("What happened")
    ax.legend(
        handles,
        names,
        loc="center left",
        bbox_to_anchor=(1.01, 0.5),
        fontsize=style.font * LEGEND_SIZE,
        title="Forecast",
        title_fontsize=style.font * LEGEND_SIZE,
    )
    widen_for_labels(fig, [(ax, label) for label in labels])
    finish_figure(fig, str(question["title"]), forecast_footer(doc), style, _caption(doc, question))
    return fig


def _caption(doc: dict, question: dict) -> str:
    """What the bars, whiskers and markers are, and that nothing here was fitted."""
    counted = question.get("counted_runs", doc.get("runs"))
    what = f" ({question['measure_text']})" if question.get("measure_text") else ""
    markers = (
        " Markers: each crowd's published forecast on its date." if question.get("crowds") else ""
    )
    return (
        f"Grey bars: the model's share of the {counted:,} runs counted{what}; whiskers: its "
        f"95 % interval, Monte Carlo noise only.{markers} The model was not fitted to any of this."
    )


def forecast_footer(doc: dict) -> str:
    """Scenario (and its ``--set`` changes), runs, seed, version and the disclaimer."""
    changes = changes_text([str(c) for c in doc.get("changes") or []])
    version = doc.get("version") or __version__
    return footer_text(doc["scenario"], doc["runs"], doc["seed"], version, "", changes)


def draw_forecasts(doc: dict, style: str = DEFAULT_STYLE) -> list[tuple[str, Figure]]:
    """One (file stem, figure) per question with bins, in the document's order."""
    import matplotlib  # noqa: PLC0415 - matplotlib only when drawing

    chosen = style_of(style)
    questions = [q for q in doc.get("questions", []) if q.get("bins")]
    drawn = []
    for stem, question in zip(_stems(questions), questions, strict=True):
        with matplotlib.rc_context(chosen.rc()):
            drawn.append((stem, question_chart(doc, question, chosen)))
    return drawn


def forecast_stems(doc: dict) -> dict[str, str]:
    """Each drawn question's id and its chart's file stem (``forecast-<id>``), in order."""
    questions = [q for q in doc.get("questions", []) if q.get("bins")]
    return {str(q.get("id")): stem for q, stem in zip(questions, _stems(questions), strict=True)}


def save_forecast_charts(
    doc: dict, folder: Path, style: str = DEFAULT_STYLE, name=None
) -> tuple[dict[str, str], list[Path]]:
    """Write a PNG and an SVG per question: question id -> PNG path, and every file written.

    ``name(stem)`` gives a file's stem (the folders layer adds the style: ``.paper``); the
    mapping is what ``forecast_section`` takes as images.
    """
    chosen = style_of(style)
    images, written = {}, []
    ids = list(forecast_stems(doc))
    for qid, (stem, fig) in zip(ids, draw_forecasts(doc, style), strict=True):
        files = save_figure(fig, folder, name(stem) if name else stem, chosen)
        images[qid] = str(files[0])
        written += files
    return images, written
