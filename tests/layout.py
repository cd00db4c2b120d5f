"""What a projected chart must not do, measured with matplotlib's own text extents.

``layout_problems(fig)`` draws a figure with the Agg renderer at the saved resolution and
lists, in words, every text outside the figure, every pair of texts that overlap and every
legend that is not wholly inside the figure. Tests assert that the list is empty, so a failure
names the chart's offending labels.
"""

from __future__ import annotations

import itertools

from matplotlib.axis import Axis
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.text import Text

from simulator.report.palette import DPI

TOLERANCE_PX = 1.0
"""Extents touching within a pixel are not an overlap: antialiasing, not a clash."""


def layout_problems(fig: Figure) -> list[str]:
    """Texts outside the figure, overlapping texts and legends outside the figure, in words."""
    fig.set_dpi(DPI)
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    frame = fig.bbox.padded(TOLERANCE_PX)
    problems = []
    texts = [(t, t.get_window_extent(renderer)) for t in visible_texts(fig)]
    for text, box in texts:
        if not _inside(box, frame):
            problems.append(f"text outside the figure: {text.get_text()!r} at {_where(box)}")
    for (a, box_a), (b, box_b) in itertools.combinations(texts, 2):
        if _overlap(box_a, box_b):
            problems.append(f"texts overlap: {a.get_text()!r} and {b.get_text()!r}")
    for legend in fig.findobj(Legend):
        box = legend.get_window_extent(renderer)
        if legend.get_visible() and not _inside(box, frame):
            problems.append(f"legend outside the figure at {_where(box)}")
    return problems


def visible_texts(fig: Figure) -> list[Text]:
    """Every drawn text with something in it (titles, labels, ticks, legend entries, notes)."""
    hidden = _undrawn_tick_labels(fig)
    return [
        text
        for text in fig.findobj(Text)
        if text.get_visible() and text.get_text().strip() and id(text) not in hidden
    ]


def _undrawn_tick_labels(fig: Figure) -> set[int]:
    """Tick labels matplotlib keeps but does not draw: their tick lies outside the view."""
    hidden = set()
    for axis in fig.findobj(Axis):
        low, high = sorted(axis.get_view_interval())
        span = 1e-9 * max(1.0, abs(high - low))
        for tick in axis.get_major_ticks() + axis.get_minor_ticks():
            if not low - span <= tick.get_loc() <= high + span:
                hidden |= {id(tick.label1), id(tick.label2)}
    return hidden


def _inside(box, frame) -> bool:
    return box.x0 >= frame.x0 and box.y0 >= frame.y0 and box.x1 <= frame.x1 and box.y1 <= frame.y1


def _overlap(a, b) -> bool:
    width = min(a.x1, b.x1) - max(a.x0, b.x0)
    height = min(a.y1, b.y1) - max(a.y0, b.y0)
    return width > TOLERANCE_PX and height > TOLERANCE_PX


def _where(box) -> str:
    return f"x {box.x0:.0f}–{box.x1:.0f}, y {box.y0:.0f}–{box.y1:.0f} px"
