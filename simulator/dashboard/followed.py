"""Each browser session's followed run: the world the "one run" view steps, kept per session.

A session steps its own copy under its own lock, so one tab replaying a long run never holds
up another; the table of sessions is guarded by a short lock only and keeps the
``SESSIONS`` most recently used (an idle tab's run is dropped first and rebuilt if it returns).
The run is built from the picked scenario in memory (``settings.scenario_with``), like the
outlooks, so an edited scenario file cannot break it.
"""

from __future__ import annotations

import threading
from typing import Any

from simulator.dashboard.one_run import OneRun
from simulator.dashboard.picker import loaded_source
from simulator.dashboard.settings import overrides, scenario_with, set_args
from simulator.scenario import Loaded

SESSIONS = 64
"""Sessions whose followed run is kept."""


class FollowedRuns:
    """The followed run of each session, least recently used dropped first."""

    def __init__(self, sessions: int = SESSIONS):
        self.sessions = sessions
        self._lock = threading.Lock()
        self._slots: dict[str, tuple[threading.Lock, list[OneRun | None]]] = {}

    def _slot(self, session: str) -> tuple[threading.Lock, list[OneRun | None]]:
        with self._lock:
            slot = self._slots.pop(session, None) or (threading.Lock(), [None])
            self._slots[session] = slot  # most recently used last
            while len(self._slots) > self.sessions:
                self._slots.pop(next(iter(self._slots)))
            return slot

    def at(self, session: str, loaded: Loaded, values: dict[str, Any], run: int, weeks: int):
        """Run ``run`` under ``values``, stepped ``weeks`` weeks (replayed from 0 as needed)."""
        changes = overrides(loaded, values)
        key = (loaded_source(loaded), loaded.sha256, set_args(changes), run)
        lock, holder = self._slot(session)
        with lock:
            current = holder[0]
            if current is None or current.key != key or len(current.history) > weeks:
                current = OneRun(scenario_with(loaded, changes), run)
                current.key = key
                holder[0] = current
            while len(current.history) < weeks and current.step() is not None:
                pass
            return current


FOLLOWED = FollowedRuns()
