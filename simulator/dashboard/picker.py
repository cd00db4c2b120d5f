"""Which scenarios the dashboard offers: the shipped ones, plus a file named on the command line.

``negsim dashboard SCENARIO`` names the first scenario through an environment variable, since the
page runs in a child ``solara run`` process; ``loaded_source`` says how to load a scenario again.
The picker keys each scenario by that source and shows its ``name`` (``scenario_label``), so a
file named ``lesson3.yaml`` shows the name its author gave it.

A picked scenario is loaded once and kept; when one of its files (the file or a parent it
``extends``) changes on disk, the next request loads it afresh. If that fails (a teacher saving a
half-edited file), the last good version stays in use and ``reload_problem`` says why, for the
page to show until the file loads again.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from simulator import UserError
from simulator.scenario import Loaded, load_scenario, shipped_scenarios

SCENARIO_ENV = "NEGSIM_DASHBOARD_SCENARIO"
"""Environment variable through which ``negsim dashboard SCENARIO`` names the first scenario."""


def loaded_source(loaded: Loaded) -> str:
    """What ``load_scenario`` takes to load the same scenario again."""
    return (
        loaded.source
        if loaded.source in shipped_scenarios()
        else str(Path(loaded.source).resolve())
    )


def scenario_sources() -> tuple[str, ...]:
    """What the picker offers, as ``load_scenario`` takes it: shipped names, a file's full path."""
    shipped = tuple(shipped_scenarios())
    first = os.environ.get(SCENARIO_ENV)
    if first and first not in shipped:
        return (*shipped, str(Path(first).resolve()))
    return shipped


def first_choice() -> str:
    """The source of the scenario named on the command line (baseline by default)."""
    first = os.environ.get(SCENARIO_ENV, "baseline")
    return first if first in shipped_scenarios() else str(Path(first).resolve())


def scenario_label(source: str) -> str:
    """The picker's words for a scenario: its ``name``, and the file's name for a file.

    A scenario that cannot be loaded just now is shown by its file name.
    """
    shipped = source in shipped_scenarios()
    try:
        name = loaded_scenario(source).scenario.name
    except (UserError, OSError, RecursionError, ValueError):
        name = Path(source).stem
    return name if shipped else f"{name} (file {Path(source).name})"


def first_sentence(text: str) -> str:
    """The first sentence of a description (all of it if it has one sentence)."""
    text = " ".join(str(text).split())
    first, dot, _ = text.partition(". ")
    return first + ("." if dot else "")


_lock = threading.Lock()
_kept: dict[str, tuple[tuple, Loaded]] = {}  # source -> (its files' signature, last good load)
_problems: dict[str, Exception] = {}  # source -> why loading it afresh failed


def _signature(paths) -> tuple:
    """Each file's modification time and size (None for a file that cannot be read)."""
    out = []
    for path in paths:
        try:
            stat = Path(path).stat()
            out.append((str(path), stat.st_mtime_ns, stat.st_size))
        except OSError:
            out.append((str(path), None))
    return tuple(out)


def loaded_scenario(source: str) -> Loaded:
    """A picked scenario: loaded once, again when its files change, the last good one kept.

    The first load of a scenario raises its ``ScenarioError``; a failed reload does not (see
    ``reload_problem``).
    """
    with _lock:
        kept = _kept.get(source)
    if kept is not None and _signature(kept[1].chain) == kept[0]:
        return kept[1]
    before = _signature(kept[1].chain) if kept else None
    try:
        loaded = load_scenario(source)
    except (UserError, OSError, RecursionError, ValueError) as exc:
        if kept is None:
            raise
        with _lock:
            _kept[source] = (before, kept[1])  # try again when the file changes again
            _problems[source] = exc
        return kept[1]
    with _lock:
        _kept[source] = (before if before is not None else _signature(loaded.chain), loaded)
        _problems.pop(source, None)
        if len(_kept) > 64:
            _kept.pop(next(iter(_kept)))
    return loaded


def reload_problem(source: str) -> Exception | None:
    """Why the changed scenario file could not be loaded (None when it loads or never changed)."""
    with _lock:
        return _problems.get(source)
