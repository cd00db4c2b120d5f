"""The shipped scenario library moves outcomes the way each description claims.

Every scenario validates, runs, documents its values, and differs from the baseline in the
direction its description states.

Effects are paired differences on common random numbers (run i of both scenarios sees the same
dice and the same draws of shared uncertain parameters), with a 95 % interval that must exclude
zero on the claimed side. Claims follow from the mechanism, not from calibrated magnitudes.
"""

from __future__ import annotations

import re

import numpy as np
import pytest
from helpers import mean_difference, paired_difference, settlement, simulate

from simulator.rules.outcomes import OUTCOMES
from simulator.scenario.library import shipped_scenarios
from simulator.scenario.loader import load_scenario
from simulator.scenario.paths import field_bounds, flat_leaves
from simulator.scenario.reference import SCHEMA_FILE
from simulator.scenario.yaml12 import load_with_marks

RUNS = 4096  # two whole blocks per scenario; the whole library takes a few seconds
LIBRARY = sorted(set(shipped_scenarios()) - {"baseline"})
SCHEMA_LINE = f"# yaml-language-server: $schema=./{SCHEMA_FILE}"
PROVENANCE = re.compile(r"#.*(article:|source:|assumption:)")


@pytest.fixture(scope="module")
def baseline_runs():
    return simulate(load_scenario("baseline").scenario, RUNS)


def runs_of(name: str):
    return simulate(load_scenario(name).scenario, RUNS)


WAR = OUTCOMES.index("war_continues")


def settled_terms(records, issue: str) -> np.ndarray:
    return records[f"terms.{issue}"][settlement(records)]


def share(records, outcome: str) -> np.ndarray:
    return (records["outcome"] == OUTCOMES.index(outcome)).astype(float)


def agreed_ceasefire(records) -> np.ndarray:
    return (records["ceasefire_week"] >= 0).astype(float)


def settled_within(records, weeks: int) -> np.ndarray:
    """Runs that signed a settlement (held or not) before week ``weeks``."""
    week = records["settlement_week"]
    return ((week >= 0) & (week < weeks)).astype(float)


def assert_lower(base, scenario, what: str):
    mean, low, high = paired_difference(base, scenario)
    assert high < 0, (
        f"{what}: expected lower than baseline, paired diff {mean:+.4g} [{low:+.4g}, {high:+.4g}]"
    )


def assert_higher(base, scenario, what: str):
    mean, low, high = paired_difference(base, scenario)
    assert low > 0, (
        f"{what}: expected higher than baseline, paired diff {mean:+.4g} [{low:+.4g}, {high:+.4g}]"
    )


def test_library_has_the_eight_teaching_scenarios():
    assert set(LIBRARY) >= {
        "us_resumes_aid",
        "russia_aid_halt_ceasefire",
        "european_aid_surge",
        "kursk_withdrawal",
        "us_pressure",
        "high_escalation_risk",
        "monitored_ceasefire_guarantees",
        "war_of_attrition_long_haul",
    }


@pytest.mark.parametrize("name", ["baseline", *LIBRARY])
def test_scenario_starts_with_schema_line_and_validates(name):
    path = shipped_scenarios()[name]
    assert path.read_text(encoding="utf-8").splitlines()[0] == SCHEMA_LINE
    loaded = load_scenario(name)
    assert loaded.scenario.name == name


@pytest.mark.parametrize("name", LIBRARY)
def test_scenario_extends_baseline_with_a_classroom_description(name):
    scenario = load_scenario(name).scenario
    assert scenario.extends == "baseline"
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", scenario.description.strip()) if s]
    assert 2 <= len(sentences) <= 4, sentences


@pytest.mark.parametrize("name", LIBRARY)
def test_every_value_a_scenario_changes_carries_its_provenance(name):
    """Each line that sets a value has an article/source/assumption note.

    A value given as a flow mapping on the next line may carry it on the key's line.
    """
    path = shipped_scenarios()[name]
    lines = path.read_text(encoding="utf-8").splitlines()
    _, marks = load_with_marks("\n".join(lines), str(path))
    for key, mark in marks.items():
        if key[0] in ("name", "description", "extends") or key[-1] == "name":
            continue  # labels, not parameters
        text = lines[mark.line - 1]
        opener = text.rstrip().endswith(":") or re.search(r":\s*#", text)
        if isinstance(key[-1], int) or (opener and not PROVENANCE.search(text)):
            continue  # list items and mapping openers: their values carry the notes
        previous = lines[mark.line - 2]
        opened_above = re.match(r"\s*[\w.]+:\s*#", previous) and PROVENANCE.search(previous)
        has_note = PROVENANCE.search(text) or opened_above
        assert has_note, f"{path.name}:{mark.line}: {'.'.join(map(str, key))} has no provenance"


def _leaves(node, path=()):
    if isinstance(node, dict) and "dist" not in node:
        for key, child in node.items():
            yield from _leaves(child, (*path, key))
    elif isinstance(node, list):
        for i, child in enumerate(node):
            yield from _leaves(child, (*path, i))
    else:
        yield path, node


@pytest.mark.parametrize("name", LIBRARY)
def test_material_assumptions_are_distributions(name):
    """A continuous value the scenario sets on an assumption is uncertain: a distribution."""
    path = shipped_scenarios()[name]
    lines = path.read_text(encoding="utf-8").splitlines()
    data, marks = load_with_marks("\n".join(lines), str(path))
    for key, value in _leaves(data):
        if key[0] == "timeline" or not isinstance(value, float):
            continue
        if field_bounds(".".join(map(str, key))) is None:
            continue  # saliences and whole numbers stay fixed
        note = lines[marks[key].line - 1]
        assert "assumption:" not in note, f"{path.name}:{marks[key].line}: {key} is a fixed guess"


@pytest.mark.parametrize("name", LIBRARY)
def test_scenario_runs_and_records_its_draws(name):
    """Every shipped scenario runs, and each of its uncertain inputs is recorded per run."""
    scenario = load_scenario(name).scenario
    records = simulate(scenario, 256)
    assert len(records["run"]) == 256
    for path, value in flat_leaves(scenario).items():
        if hasattr(value, "dist"):
            assert f"param.{path}" in records, path


@pytest.mark.slow
def test_us_resumes_aid_pauses_aid_less_and_russia_gains_less_ground(baseline_runs):
    runs = runs_of("us_resumes_aid")
    assert_lower(baseline_runs["aid_paused_weeks"], runs["aid_paused_weeks"], "weeks of aid pause")
    assert_lower(baseline_runs["territory_change"], runs["territory_change"], "Russian gains")


@pytest.mark.slow
def test_russia_aid_halt_ceasefire_is_taken_in_more_runs(baseline_runs):
    runs = runs_of("russia_aid_halt_ceasefire")
    assert_higher(agreed_ceasefire(baseline_runs), agreed_ceasefire(runs), "ceasefire agreed")


@pytest.mark.slow
def test_european_aid_surge_slows_russian_gains_and_wins_ukraine_better_terms(baseline_runs):
    runs = runs_of("european_aid_surge")
    at_war = (baseline_runs["outcome"] == WAR) & (runs["outcome"] == WAR)
    assert_lower(
        baseline_runs["territory_change"][at_war],
        runs["territory_change"][at_war],
        "Russian gains where the war goes on",
    )
    _, _, high = mean_difference(
        settled_terms(baseline_runs, "armed_forces"), settled_terms(runs, "armed_forces")
    )
    assert high < 0, "limits on Ukraine's forces in signed settlements"


@pytest.mark.slow
def test_kursk_withdrawal_saves_ukrainian_soldiers_and_hands_russia_the_salient(baseline_runs):
    runs = runs_of("kursk_withdrawal")
    assert_lower(
        baseline_runs["casualties.ukraine"], runs["casualties.ukraine"], "Ukrainian casualties"
    )
    full = runs["kursk_control_final"] == 1.0
    assert full.mean() > 0.99
    assert_higher(
        baseline_runs["kursk_control_final"] == 1.0, full, "runs with Kursk wholly Russian"
    )


@pytest.mark.slow
def test_us_pressure_brings_russia_to_a_ceasefire_in_more_runs(baseline_runs):
    runs = runs_of("us_pressure")
    assert_higher(agreed_ceasefire(baseline_runs), agreed_ceasefire(runs), "ceasefire agreed")


@pytest.mark.slow
def test_high_escalation_risk_ends_more_runs_in_escalation(baseline_runs):
    runs = runs_of("high_escalation_risk")
    assert_higher(share(baseline_runs, "escalation"), share(runs, "escalation"), "escalation")


@pytest.mark.slow
def test_monitoring_and_backed_guarantees_bring_more_settlements_that_hold(baseline_runs):
    runs = runs_of("monitored_ceasefire_guarantees")
    assert_higher(
        share(baseline_runs, "comprehensive_settlement"),
        share(runs, "comprehensive_settlement"),
        "settlements holding at the horizon",
    )


@pytest.mark.slow
def test_long_haul_resolve_delays_settlements_and_casualties_keep_mounting(baseline_runs):
    """More resolve on both sides: fewer settlements in the first year, more casualties.

    The horizon only stops the clock, so the first 52 weeks of both scenarios are comparable.
    """
    runs = runs_of("war_of_attrition_long_haul")
    assert_lower(
        settled_within(baseline_runs, 52), settled_within(runs, 52), "settlements in year one"
    )
    assert_higher(
        baseline_runs["casualties.ukraine"], runs["casualties.ukraine"], "Ukrainian casualties"
    )
