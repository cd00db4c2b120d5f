"""Results of many tasks handed on in task order, with a bounded number in flight."""

from __future__ import annotations

import collections
from collections.abc import Callable, Iterator
from typing import Any


def in_order(
    submit: Callable[[int], Any], result: Callable[[Any], Any], count: int, window: int
) -> Iterator[Any]:
    """Yield ``count`` tasks' results in index order with at most ``window`` in flight.

    Memory stays bounded whatever ``count`` is: a result is handed on as soon as it and all
    before it are done, and a new task is submitted only when one is consumed.
    """
    pending: collections.deque = collections.deque()
    submitted = 0
    while submitted < count and len(pending) < window:
        pending.append(submit(submitted))
        submitted += 1
    while pending:
        done = result(pending.popleft())
        if submitted < count:
            pending.append(submit(submitted))
            submitted += 1
        yield done
