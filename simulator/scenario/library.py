"""The shipped scenarios: where they live, their names, and resolving a name or a path.

Inside an installed wheel they are ``simulator/_scenarios``; in the source tree, ``scenarios/``.
"""

from __future__ import annotations

import difflib
import importlib.resources
from pathlib import Path

from simulator.scenario.errors import ScenarioError
from simulator.scenario.yaml12 import YamlProblem, load_with_marks


def scenarios_dir() -> Path:
    """Folder of the shipped scenarios: inside the installed wheel, else the source tree."""
    packaged = Path(str(importlib.resources.files("simulator") / "_scenarios"))
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "scenarios"


def shipped_scenarios() -> dict[str, Path]:
    """Shipped scenario names and files."""
    return {p.stem: p for p in sorted(scenarios_dir().glob("*.yaml"))}


def _is_file(candidate: Path) -> bool:
    try:
        return candidate.is_file()
    except (OSError, ValueError):  # e.g. a name with a NUL byte, or one too long
        return False


def _is_dir(candidate: Path) -> bool:
    try:
        return candidate.is_dir()
    except (OSError, ValueError):
        return False


def resolve_path(name_or_path: str, relative_to: Path | None = None) -> Path:
    """A shipped name (``baseline``) or a path to a YAML file."""
    shipped = shipped_scenarios()
    if name_or_path in shipped:
        return shipped[name_or_path]
    candidates = [Path(name_or_path)]
    if relative_to is not None:
        candidates.insert(0, relative_to / name_or_path)
    for candidate in candidates:
        if _is_file(candidate):
            return candidate
    known = ", ".join(shipped) or "none"
    folder = next((c for c in candidates if _is_dir(c)), None)
    if folder is not None:
        inside = folder / "scenario.yaml"
        hint = (
            f"; did you mean {inside} (the scenario of a run folder)?" if _is_file(inside) else ""
        )
        raise ScenarioError(
            f"'{name_or_path}' is a directory, not a scenario: give a scenario YAML file "
            f"or a shipped name ({known}){hint}"
        )
    close = difflib.get_close_matches(name_or_path, list(shipped), n=1, cutoff=0.6)
    hint = f"did you mean '{close[0]}'? " if close else ""
    raise ScenarioError(
        f"no scenario named '{name_or_path}' and no such file; {hint}shipped scenarios: {known}"
    )


def one_line_description(path: Path) -> str:
    """First sentence of a scenario file's description (for ``negsim list``)."""
    try:
        data, _ = load_with_marks(path.read_text(encoding="utf-8"), str(path))
    except (OSError, UnicodeDecodeError, YamlProblem):
        return "(unreadable)"
    if not isinstance(data, dict):
        return "(not a scenario)"
    text = " ".join(str(data.get("description", "")).split())
    first, dot, _ = text.partition(". ")
    return first + ("." if dot else "")
