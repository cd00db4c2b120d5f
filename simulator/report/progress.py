"""One progress reporter for every long command: a bar on stderr, shown only once work is slow.

A run, a comparison, a sweep or a sensitivity study calls ``advance`` as each block or sample
point arrives (in order). Nothing is printed for work that finishes within a couple of seconds,
and when stderr is not a terminal (a log, a pipe) only the label is written, once, so logs stay
readable.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

SHOW_AFTER_SECONDS = 2.0
BAR_WIDTH = 30


class Progress:
    """``done`` of ``total`` units (runs, points) as ``label [#####.....]  42%`` on stderr."""

    def __init__(self, total: int, label: str = "runs", stream: TextIO | None = None):
        self.total = max(1, int(total))
        self.label = label
        self.done = 0
        self.start = time.perf_counter()
        self.stream = stream if stream is not None else sys.stderr
        self.shown = False
        self.live = bool(getattr(self.stream, "isatty", lambda: False)())
        self.labelled = False

    def advance(self, units: int = 1) -> None:
        """``units`` more finished."""
        self.done = min(self.total, self.done + units)
        if self.shown or time.perf_counter() - self.start > SHOW_AFTER_SECONDS:
            self.shown = True
            self._draw()

    def _draw(self) -> None:
        if not self.live:  # a log or a pipe: the label once, no redrawn bar
            if not self.labelled:
                self.stream.write(self.label)
                self.labelled = True
            return
        share = self.done / self.total
        filled = round(BAR_WIDTH * share)
        bar = "#" * filled + "-" * (BAR_WIDTH - filled)
        self.stream.write(f"\r{self.label} [{bar}] {share:4.0%} ({self.done:,}/{self.total:,})")
        self.stream.flush()

    def close(self) -> None:
        """End the bar's line, if a bar was shown."""
        if self.shown:
            self.stream.write("\n")
            self.stream.flush()
