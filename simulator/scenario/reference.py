"""The reference of the scenario language: its JSON Schema and the key table of the docs.

Both are generated from the pydantic models, so they cannot drift from what loading accepts.
"""

from __future__ import annotations

import json

from pydantic import BaseModel

from simulator.scenario.actors import IssueVector, Salience
from simulator.scenario.errors import allowed_text
from simulator.scenario.paths import settable_paths, unwrap
from simulator.scenario.schema import Scenario

SCHEMA_FILE = "scenario.schema.json"
"""Name of the JSON Schema kept beside the shipped scenarios (editors read it)."""


KEEP_REQUIRED = ("Uniform", "Normal", "Triangular", "Beta", "TimelineEvent", "Donor")
"""Objects an editor may insist are complete: a file that ``extends`` another may give any
other mapping in part (one salience, one actor field), so those keys are checked on loading."""


def scenario_json_schema() -> dict:
    """JSON Schema of a scenario file, generated from the pydantic models (distributions too).

    It describes a *file*: with ``extends``, any mapping may be partial, so only a file without
    ``extends`` must have ``name`` and ``actors``, and ranges, choices, types and unknown keys
    are what an editor flags. ``negsim validate`` checks the rest (saliences summing to 1...).
    """
    schema = Scenario.model_json_schema()
    defs = schema.get("$defs", {})
    for name, definition in defs.items():
        if name not in KEEP_REQUIRED:
            definition.pop("required", None)
    schema.pop("required", None)
    if "TimelineEvent" in defs:
        defs["TimelineEvent"]["properties"]["set"]["propertyNames"] = {"enum": settable_paths()}
    if "Salience" in defs:
        defs["Salience"]["description"] += " (The sum is checked by negsim validate.)"
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "negsim scenario",
        **{k: v for k, v in schema.items() if k != "title"},
        "if": {"not": {"required": ["extends"]}},
        "then": {"required": ["name", "actors"]},
    }


def scenario_json_schema_text() -> str:
    """The JSON Schema as the text kept in ``scenarios/`` (stable key order, final newline)."""
    return json.dumps(scenario_json_schema(), indent=2, ensure_ascii=False) + "\n"


_EXTRA_MEANING = {
    "salience": "weight of the issue to the actor; the six sum to 1 (fixed numbers)",
    "min": "packages below this on ISSUE are rejected outright; `front` (territory only): "
    "never give back ground the actor holds",
    "max": "packages above this on ISSUE are rejected outright",
}


def reference_rows() -> list[tuple[str, str, str, str]]:
    """(dotted key, what is allowed, default, meaning) for every key of a scenario file."""
    rows: list[tuple[str, str, str, str]] = []
    shown: dict[type, str] = {}
    repeated = (IssueVector, Salience)

    def walk(node: type[BaseModel], prefix: tuple) -> None:
        for name, info in node.model_fields.items():
            sub = unwrap(info.annotation)
            path = (*prefix, name)
            dotted = ".".join(path)
            if sub == "leaf":
                rows.append((dotted, allowed_text(path), _default_text(info), _meaning(path, info)))
            elif isinstance(sub, tuple) and sub[-1] == "leaf":
                rows.append(
                    (dotted, "a mapping of dotted keys to values", "", _meaning(path, info))
                )
            elif isinstance(sub, tuple):
                walk(sub[-1], (*path, "ISSUE" if sub[0] == "dict" else "N"))
            elif sub in repeated and sub in shown:
                rows.append((f"{dotted}.*", f"as `{shown[sub]}.*`", "", ""))
            else:
                shown.setdefault(sub, dotted)
                walk(sub, path)

    walk(Scenario, ())
    return rows


def _default_text(info) -> str:
    if info.is_required():
        return "required"
    value = info.get_default(call_default_factory=True)
    if value is None:
        return "none"
    if isinstance(value, bool):
        return str(value).lower()
    return str(value) if value not in ([], {}) else "—"


def _meaning(path: tuple, info) -> str:
    if path[-2:-1] == ("salience",):
        return _EXTRA_MEANING["salience"]
    if path[-1] in ("min", "max") and "red_lines" in path:
        return _EXTRA_MEANING[path[-1]]
    return info.description or ""


def reference_markdown() -> str:
    """The key reference of ``docs/scenarios.md``: a Markdown table made from the schema."""
    lines = ["| key | allowed | default | meaning |", "|---|---|---|---|"]
    for key, allowed, default, meaning in reference_rows():
        allowed = allowed.replace(
            ", or a distribution ({dist: uniform, normal, triangular, beta})", " · dist"
        ).replace(", or a distribution ({dist: uniform, normal, triangular})", " · dist, no beta")
        lines.append(f"| `{key}` | {allowed} | {default} | {meaning} |".replace("  |", " |"))
    return "\n".join(lines) + "\n"
