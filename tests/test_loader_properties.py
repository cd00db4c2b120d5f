"""Property: the loader returns a valid scenario or one clean ``ScenarioError``.

Whatever document or --set string a user writes, no other exception may come out.
"""

from __future__ import annotations

import copy
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulator.engine.params import block_seed, draw_parameters
from simulator.scenario.errors import ScenarioError
from simulator.scenario.loader import load_scenario
from simulator.scenario.paths import settable_paths

BASELINE = load_scenario("baseline").raw
KEYS = sorted(
    {part for path in settable_paths() for part in path.split(".")}
    | {"name", "extends", "simulation", "weeks", "runs", "seed", "donors", "timeline", "week"}
    | {"set", "dist", "low", "high", "mean", "sd", "mode", "a", "b", "amount_gbp_m", "start_date"}
)
PATHS = settable_paths()
SETTINGS = settings(deadline=None, max_examples=60, suppress_health_check=[HealthCheck.too_slow])

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(["uniform", "normal", "beta", "baseline", "ceasefire", "never", "front", ""]),
    st.text(max_size=12),
)
keys = st.one_of(st.sampled_from(KEYS), st.text(min_size=1, max_size=10))
values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=5)),
    max_leaves=20,
)


@pytest.fixture(scope="module")
def folder():
    with tempfile.TemporaryDirectory() as name:
        yield Path(name)


def load_or_clean_error(path: Path, overrides=()) -> None:
    """The property: a usable scenario, or a ScenarioError with a message."""
    try:
        loaded = load_scenario(path, list(overrides))
    except ScenarioError as exc:
        assert str(exc).strip()
        assert all(p.message for p in exc.problems)
        return
    draw_parameters(loaded.scenario, block_seed(loaded.scenario.simulation.seed, 0), 8)


def dump(document) -> str:
    return yaml.safe_dump(document, allow_unicode=True, sort_keys=False)


@SETTINGS
@given(document=st.dictionaries(keys, values, max_size=6), extends=st.booleans())
def test_random_documents_load_or_fail_cleanly(folder, document, extends):
    if extends:
        document = {"name": "random", "extends": "baseline", **document}
    path = folder / "random.yaml"
    path.write_text(dump(document), encoding="utf-8")
    load_or_clean_error(path)


def _paths(node, prefix=()):
    yield prefix
    if isinstance(node, dict):
        for key, child in node.items():
            yield from _paths(child, (*prefix, key))
    elif isinstance(node, list):
        for i, child in enumerate(node):
            yield from _paths(child, (*prefix, i))


ALL_PATHS = [p for p in _paths(BASELINE) if p]


@SETTINGS
@given(
    path=st.sampled_from(ALL_PATHS),
    action=st.sampled_from(["replace", "delete", "rename"]),
    value=values,
    new_key=keys,
)
def test_mutated_baseline_loads_or_fails_cleanly(folder, path, action, value, new_key):
    document = copy.deepcopy(BASELINE)
    parent = document
    for part in path[:-1]:
        parent = parent[part]
    last = path[-1]
    if action == "replace":
        parent[last] = value
    elif action == "delete":
        del parent[last]
    elif isinstance(parent, dict):
        parent[new_key] = parent.pop(last)
    file = folder / "mutated.yaml"
    file.write_text(dump(document), encoding="utf-8")
    load_or_clean_error(file)


@SETTINGS
@given(text=st.text(max_size=200))
def test_arbitrary_text_loads_or_fails_cleanly(folder, text):
    file = folder / "text.yaml"
    file.write_text("name: t\nextends: baseline\n" + text, encoding="utf-8")
    load_or_clean_error(file)


@SETTINGS
@given(
    key=st.one_of(st.sampled_from(PATHS), st.text(max_size=30)),
    value=st.one_of(st.text(max_size=30), values.map(lambda v: yaml.safe_dump(v).strip())),
)
def test_set_strings_load_or_fail_cleanly(folder, key, value):
    load_or_clean_error(Path("baseline"), [f"{key}={value}"])
