"""Figure helpers every chart shares: layout, title and footer, date axes, bands, saving.

Saved PNG and SVG files are identical for identical inputs.

Matplotlib is imported inside the functions (a run with ``--no-charts`` never imports it);
figures are ``matplotlib.figure.Figure`` with the Agg renderer, never pyplot.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from simulator.montecarlo import wilson_interval
from simulator.report.palette import DISCLAIMER, DPI, STYLES, Style

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

BAND_LABEL = "10–90 % of runs"


def footer_text(scenario: str, runs: int, seed: Any, version: str, per: str = "") -> str:
    """Scenario, runs, seed, version and the disclaimer, on one line."""
    return (
        f"Scenario: {scenario} · {runs:,} runs{per} · seed {seed} · negsim {version} · {DISCLAIMER}"
    )


def new_figure(style: Style, nrows: int = 1, ncols: int = 1, **kwargs) -> tuple[Figure, Any]:
    """A constrained-layout figure of the style's size with room for a footer."""
    from matplotlib.figure import Figure  # noqa: PLC0415 - matplotlib only when drawing

    fig = Figure(figsize=style.size, layout="constrained")
    fig.get_layout_engine().set(rect=(0.0, 0.045, 1.0, 0.955))
    axes = fig.subplots(nrows, ncols, squeeze=False, **kwargs)
    return fig, axes


def finish_figure(fig: Figure, title: str, footer: str, style: Style) -> None:
    """Title on top, footer at the bottom left."""
    fig.suptitle(title, fontweight="bold")
    fig.text(0.005, 0.008, footer, fontsize=style.font * 0.65, color="#444444", ha="left")


def add_date_axis(ax: Axes, start: dt.date) -> None:
    """A top axis with the calendar date each week starts on.

    Matplotlib draws dates only from year 1 to 9999: a start date near either end (from a
    folder written before the schema bounded it) gets no date axis rather than a crash.
    """
    import matplotlib.dates as mdates  # noqa: PLC0415 - matplotlib only when drawing

    if not _DRAWABLE_DATES[0] <= start <= _DRAWABLE_DATES[1]:
        return

    origin = mdates.date2num(start)
    top = ax.secondary_xaxis(
        "top", functions=(lambda w: origin + 7.0 * w, lambda d: (d - origin) / 7.0)
    )
    locator = mdates.AutoDateLocator(minticks=3, maxticks=8)
    top.xaxis.set_major_locator(locator)
    top.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator, show_offset=False))
    top.set_xlabel(f"Date (week 0 starts {start:%d %b %Y})")


_DRAWABLE_DATES = (dt.date(100, 1, 1), dt.date(9000, 12, 31))
"""Start dates with room for any horizon (at most 20 years) inside matplotlib's years."""


def wilson_band(counts: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Per-week 95 % Wilson intervals of shares, in percent."""
    bounds = np.array([wilson_interval(int(c), n) for c in counts]).reshape(-1, 2)
    return 100.0 * bounds[:, 0], 100.0 * bounds[:, 1]


def steps(values: np.ndarray) -> np.ndarray:
    """Repeat the last value so week w covers [w, w + 1) in a ``where='post'`` step plot."""
    return np.append(values, values[-1])


def style_of(name: str) -> Style:
    """The named style (``slides`` or ``paper``)."""
    return STYLES[name]


def save_figure(fig: Figure, folder: Path, stem: str, style: Style) -> list[Path]:
    """Write ``stem.png`` (200 dpi) and ``stem.svg``; identical inputs give identical files."""
    import matplotlib  # noqa: PLC0415 - matplotlib only when drawing

    paths = [folder / f"{stem}.png", folder / f"{stem}.svg"]
    with matplotlib.rc_context(style.rc()), warnings.catch_warnings():
        # a name in a script the font lacks is drawn as boxes: a chart, not a warning per glyph
        warnings.filterwarnings("ignore", r"Glyph \d+ .*missing from font", UserWarning)
        fig.savefig(paths[0], dpi=DPI, metadata={"Software": None})
        fig.set_layout_engine("none")  # keep the layout just computed: the SVG is the same
        buffer = io.StringIO()
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    paths[1].write_text(stable_svg_ids(buffer.getvalue()), encoding="utf-8")
    return paths


_SVG_ID = re.compile(r'\bid="([^"]+)"')


def stable_svg_ids(svg: str) -> str:
    """Renumber an SVG's element ids in order of appearance.

    Matplotlib hashes some clip-path keys from the text of a transform, which can include an
    object's memory address, so the same figure could get other ids in another process.
    """
    names = {old: f"n{i}" for i, old in enumerate(dict.fromkeys(_SVG_ID.findall(svg)))}
    if not names:
        return svg
    pattern = re.compile(r'(id="|#)(' + "|".join(map(re.escape, names)) + r')(?=[")])')
    return pattern.sub(lambda m: m.group(1) + names[m.group(2)], svg)
