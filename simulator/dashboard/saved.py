"""The page's settings as a scenario file to download, with the sources' comments kept.

A scenario that only ``extends`` the picked one and lists the changes runs, but tells a reader
nothing: every source comment ("article: ...", "assumption: ...") stays behind in the shipped
file. So the saved file is the whole scenario as the picked one resolves it (its files merged
through ``extends``), in their key order, with each value the dashboard did not change carrying
the comment its file wrote beside it, and each value it changed saying so and what it was. It
needs no other file, so it runs on any computer: ``negsim run FILE``.

Comments are read from the scenario's files at the line ``load_scenario`` marked for each key;
a line that no longer holds that key (the file was edited since) gives no comment.
"""

from __future__ import annotations

import base64
import copy
import datetime as dt
import functools
import json
import re
import textwrap
from pathlib import Path
from typing import Any

from simulator import __version__
from simulator.dashboard.levers import AID_EVENT
from simulator.dashboard.settings import overrides
from simulator.scenario import Loaded

COMMENT_COLUMN = 34
WIDTH = 100
_PLAIN = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*")
_NOT_PLAIN = {"true", "false", "null", "yes", "no", "on", "off", "y", "n", "~"}


def download_attributes(text: str, filename: str, testid: str, title: str) -> dict[str, str]:
    """The attributes of an ``<a download>`` that hands ``text`` to the browser as a YAML file.

    A ``data:`` link: the browser saves the file, the server writes nothing (solara's
    FileDownload does not mount with the ipyvuetify 3 front end installed here).
    """
    data = base64.b64encode(text.encode("utf-8")).decode("ascii")
    return {
        "href": f"data:application/x-yaml;charset=utf-8;base64,{data}",
        "download": filename,
        "data-testid": testid,
        "title": title,
    }


def download_name(loaded: Loaded) -> str:
    """File name the browser saves the settings under."""
    return f"{Path(loaded.source).stem}-dashboard.yaml"


def flow(value: Any) -> str:
    """One value as YAML 1.2 flow text (mappings and lists inline), as ``negsim`` reads it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return repr(round(value, 10))
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        plain = _PLAIN.fullmatch(value) and value.lower() not in _NOT_PLAIN
        return value if plain else json.dumps(value, ensure_ascii=False)
    if isinstance(value, dict):
        return "{" + ", ".join(f"{flow(k)}: {flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(flow(v) for v in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} as YAML")


def comment_of(line: str) -> str:
    """The comment at the end of a YAML line ('' if none), outside quotes."""
    quote = ""
    for i, char in enumerate(line):
        if quote:
            if char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
        elif char == "#" and (i == 0 or line[i - 1] in " \t"):
            return line[i + 1 :].strip()
    return ""


@functools.lru_cache(maxsize=32)
def _lines(file: str, stamp: tuple) -> tuple[str, ...]:
    return tuple(Path(file).read_text(encoding="utf-8").splitlines())


def source_comment(loaded: Loaded, path: tuple) -> tuple[str, int] | None:
    """The comment the scenario's file wrote on the line of ``path``, with that line's id."""
    mark = loaded.marks.get(path)
    if mark is None or isinstance(mark, str):
        return None
    try:
        stat = Path(mark.file).stat()
        lines = _lines(mark.file, (stat.st_mtime_ns, stat.st_size))
    except (OSError, UnicodeDecodeError):
        return None
    if not 0 < mark.line <= len(lines):
        return None
    line = lines[mark.line - 1]
    name = str(path[-1])
    if isinstance(path[-1], str) and not line[mark.column - 1 :].startswith(name):
        return None  # the file changed since it was loaded
    text = comment_of(line)
    return (text, hash((mark.file, mark.line))) if text else None


def _is_dist(value: Any) -> bool:
    return isinstance(value, dict) and "dist" in value


def _one_line(loaded: Loaded, path: tuple, value: Any) -> bool:
    """The file wrote this mapping or list item on one line (``{min: 0.8}``), or it is short."""
    mark = loaded.marks.get(path)
    if mark is None or isinstance(mark, str):
        return len(flow(value)) <= 60 and all(
            not isinstance(v, dict | list) or _is_dist(v) for v in value.values()
        )
    inside = [m for p, m in loaded.marks.items() if p[: len(path)] == path and len(p) > len(path)]
    return all(not isinstance(m, str) and m.line == mark.line for m in inside)


class Writer:
    """Writes the document line by line, each value with its comment."""

    def __init__(self, loaded: Loaded, original: dict, changed: dict[tuple, str]):
        self.loaded = loaded
        self.original = original  # the merged document as loaded
        self.changed = changed  # path -> the dashboard's comment
        self.lines: list[str] = []
        self.used: set[int] = set()  # source lines whose comment is already written

    def comment(self, path: tuple) -> str:
        """The dashboard's note for a changed value, else the source's comment (once a line)."""
        if path in self.changed:
            return self.changed[path]
        if any(path[: len(p)] == p for p in self.changed):
            return ""
        found = source_comment(self.loaded, path)
        if found is None or found[1] in self.used:
            return ""
        self.used.add(found[1])
        return found[0]

    def line(self, text: str, comment: str = "") -> None:
        """One line, with its comment at the comment column."""
        if comment:
            text = f"{text}{' ' * max(COMMENT_COLUMN - len(text), 2)}# {comment}"
        self.lines.append(text)

    def mapping(self, node: dict, path: tuple, indent: str) -> None:
        """Each key of a block mapping, in order."""
        for key, value in node.items():
            self.entry(key, value, (*path, key), indent)

    def entry(self, key: str, value: Any, path: tuple, indent: str) -> None:
        """``key: value`` with its comment, a block below it where the value needs one."""
        head = f"{indent}{flow(key)}:"
        note = self.comment(path)
        if isinstance(value, dict) and value and not _is_dist(value):
            if _one_line(self.loaded, path, value):
                self.line(f"{head} {flow(value)}", note)
                return
            self.line(head, note)
            self.mapping(value, path, indent + "  ")
        elif isinstance(value, list) and value:
            self.line(head, note)
            for index, item in enumerate(value):
                self.item(item, (*path, index), indent + "  ")
        elif _is_dist(value) and note:  # as the shipped files write them: the note, then the value
            self.line(head, note)
            self.line(f"{indent}  {flow(value)}")
        else:
            self.line(f"{head} {flow(value)}", note)

    def item(self, item: Any, path: tuple, indent: str) -> None:
        """One list item: on one line, or as a block mapping after its dash."""
        note = self.comment(path)
        if not isinstance(item, dict) or _is_dist(item) or _one_line(self.loaded, path, item):
            self.line(f"{indent}- {flow(item)}", note)
            return
        first = True
        for key, value in item.items():
            start = len(self.lines)
            self.entry(key, value, (*path, key), indent + "  ")
            if first:  # the dash goes on the item's first line, with the item's note
                self.lines[start] = f"{indent}- {self.lines[start][len(indent) + 2 :]}"
                if note and "#" not in self.lines[start]:
                    self.lines[start] = self.lines[start].rstrip()
                    pad = max(COMMENT_COLUMN - len(self.lines[start]), 2)
                    self.lines[start] += f"{' ' * pad}# {note}"
                first = False


def _get(doc: Any, path: tuple) -> Any:
    for part in path:
        if isinstance(doc, dict) and part in doc:
            doc = doc[part]
        else:
            return None
    return doc


def _set(doc: dict, path: tuple, value: Any) -> None:
    node = doc
    for part in path[:-1]:
        node = node.setdefault(part, {})
    node[path[-1]] = copy.deepcopy(value)


def _notes(loaded: Loaded, raw: dict, changes: dict[str, Any]) -> dict[tuple, str]:
    """The comment each changed value gets: what it was in the scenario."""
    notes: dict[tuple, str] = {}
    for dotted, value in changes.items():
        path = tuple(dotted.split("."))
        old = _get(raw, path)
        if isinstance(value, list):  # donors or timeline: note the items that are new
            before = old if isinstance(old, list) else []
            for index, item in enumerate(value):
                if index < len(before) and before[index] == item:
                    continue
                was = f" (was {flow(before[index])})" if index < len(before) else ""
                if isinstance(item, dict) and item.get("set") == AID_EVENT:
                    was = f": US aid resumes in week {item['week']}"
                notes[(*path, index)] = f"set in the dashboard{was}"
            continue
        was = "not set: the default" if old is None else f"was {flow(old)}"
        notes[path] = f"set in the dashboard ({was})"
    return notes


def scenario_yaml(loaded: Loaded, settings: dict[str, Any], saved: dt.date | None = None) -> str:
    """The current settings as a whole scenario file: sources' comments kept, changes noted."""
    changes = overrides(loaded, settings)
    stem = Path(loaded.source).stem
    raw = copy.deepcopy(loaded.raw)
    raw.pop("extends", None)
    doc = copy.deepcopy(raw)
    for dotted, value in changes.items():
        _set(doc, tuple(dotted.split(".")), value)
    name = f"{stem}-dashboard"
    moved = ", ".join(sorted(changes)) or "nothing"
    description = (
        f"{loaded.scenario.name} as set in the negsim dashboard (changed: {moved}). "
        + " ".join(str(loaded.scenario.description).split())
    )
    day = (saved or dt.date.today()).isoformat()
    writer = Writer(loaded, raw, _notes(loaded, raw, changes))
    writer.lines += [
        f"# Saved from the negsim {__version__} dashboard on {day}: the scenario",
        f"# '{loaded.scenario.name}' with the levers as set there. Every value the dashboard did",
        "# not change keeps its source's comment; a changed one says what it was. This file",
        "# needs no other: run it with",
        f"#   negsim run {name}.yaml",
        f"name: {flow(name)}",
        "description: >-",
        *textwrap.wrap(
            description, WIDTH - 2, initial_indent="  ", subsequent_indent="  ",
            break_on_hyphens=False,
        ),
    ]  # fmt: skip
    for key, value in doc.items():
        if key not in ("name", "description"):
            writer.entry(key, value, (key,), "")
    return "\n".join(writer.lines) + "\n"
