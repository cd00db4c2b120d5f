"""The resolved parameters of a scenario, each with where its value came from.

``negsim show`` prints this: a valid YAML document whose every value carries a comment naming
the file and line that set it (``(parent)`` when inherited through ``extends``), ``--set``, or
``default`` when the schema's default applies because no file mentions the key.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import yaml

from simulator import __version__
from simulator.scenario.loader import Loaded
from simulator.scenario.yaml12 import Mark

COMMENT_COLUMN = 52
_PLAIN = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _scalar(value: Any) -> str:
    """One value as YAML 1.2 flow text (mappings and lists inline)."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        plain = _PLAIN.fullmatch(value) and value.lower() not in ("true", "false", "null")
        return value if plain else json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_scalar(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_scalar(v) for v in value) + "]"
    return yaml.safe_dump(value, default_flow_style=True).strip().removesuffix("...").strip()


def _short(file: str) -> str:
    path = Path(file)
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def describe_origin(loaded: Loaded, path: tuple) -> str:
    """Where the value at ``path`` came from: ``file:line``, ``(parent)``, ``--set`` or default."""
    place = loaded.marks.get(tuple(path))
    if isinstance(place, Mark):
        own = loaded.chain and Path(place.file).resolve() == Path(loaded.chain[0]).resolve()
        return f"{_short(place.file)}:{place.line}" + ("" if own else " (parent)")
    for n in range(len(path), 0, -1):
        if loaded.marks.get(tuple(path[:n])) == "--set":  # the value or a mapping around it
            return "--set"
    return "default"


def _timeline_order(loaded: Loaded) -> list[int]:
    """Index in the file of each validated (week-sorted) timeline event."""
    events = loaded.raw.get("timeline") or []
    return [i for i, _ in sorted(enumerate(events), key=lambda item: item[1]["week"])]


def show_text(loaded: Loaded) -> str:
    """The resolved scenario as YAML, every value commented with where it came from."""
    data = loaded.scenario.model_dump(exclude_none=True)
    data.pop("extends", None)
    chain = " <- ".join(_short(str(p)) for p in loaded.chain)
    lines = [
        f"# Resolved scenario '{loaded.scenario.name}', negsim {__version__}",
        f"# files: {chain}" + ("  (a file extends the next one)" if len(loaded.chain) > 1 else ""),
        "# Each value says where it was set: file:line, (parent) if inherited through extends,",
        "# --set, or default (the schema's default; no file mentions it).",
    ]
    order = _timeline_order(loaded)
    for key, value in data.items():
        _emit(loaded, lines, (key,), value, 0, order)
    return "\n".join(lines) + "\n"


def _line(lines: list[str], text: str, comment: str) -> None:
    pad = max(COMMENT_COLUMN - len(text), 2)
    lines.append(f"{text}{' ' * pad}# {comment}")


def _emit(loaded: Loaded, lines: list, path: tuple, value: Any, depth: int, order: list) -> None:
    indent = "  " * depth
    name = path[-1]
    is_dist = isinstance(value, dict) and "dist" in value
    if isinstance(value, dict) and value and not is_dist:
        lines.append(f"{indent}{name}:")
        for key, child in value.items():
            _emit(loaded, lines, (*path, key), child, depth + 1, order)
    elif isinstance(value, list) and value and path in (("donors",), ("timeline",)):
        lines.append(f"{indent}{name}:")
        for i, item in enumerate(value):
            raw_index = order[i] if path == ("timeline",) and i < len(order) else i
            where = describe_origin(loaded, (*path, raw_index))
            _line(lines, f"{indent}  - {_scalar(item)}", where)
    else:
        _line(lines, f"{indent}{name}: {_scalar(value)}", describe_origin(loaded, path))
