"""How big the dashboard's figures are and how large their text, for the page and for a projector.

The page shows a figure as an image scaled to the width of its place on the page, so text of
``pt`` points in a figure ``w`` inches wide shown ``W`` pixels wide is ``pt × W / (72 × w)``
pixels tall, whatever the dpi. Each ``Look`` sizes its figures for their places at 1280×800
(about 100 pixels of page per figure inch), so the smallest text is about 12.5 px on the page
(``CLASSROOM``) and 15 px in presentation mode (``PRESENTATION``, charts the full width of the
page). ``chart_image`` measures what a figure holds instead of trusting these numbers.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field

import matplotlib as mpl
import numpy as np
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.transforms import blended_transform_factory

from simulator import __version__
from simulator.report import DISCLAIMER

_COMMON = {
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "legend.frameon": True,
    "legend.framealpha": 0.9,
    "svg.hashsalt": "negsim",
    "text.parse_math": False,  # "$" in a scenario's name is a dollar, never TeX
}


@dataclass(frozen=True)
class Look:
    """Figure sizes (inches) per chart and text sizes (points) for one way of showing the page."""

    name: str
    text_pt: float  # axis labels, legends, tick labels, value labels
    title_pt: float
    small_pt: float  # the footer and the date axis: the smallest text of a figure
    sizes: dict[str, tuple[float, float]] = field(default_factory=dict)

    @property
    def rc(self) -> dict:
        """Matplotlib settings for figures of this look."""
        return {
            **_COMMON,
            "font.size": self.text_pt,
            "axes.titlesize": self.title_pt,
            "axes.labelsize": self.text_pt,
            "xtick.labelsize": self.text_pt,
            "ytick.labelsize": self.text_pt,
            "legend.fontsize": self.text_pt,
            "legend.title_fontsize": self.text_pt,
        }


CLASSROOM = Look(
    "classroom",
    text_pt=9.5,
    title_pt=11.0,
    small_pt=9.0,
    # places at 1280×800: two charts side by side beside the tables (about 500 px and 460 px),
    # the followed run beside its story (about 560 px)
    sizes={
        "outcomes": (5.0, 4.0),
        "states": (5.0, 3.6),
        "beliefs": (4.6, 3.8),
        "terms": (4.6, 3.8),
        "one_run": (5.6, 5.6),
    },
)
PRESENTATION = Look(
    "presentation",
    text_pt=11.5,
    title_pt=13.0,
    small_pt=11.0,
    # every chart the full width of the page beside a narrow sidebar (about 930 px)
    sizes={
        "outcomes": (9.2, 4.2),
        "states": (9.2, 4.2),
        "beliefs": (9.2, 4.0),
        "terms": (9.2, 4.2),
        "one_run": (9.2, 6.4),
    },
)
LOOKS = {look.name: look for look in (CLASSROOM, PRESENTATION)}


def new_figure(look: Look, kind: str) -> Figure:
    """An empty figure of ``kind`` (a key of ``Look.sizes``), laid out by constrained layout."""
    with mpl.rc_context(look.rc):
        return Figure(figsize=look.sizes[kind], layout="constrained")


def footer(fig: Figure, look: Look, *parts: str) -> None:
    """What the figure shows, negsim's version and the disclaimer, along the bottom, wrapped.

    Drawn as the figure's ``supxlabel`` so that constrained layout keeps room for it.
    """
    text = " · ".join([*parts, f"negsim {__version__}", DISCLAIMER])
    fig.supxlabel(
        wrapped(text, 0.97 * fig.get_figwidth(), look.small_pt),
        x=0.005,
        ha="left",
        fontsize=look.small_pt,
        color="#555555",
    )


def title(fig: Figure, look: Look, text: str) -> None:
    """The figure's title, centred on the figure and wrapped to its width (never clipped)."""
    fig.suptitle(wrapped(text, 0.96 * fig.get_figwidth(), look.title_pt), fontsize=look.title_pt)


def wrapped(text: str, width_in: float, size_pt: float) -> str:
    """``text`` broken into lines at spaces, each at most ``width_in`` wide when drawn."""
    lines: list[str] = []
    for word in text.split():
        if lines and text_width(f"{lines[-1]} {word}", size_pt) <= width_in:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return "\n".join(lines)


def text_width(text: str, size_pt: float) -> float:
    """How wide ``text`` is drawn at ``size_pt`` in the figures' font, in inches (widest line)."""
    renderer = _measurer()
    prop = FontProperties(size=size_pt)
    widths = [
        renderer.get_text_width_height_descent(line, prop, ismath=False)[0]
        for line in text.split("\n")
    ]
    return max(widths) / 72  # the measuring renderer works at 72 dpi: one pixel is one point


@functools.cache
def _measurer() -> RendererAgg:
    return RendererAgg(10, 10, 72)


def key_columns(labels: list[str], width_in: float, look: Look) -> int:
    """How many columns of a legend of ``labels`` fit across ``width_in`` inches (at least 1).

    Each entry is its handle and spacing (about 4.8 em, matplotlib's defaults) and its text, as
    drawn; the layout test checks that the legend stays inside the figure.
    """
    em = look.text_pt / 72  # inches
    sizes = [text_width(label, look.text_pt) for label in labels]

    def width(columns: int) -> float:
        widest = [max(part) for part in _columns(sizes, columns)]
        return sum(w + 4.8 * em for w in widest) + em

    fits = [c for c in range(1, len(labels) + 1) if width(c) <= 0.96 * width_in]
    return max(fits) if fits else 1


def _columns(items: list, columns: int) -> list[list]:
    """The entries of each legend column, as matplotlib splits them (the first ones longer)."""
    size, extra = divmod(len(items), columns)
    out, start = [], 0
    for column in range(columns):
        stop = start + size + (1 if column < extra else 0)
        out.append(items[start:stop])
        start = stop
    return [part for part in out if part]


def axes_with_key(fig: Figure, look: Look, labels: list[str]) -> tuple[Axes, Axes, int]:
    """The plot's axes, an axes below it for its legend, and the legend's number of columns.

    The legend (the key) gets a row of its own, sized for its lines of text, so it never
    covers the plot and never runs past the figure's edges.
    """
    columns = key_columns(labels, fig.get_figwidth(), look)
    parts = _columns(labels, columns)
    lines = sum(
        max(part[row].count("\n") + 1 for part in parts if row < len(part))
        for row in range(len(parts[0]))
    )
    key_height = (lines * look.text_pt * 1.45 + 0.8 * look.text_pt) / 72
    plot_height = max(fig.get_figheight() - key_height - 1.1, 1.0)
    grid = fig.add_gridspec(2, 1, height_ratios=[plot_height, key_height])
    ax = fig.add_subplot(grid[0])
    key = fig.add_subplot(grid[1])
    key.set_axis_off()
    return ax, key, columns


def put_key(key: Axes, look: Look, handles: list, columns: int) -> None:
    """The legend in the row ``axes_with_key`` kept for it."""
    centre = blended_transform_factory(key.figure.transFigure, key.transAxes)
    legend_if_labelled(
        key,
        look,
        handles=handles,
        loc="center",
        ncols=columns,
        borderaxespad=0.0,
        bbox_to_anchor=(0.5, 0.5),  # the figure's middle, whatever the axes' tick labels take
        bbox_transform=centre,
    )


def legend_if_labelled(target, look: Look, **kwargs) -> None:
    """A legend of ``target`` (axes or figure) only when something in it has a label.

    ``legend()`` with nothing labelled warns "No artists with labels found" on every redraw,
    which filled the server's log.
    """
    handles = kwargs.pop("handles", None)
    if handles is None:
        axes = [target] if hasattr(target, "get_legend_handles_labels") else target.axes
        handles = [h for ax in axes for h in ax.get_legend_handles_labels()[0]]
    if handles:
        target.legend(handles=handles, fontsize=look.text_pt, **kwargs)


def dates_axis(ax, start: dt.date, weeks: int, look: Look) -> None:
    """Calendar dates along the top of a week axis, a quarter apart."""
    top = ax.secondary_xaxis("top")
    step = 13 if weeks <= 78 else 26
    ticks = np.arange(0, weeks + 1, step)
    top.set_xticks(ticks, [(start + dt.timedelta(weeks=int(w))).strftime("%b %Y") for w in ticks])
    top.tick_params(labelsize=look.small_pt)
