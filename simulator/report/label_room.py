"""Room for value labels: widen an axis so every label beside a bar end or a marker fits inside.

A label written beside the end of a bar (``annotate`` with an offset in points) runs past the
axes when the bar ends near the edge, onto the tick labels or off the figure. Matplotlib's
margins are in data units and cannot know a label's width, so the chart is laid out once, each
label's width is measured with the renderer's own text extents, and the x-limits are widened
until every label fits. One layout pass suffices: label widths are fixed in points, and the
axes' width is set by the tick labels beside it, not by its limits.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from simulator.report.figures import line_width
from simulator.report.palette import DPI

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.text import Annotation

PAD = 0.03
"""Extra room, as a share of the axis's span, so a label does not touch the frame."""


def text_width(fig: Figure, text: str, size: float) -> float:
    """Width of one line of ``text`` at ``size`` points, as a share of the figure's width."""
    return line_width(text, size) / (fig.get_figwidth() * DPI)


def break_name(fig: Figure, name: str, size: float, share: float) -> str:
    """A scenario name broken after its underscores into lines that fit ``share`` of the width.

    A scenario name has no spaces to wrap at; a part wider than ``share`` keeps its own line.
    """
    parts = re.split(r"(?<=_)", name)
    lines = [parts[0]]
    for part in parts[1:]:
        if text_width(fig, lines[-1] + part, size) > share:
            lines.append(part)
        else:
            lines[-1] += part
    return "\n".join(lines)


def widen_for_labels(fig: Figure, labels: list[tuple[Axes, Annotation]]) -> None:
    """Widen the x-limits of each labels' axes (shared ones together) until the labels fit.

    ``labels`` pairs each annotation with the axes it sits in; its anchor is its data point.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: PLC0415 - drawing only

    if not labels:
        return
    dpi = fig.get_dpi()
    fig.set_dpi(DPI)  # measure at the saved resolution: hinting changes widths a little
    canvas = FigureCanvasAgg(fig)
    fig.draw_without_rendering()
    renderer = canvas.get_renderer()
    needs: dict[frozenset, tuple[Axes, list[tuple[float, float, float]]]] = {}
    for ax, label in labels:
        box = label.get_window_extent(renderer)
        anchor = ax.transData.transform(label.xy)[0]
        key = frozenset(map(id, ax.get_shared_x_axes().get_siblings(ax)))
        needs.setdefault(key, (ax, []))[1].append(
            (float(label.xy[0]), anchor - box.x0, box.x1 - anchor)
        )
    for ax, rows in needs.values():
        ax.set_xlim(*_fitted(ax.get_xlim(), ax.get_window_extent(renderer).width, rows))
    fig.set_dpi(dpi)


def _fitted(limits, width: float, rows: list[tuple[float, float, float]]) -> tuple[float, float]:
    """Limits that give each (anchor, pixels left, pixels right) room on an axis ``width`` wide.

    Widening shrinks the pixels per data unit, so the bound is iterated to its fixed point; a
    widened side gets ``PAD`` of the span more.
    """
    start_low, start_high = limits
    low, high = start_low, start_high
    for _ in range(100):  # converges in a few rounds unless the labels fill the whole axis
        per_px = (high - low) / max(width, 1.0)
        new_low = min(start_low, *(x - left * per_px for x, left, _ in rows))
        new_high = max(start_high, *(x + right * per_px for x, _, right in rows))
        done = abs(new_low - low) + abs(new_high - high) <= 1e-6 * (high - low)
        low, high = new_low, new_high
        if done:
            break
    span = high - low
    return (
        low - PAD * span if low < start_low else low,
        high + PAD * span if high > start_high else high,
    )
