"""The sequential backend: every task in this process, one after another."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any


def map_sequential(function: Callable[..., Any], tasks: Sequence[tuple]) -> Iterator[Any]:
    """``function(*task)`` for each task, in order."""
    for task in tasks:
        yield function(*task)
