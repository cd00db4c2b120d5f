"""The scenario language: YAML 1.2, extends, --set, distributions, timeline, show, schema."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import numpy as np
import pytest

from simulator.engine.params import block_seed, draw_parameters
from simulator.rules import ISSUES
from simulator.scenario.actors import IssueVector, Salience
from simulator.scenario.distributions import Normal, Uniform
from simulator.scenario.errors import ScenarioError
from simulator.scenario.library import scenarios_dir, shipped_scenarios
from simulator.scenario.loader import load_scenario
from simulator.scenario.overrides import check_single_value_path
from simulator.scenario.paths import flat_leaves, settable_paths
from simulator.scenario.reference import SCHEMA_FILE, reference_markdown, scenario_json_schema_text
from simulator.scenario.yaml12 import YamlProblem, load_value, load_with_marks

CHILD = "name: child\nextends: baseline\n"


def write(folder: Path, text: str, name: str = "child.yaml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


# --------------------------------------------------------------------------- YAML 1.2


def test_yaml_12_scalars_numbers_and_booleans():
    data, _ = load_with_marks("a: 1e-3\nb: no\nc: on\nd: true\ne: 0x10\nf: 2025-03-13\n", "f")
    assert data == {"a": 0.001, "b": "no", "c": "on", "d": True, "e": 16, "f": dt.date(2025, 3, 13)}


def test_set_values_are_yaml_12_flow_values():
    assert load_value("1e-3") == 0.001
    assert load_value("[0, 1]") == [0, 1]
    assert load_value("{dist: uniform, low: 0.1, high: 0.2}") == {
        "dist": "uniform",
        "low": 0.1,
        "high": 0.2,
    }


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("a: &x [*x]\n", "refers to a value that contains it"),
        ("[a]: 1\n", "keys must be names"),
        ("1: 2\n", "keys must be names"),
        ("a: 1\na: 2\n", "appears twice"),
        ("a: 2025-13-45\n", "month must be in 1..12"),
        ("[" * 1500 + "]" * 1500, "nested too deeply"),
    ],
)
def test_hostile_yaml_is_a_clean_problem(text, words):
    with pytest.raises(YamlProblem, match=words):
        load_with_marks(text, "f.yaml")


def test_alias_bomb_is_refused_quickly():
    lines = ["a: &a [1, 2, 3, 4, 5, 6, 7, 8, 9]"]
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [{', '.join([f'*{prev}'] * 9)}]")
    with pytest.raises(YamlProblem, match="too large"):
        load_with_marks("\n".join(lines) + "\n", "f.yaml")


# --------------------------------------------------------------------------- extends


def test_extends_deep_merges_mappings_and_keeps_the_rest(tmp_path):
    loaded = load_scenario(write(tmp_path, CHILD + "actors: {russia: {resolve: 0.3}}\n"))
    base = load_scenario("baseline").scenario
    assert loaded.scenario.actors.russia.resolve == 0.3
    assert loaded.scenario.actors.russia.ideal == base.actors.russia.ideal
    assert loaded.scenario.donors == base.donors


def test_extends_replaces_lists(tmp_path):
    loaded = load_scenario(write(tmp_path, CHILD + "donors: [{name: UK, amount_gbp_m: 10}]\n"))
    assert [d.name for d in loaded.scenario.donors] == ["UK"]


def test_null_deletes_a_key_such_as_a_red_line(tmp_path):
    text = CHILD + "actors: {russia: {red_lines: {neutrality: null}}}\n"
    lines = load_scenario(write(tmp_path, text)).scenario.actors.russia.red_lines
    assert list(lines) == ["territory"]


def test_a_distribution_replaces_the_parents_distribution_whole(tmp_path):
    """A normal over a parent's uniform is a normal, not a mixture of both mappings' keys."""
    text = CHILD + "actors: {russia: {resolve: {dist: normal, mean: 0.6, sd: 0.05}}}\n"
    resolve = load_scenario(write(tmp_path, text)).scenario.actors.russia.resolve
    assert resolve == Normal(dist="normal", mean=0.6, sd=0.05)


def test_extends_a_path_relative_to_the_child(tmp_path):
    write(tmp_path, CHILD + "battlefield: {volatility: 2.0}\n", "parent.yaml")
    loaded = load_scenario(write(tmp_path, "name: grandchild\nextends: parent.yaml\n", "g.yaml"))
    assert loaded.scenario.battlefield.volatility == 2.0
    assert [p.name for p in loaded.chain] == ["g.yaml", "parent.yaml", "baseline.yaml"]


# --------------------------------------------------------------------------- --set


def test_set_reaches_keys_absent_from_the_file():
    loaded = load_scenario("baseline", ["actors.ukraine.red_lines.neutrality.max=0.1"])
    assert loaded.scenario.actors.ukraine.red_lines["neutrality"].max == 0.1
    assert loaded.origin[("actors", "ukraine", "red_lines", "neutrality", "max")] == "--set"


def test_set_null_deletes_and_set_can_index_a_list():
    loaded = load_scenario(
        "baseline", ["actors.russia.red_lines.neutrality=null", "donors.0.amount_gbp_m=500"]
    )
    assert list(loaded.scenario.actors.russia.red_lines) == ["territory"]
    assert loaded.scenario.donors[0].amount_gbp_m == 500


def test_set_a_distribution_and_a_list_index_out_of_range():
    loaded = load_scenario("baseline", ["battlefield.volatility={dist: uniform, low: 1, high: 2}"])
    assert loaded.scenario.battlefield.volatility.high == 2
    with pytest.raises(ScenarioError, match="donors has 3 item"):
        load_scenario("baseline", ["donors.7.amount_gbp_m=1"])


def test_set_inside_a_value_explains_to_set_it_whole():
    with pytest.raises(ScenarioError, match="single value: set it whole"):
        load_scenario("baseline", ["actors.russia.resolve.low=0.2"])


# --------------------------------------------------------------------------- messages


def test_problems_give_file_line_column_key_and_all_problems_at_once(tmp_path):
    path = write(tmp_path, CHILD + "battlefield:\n  volatilty: 1\n  regroup: 3\n")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    lines = str(caught.value).splitlines()
    assert lines == [
        f"{path}:4:3: battlefield.volatilty: unknown key 'volatilty'; did you mean 'volatility'? "
        "(allowed here: kursk_russian_control, russian_momentum, observation_noise, volatility, "
        "territory_held, momentum_persistence, momentum_shock, territory_rate, kursk_rate, "
        "front_value, outlook_weeks, regroup, resolve_effect, donor_capability_per_gbp_bn, "
        "donor_spend_weeks)",
        f"{path}:5:3: battlefield.regroup: must be a number from 0 to 1 (got 3)",
    ]
    assert caught.value.key == "battlefield.volatilty"
    assert caught.value.mark.line == 4


def test_not_a_number_and_infinity_are_refused(tmp_path):
    with pytest.raises(ScenarioError, match=r"actors\.russia\.resolve: must be a number"):
        load_scenario(write(tmp_path, CHILD + "actors: {russia: {resolve: .nan}}\n"))
    with pytest.raises(ScenarioError, match="finite"):
        load_scenario(
            write(
                tmp_path, CHILD + "battlefield: {volatility: {dist: uniform, low: 0, high: .inf}}\n"
            )
        )


def test_misspelt_choice_gets_a_suggestion(tmp_path):
    with pytest.raises(ScenarioError, match="did you mean 'ceasefire'"):
        load_scenario(write(tmp_path, CHILD + "actors: {us: {resume_aid_on: ceasfire}}\n"))


def test_a_parameter_in_the_wrong_place_errs_in_the_child_not_the_parent(tmp_path):
    path = write(tmp_path, CHILD + "actors:\n  russia:\n    salience: {territory: 0.2}\n")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    assert caught.value.mark.file == str(path)
    assert "0.1 too little" in caught.value.message


# --------------------------------------------------------------------------- issues and red lines


def test_the_scenario_speaks_of_the_models_six_issues_in_order():
    assert tuple(IssueVector.model_fields) == ISSUES == tuple(Salience.model_fields)
    assert ISSUES == (
        "neutrality",
        "territory",
        "armed_forces",
        "western_aid",
        "sanctions",
        "security_guarantees",
    )


def test_baseline_russia_never_gives_back_ground_it_holds():
    russia = load_scenario("baseline").scenario.actors.russia
    assert russia.red_lines["territory"].min == "front"
    assert russia.red_lines["neutrality"].min == 0.8


def test_front_can_be_set_as_the_territory_min_and_reaches_the_engine_as_a_word():
    loaded = load_scenario("baseline", ["actors.ukraine.red_lines.territory.min=front"])
    assert loaded.scenario.actors.ukraine.red_lines["territory"].min == "front"
    assert loaded.origin[("actors", "ukraine", "red_lines", "territory", "min")] == "--set"
    path = "actors.ukraine.red_lines.territory.min"
    assert flat_leaves(loaded.scenario)[path] == "front"
    params, drawn = draw_parameters(loaded.scenario, block_seed(1, 0), 8)
    assert params[path] == "front" and path not in drawn


@pytest.mark.parametrize(
    ("setting", "words"),
    [
        ("actors.russia.red_lines.neutrality.min=front", "allowed only on territory"),
        ("actors.ukraine.red_lines.sanctions.min=front", "allowed only on territory"),
        ("actors.russia.red_lines.territory.max=front", "allowed only as a min"),
        ("actors.ukraine.red_lines.territory.max=front", "allowed only as a min"),
    ],
)
def test_front_anywhere_but_a_territory_min_is_refused_at_its_key(setting, words):
    with pytest.raises(ScenarioError) as caught:
        load_scenario("baseline", [setting])
    assert [p.key for p in caught.value.problems] == [setting.partition("=")[0]]
    assert caught.value.file == "--set"
    assert words in caught.value.message and "territory: {min: front}" in caught.value.message


def test_front_in_the_wrong_place_in_a_file_names_its_line(tmp_path):
    path = write(
        tmp_path, CHILD + "actors:\n  russia:\n    red_lines:\n      neutrality: {min: front}\n"
    )
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    assert str(caught.value).startswith(
        f"{path}:6:20: actors.russia.red_lines.neutrality.min: 'front' (never give back ground "
        "it holds) is allowed only on territory"
    )


def test_a_misspelt_front_gets_a_suggestion():
    with pytest.raises(ScenarioError, match="or front \\(got 'fornt'\\); did you mean 'front'"):
        load_scenario("baseline", ["actors.russia.red_lines.territory.min=fornt"])


def test_armed_forces_takes_an_ideal_a_salience_and_a_red_line():
    loaded = load_scenario(
        "baseline",
        [
            "actors.russia.red_lines.armed_forces.min=0.5",
            "actors.us.ideal.armed_forces=0.3",
        ],
    )
    assert loaded.scenario.actors.russia.red_lines["armed_forces"].min == 0.5
    assert loaded.scenario.actors.us.ideal.armed_forces == 0.3
    assert load_scenario("baseline").scenario.actors.russia.ideal.armed_forces == 0.9


# --------------------------------------------------------------------------- removed keys

REMOVED_KEYS = {
    "actors.russia.concession.strategy=boulware": "concession clocks were removed: parties no "
    "longer concede on a deadline. Delay now comes from private resolve (give `resolve` as a "
    "distribution), beliefs (`beliefs.types`, `beliefs.bluff`) and commitment problems "
    "(`settlement.*`); delete this block",
    "actors.ukraine.concession.deadline_weeks=52": "concession clocks were removed",
    "actors.us.ideal.ceasefire=0.0": "ceasefire is no longer an issue of the settlement package "
    "(it is its own track, `ceasefire.*`); use `armed_forces` (Russia's demilitarisation demand)",
    "actors.ukraine.salience.ceasefire=0.15": "ceasefire is no longer an issue",
    "actors.us.mediation_step=0.1": "removed: the US now picks the package most likely to be "
    "accepted each week, tilted by `actors.us.bias`",
    "battlefield.prior_sd=0.1": "removed: beliefs are now over the other side's resolve "
    "(`beliefs.types`)",
}


@pytest.mark.parametrize("setting", sorted(REMOVED_KEYS))
def test_set_of_a_removed_key_says_what_replaced_it(setting):
    with pytest.raises(ScenarioError) as caught:
        load_scenario("baseline", [setting])
    assert len(caught.value.problems) == 1
    assert caught.value.file == "--set" and caught.value.key == setting.partition("=")[0]
    assert caught.value.message.startswith(REMOVED_KEYS[setting])


def test_a_timeline_event_setting_a_removed_key_says_what_replaced_it(tmp_path):
    text = CHILD + "timeline:\n  - {week: 2, set: {actors.us.mediation_step: 0.3}}\n"
    with pytest.raises(ScenarioError) as caught:
        load_scenario(write(tmp_path, text))
    assert caught.value.key == "timeline.0.set.actors.us.mediation_step"
    assert caught.value.mark.line == 4
    assert caught.value.message.startswith("removed: the US now picks the package")


# --------------------------------------------------------------------------- new sections


def test_new_sections_default_to_the_documented_values(tmp_path):
    text = CHILD + "beliefs: null\nsettlement: null\npartial_truce: null\n"
    scenario = load_scenario(write(tmp_path, text)).scenario
    assert (scenario.beliefs.types, scenario.beliefs.bluff) == (7, 0.1)
    settlement = scenario.settlement
    assert (settlement.breakdown_hazard, settlement.monitoring) == (0.005, 0.0)
    assert (settlement.guarantees, settlement.breakdown_loss) == (0.5, 0.3)
    truce = scenario.partial_truce
    assert (truce.kind, truce.offered, truce.length_weeks) == ("energy_strikes", True, 4)
    assert (truce.violation_hazard, truce.cooloff_weeks) == (0.05, 4)
    assert (truce.spared.russia, truce.spared.ukraine) == (0.002, 0.003)
    assert (truce.leverage.russia, truce.leverage.ukraine) == (0.003, 0.001)


def test_baseline_sets_the_new_levers_and_their_uncertain_parts():
    scenario = load_scenario("baseline").scenario
    us = scenario.actors.us
    assert (us.bias, us.sequencing, us.switch_after) == (0.3, "ceasefire_first", 12)
    assert scenario.beliefs.bluff == Uniform(dist="uniform", low=0.05, high=0.3)
    assert scenario.partial_truce.offered and scenario.partial_truce.length_weeks == 4
    assert isinstance(scenario.partial_truce.spared.russia, Uniform)
    assert isinstance(scenario.partial_truce.leverage.russia, Uniform)
    assert isinstance(scenario.settlement.breakdown_hazard, Uniform)
    assert scenario.battlefield.resolve_effect == 1.0
    assert scenario.timeline == []


@pytest.mark.parametrize(
    ("setting", "allowed"),
    [
        ("beliefs.types=0", "a whole number from 1 to 25 (got 0)"),
        ("beliefs.types=26", "a whole number from 1 to 25 (got 26)"),
        ("beliefs.types={dist: uniform, low: 3, high: 9}", "not a distribution"),
        ("beliefs.bluff=1.5", "a number from 0 to 1 (got 1.5)"),
        ("beliefs.bluff={dist: uniform, low: 0, high: 2}", "outside the field's allowed range"),
        ("settlement.breakdown_hazard=-0.1", "a number from 0 to 1 (got -0.1)"),
        ("settlement.monitoring=1.1", "a number from 0 to 1 (got 1.1)"),
        ("settlement.guarantees=2", "a number from 0 to 1 (got 2)"),
        ("settlement.breakdown_loss=x", "a number from 0 to 1, or a distribution"),
        ("partial_truce.kind=water", "must be energy_strikes"),
        ("partial_truce.offered=yes", "true or false (got 'yes')"),
        ("partial_truce.length_weeks=0", "a whole number from 1 to 520 (got 0)"),
        ("partial_truce.cooloff_weeks=521", "a whole number from 0 to 520 (got 521)"),
        ("partial_truce.violation_hazard=1.01", "a number from 0 to 1 (got 1.01)"),
        ("partial_truce.spared.russia=1.5", "a number from 0 to 1 (got 1.5)"),
        ("partial_truce.leverage.ukraine=-0.5", "a number from 0 to 1 (got -0.5)"),
        ("actors.us.sequencing=both", "one of ceasefire_first, settlement_first (got 'both')"),
        ("actors.us.switch_after=1041", "a whole number from 0 to 1,040 (got 1041)"),
        ("actors.us.bias=1.2", "a number from 0 to 1 (got 1.2)"),
        ("actors.russia.optimism=-1.5", "a number from -1 to 1 (got -1.5)"),
        ("battlefield.resolve_effect=2.5", "a number from 0 to 2 (got 2.5)"),
        ("status_quo.western_aid_paused=1.2", "a number from 0 to 1 (got 1.2)"),
    ],
)
def test_new_keys_enforce_their_ranges(setting, allowed):
    with pytest.raises(ScenarioError) as caught:
        load_scenario("baseline", [setting])
    assert caught.value.key == setting.partition("=")[0]
    assert allowed in caught.value.message


def test_new_keys_accept_the_ends_of_their_ranges():
    loaded = load_scenario(
        "baseline",
        [
            "beliefs.types=1",
            "beliefs.bluff=0",
            "settlement.breakdown_hazard=1",
            "partial_truce.offered=false",
            "partial_truce.cooloff_weeks=0",
            "actors.us.sequencing=settlement_first",
            "actors.us.switch_after=0",
            "battlefield.resolve_effect=2",
        ],
    )
    assert loaded.scenario.actors.us.sequencing == "settlement_first"
    assert loaded.scenario.partial_truce.offered is False


def test_timeline_events_may_be_announced(tmp_path):
    text = CHILD + (
        "timeline:\n  - {week: 26, announced: true, set: {actors.ukraine.capability: 0.45}}\n"
        "  - {week: 3, set: {actors.us.aid_paused: false}}\n"
    )
    events = load_scenario(write(tmp_path, text)).scenario.timeline
    assert [(e.week, e.announced) for e in events] == [(3, False), (26, True)]


# --------------------------------------------------------------------------- distributions


def _draws(scenario, n=4096):
    return draw_parameters(scenario, block_seed(scenario.simulation.seed, 0), n)[1]


def test_normal_is_truncated_to_the_fields_range_and_beta_scaled_to_it():
    loaded = load_scenario(
        "baseline",
        [
            "actors.ukraine.red_lines.territory.max={dist: normal, mean: 0.95, sd: 0.2}",
            "battlefield.volatility={dist: beta, a: 2, b: 5}",
        ],
    )
    drawn = _draws(loaded.scenario)
    line = drawn["actors.ukraine.red_lines.territory.max"]
    assert line.min() >= 0.0 and line.max() <= 1.0 and line.std() > 0.05
    vol = drawn["battlefield.volatility"]
    assert vol.min() >= 0.0 and vol.max() <= 10.0
    assert abs(vol.mean() - 10 * 2 / 7) < 0.1  # beta(2, 5) scaled to [0, 10]


def test_adding_a_distribution_leaves_the_others_draws_alone():
    base = _draws(load_scenario("baseline").scenario)
    more = _draws(
        load_scenario(
            "baseline", ["battlefield.volatility={dist: uniform, low: 0.5, high: 1.5}"]
        ).scenario
    )
    assert set(more) == set(base) | {"battlefield.volatility"}
    for path, values in base.items():
        np.testing.assert_array_equal(values, more[path])


def test_each_parameter_has_its_own_stream():
    loaded = load_scenario(
        "baseline",
        [
            "battlefield.volatility={dist: uniform, low: 0, high: 1}",
            "battlefield.regroup={dist: uniform, low: 0, high: 1}",
        ],
    )
    drawn = _draws(loaded.scenario)
    assert (
        abs(np.corrcoef(drawn["battlefield.volatility"], drawn["battlefield.regroup"])[0, 1]) < 0.1
    )


def test_timeline_distribution_is_drawn_per_run(tmp_path):
    event = "{week: 2, set: {actors.us.pressure_on_russia: {dist: uniform, low: 0.5, high: 0.9}}}"
    text = CHILD + f"timeline:\n  - {event}\n"
    drawn = _draws(load_scenario(write(tmp_path, text)).scenario)
    values = drawn["timeline.0.actors.us.pressure_on_russia"]
    assert values.min() >= 0.5 and values.max() <= 0.9 and values.std() > 0.05


# --------------------------------------------------------------------------- timeline


def test_timeline_may_not_change_structure(tmp_path):
    text = CHILD + "timeline:\n  - {week: 2, set: {simulation.weeks: 10}}\n"
    with pytest.raises(ScenarioError, match=r"cannot set 'simulation\.weeks' from the timeline"):
        load_scenario(write(tmp_path, text))


@pytest.mark.parametrize(
    ("path", "value"),
    [
        ("beliefs.types", "5"),
        ("partial_truce.kind", "energy_strikes"),
        ("partial_truce.length_weeks", "2"),
        ("partial_truce.cooloff_weeks", "2"),
        ("actors.us.sequencing", "settlement_first"),
        ("actors.us.switch_after", "3"),
    ],
)
def test_timeline_may_not_change_the_structure_of_beliefs_truces_or_sequencing(
    tmp_path, path, value
):
    text = CHILD + f"timeline:\n  - {{week: 2, set: {{{path}: {value}}}}}\n"
    with pytest.raises(ScenarioError, match=f"cannot set '{path}' from the timeline"):
        load_scenario(write(tmp_path, text))


def test_timeline_event_keys_are_checked_with_a_suggestion(tmp_path):
    text = CHILD + "timeline:\n  - {week: 2, set: {actors.us.aid_pasued: false}}\n"
    with pytest.raises(ScenarioError, match="did you mean 'aid_paused'"):
        load_scenario(write(tmp_path, text))


def test_settable_paths_cover_parameters_not_structure():
    paths = settable_paths()
    assert "actors.us.aid_paused" in paths
    assert "actors.russia.red_lines.neutrality.min" in paths
    assert not any(p.startswith(("simulation", "donors", "timeline", "name")) for p in paths)


# --------------------------------------------------------------------------- show and list


def test_show_says_where_each_value_came_from(tmp_path, invoke):
    path = write(
        tmp_path, CHILD + "battlefield:\n  volatility: 2.0\nceasefire: {casualty_factor: null}\n"
    )
    result = invoke(["show", str(path), "--set", "actors.russia.resolve=0.7"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()

    def comment(key):
        return next(line for line in lines if line.strip().startswith(f"{key}:")).split("# ")[-1]

    assert comment("volatility").endswith("child.yaml:4")
    assert comment("resolve") == "--set"
    baseline = (scenarios_dir() / "baseline.yaml").read_text(encoding="utf-8").splitlines()
    kursk = next(i for i, line in enumerate(baseline, 1) if "kursk_russian_control:" in line)
    assert comment("kursk_russian_control").endswith(f"baseline.yaml:{kursk} (parent)")
    assert comment("switch_after").endswith("(parent)")
    assert comment("casualty_factor") == "default"  # deleted with null: the schema's default


def test_show_output_is_a_scenario_that_loads_back_the_same(tmp_path, invoke):
    result = invoke(["show", "us_pressure"])
    assert result.exit_code == 0, result.output
    again = load_scenario(write(tmp_path, result.stdout, "shown.yaml"))
    assert again.scenario == load_scenario("us_pressure").scenario.model_copy(
        update={"extends": None}
    )


def test_list_shows_every_shipped_scenario_with_its_first_sentence(invoke):
    result = invoke(["list"])
    assert result.exit_code == 0
    for name in shipped_scenarios():
        line = next(line for line in result.stdout.splitlines() if line.startswith(name + " "))
        assert line.rstrip().endswith(".")


# --------------------------------------------------------------------------- JSON Schema


def test_kept_schema_copy_is_up_to_date():
    kept = (scenarios_dir() / SCHEMA_FILE).read_text(encoding="utf-8")
    assert kept == scenario_json_schema_text(), (
        f"scenarios/{SCHEMA_FILE} is stale: run `negsim schema > scenarios/{SCHEMA_FILE}`"
    )


def test_schema_command_prints_the_schema(invoke):
    result = invoke(["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    volatility = schema["$defs"]["Battlefield"]["properties"]["volatility"]
    number = next(b for b in volatility["anyOf"] if b.get("type") == "number")
    assert number == {"type": "number", "minimum": 0.0, "maximum": 10.0}
    assert {"$ref": "#/$defs/Beta"} in next(b for b in volatility["anyOf"] if "oneOf" in b)["oneOf"]


def _as_json(value):
    if isinstance(value, dict):
        return {k: _as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_json(v) for v in value]
    return value.isoformat() if isinstance(value, dt.date) else value


def test_editors_schema_accepts_shipped_files_and_flags_mistakes():
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(scenario_json_schema_text())
    validator = jsonschema.Draft202012Validator(schema)
    for name, path in shipped_scenarios().items():
        data, _ = load_with_marks(path.read_text(encoding="utf-8"), str(path))
        assert not list(validator.iter_errors(_as_json(data))), name
    wrong = [
        {"extends": "baseline", "battlefield": {"volatilty": 1}},
        {"extends": "baseline", "battlefield": {"volatility": 11}},
        {"extends": "baseline", "simulation": {"weeks": {"dist": "uniform", "low": 1, "high": 2}}},
        {"extends": "baseline", "timeline": [{"week": 1, "set": {"actors.us.aid_pasued": False}}]},
        {"name": "standalone without actors"},
    ]
    for document in wrong:
        assert list(validator.iter_errors(document)), document


def test_user_guide_holds_the_current_key_reference():
    guide = (Path(__file__).parent.parent / "docs" / "scenarios.md").read_text(encoding="utf-8")
    assert reference_markdown() in guide, "docs/scenarios.md: paste `negsim schema --markdown`"


# --------------------------------------------------------------------------- one value (--param)


@pytest.mark.parametrize(
    ("key", "words"),
    [
        ("actors.us", "actors.us: is a whole group of keys; name one value inside it, e.g. "),
        ("donors", "donors: is a whole list"),
        (
            "donors.5.week",
            "donors.5.week: donors has 3 item(s), numbered from 0; there is no item 5",
        ),
        ("timeline.0.week", "timeline has 0 item(s)"),
        ("actors.us.bias.x", "actors.us.bias is a single value"),
        ("actors.us.bais", "did you mean 'bias'?"),
    ],
)
def test_a_key_that_is_not_one_value_is_a_problem_of_the_option_naming_it(key, words):
    raw = load_scenario("baseline").raw
    with pytest.raises(ScenarioError) as caught:
        check_single_value_path(tuple(key.split(".")), raw, "--param")
    assert caught.value.file == "--param"
    assert words in str(caught.value) and str(caught.value).startswith("--param: ")


def test_one_value_of_the_scenario_passes_the_one_value_check():
    raw = load_scenario("baseline").raw
    for key in ("actors.us.bias", "donors.1.amount_gbp_m", "actors.russia.resolve"):
        check_single_value_path(tuple(key.split(".")), raw, "--param")
