"""The scenario's parameters with their provenance, for reports and ``provenance.json``.

Each parameter carries its file:line and the comment on that line (article, source, assumption);
``simulator.folders.run_report`` writes them into a run folder's ``provenance.json``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from simulator.report.html import table
from simulator.scenario import Loaded, flat_leaves, scenarios_dir


def _comment_on(place: str, cache: dict[str, list[str]]) -> str:
    """The ``# ...`` comment on a ``file:line`` (where shipped scenarios state their sources)."""
    file, _, line = place.rpartition(":")
    if not line.isdigit():
        return ""
    if file not in cache:
        try:
            cache[file] = Path(file).read_text(encoding="utf-8").splitlines()
        except OSError:
            cache[file] = []
    lines = cache[file]
    index = int(line) - 1
    if not 0 <= index < len(lines):
        return ""
    text = lines[index]
    quote = None
    for i, ch in enumerate(text):
        if ch in "'\"" and quote in (None, ch):
            quote = None if quote else ch
        elif ch == "#" and quote is None and (i == 0 or text[i - 1] in " \t"):
            return text[i + 1 :].strip()
    return ""


def _short_place(place: str) -> str:
    """``file:line`` with a shipped scenario's path shown as ``scenarios/<name>.yaml``."""
    file, _, line = place.rpartition(":")
    path = Path(file)
    shipped = scenarios_dir().resolve()
    if path.resolve().parent == shipped:
        return f"scenarios/{path.name}:{line}"
    return place


def _show(value: Any) -> str:
    if hasattr(value, "model_dump"):
        data = value.model_dump(mode="json")
        kind = data.pop("dist", "")
        return f"{kind}(" + ", ".join(f"{k}={v}" for k, v in data.items()) + ")"
    if isinstance(value, list):
        return json.dumps(
            [v.model_dump(mode="json") if hasattr(v, "model_dump") else v for v in value],
            ensure_ascii=False,
        )
    return str(value)


def parameter_rows(loaded: Loaded) -> list[dict[str, str]]:
    """Every resolved parameter with where it came from and the comment that justifies it."""
    cache: dict[str, list[str]] = {}
    rows = []
    for path, value in flat_leaves(loaded.scenario).items():
        if value is None or path in ("description", "extends"):
            continue
        key = tuple(path.split("."))
        place = loaded.origin.get(key)
        if place is None:  # a leaf inside a list or mapping: take the nearest recorded parent
            for n in range(len(key) - 1, 0, -1):
                place = loaded.origin.get(key[:n])
                if place:
                    break
        if place is None:
            origin, note = "schema default", ""
        elif place == "--set":
            origin, note = "command line (--set, --runs, --seed or --weeks)", ""
        else:
            origin, note = _short_place(place), _comment_on(place, cache)
            own = Path(place.rpartition(":")[0]).resolve()
            if loaded.chain and own != Path(loaded.chain[0]).resolve():
                origin += " (parent, through extends)"
        rows.append({"path": path, "value": _show(value), "origin": origin, "note": note})
    return rows


def parameters_section(rows: list[dict[str, str]]) -> str:
    """The parameter table with provenance."""
    return (
        '<p class="note">Origin is the file and line each value was read from (or --set, or the '
        "schema's default); the note is the comment on that line, which states the article's "
        "words, a <code>source:</code> or an <code>assumption:</code>.</p>"
        + table(
            ["parameter", "value", "origin", "note"],
            [[r["path"], r["value"], r["origin"], r["note"]] for r in rows],
        )
    )
