"""Drawing the charts of a finished run folder into it, as PNG and SVG.

The folder is read back (``simulator.folders.read_back``), drawn by ``simulator.report.run_charts``
and saved beside its ``summary.json``, so ``negsim chart RUN_DIR`` redraws what ``negsim run`` drew.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from simulator.folders.read_back import read_run_folder
from simulator.report import CHARTS, DEFAULT_STYLE, draw_run_figure, save_figure, style_of

if TYPE_CHECKING:
    from matplotlib.figure import Figure


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

    ``into`` puts them in another folder instead (the stage ``negsim chart`` swaps in).
    """
    folder = Path(folder)
    chosen = style_of(style)
    data = read_run_folder(folder)
    written: list[Path] = []
    for stem in CHARTS:
        fig = draw_run_figure(stem, data, chosen)
        written += save_figure(fig, folder if into is None else into, stem, chosen)
    return written
