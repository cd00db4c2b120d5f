"""Drawing the charts of a finished run folder into it, as PNG and SVG.

The folder is read back (``simulator.folders.read_back``), drawn by ``simulator.report.run_charts``
and saved beside its ``summary.json``, so ``negsim chart RUN_DIR`` redraws what ``negsim run`` drew.
Each style has its own file names, so slides and a printed handout live side by side: the
default (slides) style keeps the plain names (``outcomes.png``), another style adds its name
(``outcomes.paper.png``).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from simulator.folders.forecast import read_forecast
from simulator.folders.read_back import read_run_folder
from simulator.report import (
    CHARTS,
    DEFAULT_STYLE,
    STYLES,
    draw_run_figure,
    forecast_stems,
    save_figure,
    save_forecast_charts,
    style_of,
)

if TYPE_CHECKING:
    from matplotlib.figure import Figure


def chart_stem(stem: str, style: str) -> str:
    """The file stem of one chart in one style: ``outcomes`` (slides), ``outcomes.paper``."""
    return stem if style == DEFAULT_STYLE else f"{stem}.{style}"


def build_run_figures(
    folder: Path | str, style: str = DEFAULT_STYLE, only: tuple[str, ...] | None = None
) -> dict[str, Figure]:
    """The charts of a run folder (all, or those in ``only``) as figures, for tests or notebooks."""
    data = read_run_folder(folder)
    chosen = style_of(style)
    return {
        stem: draw_run_figure(stem, data, chosen) for stem in CHARTS if only is None or stem in only
    }


def draw_run_charts(
    folder: Path | str, style: str = DEFAULT_STYLE, into: Path | None = None
) -> list[Path]:
    """Draw every chart of ``CHARTS`` as PNG and SVG beside the folder's ``summary.json``.

    The files are named for the style (``chart_stem``), so drawing one style leaves the other's
    charts as they were. ``into`` puts them in another folder instead (the stage ``negsim
    chart`` swaps in).
    """
    folder = Path(folder)
    chosen = style_of(style)
    data = read_run_folder(folder)
    written: list[Path] = []
    for stem in CHARTS:
        fig = draw_run_figure(stem, data, chosen)
        written += save_figure(
            fig, folder if into is None else into, chart_stem(stem, style), chosen
        )
    forecast = read_forecast(folder)
    if forecast is not None:
        _, files = save_forecast_charts(
            forecast, folder if into is None else into, style, lambda s: chart_stem(s, style)
        )
        written += files
    return written


def _first_png(places: list[Path], stem: str) -> Path | None:
    """A chart's PNG: the slides one when there is one, else another style's; ``places`` first."""
    styles = [DEFAULT_STYLE, *(name for name in STYLES if name != DEFAULT_STYLE)]
    pngs = (place / f"{chart_stem(stem, style)}.png" for style in styles for place in places)
    return next((path for path in pngs if path.is_file()), None)


def forecast_images(folder: Path | str, doc: dict, into: Path | None = None) -> dict[str, str]:
    """Each question's chart PNG for ``report.html`` (question id -> path), as ``report_charts``."""
    places = [*([Path(into)] if into is not None else []), Path(folder)]
    found = {qid: _first_png(places, stem) for qid, stem in forecast_stems(doc).items()}
    return {qid: str(png) for qid, png in found.items() if png is not None}


def report_charts(folder: Path | str, into: Path | None = None) -> list[tuple[Path, str]]:
    """Each chart's PNG for ``report.html``, with its caption, in the order of ``CHARTS``.

    The slides PNG when there is one, else another style's (a folder drawn only for paper);
    a PNG in ``into`` (a stage about to be swapped in) is taken before the folder's own.
    """
    places = [*([Path(into)] if into is not None else []), Path(folder)]
    found = []
    for stem, (caption, _) in CHARTS.items():
        png = _first_png(places, stem)
        if png is not None:
            found.append((png, caption))
    return found
