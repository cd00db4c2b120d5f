"""Charts of a scenario discovery: PRIM's peeling trajectory and the chosen boxes' ranges.

Both are drawn from ``discovery.json`` alone, with the shared helpers of
``simulator.report.figures`` (title, footer, PNG + SVG, slide or paper style) in the Okabe–Ito
palette. The trajectory puts coverage against density, each step a dot, the chosen boxes marked
and named in the legend; the box chart shows each kept restriction as the part of the
parameter's range (what the runs drew, scaled 0–100 %) that the box keeps.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from simulator.report.discovery_sentence import (
    OUTCOME_PHRASES,
    bound,
    capitalised,
    parameter_label,
    percent,
    spans,
)
from simulator.report.figures import (
    finish_figure,
    footer_text,
    new_figure,
    save_figure,
    style_of,
    wrap_to_width,
)
from simulator.report.palette import DEFAULT_STYLE, OKABE_ITO, Style
from simulator.report.run_data import changes_text, scenario_label

if TYPE_CHECKING:
    from matplotlib.figure import Figure

BOX_COLOURS = (OKABE_ITO["blue"], OKABE_ITO["vermillion"])
BOX_MARKERS = ("o", "s")
STEP_COLOUR = "#555555"
RANGE_COLOUR = "#dddddd"
LABEL_SHARE = 0.34
"""Share of the figure's width the box chart's parameter names may take."""
WHY = {"knee": "the knee", "min_coverage": "densest with coverage ≥ {c}"}

TRAJECTORY_CAPTION = (
    "Each dot is one step of PRIM's peeling: a smaller box (further left) holds fewer of the "
    "runs with the outcome (coverage) but a larger share of its own runs has it (density). "
    "Marked: the boxes reported; restrictions that could be chance are dropped from them."
)
BOXES_CAPTION = (
    "Grey: each parameter's range in the runs (lowest to highest value drawn). Colour: the part "
    "of it a box keeps. Only restrictions whose quasi-p is at most 0.05 are shown."
)


def box_name(box: dict, number: int, doc: dict) -> str:
    """``Box 1 (the knee)`` or ``Box 2 (densest with coverage ≥ 50 %)``."""
    why = " and ".join(
        WHY[w].format(c=percent(doc["min_coverage"])) for w in box.get("chosen_by", [])
    )
    return f"Box {number} ({why})" if why else f"Box {number}"


def footer(doc: dict) -> str:
    """Scenario, its ``--set`` changes, runs, seed, version and the disclaimer."""
    changes = changes_text([str(c) for c in doc.get("changes") or []])
    return footer_text(doc["scenario"], doc["runs"], doc["seed"], doc["version"], "", changes)


def _title(doc: dict, what: str) -> str:
    return f"{scenario_label(doc)}: where {OUTCOME_PHRASES[doc['outcome']]} — {what}"


def trajectory_chart(doc: dict, style: Style) -> Figure:
    """Coverage against density along the peeling trajectory, the chosen boxes marked."""
    fig, axes = new_figure(style)
    ax = axes[0, 0]
    path = doc["trajectory"]
    cover = [100.0 * c for c in path["coverage"]]
    dense = [100.0 * d for d in path["density"]]
    ax.plot(
        cover,
        dense,
        color=STEP_COLOUR,
        marker="o",
        markersize=style.font * 0.25,
        linewidth=style.line * 0.5,
        label="Peeling steps",
    )
    ax.axhline(
        100.0 * doc["base_rate"],
        color="black",
        linestyle="--",
        linewidth=style.line * 0.5,
        label=f"Base rate (all runs): {percent(doc['base_rate'])}",
    )
    for i, box in enumerate(doc["boxes"]):
        name = box_name(box, i + 1, doc)
        ax.plot(
            [100.0 * box["coverage"]],
            [100.0 * box["density"]],
            linestyle="none",
            marker=BOX_MARKERS[i % 2],
            markersize=style.font * (0.9 - 0.2 * i),
            markerfacecolor=BOX_COLOURS[i % 2],
            markeredgecolor="black",
            label=f"{name}: density {percent(box['density'])}, "
            f"coverage {percent(box['coverage'])}, {box['n']:,} runs",
        )
    left = max(0.0, 10.0 * ((min(cover) - 5.0) // 10.0))  # zoom in where the steps are
    ax.set_xlim(left - 0.02 * (100.0 - left), 100.0 + 0.02 * (100.0 - left))
    ax.set_ylim(0, 102)
    ax.set_xlabel("Coverage: share of the runs with the outcome that lie in the box (%)")
    ax.set_ylabel(
        wrap_to_width(
            fig, "Density: share of the box's runs with the outcome (%)", style.font, share=0.5
        )
    )
    ax.legend(loc="best", fontsize=style.font * 0.7)
    finish_figure(
        fig, _title(doc, "PRIM's peeling trajectory"), footer(doc), style, TRAJECTORY_CAPTION
    )
    return fig


def _rows(doc: dict) -> list[tuple[int, dict]]:
    """(box index, restriction) for every kept restriction, box by box."""
    return [(i, r) for i, box in enumerate(doc["boxes"]) for r in box["restrictions"]]


def boxes_chart(doc: dict, style: Style) -> Figure:
    """Each kept restriction's range inside the parameter's full range, as normalised bars."""
    fig, axes = new_figure(style)
    ax = axes[0, 0]
    rows = _rows(doc)
    full = {p["parameter"]: (p["low"], p["high"]) for p in doc["parameters"]}
    width = spans(doc)
    labels = []
    for y, (i, r) in enumerate(rows):
        low, high = full[r["parameter"]]
        span = (high - low) or 1.0
        start, stop = (r["low"] - low) / span, (r["high"] - low) / span
        ax.barh(y, 100.0, left=0.0, height=0.7, color=RANGE_COLOUR, edgecolor="#999999")
        ax.barh(
            y,
            100.0 * (stop - start),
            left=100.0 * start,
            height=0.45,
            color=BOX_COLOURS[i % 2],
            label=box_name(doc["boxes"][i], i + 1, doc),
        )
        w = width[r["parameter"]]
        kept = f"{bound(r['low'], w)} to {bound(r['high'], w)}"
        runs = f"{bound(low, w)} to {bound(high, w)}"
        label = f"{capitalised(parameter_label(r['parameter']))}: keeps {kept} (runs: {runs})"
        labels.append(wrap_to_width(fig, label, style.font * 0.8, share=LABEL_SHARE))
    if rows:
        ax.set_yticks(range(len(rows)), labels, fontsize=style.font * 0.8)
        ax.set_ylim(len(rows) - 0.4, -0.6)
        handles, names = ax.get_legend_handles_labels()
        unique = dict(zip(names, handles, strict=True))
        ax.legend(
            unique.values(),
            unique.keys(),
            loc="upper center",
            bbox_to_anchor=(0.5, -0.18),
            ncols=1,
            fontsize=style.font * 0.7,
        )
    else:
        ax.set_yticks([])
        ax.text(
            50,
            0.5,
            "No restriction stands out from chance: no box to show.",
            ha="center",
            va="center",
            transform=ax.get_xaxis_transform(),
        )
    ax.set_xlim(0, 100)
    ax.set_xlabel("Position in the parameter's range in the runs (%)")
    ax.grid(axis="y", visible=False)
    finish_figure(fig, _title(doc, "the boxes' ranges"), footer(doc), style, BOXES_CAPTION)
    return fig


CHARTS = {"trajectory": trajectory_chart, "boxes": boxes_chart}
"""Each chart of a discovery folder by its file stem: ``discovery_<stem>.png`` and ``.svg``."""


def discovery_figures(doc: dict, style: str = DEFAULT_STYLE) -> dict[str, Figure]:
    """Both charts as figures, drawn in the style's type sizes."""
    import matplotlib  # noqa: PLC0415 - matplotlib only when drawing

    chosen = style_of(style)
    with matplotlib.rc_context(chosen.rc()):
        return {stem: draw(doc, chosen) for stem, draw in CHARTS.items()}


def draw_discovery_charts(doc: dict, folder: Path, style: str = DEFAULT_STYLE) -> list[Path]:
    """``discovery_trajectory`` and ``discovery_boxes``, PNG and SVG, in ``folder``."""
    paths = []
    for stem, fig in discovery_figures(doc, style).items():
        paths += save_figure(fig, folder, f"discovery_{stem}", style_of(style))
    return paths
