"""What the dashboard computes, tested without a browser: levers, saved YAML, runs, one run."""

from __future__ import annotations

import io
import re
import socket
import warnings

import numpy as np
import pytest

from simulator.dashboard import server as dash
from simulator.dashboard.charts import (
    Compared,
    beliefs_figure,
    outcome_figure,
    states_figure,
    terms_figure,
)
from simulator.dashboard.images import legend_entries
from simulator.dashboard.levers import DEFAULT_RUNS, GROUPS, LEVERS, default_settings, ends
from simulator.dashboard.one_run import OneRun, fallback_story
from simulator.dashboard.outlook import (
    STATES,
    belief_bands,
    marked_weeks,
    outlook_for,
    state_shares,
)
from simulator.dashboard.picker import SCENARIO_ENV
from simulator.dashboard.run_chart import one_run_figure
from simulator.dashboard.saved import download_name, scenario_yaml
from simulator.dashboard.settings import (
    overrides,
    scenario_with,
    set_args,
    shift_distribution,
)
from simulator.dashboard.tables import belief_table, shares_table, value_table
from simulator.engine.model import BLOCK_SIZE
from simulator.engine.params import resolve_types
from simulator.montecarlo.runner import run_monte_carlo, simulate_block
from simulator.montecarlo.tally import wilson_interval
from simulator.report.palette import OUTCOME_COLOURS
from simulator.rules.negotiation import ISSUES
from simulator.rules.outcomes import OUTCOMES
from simulator.scenario.distributions import Beta, Triangular, Uniform
from simulator.scenario.library import shipped_scenarios
from simulator.scenario.loader import load_scenario


@pytest.fixture(scope="module")
def baseline():
    return load_scenario("baseline")


def settings_with(loaded, **moved):
    return {**default_settings(loaded), **moved}


def far_end(lever, start, loaded):
    """The end of a lever farther from where it starts (the other choice, the other switch)."""
    low, high = ends(lever, loaded)
    if lever.kind in ("switch", "choice"):
        return high if start == low else low
    return low if abs(start - low) > abs(start - high) else high


def test_levers_start_at_the_scenarios_values(baseline):
    s = default_settings(baseline)
    scenario = baseline.scenario
    us = scenario.actors.us
    assert s["aid_paused"] is us.aid_paused
    assert s["us_pressure"] == us.pressure_on_russia
    assert s["us_bias"] == us.bias
    assert s["sequencing"] == us.sequencing == "ceasefire_first"
    assert s["truce_offered"] is scenario.partial_truce.offered
    assert s["kursk_control"] == scenario.battlefield.kursk_russian_control
    assert s["observation_noise"] == scenario.battlefield.observation_noise
    assert s["settlement_monitoring"] == scenario.settlement.monitoring
    assert s["guarantees"] == scenario.settlement.guarantees
    assert s["ceasefire_monitoring"] == scenario.ceasefire.monitoring
    assert s["donor_aid"] == 1.0
    assert s["runs"] == DEFAULT_RUNS
    # an uncertain parameter shows its distribution's mean
    bounds = (-1.0, 1.0)
    assert s["russian_momentum"] == pytest.approx(
        scenario.battlefield.russian_momentum.mean_value(*bounds)
    )
    for side in ("russia", "ukraine"):
        actor = getattr(scenario.actors, side)
        assert s[f"{side}_resolve"] == pytest.approx(actor.resolve.mean_value(0.0, 1.0))
        assert s[f"{side}_optimism"] == pytest.approx(actor.optimism.mean_value(-1.0, 1.0))


def test_no_lever_touches_what_the_new_decision_core_removed():
    removed = ("concession", "aspiration", "outside", "mediation_step", "prior_sd", "ceasefire.")
    for lever in LEVERS:
        if lever.key == "ceasefire_monitoring":  # the ceasefire track's own monitoring
            assert lever.path == "ceasefire.monitoring"
            continue
        assert not any(word in lever.path for word in removed), lever.path


def test_the_sidebar_shows_every_lever_once_in_its_sections_in_order():
    keys = [key for _, section in GROUPS for key in section]
    assert keys == [lever.key for lever in LEVERS]


def test_levers_at_their_start_change_nothing(baseline):
    assert overrides(baseline, default_settings(baseline)) == {}


def test_every_lever_names_a_key_of_the_scenario(baseline):
    start = default_settings(baseline)
    for lever in LEVERS:
        moved = far_end(lever, start[lever.key], baseline)
        changes = overrides(baseline, settings_with(baseline, **{lever.key: moved}))
        assert list(changes) == [lever.path], lever.key
        load_scenario("baseline", set_args(changes))  # validates


@pytest.mark.parametrize("name", sorted(shipped_scenarios()))
def test_every_shipped_scenario_takes_every_lever_at_both_ends(name):
    loaded = load_scenario(name)
    start = default_settings(loaded)
    assert overrides(loaded, {**start, "runs": loaded.scenario.simulation.runs}) == {}
    for lever in LEVERS:
        for value in ends(lever, loaded):
            changes = overrides(loaded, {**start, lever.key: value})
            load_scenario(name, set_args(changes))  # raises ScenarioError if invalid


def test_a_resolve_lever_moves_the_centre_and_keeps_the_resolve_private(baseline):
    resolve = baseline.scenario.actors.russia.resolve
    assert isinstance(resolve, Uniform)
    width = resolve.high - resolve.low
    changes = overrides(baseline, settings_with(baseline, russia_resolve=0.5))
    moved = changes["actors.russia.resolve"]
    assert moved["dist"] == "uniform"  # still drawn per run: private, the others hold a prior
    assert (moved["low"] + moved["high"]) / 2 == pytest.approx(0.5)
    assert moved["high"] - moved["low"] == pytest.approx(width)
    types = resolve_types(scenario_with(baseline, changes))["russia"]
    assert types.min() < types.max()  # the others' belief still spreads over several types


def test_a_fixed_resolve_stays_fixed_and_known_when_its_lever_moves():
    known = load_scenario("baseline", ["actors.ukraine.resolve=0.7"])
    changes = overrides(known, settings_with(known, ukraine_resolve=0.4))
    assert changes == {"actors.ukraine.resolve": 0.4}
    types = resolve_types(scenario_with(known, changes))["ukraine"]
    assert types.min() == types.max() == pytest.approx(0.4)


def test_a_beta_distribution_moves_its_mean_and_keeps_its_concentration():
    moved = shift_distribution(Beta(dist="beta", a=2.0, b=6.0), 0.5, "actors.russia.resolve")
    assert isinstance(moved, Beta)
    assert moved.a + moved.b == pytest.approx(8.0)
    assert moved.mean_value(0.0, 1.0) == pytest.approx(0.5)
    # at an end of the range no beta has its mean: the value is pinned there
    assert shift_distribution(Beta(dist="beta", a=2.0, b=6.0), 1.0, "actors.russia.resolve") == 1.0


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


def test_the_sequencing_menu_and_the_truce_switch_set_their_keys(baseline):
    changes = overrides(
        baseline, settings_with(baseline, sequencing="settlement_first", truce_offered=False)
    )
    assert changes == {"actors.us.sequencing": "settlement_first", "partial_truce.offered": False}
    scenario = load_scenario("baseline", set_args(changes)).scenario
    assert scenario.actors.us.sequencing == "settlement_first"
    assert scenario.partial_truce.offered is False


def test_saved_yaml_is_the_whole_scenario_and_loads_as_the_same_settings(baseline, tmp_path):
    moved = settings_with(
        baseline,
        aid_paused=True,
        aid_resumes=10,
        us_pressure=0.7,
        us_bias=0.0,
        sequencing="settlement_first",
        truce_offered=False,
        russia_resolve=0.6,
        ukraine_optimism=0.5,
        observation_noise=0.05,
        donor_aid=0.5,
        settlement_monitoring=0.5,
        guarantees=0.9,
        ceasefire_monitoring=0.8,
        escalation=0.0,
        runs=2000,
    )
    text = scenario_yaml(baseline, moved)
    path = tmp_path / download_name(baseline)
    path.write_text(text, encoding="utf-8")

    saved = load_scenario(path)
    direct = load_scenario("baseline", set_args(overrides(baseline, moved)))
    assert "extends" not in text  # it needs no other file
    assert "sequencing: settlement_first" in text
    assert saved.scenario.simulation.runs == 2000
    dump = saved.scenario.model_dump(exclude={"name", "description", "extends"})
    assert dump == direct.scenario.model_dump(exclude={"name", "description", "extends"})


def _line_of(text: str, start: str) -> str:
    return next(line for line in text.splitlines() if line.strip().startswith(start))


def test_saved_yaml_keeps_the_sources_comments_for_what_it_did_not_change(baseline):
    text = scenario_yaml(baseline, settings_with(baseline, us_pressure=0.7, aid_resumes=10))
    # unchanged: the shipped file's own comment, word for word
    assert _line_of(text, "kursk_russian_control: 0.86").endswith(
        "# article: Putin \"declared that 86% of the region had been 'liberated'\" (share of"
        " the ground Ukraine seized in August 2024)"
    )
    assert '# article: "Paused additional military aid to Ukraine"' in _line_of(
        text, "aid_paused: true"
    )
    assert '# article: "£107 million"' in _line_of(text, "- {name: Sweden")
    # changed: says so and what it was, without the source that no longer backs it
    pressure = _line_of(text, "pressure_on_russia: 0.7")
    assert pressure.endswith("# set in the dashboard (was 0.2)")
    assert "envoys" not in pressure
    event = text.split("timeline:")[1]
    assert "week: 10" in event and "US aid resumes in week 10" in event
    assert "actors.us.aid_paused: false" in event


def test_saved_yaml_of_a_child_scenario_keeps_its_own_and_its_parents_comments(tmp_path):
    loaded = load_scenario("us_pressure")
    text = scenario_yaml(loaded, default_settings(loaded))
    assert "Trump, 7 March 2025" in _line_of(text, "pressure_on_russia:")  # its own file
    assert "Hegseth" in _line_of(text, "territory: 0.6")  # the baseline it extends
    assert "imposed sanctions weigh more" in text  # its timeline event, kept
    path = tmp_path / "child.yaml"
    path.write_text(text, encoding="utf-8")
    exclude = {"name", "description", "extends"}
    assert load_scenario(path).scenario.model_dump(exclude=exclude) == loaded.scenario.model_dump(
        exclude=exclude
    )


def test_the_aid_week_lever_adds_one_timeline_event_after_the_scenarios_own():
    loaded = load_scenario("us_pressure")
    start = default_settings(loaded)
    assert start["aid_resumes"] == loaded.scenario.simulation.weeks  # no date: no event
    changes = overrides(loaded, {**start, "aid_resumes": 12})
    own = loaded.raw["timeline"]
    assert changes == {"timeline": [*own, {"week": 12, "set": {"actors.us.aid_paused": False}}]}
    scenario = load_scenario("us_pressure", set_args(changes)).scenario  # validates
    assert [e.week for e in scenario.timeline] == [8, 12]
    # with aid not paused there is nothing to resume: no event
    assert overrides(loaded, {**start, "aid_resumes": 12, "aid_paused": False}) == {
        "actors.us.aid_paused": False
    }


def test_us_aid_resuming_in_week_4_lies_between_paused_and_never_paused(baseline):
    start = default_settings(baseline)
    paused = outlook_for(baseline, start)
    week4 = outlook_for(baseline, settings_with(baseline, aid_resumes=4))
    flowing = outlook_for(baseline, settings_with(baseline, aid_paused=False))
    war = [o.probability("war_continues") for o in (paused, week4, flowing)]
    # measured 0.382, 0.438, 0.444 on 1,000 runs (paired: the same dice in every run)
    assert war[0] < war[1] <= war[2] + 0.02


def test_the_page_shows_exactly_what_the_engine_gives_for_those_settings(baseline):
    moved = settings_with(baseline, us_pressure=0.0)
    outlook = outlook_for(baseline, moved)
    direct = run_monte_carlo(
        load_scenario("baseline", ["actors.us.pressure_on_russia=0"]).scenario, 1000
    )
    assert [r.name for r in outlook.rows] == list(OUTCOMES)  # all six, in order
    assert [r.count for r in outlook.rows] == [int(c) for c in direct.outcomes]
    for row in outlook.rows:
        assert row.low <= row.probability <= row.high
    for name in (*STATES, "truce_active"):
        assert list(outlook.tally.weekly.counts[name]) == list(direct.weekly.counts[name])


def test_us_pressure_has_an_immediate_effect_on_war_continuing(baseline):
    start = outlook_for(baseline, default_settings(baseline))
    none = outlook_for(baseline, settings_with(baseline, us_pressure=0.0))
    assert none.probability("war_continues") != start.probability("war_continues")


def test_no_partial_truce_is_ever_in_force_when_none_is_offered(baseline):
    start = outlook_for(baseline, default_settings(baseline))
    assert start.tally.metrics["truce_week"].n > 0, "precondition: the baseline has truces"
    off = outlook_for(baseline, settings_with(baseline, truce_offered=False))
    assert off.tally.metrics["truce_week"].n == 0
    assert not off.tally.weekly.counts["truce_active"].any()


def test_full_settlement_monitoring_means_no_settlement_collapses(baseline):
    watched = outlook_for(baseline, settings_with(baseline, settlement_monitoring=1.0))
    assert watched.tally.metrics["settlement_week"].n > 0, "precondition: settlements are signed"
    assert watched.probability("settlement_collapsed") == 0.0


def test_no_run_escalates_at_zero_escalation_hazard(baseline):
    calm = outlook_for(baseline, settings_with(baseline, escalation=0.0))
    assert calm.probability("escalation") == 0.0
    assert not calm.tally.weekly.counts["escalated"].any()


def test_every_run_is_in_exactly_one_state_each_week(baseline):
    outlook = outlook_for(baseline, default_settings(baseline))
    shares = state_shares(outlook)
    total = sum(shares[name] for name in STATES)
    assert total == pytest.approx(np.ones(outlook.weeks))
    for name in STATES:
        assert np.all(shares[f"{name}.low"] <= shares[name])
        assert np.all(shares[name] <= shares[f"{name}.high"])
    # at the horizon the states are the outcome mix, read another way
    last = {name: shares[name][-1] for name in STATES}
    settled = outlook.probability("comprehensive_settlement")
    assert last["settled"] == pytest.approx(settled)
    assert last["escalated"] == pytest.approx(outlook.probability("escalation"))
    assert last["ceasefire_active"] == pytest.approx(outlook.probability("ceasefire_holding"))


def test_the_belief_chart_shows_each_sides_error_about_the_others_resolve(baseline):
    outlook = outlook_for(baseline, default_settings(baseline))
    bands = belief_bands(outlook)
    weekly = outlook.tally.weekly
    assert np.array_equal(bands["russia"], weekly.band("belief_error.russia_about_ukraine"))
    assert np.array_equal(bands["ukraine"], weekly.band("belief_error.ukraine_about_russia"))
    low, mid, high = bands["russia"]
    assert np.all(low <= mid) and np.all(mid <= high)
    fig = beliefs_figure(Compared(outlook, outlook, "now: baseline", "pinned: baseline"))
    assert legend_entries(fig) == (
        "Russia about Ukraine",
        "Ukraine about Russia",
        "now: baseline",
        "pinned: baseline",
    )
    assert "truth" in fig.axes[0].get_ylabel()


def test_the_shares_table_reads_each_quarter_and_the_horizon(baseline):
    outlook = outlook_for(baseline, default_settings(baseline))
    assert marked_weeks(52) == [13, 26, 39, 52]
    assert marked_weeks(20) == [13, 20]
    text = shares_table(outlook)
    for name in (*STATES, "truce_active"):
        for weeks in marked_weeks(52):
            cell = re.search(rf"data-testid='share-{name}-{weeks}' title='([^']*)'>([^<]*)<", text)
            share = outlook.tally.weekly.counts[name][weeks - 1] / outlook.runs
            low, high = wilson_interval(int(share * outlook.runs), outlook.runs)
            assert cell.group(2) == f"{share:.0%}"
            assert cell.group(1) == f"95 % interval {low:.1%}–{high:.1%}"


def test_results_are_cached_by_settings_and_a_thousand_runs_are_fast(baseline):
    moved = settings_with(baseline, ceasefire_monitoring=0.35)
    first = outlook_for(baseline, moved)
    again = outlook_for(baseline, dict(moved))
    assert again is first
    # measured 0.3 s on one core of the development machine; generous for a loaded CI
    assert first.seconds < 3.0


def test_one_run_follows_run_i_of_the_monte_carlo_exactly(baseline):
    scenario = baseline.scenario
    block = simulate_block(scenario, 0, 16)
    for run in range(16):
        one = OneRun(scenario, run)
        while one.step() is not None:
            pass
        expected = OUTCOMES[int(block.records["outcome"][run])]
        assert one.history[-1].status == expected
        signed = [v.week for v in one.history if v.signed]
        assert int(block.records["settlement_week"][run]) == (signed[0] if signed else -1)


def test_one_run_steps_one_week_per_call_and_a_settlement_does_not_end_it(baseline):
    one = OneRun(baseline.scenario, BLOCK_SIZE + 3)
    assert (one.block, one.world) == (1, 3)
    first = one.step()
    second = one.step()
    assert (first.week, second.week, one.week) == (0, 1, 2)
    assert first.story and all(isinstance(line, str) for line in first.story)
    while one.step() is not None:
        pass
    assert one.finished and one.step() is None
    weeks = baseline.scenario.simulation.weeks
    escalated = one.history[-1].status == "escalation"
    assert len(one.history) == weeks or (escalated and len(one.history) < weeks)


def _first_weeks(scenario, run, weeks):
    """A followed run and the engine's WeekState of each of its first weeks."""
    one = OneRun(scenario, run)
    states = []
    observe = one.model.observer
    one.model.observer = lambda model, state: (states.append(state), observe(model, state))
    for _ in range(weeks):
        one.step()
    return one, states


def test_each_week_shows_the_value_of_fighting_on_against_the_us_package(baseline):
    one, states = _first_weeks(baseline.scenario, 0, 6)
    w = one.world
    for view, state in zip(one.history, states, strict=True):
        if not view.negotiating:
            continue
        for party in ("russia", "ukraine"):
            assert view.fight_value[party] == float(state.fight_value[party][w])
            assert view.table_value[party] == float(state.table_value[party][w])
            assert view.deal_margin[party] == pytest.approx(
                view.table_value[party] - view.fight_value[party]
            )
            if view.table_accept[party]:  # a yes is never below fighting on
                assert view.deal_margin[party] >= -1e-9
        table = value_table(view)
        for party in ("russia", "ukraine"):
            assert f"data-testid='fight-{party}'>{view.fight_value[party]:.3f}<" in table
            assert f"data-testid='package-{party}'>{view.table_value[party]:.3f}<" in table
        assert "aspiration" not in table and "needs" not in table


def test_each_week_shows_each_sides_belief_about_the_others_resolve_against_the_truth(baseline):
    one, states = _first_weeks(baseline.scenario, 0, 8)
    m, w = one.model, one.world
    last = one.history[-1]
    assert last.belief["russia"] == pytest.approx(float(m.russia.belief_mean()[w]))
    assert last.belief["ukraine"] == pytest.approx(float(m.ukraine.belief_mean()[w]))
    assert last.resolve == {
        "russia": float(m.russia.resolve[w]),
        "ukraine": float(m.ukraine.resolve[w]),
    }
    assert last.belief_error("russia") == pytest.approx(
        last.belief["russia"] - last.resolve["ukraine"]
    )
    for view, state in zip(one.history, states, strict=True):
        assert view.belief_before["russia"] == float(state.belief_before["russia"][w])
        assert view.belief["ukraine"] == float(state.belief_after["ukraine"][w])
    table = belief_table(last)
    assert f"data-testid='belief-russia'>{last.belief['russia']:.3f}<" in table
    assert f"data-testid='truth-ukraine'>{last.resolve['ukraine']:.3f}<" in table
    assert np.array_equal(one.series("belief.russia"), [v.belief["russia"] for v in one.history])


def test_a_settled_week_names_the_package_signed_and_stops_showing_a_table(baseline):
    scenario = baseline.scenario
    block = simulate_block(scenario, 0, 64)
    run = int(np.flatnonzero(block.records["settlement_week"] >= 0)[0])
    week = int(block.records["settlement_week"][run])
    one, states = _first_weeks(scenario, run, week + 2)
    signed, after = one.history[week], one.history[week + 1]
    assert signed.signed in ("the US package", "Russia's counter-offer", "Ukraine's counter-offer")
    assert signed.signed_terms == [float(x) for x in states[week].settled_terms[one.world]]
    if signed.signed == "the US package":
        assert signed.table_accept == {"russia": True, "ukraine": True}
    assert after.settled and not after.negotiating and after.table == []
    assert np.isnan(after.deal_margin["russia"]) and np.isnan(after.fight_value["ukraine"])
    assert "settled" in value_table(after)


def test_fallback_story_states_each_answer_with_its_margin_and_each_belief(baseline):
    one, states = _first_weeks(baseline.scenario, 0, 1)
    view = one.history[-1]
    lines = fallback_story(view, states[-1], one.world)
    first = lines[0]
    assert view.ceasefire_offered  # week 0: the US 30-day proposal, as the article states it
    for party in ("russia", "ukraine"):
        verb = "accepts" if view.ceasefire_accept[party] else "rejects"
        assert f"{party.capitalize()} {verb} (margin {view.ceasefire_margin[party]:+.3f})" in first
        assert view.ceasefire_accept[party] == (view.ceasefire_margin[party] >= 0.0)
    told = " ".join(lines)
    for party, other in (("russia", "ukraine"), ("ukraine", "russia")):
        assert (
            f"{party.capitalize()} now puts {other.capitalize()}'s resolve at"
            f" {view.belief[party]:.2f}"
        ) in told
        assert f"{view.fight_value[party]:.3f} for fighting on" in told


def _hex_rgb(colour: str) -> tuple:
    return tuple(np.round(np.array([int(colour[i : i + 2], 16) for i in (1, 3, 5)]) / 255, 3))


def test_outcome_chart_puts_now_and_pinned_side_by_side_in_the_outcome_colours(baseline):
    now = outlook_for(baseline, settings_with(baseline, us_pressure=0.0))
    pinned = outlook_for(baseline, default_settings(baseline))
    fig = outcome_figure(Compared(now, pinned, "now: your changes", "pinned: baseline"))
    assert fig.get_suptitle().startswith("Outcome after")
    assert legend_entries(fig) == ("now: your changes", "pinned: baseline")
    ax = fig.axes[0]
    assert "share of runs" in ax.get_xlabel()
    bars = ax.patches
    assert len(bars) == 2 * len(OUTCOMES) == 12
    solid = [b for b in bars if b.get_alpha() in (None, 1.0)]
    hatched = [b for b in bars if b.get_hatch()]
    assert len(solid) == len(hatched) == len(OUTCOMES)
    expected = [_hex_rgb(OUTCOME_COLOURS[name]) for name in OUTCOMES]
    assert [tuple(np.round(b.get_facecolor()[:3], 3)) for b in solid] == expected
    assert [tuple(np.round(b.get_facecolor()[:3], 3)) for b in hatched] == expected
    widths = [b.get_width() for b in hatched]
    assert widths == pytest.approx([r.probability for r in pinned.rows])
    ticks = [t.get_text().replace("\n", " ") for t in ax.get_yticklabels()]
    assert "Settlement collapsed" in ticks
    assert any("not a forecast" in t.get_text() for t in fig.texts)


def test_time_to_event_and_one_run_charts_are_labelled(baseline):
    now = outlook_for(baseline, default_settings(baseline))
    fig = states_figure(Compared(now, now, "now: baseline", "pinned: baseline"))
    ax = fig.axes[0]
    assert "week" in ax.get_xlabel() and ax.get_ylabel()
    assert legend_entries(fig) == (
        "at war",
        "under a ceasefire",
        "settled (holding)",
        "escalated",
        "partial truce in force",
        "now: baseline",
        "pinned: baseline",
    )
    one = OneRun(baseline.scenario, 0)
    one.step()
    fig = one_run_figure(one, label="now: your changes")
    assert "margin" in fig.axes[1].get_ylabel()
    assert fig.axes[2].get_ylabel() == "resolve"
    beliefs = [t.get_text() for t in fig.axes[2].get_legend().get_texts()]
    assert "Russia's belief\nabout Ukraine" in beliefs and "Ukraine's\ntrue resolve" in beliefs
    assert any("not a forecast" in t.get_text() for t in fig.texts)
    assert any("now: your changes" in t.get_text() for t in fig.texts)


def test_a_chart_with_nothing_labelled_draws_no_legend_and_never_warns(baseline):
    one = OneRun(baseline.scenario, 0)  # no week stepped: no line to label
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig = one_run_figure(one)
        fig.savefig(io.BytesIO(), format="svg")
    assert all(ax.get_legend() is None for ax in fig.axes)


def test_no_ideal_point_hides_another_or_an_agreed_median_on_its_row(baseline):
    now = outlook_for(baseline, default_settings(baseline))
    points = {actor: [0.9] * len(ISSUES) for actor in ("russia", "ukraine", "us")}  # all alike
    fig = terms_figure(Compared(now, now, "now", "pinned"), points)
    ax = fig.axes[0]
    fig.savefig(io.BytesIO(), format="png")
    ideal_sets = [c for c in ax.collections if c.get_label().endswith("ideal")]
    sizes = [float(c.get_sizes()[0]) for c in ideal_sets]
    assert len(sizes) == 3 and sizes == sorted(sizes, reverse=True)  # drawn largest first
    assert len(set(sizes)) == 3
    first = ideal_sets[0]
    assert first.get_facecolor().size == 0 or first.get_facecolor()[0][3] == 0  # hollow
    # agreed medians sit in lanes above and below the ideal points, never on them
    ideal_rows = {round(float(y), 6) for c in ideal_sets for y in c.get_offsets()[:, 1]}
    medians = [line for line in ax.lines if line.get_marker() == "o"]
    assert medians
    for line in medians:
        assert round(float(line.get_ydata()[0]), 6) not in ideal_rows


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
