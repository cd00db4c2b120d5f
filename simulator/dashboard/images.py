"""A dashboard figure as an ``<img>`` the page shows: SVG (sharp on any projector) in a data URL.

The image carries what the browser tests and screen readers need, measured from the figure
itself: ``data-font-px``, the smallest text of the figure in the image's own pixels (its size
on the page is that times the shown width over the natural width), ``data-series``, the
legend's entries, and ``alt``, the titles.
"""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass

from matplotlib.figure import Figure
from matplotlib.text import Text

SVG_PX_PER_PT = 96 / 72
"""Matplotlib writes an SVG's size in points; a browser shows a point as 4/3 CSS pixels."""


@dataclass(frozen=True)
class ChartImage:
    """One drawn figure: its SVG and what it holds."""

    svg: bytes
    font_px: float  # smallest text, in the image's natural pixels
    series: tuple[str, ...]  # the legend entries
    alt: str

    def attributes(self, testid: str) -> dict[str, str]:
        """The ``<img>`` attributes: the picture and what it holds."""
        return {
            "src": "data:image/svg+xml;base64," + base64.b64encode(self.svg).decode("ascii"),
            "alt": self.alt,  # set as DOM attributes (Vue's v-bind): no HTML to escape
            "data-testid": testid,
            "data-font-px": f"{self.font_px:.2f}",
            "data-series": " | ".join(self.series),
        }


def _hidden_tick_labels(fig: Figure) -> set[int]:
    """Tick labels matplotlib keeps for ticks outside an axis's view: it does not draw them."""
    hidden: set[int] = set()
    axes = [*fig.axes, *(child for ax in fig.axes for child in ax.child_axes)]
    for ax in axes:
        for axis in (ax.xaxis, ax.yaxis):
            low, high = sorted(axis.get_view_interval())
            slack = (high - low) * 1e-9
            for tick in [*axis.get_major_ticks(), *axis.get_minor_ticks()]:
                if not low - slack <= tick.get_loc() <= high + slack:
                    hidden |= {id(tick.label1), id(tick.label2)}
    return hidden


def shown_texts(fig: Figure) -> list[Text]:
    """Every piece of text the figure draws (visible, not empty), after it was drawn."""
    hidden = _hidden_tick_labels(fig)
    return [
        t
        for t in fig.findobj(Text)
        if t.get_visible() and t.get_text().strip() and id(t) not in hidden
    ]


def legend_entries(fig: Figure) -> tuple[str, ...]:
    """The texts of every legend of the figure, in order."""
    legends = [*fig.legends, *(ax.get_legend() for ax in fig.axes)]
    return tuple(
        " ".join(t.get_text().split()) for lg in legends if lg is not None for t in lg.get_texts()
    )


def chart_image(fig: Figure) -> ChartImage:
    """Draw ``fig`` as SVG and note its smallest text, its legend entries and its titles."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="svg")
    sizes = [t.get_fontsize() for t in shown_texts(fig)]
    titles = [fig.get_suptitle(), *(ax.get_title() for ax in fig.axes)]
    return ChartImage(
        svg=buffer.getvalue(),
        font_px=min(sizes) * SVG_PX_PER_PT if sizes else 0.0,
        series=legend_entries(fig),
        alt=" ".join(" / ".join(t for t in titles if t).split()) or "chart",
    )
