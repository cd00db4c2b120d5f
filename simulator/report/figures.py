"""Figure helpers every chart shares: layout, title and footer, date axes, bands, saving.

Saved PNG and SVG files are identical for identical inputs.

Matplotlib is imported inside the functions (a run with ``--no-charts`` never imports it);
figures are ``matplotlib.figure.Figure`` with the Agg renderer, never pyplot.
"""

from __future__ import annotations

import datetime as dt
import functools
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
MISSING_GLYPH = r"Glyph \d+ .*missing from font"
"""The warning for a character the font lacks: such a name is drawn as boxes, not refused."""


def footer_text(
    scenario: str, runs: int, seed: Any, version: str, per: str = "", changes: str = ""
) -> str:
    """Scenario, runs, seed, version and disclaimer; ``changes`` names what ``--set`` altered."""
    changed = f" (changed: {changes})" if changes else ""
    return (
        f"Scenario: {scenario}{changed} · {runs:,} runs{per} · seed {seed} · negsim {version} · "
        f"{DISCLAIMER}"
    )


FOOTER_SHARE = 0.045
"""Height of one footer line, as a share of the figure's height, kept free of axes."""


def new_figure(style: Style, nrows: int = 1, ncols: int = 1, **kwargs) -> tuple[Figure, Any]:
    """A constrained-layout figure of the style's size with room for a footer."""
    from matplotlib.figure import Figure  # noqa: PLC0415 - matplotlib only when drawing

    fig = Figure(figsize=style.size, layout="constrained")
    fig.get_layout_engine().set(rect=(0.0, FOOTER_SHARE, 1.0, 1.0 - FOOTER_SHARE))
    axes = fig.subplots(nrows, ncols, squeeze=False, **kwargs)
    return fig, axes


def finish_figure(fig: Figure, title: str, footer: str, style: Style, caption: str = "") -> None:
    """Title on top and footer at the bottom left, each wrapped to the figure's width.

    A long scenario or parameter name wraps the title onto more lines rather than running off
    both edges; a long footer (many ``--set`` changes) wraps and the axes make room for it.
    ``caption``, an italic note on what the chart shows, sits centred between axes and footer.
    """
    title_size = style.font * 1.3
    fig.suptitle(wrap_to_width(fig, title, title_size, bold=True), fontweight="bold")
    footer_size = style.font * 0.65
    lines = wrap_to_width(fig, footer, footer_size)
    fig.text(0.005, 0.008, lines, fontsize=footer_size, color="#444444", ha="left", va="bottom")
    extra = lines.count("\n")
    line = footer_size * 1.25 / 72.0 / fig.get_figheight()
    bottom = FOOTER_SHARE + extra * line
    if caption:
        caption_size = style.font * 0.66
        text = wrap_to_width(fig, caption, caption_size, italic=True)
        above = 0.008 + (extra + 1) * line + 0.01  # the footer's lines and a gap
        fig.text(0.5, above, text, ha="center", va="bottom", fontsize=caption_size, style="italic")
        rows = text.count("\n") + 1
        bottom = above + rows * caption_size * 1.25 / 72.0 / fig.get_figheight() + 0.01
    engine = fig.get_layout_engine()
    if bottom > FOOTER_SHARE and engine is not None and hasattr(engine, "set"):
        engine.set(rect=(0.0, bottom, 1.0, 1.0 - bottom))


def wrap_to_width(
    fig: Figure, text: str, size: float, bold: bool = False, share=0.97, italic: bool = False
) -> str:
    """``text`` broken at spaces into balanced lines that each fit ``share`` of the figure's width.

    Widths are measured with the Agg renderer's own text metrics at the given size and the
    saved resolution (hinting makes text at 72 dpi some 5 % narrower than at 200), so the
    result does not depend on a guessed character width. Each paragraph takes the fewest lines
    that fit, then the narrowest width that needs no more lines, so a title never leaves one
    word alone on its last line. A single word wider than the figure stays on its own line
    (the layout test then reports it).
    """

    @functools.cache
    def width(line: str) -> float:
        return line_width(line, size, bold, italic)

    limit = share * fig.get_figwidth() * DPI
    out: list[str] = []
    for paragraph in text.split("\n"):
        words = paragraph.split(" ")
        lines = _greedy_lines(words, width, limit)
        low, high = 0.0, limit  # narrow the width while the line count holds
        for _ in range(8):  # to within 1/256 of the width: a few pixels
            middle = (low + high) / 2.0
            if len(_greedy_lines(words, width, middle)) <= len(lines):
                high = middle
            else:
                low = middle
        out += _greedy_lines(words, width, high) if len(lines) > 1 else lines
    return "\n".join(out)


def line_width(text: str, size: float, bold: bool = False, italic: bool = False) -> float:
    """How wide one line of ``text`` is drawn at ``size`` points, in pixels at the saved dpi.

    Measured with the Agg renderer's own metrics under the current matplotlib settings; a
    glyph the font lacks is measured as the box it is drawn as.
    """
    from matplotlib.font_manager import FontProperties  # noqa: PLC0415 - drawing only

    prop = FontProperties(
        size=size, weight="bold" if bold else "normal", style="italic" if italic else "normal"
    )
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", MISSING_GLYPH, UserWarning)
        return _measurer().get_text_width_height_descent(text, prop, ismath=False)[0]


@functools.cache
def _measurer():
    """One small Agg renderer at the saved dpi: text metrics depend on the dpi, not the canvas."""
    from matplotlib.backends.backend_agg import RendererAgg  # noqa: PLC0415 - drawing only

    return RendererAgg(1, 1, DPI)


def _greedy_lines(words: list[str], width, limit: float) -> list[str]:
    """Words filled into lines no wider than ``limit`` (a lone long word takes its own line)."""
    lines: list[str] = []
    line = ""
    for word in words:
        candidate = f"{line} {word}" if line else word
        if line and width(candidate) > limit:
            lines.append(line)
            line = word
        else:
            line = candidate
    lines.append(line)
    return lines


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
        warnings.filterwarnings("ignore", MISSING_GLYPH, UserWarning)
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
