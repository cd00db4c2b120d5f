"""The scenario's parameters with their provenance, for reports and ``provenance.json``.

Each parameter carries its file:line and the comment on that line (article, source, assumption);
``simulator.folders.run_report`` writes them into a run folder's ``provenance.json``. Values read
as a person writes them (``simulator.report.value_words``); each donor and each timeline event is
a row of its own, with the comment written beside it in the YAML.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from simulator.report.html import table
from simulator.report.value_words import donor_words, event_words, value_words
from simulator.scenario import Loaded, flat_leaves, scenarios_dir

SET_ORIGIN = "command line (--set, --runs, --seed or --weeks)"


@dataclass(frozen=True)
class Entry:
    """One parameter row: what a reader sees, and what tells two scenarios' rows apart."""

    path: str  # dotted path, as --set and error messages name it (donors.0, timeline.1)
    value: str  # the value in words
    origin: str  # file:line, the command line or the schema's default
    note: str  # the comment on that line: article, source or assumption
    key: tuple  # what a row is matched by across scenarios (a donor by its name)
    label: str  # the parameter as a comparison table names it
    raw: str  # the value as canonical JSON, so rows compare by value, not by its rounding

    def row(self) -> dict[str, str]:
        """The row as ``provenance.json`` stores it."""
        return {"path": self.path, "value": self.value, "origin": self.origin, "note": self.note}


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


class _Provenance:
    """Where a value was written and the comment there, read from a loaded scenario."""

    def __init__(self, loaded: Loaded):
        self.loaded = loaded
        self.cache: dict[str, list[str]] = {}

    def place(self, key: tuple) -> str | None:
        """The ``file:line`` (or ``--set``) of a key, else of its nearest recorded parent."""
        for n in range(len(key), 0, -1):
            place = self.loaded.origin.get(key[:n])
            if place:
                return place
        return None

    def origin(self, place: str | None) -> str:
        """Where a value came from, as a reader is told."""
        if place is None:
            return "schema default"
        if place == "--set":
            return SET_ORIGIN
        own = Path(place.rpartition(":")[0]).resolve()
        inherited = self.loaded.chain and own != Path(self.loaded.chain[0]).resolve()
        return _short_place(place) + (" (parent, through extends)" if inherited else "")

    def note(self, key: tuple, place: str | None) -> str:
        """The comment on the value's line, else on its parent key's line in the same file.

        A value written as a mapping on its own lines (``max: {dist: ...}`` under
        ``territory:``) carries its source on the key above; a section's comment is not used.
        """
        if place is None or place == "--set":
            return ""
        note = _comment_on(place, self.cache)
        file = place.rpartition(":")[0]
        for n in range(len(key) - 1, 1, -1):
            if note:
                break
            parent = self.loaded.origin.get(key[:n], "")
            if parent.rpartition(":")[0] == file:
                note = _comment_on(parent, self.cache)
        return note

    def item_note(self, key: tuple) -> str:
        """The comments on every line of a list item (a donor, an event), in file order."""
        places = {v for k, v in self.loaded.origin.items() if k[: len(key)] == key}
        places.discard("--set")
        lines = sorted(places, key=lambda p: (p.rpartition(":")[0], int(p.rpartition(":")[2])))
        notes = [_comment_on(p, self.cache) for p in lines]
        return "; ".join(dict.fromkeys(n for n in notes if n))


def _raw(value: Any) -> str:
    data = value.model_dump(mode="json") if hasattr(value, "model_dump") else value
    return json.dumps(data, sort_keys=True, default=str)


def _list_entries(name: str, items: list, prov: _Provenance) -> list[Entry]:
    """One entry per donor or timeline event, or one saying the list is empty."""
    if not items:
        place = prov.place((name,))
        return [
            Entry(name, "none", prov.origin(place), prov.note((name,), place), (name,), name, "[]")
        ]
    order = list(range(len(items)))
    if name == "timeline":  # validated events are sorted by week; the file keeps its own order
        events = prov.loaded.raw.get("timeline") or []
        if len(events) == len(items):
            order = sorted(range(len(events)), key=lambda i: events[i]["week"])
    entries, seen = [], {}
    for item, index in zip(items, order, strict=True):
        if name == "donors":
            words, ident = donor_words(item), item.name
        else:
            words, ident = event_words(item), index
        seen[ident] = seen.get(ident, 0) + 1
        key = (name, ident, seen[ident])
        place = prov.place((name, index))
        note = prov.item_note((name, index)) if place != "--set" else ""
        entries.append(
            Entry(f"{name}.{index}", words, prov.origin(place), note, key, name, _raw(item))
        )
    return entries


def parameter_entries(loaded: Loaded) -> list[Entry]:
    """Every resolved parameter with where it came from and the comment that justifies it."""
    prov = _Provenance(loaded)
    entries: list[Entry] = []
    for path, value in flat_leaves(loaded.scenario).items():
        if value is None or path in ("description", "extends"):
            continue
        if path in ("donors", "timeline"):
            entries += _list_entries(path, value, prov)
            continue
        key = tuple(path.split("."))
        place = prov.place(key)
        entries.append(
            Entry(
                path,
                value_words(value, path),
                prov.origin(place),
                prov.note(key, place),
                (path,),
                path,
                _raw(value),
            )
        )
    return entries


def parameter_rows(loaded: Loaded) -> list[dict[str, str]]:
    """Every parameter as ``provenance.json`` keeps it: path, value in words, origin, note."""
    return [entry.row() for entry in parameter_entries(loaded)]


def parameters_section(rows: list[dict[str, str]]) -> str:
    """The parameter table with provenance."""
    return (
        '<p class="note">Origin is the file and line each value was read from (or --set, or the '
        "schema's default); the note is the comment on that line, which states the article's "
        "words, a <code>source:</code> or an <code>assumption:</code>. Each donor and each "
        "timeline event is a row of its own.</p>"
        + table(
            ["parameter", "value", "origin", "note"],
            [[r["path"], r["value"], r["origin"], r["note"]] for r in rows],
            widths=("25%", "17%", "23%", "35%"),
        )
    )
