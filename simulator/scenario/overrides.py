"""``--set KEY=VALUE``: parsing an override, checking its path, setting it in a document.

``set_path`` is also how a timeline event's values are applied to a copy of the document.
Every error is labelled with the option the text came from (``--set`` unless told, e.g. sweep's
``--param``), so a user sees which option to fix.
"""

from __future__ import annotations

from typing import Any

from simulator.scenario.errors import ScenarioError, did_you_mean
from simulator.scenario.paths import schema_has_path, schema_node, settable_paths
from simulator.scenario.removed import removed_message
from simulator.scenario.yaml12 import YamlProblem, load_value


def parse_override(text: str, label: str = "--set") -> tuple[tuple[str, ...], object]:
    """Split ``KEY=VALUE`` into a dotted path and a YAML 1.2 value; errors name ``label``."""
    key, sep, value = text.partition("=")
    key = key.strip()
    if not sep or not key or any(not part.strip() for part in key.split(".")):
        raise ScenarioError(
            f"takes KEY=VALUE with a dotted key, e.g. actors.russia.resolve=0.9 (got '{text}')",
            file=label,
        )
    try:
        parsed = load_value(value)
    except YamlProblem as exc:
        raise ScenarioError(f"the value is {exc.message}", file=label, key=key) from None
    return tuple(part.strip() for part in key.split(".")), parsed


def check_override_path(key: tuple, label: str = "--set") -> None:
    """Raise a clear ``ScenarioError`` (naming ``label``) unless ``--set`` may set this path."""
    dotted = ".".join(key)
    if key[0] == "extends":
        raise ScenarioError(
            f"cannot be changed with {label}; write a scenario file that extends another",
            file=label,
            key=dotted,
        )
    removed = removed_message(key)
    if removed:
        raise ScenarioError(removed, file=label, key=dotted)
    if schema_has_path(key):
        return
    for n in range(len(key) - 1, 0, -1):
        if schema_has_path(key[:n]) and schema_node(key[:n]) == "leaf":
            head = ".".join(key[:n])
            raise ScenarioError(
                f"{head} is a single value: set it whole, e.g. "
                f"{head}=0.5 or {head}={{dist: uniform, low: 0.4, high: 0.6}}",
                file=label,
                key=dotted,
            )
    raise ScenarioError(
        f"the scenario has no key '{dotted}'{did_you_mean(key)}", file=label, key=dotted
    )


def check_single_value_path(key: tuple, doc: dict, label: str) -> None:
    """Raise a clear ``ScenarioError`` (naming ``label``) unless ``key`` is one value of ``doc``.

    A sweep's ``--param`` sets one value at a time: a whole mapping or list, or an item past the
    end of one of ``doc``'s lists, is a problem of the key, not of the values tried.
    """
    check_override_path(key, label)
    dotted = ".".join(key)
    node = schema_node(key)
    if node != "leaf":
        kind = "list" if isinstance(node, tuple) and node[0] == "list" else "group of keys"
        inside = next((p for p in settable_paths() if p.startswith(f"{dotted}.")), None)
        example = f", e.g. {inside}" if inside else ""
        raise ScenarioError(
            f"is a whole {kind}; name one value inside it{example}", file=label, key=dotted
        )
    value: Any = doc
    for depth, part in enumerate(key):
        if isinstance(value, list):
            index = int(part) if str(part).isdigit() else -1
            if not 0 <= index < len(value):
                where = ".".join(key[:depth])
                raise ScenarioError(
                    f"{where} has {len(value)} item(s), numbered from 0; there is no item {part}",
                    file=label,
                    key=dotted,
                )
            value = value[index]
        elif isinstance(value, dict):
            value = value.get(part)
        else:
            return


def set_path(doc: dict, path: tuple, value: object, label: str = "--set") -> None:
    """Set (or with None delete) ``path`` in a document, creating mappings on the way."""
    node: Any = doc
    for depth, part in enumerate(path):
        last = depth == len(path) - 1
        if isinstance(node, list):
            index = int(part) if str(part).isdigit() else -1
            if not 0 <= index < len(node):
                where = ".".join(map(str, path[:depth]))
                raise ScenarioError(
                    f"{where} has {len(node)} item(s), numbered from 0; there is no item {part}",
                    file=label,
                    key=".".join(map(str, path)),
                )
            if last:
                node[index] = value
                return
            if not isinstance(node[index], dict | list):
                node[index] = {}
            node = node[index]
            continue
        if last:
            if value is None:
                node.pop(part, None)
            else:
                node[part] = value
            return
        child = node.get(part)
        if not isinstance(child, dict | list):
            child = {}
            node[part] = child
        node = child
