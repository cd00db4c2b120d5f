"""Loading a scenario: read YAML, merge ``extends``, apply ``--set``, validate.

A scenario is read once into a frozen ``Scenario``, with where each leaf was written; every
problem becomes one ``ScenarioError`` and the engine only ever sees the validated object.
"""

from __future__ import annotations

import copy
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from simulator.scenario.distributions import is_dist
from simulator.scenario.errors import ScenarioError, reading_order, validation_problems
from simulator.scenario.library import resolve_path, shipped_scenarios
from simulator.scenario.overrides import check_override_path, parse_override, set_path
from simulator.scenario.schema import Scenario
from simulator.scenario.timeline import timeline_problems
from simulator.scenario.yaml12 import MAX_BYTES, Mark, YamlProblem, load_with_marks

Where = dict[tuple, "Mark | str"]
"""Where each key of a merged document was written: a ``Mark`` or ``"--set"``."""


@dataclass
class Loaded:
    """A validated scenario with where each leaf came from."""

    scenario: Scenario
    source: str  # file path or shipped name
    origin: dict[tuple, str] = field(default_factory=dict)  # leaf path -> "file:line" or "--set"
    raw: dict = field(default_factory=dict)  # the merged document before validation
    marks: dict = field(default_factory=dict)  # path -> Mark (file, line, column) or "--set"
    chain: tuple[Path, ...] = ()  # the file itself, then its parents through ``extends``

    @property
    def sha256(self) -> str:
        """Hash of the resolved scenario, for ``summary.json``."""
        text = json.dumps(self.scenario.model_dump(mode="json"), sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()


def read_document(
    path: Path, problems: list[ScenarioError], what: str = "a scenario", keys: str = "name, actors"
) -> tuple[dict, dict]:
    """A file's mapping and marks; problems that leave the rest readable go to ``problems``.

    ``what`` and ``keys`` name the kind of file in the messages (a scenario, a question file).
    """
    try:
        with path.open("rb") as stream:  # never read more than the limit of a huge file
            data_bytes = stream.read(MAX_BYTES + 1)
        if len(data_bytes) > MAX_BYTES:
            raise ScenarioError(
                f"the file is too large (more than {MAX_BYTES:,} bytes); {what} is a few kB",
                file=str(path),
            )
        text = data_bytes.decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ScenarioError(f"cannot read the file: {exc}", file=str(path)) from None
    found: list[YamlProblem] = []
    try:
        data, marks = load_with_marks(text, str(path), found)
    except YamlProblem as exc:
        raise ScenarioError(exc.message, file=str(path), mark=exc.mark, key=exc.key) from None
    if not isinstance(data, dict):
        kind = "empty" if data is None else f"a {_kind(data)}, not a mapping"
        raise ScenarioError(
            f"{what} must be a YAML mapping of keys ({keys}, ...); this file is {kind}",
            file=str(path),
            mark=Mark(str(path), 1, 1),
        )
    for problem in found:
        problems.append(
            _UnreadValueError(problem.message, file=str(path), mark=problem.mark, key=problem.key)
            if problem.dropped
            else ScenarioError(problem.message, file=str(path), mark=problem.mark, key=problem.key)
        )
    return data, marks


class _UnreadValueError(ScenarioError):
    """A value that could not be read: what the schema says about its key is left unsaid."""


def _kind(value: object) -> str:
    return {list: "list", str: "text", int: "number", float: "number", bool: "true/false"}.get(
        type(value), type(value).__name__
    )


def _drop(where: Where, here: tuple) -> None:
    for k in [k for k in where if k[: len(here)] == here]:
        del where[k]


def _merge(base: dict, over: dict, where: Where, over_marks: dict, path=()) -> dict:
    """Deep-merge ``over`` onto ``base``: mappings merge, lists and distributions replace.

    ``null`` deletes a key; ``where`` follows every key to the file and line that set it last.
    """
    out = dict(base)
    for key, value in over.items():
        here = (*path, key)
        if value is None and key != "extends":
            out.pop(key, None)
            _drop(where, here)
            continue
        old = out.get(key)
        if isinstance(value, dict) and isinstance(old, dict) and not is_dist(value | old):
            out[key] = _merge(old, value, where, over_marks, here)
            if here in over_marks:
                where[here] = over_marks[here]
        else:
            _drop(where, here)
            out[key] = copy.deepcopy(value)
            for k, mark in over_marks.items():
                if k[: len(here)] == here:
                    where[k] = mark
    return out


def _load_raw(
    path: Path, chain: tuple[Path, ...], problems: list[ScenarioError]
) -> tuple[dict, Where, tuple[Path, ...], bool]:
    """A file with its parents merged: document, where each key was set, chain, all read.

    A parent that cannot be found or read is one problem in ``problems``; the file's own keys
    are still merged (onto nothing) and checked, so the rest of its problems are found too.
    """
    resolved = path.resolve()
    if resolved in chain:
        cycle = " -> ".join(p.name for p in (*chain, resolved))
        raise ScenarioError(f"'extends' makes a cycle: {cycle}", file=str(path), key="extends")
    data, marks = read_document(path, problems)
    parent_name = data.get("extends")
    where: Where = {}
    if parent_name is None:
        return _merge({}, data, where, marks), where, (path,), True
    try:
        if not isinstance(parent_name, str):
            raise ScenarioError(
                "must be the name of a shipped scenario or a path to a YAML file "
                f"(got {parent_name!r})",
                file=str(path),
                mark=marks.get(("extends",)),
                key="extends",
            )
        try:
            parent_path = resolve_path(parent_name, relative_to=path.parent)
        except ScenarioError as exc:
            raise ScenarioError(
                exc.message, file=str(path), mark=marks.get(("extends",)), key="extends"
            ) from None
        parent, where, parents, whole = _load_raw(parent_path, (*chain, resolved), problems)
    except ScenarioError as exc:
        problems.extend(exc.problems)
        return _merge({}, data, where, marks), where, (path,), False
    return _merge(parent, data, where, marks), where, (path, *parents), whole


def load_scenario(name_or_path: str | Path, overrides: list[str] | tuple[str, ...] = ()) -> Loaded:
    """Load, merge, override and validate a scenario; raise ``ScenarioError`` on any problem.

    Every problem found is reported at once, in reading order: those of the file and its
    parents, of each ``--set``, of the schema and of the timeline.
    """
    path = resolve_path(str(name_or_path))
    problems: list[ScenarioError] = []
    raw, where, chain, whole = _load_raw(path, (), problems)
    for text in overrides:
        try:
            key, value = parse_override(text)
            check_override_path(key)
            set_path(raw, key, value)
        except ScenarioError as exc:
            problems.extend(exc.problems)
            continue
        _drop(where, key)
        if value is not None:
            where[key] = "--set"
    if raw.get("extends") is None:
        raw.pop("extends", None)
    scenario, found = _validated(raw, where, str(path), whole)
    unread = [p.key for p in problems if isinstance(p, _UnreadValueError) and p.key]
    problems += [p for p in found if not _about_unread(p.key, unread)]
    problems += timeline_problems(scenario, raw, where, str(path), found)
    if problems or scenario is None:  # a scenario that did not validate has problems
        raise ScenarioError.of(sorted(problems, key=reading_order))
    source = path.stem if shipped_scenarios().get(path.stem) == path else str(path)
    origin = {k: v if isinstance(v, str) else f"{v.file}:{v.line}" for k, v in where.items()}
    return Loaded(
        scenario=scenario, source=source, origin=origin, raw=raw, marks=where, chain=chain
    )


def _about_unread(key: str | None, unread: list[str]) -> bool:
    """Whether a schema problem is at (or inside, or just above) a value that was not read."""
    if key is None:
        return False
    return any(key == u or key.startswith(f"{u}.") or u.rpartition(".")[0] == key for u in unread)


def _validated(
    raw: dict, where: dict, file: str, whole: bool
) -> tuple[Scenario | None, list[ScenarioError]]:
    """The validated scenario or None, and the schema's problems.

    Without the whole ``extends`` chain a required key may live in the parent that could not
    be read, so "missing" is not said then.
    """
    try:
        return Scenario.model_validate(raw), []
    except ValidationError as exc:
        return None, validation_problems(exc, where, file, missing=whole)


def validate_document(raw: dict, where: dict, file: str) -> Scenario:
    """Validate a merged document; each pydantic error becomes one problem of a ScenarioError."""
    try:
        return Scenario.model_validate(raw)
    except ValidationError as exc:
        raise ScenarioError.of(validation_problems(exc, where, file)) from None
