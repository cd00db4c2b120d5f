"""Dotted paths into the scenario schema and into a validated scenario.

Which paths exist, which a timeline may set, the node and field at a path, the bounds of the
continuous field at a path, and every leaf of a validated model by its dotted path.
"""

from __future__ import annotations

import types
import typing
from typing import Annotated, Any

from pydantic import BaseModel

from simulator.scenario.distributions import Dist
from simulator.scenario.fields import Bounds, bounds_of
from simulator.scenario.schema import FIXED_PATHS, Scenario


def unwrap(annotation) -> Any:
    """Reduce an annotation to a model class, ("dict", keys, value), ("list", item) or a leaf."""
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is Annotated:
        return unwrap(args[0])
    if origin is dict:
        key_args = typing.get_args(args[0])
        return ("dict", key_args or None, unwrap(args[1]))
    if origin is list:
        return ("list", unwrap(args[0]))
    if origin in (typing.Union, types.UnionType):
        for arg in args:
            inner = unwrap(arg)
            if isinstance(inner, type) and issubclass(inner, BaseModel):
                return inner
        return "leaf"
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return "leaf" if issubclass(annotation, Dist) else annotation
    return "leaf"


def model_field(model: type[BaseModel], part) -> Any:
    """The ``FieldInfo`` of a model's key as written in a file (its alias, if it has one)."""
    for name, info in model.model_fields.items():
        if (info.alias or name) == part:
            return info
    return None


def keys_of(model: type[BaseModel]) -> list[str]:
    """A model's keys as a file writes them (aliases where a name is a Python keyword)."""
    return [info.alias or name for name, info in model.model_fields.items()]


def _child(node: Any, part) -> Any:
    """The schema node one key below ``node``; KeyError when the schema has no such key."""
    if isinstance(node, type) and issubclass(node, BaseModel):
        info = model_field(node, part)
        if info is None:
            raise KeyError(part)
        return unwrap(info.annotation)
    if isinstance(node, tuple) and node[0] == "dict":
        if node[1] is not None and part not in node[1]:
            raise KeyError(part)
        return node[2]
    if isinstance(node, tuple) and node[0] == "list":
        if not str(part).isdigit():
            raise KeyError(part)
        return node[1]
    raise KeyError(part)


def schema_node(path: tuple, root: type[BaseModel] = Scenario) -> Any:
    """The schema node at ``path`` (see ``unwrap``); KeyError when the schema has no such key.

    ``root`` is the document's model: a scenario, or another file of the scenario language.
    """
    node: Any = root
    for part in path:
        node = _child(node, part)
    return node


def schema_has_path(path: tuple) -> bool:
    """Whether a dotted path names something in the schema (present in the file or not)."""
    try:
        schema_node(path)
    except KeyError:
        return False
    return True


def field_info(loc: tuple, root: type[BaseModel] = Scenario):
    """The pydantic ``FieldInfo`` of the field at ``loc`` (None for a mapping entry or item)."""
    node: Any = root
    info = None
    for part in loc:
        if isinstance(node, type) and issubclass(node, BaseModel):
            info = model_field(node, part)
            if info is None:
                return None
            node = unwrap(info.annotation)
        elif isinstance(node, tuple) and node[0] in ("dict", "list"):
            info = None
            node = node[-1]
        else:
            return None
    return info


def settable_paths() -> list[str]:
    """Every dotted parameter a timeline event may set (weekly dynamics, not structure)."""
    out: list[str] = []

    def walk(node, prefix: str) -> None:
        if isinstance(node, type) and issubclass(node, BaseModel):
            for name, info in node.model_fields.items():
                walk(unwrap(info.annotation), f"{prefix}{name}.")
        elif isinstance(node, tuple) and node[0] == "dict" and node[1]:
            for key in node[1]:
                walk(node[2], f"{prefix}{key}.")
        elif node == "leaf":
            out.append(prefix[:-1])

    walk(Scenario, "")
    return [p for p in out if not p.startswith(FIXED_PATHS)]


def flat_leaves(model: BaseModel, prefix: str = "") -> dict[str, Any]:
    """Every leaf of a validated model by dotted path (distributions stay whole)."""
    out: dict[str, Any] = {}
    for name in type(model).model_fields:
        value = getattr(model, name)
        path = f"{prefix}{name}"
        if isinstance(value, BaseModel) and not isinstance(value, Dist):
            out |= flat_leaves(value, path + ".")
        elif isinstance(value, dict) and name == "red_lines":
            for issue, line in value.items():
                out |= flat_leaves(line, f"{path}.{issue}.")
        else:
            out[path] = value
    return out


def field_bounds(path: str) -> Bounds | None:
    """The ``Bounds`` of the continuous field at a dotted path (None if not continuous)."""
    parts = tuple(path.split("."))
    try:
        parent = schema_node(parts[:-1])
    except KeyError:
        return None
    if isinstance(parent, tuple) and parent[0] == "dict":
        parent = parent[2]
    if not (isinstance(parent, type) and issubclass(parent, BaseModel)):
        return None
    if parts[-1] not in parent.model_fields:
        return None
    return bounds_of(parent, parts[-1])
