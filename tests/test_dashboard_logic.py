"""What the dashboard computes, tested without a browser: levers, saved YAML, runs, one run."""

from __future__ import annotations

import socket

import numpy as np
import pytest

from simulator.dashboard import server as dash
from simulator.dashboard.charts import agreement_figure, one_run_figure, outcome_figure
from simulator.dashboard.levers import DEFAULT_RUNS, LEVERS, default_settings
from simulator.dashboard.one_run import OneRun, fallback_story
from simulator.dashboard.outlook import outlook_for
from simulator.dashboard.picker import SCENARIO_ENV
from simulator.dashboard.settings import download_name, overrides, scenario_yaml, set_args
from simulator.engine.model import BLOCK_SIZE
from simulator.montecarlo.runner import run_monte_carlo, simulate_block
from simulator.report.palette import OUTCOME_COLOURS
from simulator.rules.outcomes import OUTCOMES
from simulator.scenario.distributions import Triangular, Uniform
from simulator.scenario.library import shipped_scenarios
from simulator.scenario.loader import load_scenario


@pytest.fixture(scope="module")
def baseline():
    return load_scenario("baseline")


def settings_with(loaded, **moved):
    return {**default_settings(loaded), **moved}


def test_levers_start_at_the_scenarios_values(baseline):
    s = default_settings(baseline)
    scenario = baseline.scenario
    assert s["aid_paused"] is scenario.actors.us.aid_paused
    assert s["us_pressure"] == scenario.actors.us.pressure_on_russia
    assert s["kursk_control"] == scenario.battlefield.kursk_russian_control
    assert s["donor_aid"] == 1.0
    assert s["runs"] == DEFAULT_RUNS
    # an uncertain parameter shows its distribution's mean
    bounds = (-1.0, 1.0)
    assert s["russian_momentum"] == pytest.approx(
        scenario.battlefield.russian_momentum.mean_value(*bounds)
    )


def test_levers_at_their_start_change_nothing(baseline):
    assert overrides(baseline, default_settings(baseline)) == {}


def test_every_lever_names_a_key_of_the_scenario(baseline):
    for lever in LEVERS:
        moved = lever.high if lever.kind != "switch" else not baseline.scenario.actors.us.aid_paused
        changes = overrides(baseline, settings_with(baseline, **{lever.key: moved}))
        assert list(changes) == [lever.path], lever.key
        load_scenario("baseline", set_args(changes))  # validates


@pytest.mark.parametrize("name", sorted(shipped_scenarios()))
def test_every_shipped_scenario_takes_every_lever_at_both_ends(name):
    loaded = load_scenario(name)
    start = default_settings(loaded)
    assert overrides(loaded, {**start, "runs": loaded.scenario.simulation.runs}) == {}
    for lever in LEVERS:
        ends = (True, False) if lever.kind == "switch" else (lever.low, lever.high)
        for value in ends:
            changes = overrides(loaded, {**start, lever.key: value})
            load_scenario(name, set_args(changes))  # raises ScenarioError if invalid


def test_a_slider_moves_an_uncertain_parameter_and_keeps_its_spread(baseline):
    resolve = baseline.scenario.actors.russia.resolve
    assert isinstance(resolve, Uniform)
    width = resolve.high - resolve.low
    changes = overrides(baseline, settings_with(baseline, russia_resolve=0.5))
    moved = changes["actors.russia.resolve"]
    assert moved["dist"] == "uniform"
    assert (moved["low"] + moved["high"]) / 2 == pytest.approx(0.5)
    assert moved["high"] - moved["low"] == pytest.approx(width)


def test_a_distribution_pushed_past_its_bounds_is_clipped_to_them(baseline):
    changes = overrides(baseline, settings_with(baseline, russian_momentum=1.0))
    moved = load_scenario("baseline", set_args(changes)).scenario.battlefield.russian_momentum
    assert isinstance(moved, Triangular)
    assert moved.high == 1.0 and moved.mode == 1.0 and moved.low < 1.0


def test_donor_aid_scales_every_package(baseline):
    changes = overrides(baseline, settings_with(baseline, donor_aid=2.0))
    scaled = load_scenario("baseline", set_args(changes)).scenario.donors
    original = baseline.scenario.donors
    assert [d.name for d in scaled] == [d.name for d in original]
    for new, old in zip(scaled, original, strict=True):
        assert new.amount_gbp_m == pytest.approx(2.0 * old.amount_gbp_m)
        assert (new.week, new.lag_weeks) == (old.week, old.lag_weeks)


def test_saved_yaml_extends_the_picked_scenario_and_loads_as_the_same_settings(baseline, tmp_path):
    moved = settings_with(
        baseline,
        aid_paused=False,
        us_pressure=0.7,
        russia_resolve=0.6,
        donor_aid=0.5,
        monitoring=0.8,
        escalation=0.0,
        runs=2000,
    )
    text = scenario_yaml(baseline, moved)
    path = tmp_path / download_name(baseline)
    path.write_text(text, encoding="utf-8")

    saved = load_scenario(path)
    direct = load_scenario("baseline", set_args(overrides(baseline, moved)))
    assert "extends: baseline" in text
    assert saved.scenario.simulation.runs == 2000
    dump = saved.scenario.model_dump(exclude={"name", "description", "extends"})
    assert dump == direct.scenario.model_dump(exclude={"name", "description", "extends"})


def test_negsim_validate_accepts_the_saved_yaml(baseline, tmp_path, invoke):
    path = tmp_path / "saved.yaml"
    path.write_text(
        scenario_yaml(baseline, settings_with(baseline, kursk_control=0.5)), encoding="utf-8"
    )
    result = invoke(["validate", str(path)])
    assert result.exit_code == 0, result.output


def test_the_page_shows_exactly_what_the_engine_gives_for_those_settings(baseline):
    moved = settings_with(baseline, us_pressure=0.0)
    outlook = outlook_for(baseline, moved)
    direct = run_monte_carlo(
        load_scenario("baseline", ["actors.us.pressure_on_russia=0"]).scenario, 1000
    )
    assert [r.count for r in outlook.rows] == [int(c) for c in direct.outcomes]
    for row in outlook.rows:
        assert row.low <= row.probability <= row.high


def test_us_pressure_has_an_immediate_effect_on_war_continuing(baseline):
    start = outlook_for(baseline, default_settings(baseline))
    none = outlook_for(baseline, settings_with(baseline, us_pressure=0.0))
    assert none.probability("war_continues") != start.probability("war_continues")


def test_results_are_cached_by_settings_and_a_thousand_runs_are_fast(baseline):
    moved = settings_with(baseline, monitoring=0.35)
    first = outlook_for(baseline, moved)
    again = outlook_for(baseline, dict(moved))
    assert again is first
    # measured 0.15 s on one core of the development machine; generous for a loaded CI
    assert first.seconds < 3.0


def test_one_run_follows_run_i_of_the_monte_carlo_exactly(baseline):
    scenario = baseline.scenario
    block = simulate_block(scenario, 0, 16)
    for run in (0, 7):
        one = OneRun(scenario, run)
        while one.step() is not None:
            pass
        expected = OUTCOMES[int(block.records["outcome"][run])]
        assert one.history[-1].status == expected
        settled = int(block.records["settlement_week"][run])
        assert settled == (one.history[-1].week if expected == OUTCOMES[1] else -1)


def test_one_run_steps_one_week_per_call_and_stops_at_the_end(baseline):
    one = OneRun(baseline.scenario, BLOCK_SIZE + 3)
    assert (one.block, one.world) == (1, 3)
    first = one.step()
    second = one.step()
    assert (first.week, second.week, one.week) == (0, 1, 2)
    assert first.story and all(isinstance(line, str) for line in first.story)
    while one.step() is not None:
        pass
    assert one.finished and one.step() is None
    assert len(one.history) <= baseline.scenario.simulation.weeks


def test_fallback_story_states_each_answer_with_its_margin(baseline):
    one = OneRun(baseline.scenario, 0)
    states = []
    one.model.observer = lambda model, state: states.append(state)
    one.model.step()
    one.history.append(one._view(states[-1]))
    view = one.history[-1]
    lines = fallback_story(view, states[-1], 0)
    first = lines[0]
    for party in ("russia", "ukraine"):
        verb = "accepts" if view.ceasefire_accept[party] else "rejects"
        assert f"{party.capitalize()} {verb} (margin {view.ceasefire_margin[party]:+.3f})" in first
        assert view.ceasefire_accept[party] == (view.ceasefire_margin[party] >= 0.0)


def test_outcome_chart_has_one_fixed_colour_per_outcome_and_a_ghost(baseline):
    now = outlook_for(baseline, settings_with(baseline, us_pressure=0.0))
    before = outlook_for(baseline, default_settings(baseline))
    fig = outcome_figure(now, before)
    ax = fig.axes[0]
    assert ax.get_title().startswith("Outcome after")
    assert "share of runs" in ax.get_ylabel()
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["now (n = 1,000)", "before the last change"]
    bars = ax.patches
    assert len(bars) == 2 * len(OUTCOMES)
    filled = [b for b in bars if b.get_fill()]
    expected = [OUTCOME_COLOURS[name] for name in OUTCOMES]
    assert [tuple(np.round(b.get_facecolor()[:3], 3)) for b in filled] == [
        tuple(np.round(np.array([int(c[i : i + 2], 16) for i in (1, 3, 5)]) / 255, 3))
        for c in expected
    ]
    assert any("not a forecast" in t.get_text() for t in fig.texts)


def test_agreement_and_one_run_charts_are_labelled(baseline):
    now = outlook_for(baseline, default_settings(baseline))
    ax = agreement_figure(now).axes[0]
    assert "week" in ax.get_xlabel() and ax.get_ylabel()
    assert len(ax.get_legend().get_texts()) == 2
    one = OneRun(baseline.scenario, 0)
    one.step()
    fig = one_run_figure(one)
    assert "margin" in fig.axes[1].get_ylabel()
    assert any("not a forecast" in t.get_text() for t in fig.texts)


def test_server_is_local_offline_and_quiet_by_default():
    env = dash.server_env("baseline", base={})
    command = dash.server_command(dash.DEFAULT_HOST, 8765)
    assert dash.DEFAULT_HOST == "127.0.0.1"
    assert command[command.index("--host") + 1] == "127.0.0.1"
    assert command[command.index("--port") + 1] == "8765"
    assert env[SCENARIO_ENV] == "baseline"
    assert env["SOLARA_TELEMETRY_MIXPANEL_ENABLE"] == "false"
    assert env["SOLARA_ASSETS_PROXY"] == "true"
    assert env["SOLARA_ASSETS_CDN"].startswith("http://127.0.0.1:")
    assert env["SOLARA_KERNEL_CULL_TIMEOUT"] == dash.CLOSED_PAGE_TIMEOUT


def test_a_taken_port_is_one_clear_error_with_exit_code_2(invoke):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(dash.DashboardError, match="--port"):
            dash.check_port("127.0.0.1", port)
        result = invoke(["dashboard", "--port", str(port)])
    assert result.exit_code == 2
    assert "cannot listen on 127.0.0.1" in result.output
    assert "Traceback" not in result.output


def test_an_unknown_scenario_is_refused_before_any_server_starts(invoke):
    result = invoke(["dashboard", "no-such-scenario"])
    assert result.exit_code == 2
    assert "no scenario named 'no-such-scenario'" in result.output
