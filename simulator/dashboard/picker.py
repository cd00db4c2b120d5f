"""Which scenarios the dashboard offers: the shipped ones, plus a file named on the command line.

``negsim dashboard SCENARIO`` names the first scenario through an environment variable, since the
page runs in a child ``solara run`` process; ``loaded_source`` says how to load a scenario again.

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


def file_label(path: str) -> str:
    """Picker label of a scenario file named on the command line."""
    stem = Path(path).stem
    return f"{stem} (file)" if stem in shipped_scenarios() else stem


def scenario_choices() -> dict[str, str]:
    """Picker labels -> what ``load_scenario`` takes: shipped names, plus a file named at start."""
    choices = {name: name for name in shipped_scenarios()}
    first = os.environ.get(SCENARIO_ENV)
    if first and first not in choices:
        choices[file_label(first)] = str(Path(first).resolve())
    return choices


def first_choice() -> str:
    """The picker's label for the scenario named on the command line (baseline by default)."""
    first = os.environ.get(SCENARIO_ENV, "baseline")
    return first if first in shipped_scenarios() else file_label(first)


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
