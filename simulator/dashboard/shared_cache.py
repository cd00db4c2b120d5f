"""One cache of slow results shared by every browser session: kept, awaited, or computed once.

The lock guards only the table, never a computation: a request nobody has made yet computes
outside it, so one session's slow run never holds up another's. A second request for a key
already being computed waits for that computation instead of starting its own (at most one per
key at a time), and at most ``parallel`` computations go at once, whatever the number of
sessions. A computation that fails is not kept: the next request tries again. The least
recently used result is dropped first.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import Future


class SharedCache[T]:
    """Results by key, at most ``size`` kept, at most ``parallel`` computed at once."""

    def __init__(self, size: int, parallel: int = 1):
        self.size = size
        self._items: OrderedDict[tuple, T] = OrderedDict()
        self._running: dict[tuple, Future] = {}
        self._lock = threading.Lock()  # browser sessions share the cache
        self._slots = threading.BoundedSemaphore(parallel)

    def peek(self, key: tuple) -> T | None:
        """The result for ``key`` if it is already known (never computes)."""
        with self._lock:
            return self._items.get(key)

    def clear(self) -> None:
        """Forget every kept result (computations under way finish and are kept)."""
        with self._lock:
            self._items.clear()

    def get(self, key: tuple, compute: Callable[[], T]) -> T:
        """The result for ``key``: recalled, awaited from another session, or computed now."""
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
            running = self._running.get(key)
            mine = running is None
            if mine:
                running = self._running[key] = Future()
        if not mine:
            return running.result()
        try:
            with self._slots:
                found = compute()
        except BaseException as exc:
            with self._lock:
                del self._running[key]
            running.set_exception(exc)
            raise
        with self._lock:
            del self._running[key]
            self._items[key] = found
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        running.set_result(found)
        return found
