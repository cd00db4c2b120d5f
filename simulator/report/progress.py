"""What a long command is doing, said on stderr once a step has taken more than a second.

``Step("drawing 7 charts and report.html")`` wraps a stretch of work that prints nothing: when it
is still going after ``SHOW_AFTER_SECONDS``, "drawing 7 charts and report.html..." is written,
then " done in 2.3 s" when it ends; a quicker step prints nothing. ``Progress`` is a step that
counts units (runs, sample points): a terminal sees it as a bar. Only stderr is written, so
stdout stays byte for byte the same for scripts.

Steps speak to a person at a terminal: when stderr is a log or a pipe they say nothing, so a
script sees only results and errors (an error is then always the first line). The environment
variable ``NEGSIM_PROGRESS`` changes that: ``always`` also writes to a log or a pipe (one line
per slow step, never a redrawn bar), ``never`` silences the terminal too.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Callable
from typing import TextIO

SHOW_AFTER_SECONDS = 1.0
"""A step quicker than this says nothing."""
BAR_WIDTH = 30

Timer = Callable[[float, Callable[[], None]], Callable[[], None]]
"""``timer(seconds, announce)`` calls ``announce`` after ``seconds`` and returns a cancel."""


def speaks_to(stream: TextIO) -> bool:
    """Whether steps are said on ``stream``: a terminal, unless ``NEGSIM_PROGRESS`` says else."""
    mode = os.environ.get("NEGSIM_PROGRESS", "auto").strip().lower()
    if mode in ("always", "never"):
        return mode == "always"
    return bool(getattr(stream, "isatty", lambda: False)())


def start_timer(seconds: float, announce: Callable[[], None]) -> Callable[[], None]:
    """Call ``announce`` from a daemon thread after ``seconds``, unless cancelled before."""
    timer = threading.Timer(seconds, announce)
    timer.daemon = True
    timer.start()
    return timer.cancel


def _nothing() -> None:
    """The cancel of a timer never started."""


class Step:
    """One named stretch of work: announced on stderr only once it has taken ``show_after`` s.

    Use it as a context manager, or call ``close`` at the end. ``clock`` and ``timer`` are
    injected by tests, which then decide deterministically whether the step was slow.
    """

    def __init__(
        self,
        label: str,
        stream: TextIO | None = None,
        *,
        show_after: float | None = None,
        clock: Callable[[], float] = time.perf_counter,
        timer: Timer | None = None,
    ):
        self.label = label
        self.stream = stream if stream is not None else sys.stderr
        self.live = bool(getattr(self.stream, "isatty", lambda: False)())
        self.show_after = SHOW_AFTER_SECONDS if show_after is None else show_after
        self.clock = clock
        self.shown = False
        self.ended = False
        self._lock = threading.Lock()
        self.start = clock()
        self.speaks = speaks_to(self.stream)
        self._cancel = (
            (timer or start_timer)(self.show_after, self._announce) if self.speaks else _nothing
        )

    def __enter__(self) -> Step:
        return self

    def __exit__(self, kind, error, trace) -> None:
        self.close(ok=kind is None)

    def _announce(self) -> None:
        with self._lock:
            if self.ended or self.shown:
                return
            self.shown = True
            self._draw()
            self.stream.flush()

    def _draw(self) -> None:
        self.stream.write(f"{self.label}...")

    def _finish_line(self) -> None:
        """What the line shows last, before "done in": nothing more for a plain step."""

    def close(self, ok: bool = True) -> None:
        """End the step: "done in N s" (or "stopped" after an error) if it was announced."""
        self._cancel()
        with self._lock:
            if self.ended:
                return
            self.ended = True
            if not self.shown:
                return
            self._finish_line()
            elapsed = self.clock() - self.start
            self.stream.write(f" done in {elapsed:.1f} s\n" if ok else " stopped\n")
            self.stream.flush()


class Progress(Step):
    """``done`` of ``total`` units as ``label [#####.....]  42% (420/1,000)`` on a terminal.

    A run, a comparison or a study calls ``advance`` as each block or sample point arrives.
    """

    def __init__(self, total: int, label: str = "runs", stream: TextIO | None = None, **kwargs):
        self.total = max(1, int(total))
        self.done = 0
        super().__init__(label, stream, **kwargs)

    def advance(self, units: int = 1) -> None:
        """``units`` more finished."""
        self.done = min(self.total, self.done + units)
        if not self.speaks:
            return
        if not self.shown and self.clock() - self.start > self.show_after:
            self._announce()
        elif self.shown and self.live:
            with self._lock:
                if not self.ended:
                    self._draw()
                    self.stream.flush()

    def _finish_line(self) -> None:
        if self.live:  # the bar as it ended
            self._draw()

    def _draw(self) -> None:
        if not self.live:  # a log or a pipe: the label once, no redrawn bar
            super()._draw()
            return
        share = self.done / self.total
        filled = round(BAR_WIDTH * share)
        bar = "#" * filled + "-" * (BAR_WIDTH - filled)
        self.stream.write(f"\r{self.label} [{bar}] {share:4.0%} ({self.done:,}/{self.total:,})")
