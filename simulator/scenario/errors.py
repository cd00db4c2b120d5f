"""Scenario errors: ``ScenarioError`` and the clear messages built from pydantic's errors.

Every problem names the file, line, dotted key and what is allowed, with a did-you-mean for a
misspelt key or choice; pydantic's own wording never reaches the user.
"""

from __future__ import annotations

import datetime as dt
import difflib
import types
import typing
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ValidationError

from simulator import UserError
from simulator.scenario.distributions import is_dist
from simulator.scenario.fields import field_info_bounds, range_text
from simulator.scenario.paths import field_info, keys_of, schema_node
from simulator.scenario.removed import removed_message
from simulator.scenario.text import terminal_safe
from simulator.scenario.yaml12 import Mark


class ScenarioError(UserError):
    """One or more clear problems with a scenario: where, which key, what is allowed.

    ``str()`` gives one line per problem, ``file:line:column: dotted.key: message``; the first
    problem's parts are also on the error itself (``message``, ``file``, ``mark``, ``key``).
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        mark: Mark | None = None,
        key: str | None = None,
        problems: list[ScenarioError] | None = None,
    ):
        super().__init__(message)
        self.message = message
        self.file = file or (mark.file if mark else None)
        self.mark = mark
        self.key = key
        self.problems: list[ScenarioError] = problems or [self]

    @classmethod
    def of(cls, problems: list[ScenarioError]) -> ScenarioError:
        """One error carrying several problems (the first one's parts on the error itself)."""
        first = problems[0]
        return cls(
            first.message, file=first.file, mark=first.mark, key=first.key, problems=problems
        )

    def line(self) -> str:
        """This problem alone, on one line."""
        where = str(self.mark) if self.mark else (self.file or "")
        key = f"{self.key}: " if self.key else ""
        text = f"{where}: {key}{self.message}" if where else f"{key}{self.message}"
        return terminal_safe(text)  # a key or value echoed back never drives the terminal

    def __str__(self) -> str:
        return "\n".join(p.line() for p in self.problems)


_TYPE_ERRORS = ("float_type", "int_type", "bool_type", "string_type", "date_type", "list_type")
_RANGE_ERRORS = ("greater_than_equal", "less_than_equal", "greater_than", "less_than")
_PRIORITY = (
    "value_error",
    "extra_forbidden",
    "missing",
    "literal_error",
    "finite_number",
    *_RANGE_ERRORS,
    *_TYPE_ERRORS,
)
DIST_KEYS = {
    "uniform": ("low", "high"),
    "normal": ("mean", "sd"),
    "triangular": ("low", "mode", "high"),
    "beta": ("a", "b"),
}
_DIST_HELP = ", ".join(f"{name} ({', '.join(keys)})" for name, keys in DIST_KEYS.items())


def _split_loc(loc: tuple, kind: str) -> tuple[tuple, tuple | None]:
    """(path of the field in the file, the part inside a distribution or None).

    pydantic adds its own segments to a location (union branches such as ``float`` or
    ``tagged-union[...]``, validators, ``[key]``); they are dropped, except that the last
    segment of an unknown-key error is the user's own key, whatever it is called.
    """
    own = loc[-1:] if kind == "extra_forbidden" else ()
    body = loc[: len(loc) - len(own)]
    for i, part in enumerate(body):
        if isinstance(part, str) and part.startswith("tagged-union["):
            return _clean(body[:i]), (*body[i + 1 :], *own)
    return (*_clean(body), *own), None


def _clean(loc: tuple) -> tuple:
    out = [p for p in loc if not (isinstance(p, str) and p.startswith("function-"))]
    while out and (
        out[-1] in ("float", "int", "bool", "str", "none", "[key]", "date")
        or (isinstance(out[-1], str) and out[-1].startswith("literal["))  # a word branch: front
    ):
        out.pop()
    return tuple(out)


def validation_problems(
    exc: ValidationError,
    where: dict,
    file: str,
    missing: bool = True,
    root: type[BaseModel] | None = None,
) -> list[ScenarioError]:
    """One problem per key pydantic complained about, placed and worded, in reading order.

    ``missing=False`` leaves out required keys that are absent (their file may be unreadable);
    ``root`` is the document's model when it is not a scenario (a forecast question, say).
    """
    groups: dict[tuple, list[tuple[dict, tuple | None]]] = {}
    for error in exc.errors():
        loc, inside = _split_loc(tuple(error["loc"]), error["type"])
        if not missing and error["type"] == "missing" and inside is None:
            continue
        groups.setdefault(loc, []).append((error, inside))
    problems = []
    for loc, items in groups.items():
        key = ".".join(str(p) for p in loc) or None
        file_, mark = locate(loc, where, file)
        message = _message(loc, items, root)
        problems.append(ScenarioError(message, file=file_, mark=mark, key=key))
    return sorted(problems, key=reading_order)


def reading_order(problem: ScenarioError) -> tuple:
    """Sort key of problems: by file, line and column (no line: last); ``--set`` after files."""
    mark = problem.mark
    file = problem.file or ""
    return (file == "--set", file, mark.line if mark else 1 << 30, mark.column if mark else 0)


def _rank(item: tuple[dict, tuple | None]) -> int:
    kind = item[0]["type"]
    return _PRIORITY.index(kind) if kind in _PRIORITY else len(_PRIORITY)


def _message(loc: tuple, items: list[tuple[dict, tuple | None]], root=None) -> str:
    """One message for one key, from the errors pydantic gave for it (one per union branch)."""
    in_dist = [it for it in items if it[1] is not None and it[0]["type"] != "model_attributes_type"]
    if in_dist:
        return _dist_message(*min(in_dist, key=_rank))
    error = min(items, key=_rank)[0]
    kind = error["type"]
    value = error.get("input")
    if kind == "extra_forbidden" or (kind == "literal_error" and error["loc"][-1] == "[key]"):
        removed = removed_message(loc) if root is None else None
        return removed or f"unknown key '{loc[-1]}'{did_you_mean(loc, root)}"
    if kind == "missing":
        return f"is required but missing; it must be {allowed_text(loc, root)}"
    if kind == "value_error":
        return str(error["msg"]).removeprefix("Value error, ")
    if kind == "literal_error":
        close = difflib.get_close_matches(str(value), _choices(loc, root), n=1, cutoff=0.6)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        return f"must be {allowed_text(loc, root)} (got {value!r}){hint}"
    if is_dist(value) and kind in _TYPE_ERRORS:
        what = "saliences" if "salience" in loc else "whole numbers (weeks, seeds, counts)"
        return (
            f"must be {allowed_text(loc, root)}, not a distribution: {what} stay fixed; only "
            "continuous parameters may be uncertain"
        )
    return f"must be {allowed_text(loc, root)} (got {_shown(value)})"


def _shown(value: object) -> str:
    text = value.isoformat() if isinstance(value, dt.date) else repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _dist_message(error: dict, inside: tuple) -> str:
    kind = error["type"]
    if kind == "union_tag_invalid":
        tag = str(error.get("ctx", {}).get("tag", ""))
        close = difflib.get_close_matches(tag, list(DIST_KEYS), n=1, cutoff=0.5)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        return f"unknown distribution '{tag}'{hint} ('dist' must be one of: {_DIST_HELP})"
    if kind == "union_tag_not_found":
        return f"a distribution needs a 'dist' key, one of: {_DIST_HELP}"
    name, sub = inside[0], inside[1:]
    keys = ", ".join(DIST_KEYS.get(str(name), ()))
    if kind == "missing":
        return f"a {name} distribution needs {keys}; '{sub[0]}' is missing"
    if kind == "extra_forbidden":
        close = difflib.get_close_matches(str(sub[0]), DIST_KEYS.get(str(name), ()), n=1)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        return f"a {name} distribution takes dist, {keys}; '{sub[0]}' is not one of them{hint}"
    if kind == "value_error":
        return str(error["msg"]).removeprefix("Value error, ")
    field_name = sub[0] if sub else name
    return f"{name} {field_name} must be a finite number (got {_shown(error.get('input'))})"


def _choices(loc: tuple, root=None) -> list[str]:
    info = field_info(loc, *_of(root))
    if info is None:
        return []
    return [str(a) for a in _literal_args(info.annotation)]


def _literal_args(annotation) -> tuple:
    if typing.get_origin(annotation) is Literal:
        return typing.get_args(annotation)
    for arg in typing.get_args(annotation):
        found = _literal_args(arg)
        if found:
            return found
    return ()


def _of(root) -> tuple:
    """The ``root`` argument of the path helpers: none for a scenario (their default)."""
    return () if root is None else (root,)


def allowed_text(loc: tuple, root=None) -> str:
    """What a field accepts, in words: range, choices or type (``root``: see ``_of``)."""
    info = field_info(loc, *_of(root))
    if info is None:
        node = _safe_node(loc, root)
        if isinstance(node, type) and issubclass(node, BaseModel):
            return f"a mapping with keys {', '.join(keys_of(node))}"
        return "a valid value"
    bounds = field_info_bounds(info)
    choices = _literal_args(info.annotation)
    if bounds is not None:
        dists = "uniform, normal, triangular" + (", beta" if bounds.high is not None else "")
        words = ", ".join(str(c) for c in choices)  # a word a number may stand beside: front
        return (
            f"a number {range_text(bounds.low, bounds.high)}, or a distribution ({{dist: {dists}}})"
            + (f", or {words}" if words else "")
        )
    if choices:
        if len(choices) == 1:
            return f"{choices[0]} (the only choice so far)"
        return "one of " + ", ".join(str(c) for c in choices)
    base = _base_type(info.annotation)
    ge = next((m.ge for m in info.metadata if hasattr(m, "ge")), None)
    le = next((m.le for m in info.metadata if hasattr(m, "le")), None)
    numeric = isinstance(ge, int | float) and isinstance(le, int | float)
    span = f" from {ge:,} to {le:,}" if numeric else ""
    if base is bool:
        return "true or false"
    if base is int:
        return f"a whole number{span}"
    if base is float:
        return f"a fixed number{span}"
    if base is dt.date and ge is not None and le is not None:
        return f"a date from {ge.isoformat()} to {le.isoformat()}, such as 2025-03-13"
    if base is dt.date:
        return "a date such as 2025-03-13"
    if base is str:
        return "text"
    if isinstance(base, type) and issubclass(base, BaseModel):
        return f"a mapping with keys {', '.join(keys_of(base))}"
    if typing.get_origin(base) is list:
        return "a list"
    if typing.get_origin(base) is dict:
        return "a mapping"
    return "a valid value"


def _safe_node(loc: tuple, root=None) -> Any:
    try:
        return schema_node(loc, *_of(root))
    except KeyError:
        return None


def _base_type(annotation) -> Any:
    if typing.get_origin(annotation) is Annotated:
        return _base_type(typing.get_args(annotation)[0])
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return _base_type(args[0]) if len(args) == 1 else annotation
    return annotation


def locate(loc: tuple, where: dict, file: str) -> tuple[str, Mark | None]:
    """The file and mark of the deepest part of ``loc`` that a file or --set wrote.

    A problem with a whole mapping (a rate that disagrees with its strategy) is blamed on
    ``--set`` when --set changed something inside it, since that is what the user just did.
    """
    if loc and any(v == "--set" and k[: len(loc)] == tuple(loc) for k, v in where.items()):
        return "--set", None
    for n in range(len(loc), 0, -1):
        place = where.get(tuple(loc[:n]))
        if place == "--set":
            return "--set", None
        if isinstance(place, Mark):
            return place.file, place
        if isinstance(place, str) and place.rpartition(":")[2].isdigit():  # Loaded.origin form
            name, _, line = place.rpartition(":")
            return name, Mark(name, int(line), 1)
    return file, None


def did_you_mean(loc: tuple, root=None) -> str:
    """A hint for an unknown key: the closest allowed name, then all names allowed there."""
    names = _names_at(loc[:-1], root)
    close = difflib.get_close_matches(str(loc[-1]), names, n=1, cutoff=0.6)
    hint = f"; did you mean '{close[0]}'?" if close else ""
    if names:
        hint += f" (allowed here: {', '.join(names)})"
    return hint


def _names_at(loc: tuple, root=None) -> list[str]:
    node = _safe_node(loc, root)
    if isinstance(node, type) and issubclass(node, BaseModel):
        return keys_of(node)
    if isinstance(node, tuple) and node[0] == "dict" and node[1]:
        return list(node[1])
    return []
