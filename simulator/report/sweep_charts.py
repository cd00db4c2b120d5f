"""The sweep chart: outcome probabilities and the median weeks of agreement against the value.

Drawn from the sweep document (``sweep.json``) alone and saved as PNG and SVG into the folder
it is given; a numeric parameter gets a numeric axis, any other one a categorical axis. A
sweep of a scenario changed with ``--set`` says so in its title and lists the changes in its
footer (from the document's ``changes``; a document without them reads as unchanged).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from simulator.analysis import INDICATORS, MEDIAN_WEEKS, numeric_axis
from simulator.report.figures import (
    finish_figure,
    footer_text,
    new_figure,
    save_figure,
    style_of,
    wrap_to_width,
)
from simulator.report.palette import (
    AGREEMENT_COLOUR,
    DEFAULT_STYLE,
    INDICATOR_COLOURS,
    INDICATOR_LABELS,
    INDICATOR_LINES,
    SETTLEMENT_COLOUR,
    Style,
)
from simulator.report.run_data import changes_text, scenario_label

if TYPE_CHECKING:
    from matplotlib.figure import Figure


WEEK_LINES = (
    ("settlement_week", SETTLEMENT_COLOUR, "--"),
    ("agreement_week", AGREEMENT_COLOUR, ":"),
)
"""The median weeks of the lower panel (key, colour, line style), drawn in this order: the
agreement line, thinner, on top, so both show where they coincide."""
AXIS_SHARE = 0.6
"""Share of the figure's width the value axis's label may take (the legends take the rest)."""
DERIVED_WIDTH = 0.6
"""Derived indicators are drawn thinner, on top of the outcomes they sum (they often coincide)."""


def sweep_chart(doc: dict, style: Style) -> Figure:
    """Outcome probabilities (lines, 95 % bands) and median weeks of agreement vs the value."""
    fig, axes = new_figure(style, 2, 1, sharex=True, gridspec_kw={"height_ratios": [3, 2]})
    top, bottom = axes[0, 0], axes[1, 0]
    rows = doc["rows"]
    xs = numeric_axis(doc["values"]) if doc["numeric"] else list(range(len(rows)))
    for name in INDICATORS:
        colour = INDICATOR_COLOURS[name]
        p = np.array([100.0 * r[name]["probability"] for r in rows])
        low = np.array([100.0 * r[name]["ci95"][0] for r in rows])
        high = np.array([100.0 * r[name]["ci95"][1] for r in rows])
        top.fill_between(xs, low, high, color=colour, alpha=0.2, linewidth=0)
        derived = name in INDICATOR_LINES
        top.plot(
            xs,
            p,
            marker="o",
            color=colour,
            label=INDICATOR_LABELS[name],
            linestyle=INDICATOR_LINES.get(name, "-"),
            linewidth=style.line * (DERIVED_WIDTH if derived else 1.0),
            markersize=style.font * (0.3 if derived else 0.45),
            markeredgecolor="black",
            markeredgewidth=0.5,
        )
    top.set_ylim(0, 100)
    top.set_ylabel("Share of runs (%)")
    top.legend(
        loc="center left",
        bbox_to_anchor=(1.01, 0.5),
        fontsize=style.font * 0.7,
        title="Outcome (bands: 95 %)",
        title_fontsize=style.font * 0.7,
    )

    for key, colour, line in WEEK_LINES:
        have = [(x, r[key]) for x, r in zip(xs, rows, strict=True) if r[key]["median"] is not None]
        if not have:
            continue
        wx = [x for x, _ in have]
        med = np.array([w["median"] for _, w in have])
        lo = np.array([w["ci95"][0] for _, w in have])
        hi = np.array([w["ci95"][1] for _, w in have])
        bottom.fill_between(wx, lo, hi, color=colour, alpha=0.2, linewidth=0)
        thin = key == "agreement_week"
        bottom.plot(
            wx,
            med,
            marker="o",
            color=colour,
            linestyle=line,
            linewidth=style.line * (DERIVED_WIDTH if thin else 1.0),
            markersize=style.font * (0.3 if thin else 0.45),
            label=_week_name(key),
        )
    if bottom.get_lines():
        bottom.legend(
            loc="center left",
            bbox_to_anchor=(1.01, 0.5),
            fontsize=style.font * 0.7,
            title="Median week (bands: 95 %)",
            title_fontsize=style.font * 0.7,
            handlelength=3.0,  # long enough to show the dashes
        )
    bottom.set_ylim(0, doc["weeks"])
    bottom.set_ylabel("Median week\nfrom the start")
    xlabel = f"{doc['param']} (value set for every run)"
    bottom.set_xlabel(wrap_to_width(fig, xlabel, style.font, share=AXIS_SHARE))
    if not doc["numeric"]:
        bottom.set_xticks(xs, doc["values"])
    title = f"{scenario_label(doc)}: sweep of {doc['param']} ({doc['runs']:,} runs per value)"
    changes = changes_text([str(c) for c in doc.get("changes") or []])
    footer = footer_text(
        doc["scenario"], doc["runs"], doc["seed"], doc["version"], " per value", changes
    )
    finish_figure(fig, title, footer, style)
    return fig


def _week_name(key: str) -> str:
    """The legend entry of a median week: its one name (``analysis.MEDIAN_WEEKS``)."""
    name, _ = MEDIAN_WEEKS[key].words(0)
    return name[0].upper() + name[1:]


def sweep_figure(doc: dict, style: str = DEFAULT_STYLE) -> Figure:
    """The sweep chart as a figure, drawn in the style's type sizes."""
    import matplotlib  # noqa: PLC0415 - matplotlib only when drawing

    chosen = style_of(style)
    with matplotlib.rc_context(chosen.rc()):
        return sweep_chart(doc, chosen)


def draw_sweep_chart(doc: dict, folder: Path, style: str = DEFAULT_STYLE) -> list[Path]:
    """``sweep.png`` and ``sweep.svg`` of the sweep document."""
    return save_figure(sweep_figure(doc, style), folder, "sweep", style_of(style))
