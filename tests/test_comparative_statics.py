"""Comparative statics of DESIGN.md §2, as paired differences on common random numbers.

Each test runs two versions of a purpose-built scenario with the same seed, so run i of both
sees the same dice, and asserts that the 95 % interval of the difference excludes zero.
Escalation is off unless the static is about it; where the horizon matters, 104 weeks.
"""

import numpy as np
import pytest
from helpers import (
    agreement,
    first_agreement_week,
    mean_difference,
    paired_difference,
    scenario,
    settlement,
    settlement_week,
    simulate,
)

from simulator.montecarlo.tally import Z95

pytestmark = pytest.mark.slow
RUNS = 8192  # one whole block: the engine simulates whole blocks anyway
CALM = "escalation.weekly_hazard=0"
LONG = "simulation.weeks=104"


def baseline(*overrides):
    return scenario("baseline", CALM, LONG, *overrides)


def settled_terms(records, issue):
    return records[f"terms.{issue}"][settlement(records)]


def assert_positive(interval):
    _, low, _ = interval
    assert low > 0, interval


def assert_negative(interval):
    _, _, high = interval
    assert high < 0, interval


def share_difference(hits_a, n_a, hits_b, n_b):
    """Difference of two proportions ``b - a`` with its 95 % (normal) interval."""
    pa, pb = hits_a / n_a, hits_b / n_b
    half = Z95 * np.sqrt(pa * (1 - pa) / n_a + pb * (1 - pb) / n_b)
    return pb - pa, pb - pa - half, pb - pa + half


@pytest.mark.parametrize(("side", "low", "high"), [("russia", 0.65, 0.9), ("ukraine", 0.55, 0.85)])
def test_a_more_resolved_side_means_fewer_and_later_settlements(side, low, high):
    soft = simulate(baseline(f"actors.{side}.resolve={low}"), RUNS)
    hard = simulate(baseline(f"actors.{side}.resolve={high}"), RUNS)
    assert_negative(paired_difference(settlement(soft), settlement(hard)))
    assert_positive(paired_difference(settlement_week(soft, 104), settlement_week(hard, 104)))


@pytest.mark.parametrize(
    ("side", "low", "high", "pole"), [("russia", 0.65, 0.9, 1), ("ukraine", 0.55, 0.85, -1)]
)
def test_the_territory_term_moves_toward_the_more_resolved_side(side, low, high, pole):
    soft = simulate(scenario("territory_contest", f"actors.{side}.resolve={low}"), RUNS)
    hard = simulate(scenario("territory_contest", f"actors.{side}.resolve={high}"), RUNS)
    diff = mean_difference(settled_terms(soft, "territory"), settled_terms(hard, "territory"))
    (assert_positive if pole > 0 else assert_negative)(diff)


def test_stronger_russian_momentum_makes_russia_less_likely_to_ever_accept_a_ceasefire():
    def russia_says_yes(model, week):
        return {"russia_accepts": week.ceasefire_accept["russia"]}

    # Aid stays paused whatever happens, so Russia's rearm objection does not decide alone.
    held = "actors.us.resume_aid_on=never"
    weak = simulate(baseline(held, "battlefield.russian_momentum=0"), RUNS, russia_says_yes)
    strong = simulate(baseline(held, "battlefield.russian_momentum=0.5"), RUNS, russia_says_yes)
    assert_negative(paired_difference(weak["russia_accepts"], strong["russia_accepts"]))


@pytest.mark.parametrize("side", ["russia", "ukraine"])
def test_optimism_delays_the_first_agreement(side):
    sober = simulate(baseline(f"actors.{side}.optimism=0"), RUNS)
    hopeful = simulate(baseline(f"actors.{side}.optimism=0.7"), RUNS)
    assert_positive(
        paired_difference(first_agreement_week(sober, 104), first_agreement_week(hopeful, 104))
    )


def test_informative_battles_correct_optimism_and_bring_agreement_sooner():
    hopeful = ("actors.russia.optimism=0.7", "actors.ukraine.optimism=0.7")
    foggy = simulate(baseline(*hopeful, "battlefield.observation_noise=1.0"), RUNS)
    clear = simulate(baseline(*hopeful, "battlefield.observation_noise=0.0"), RUNS)
    assert_negative(
        paired_difference(first_agreement_week(foggy, 104), first_agreement_week(clear, 104))
    )
    assert_negative(paired_difference(settlement_week(foggy, 104), settlement_week(clear, 104)))


def test_a_mutually_hurting_stalemate_brings_more_and_earlier_agreements():
    advancing = simulate(baseline("battlefield.russian_momentum=0.5"), RUNS)
    stalemate = simulate(baseline("battlefield.russian_momentum=0"), RUNS)
    assert_positive(paired_difference(agreement(advancing), agreement(stalemate)))
    assert_negative(
        paired_difference(
            first_agreement_week(advancing, 104), first_agreement_week(stalemate, 104)
        )
    )


def test_doubled_costs_of_war_bring_more_and_earlier_settlements():
    base = simulate(baseline(), RUNS)
    costly = simulate(
        baseline("actors.russia.war_cost=0.004", "actors.ukraine.war_cost=0.006"), RUNS
    )
    assert_positive(paired_difference(settlement(base), settlement(costly)))
    assert_negative(paired_difference(settlement_week(base, 104), settlement_week(costly, 104)))


def test_an_announced_shift_in_power_changes_behaviour_before_it_happens_and_a_surprise_does_not():
    before = 26
    quiet = simulate(scenario("baseline", CALM, "simulation.weeks=52"), RUNS, snapshot_week=before)
    surprise = simulate(scenario("power_shift_surprise"), RUNS, snapshot_week=before)
    announced = simulate(scenario("power_shift_announced"), RUNS, snapshot_week=before)
    for column in ("outcome", "settlement_week", "ceasefire_week", "proposals", "terms.territory"):
        assert np.array_equal(quiet[column], surprise[column], equal_nan=True), column
    # Ukraine, knowing it will be stronger, holds out for more: fewer settle before the shift.
    assert_negative(paired_difference(settlement(quiet), settlement(announced)))


@pytest.mark.parametrize(
    ("lever", "weak", "strong"),
    [("settlement.monitoring", 0.0, 0.8), ("settlement.guarantees", 0.0, 1.0)],
)
def test_monitoring_or_guarantees_bring_more_settlements_that_break_down_less(lever, weak, strong):
    bare = simulate(baseline(f"{lever}={weak}"), RUNS)
    backed = simulate(baseline(f"{lever}={strong}"), RUNS)
    assert_positive(paired_difference(settlement(bare), settlement(backed)))
    signed_bare, signed_backed = settlement(bare), settlement(backed)
    broke_bare = np.count_nonzero(bare["outcome"] == 2)
    broke_backed = np.count_nonzero(backed["outcome"] == 2)
    assert_negative(
        share_difference(broke_bare, signed_bare.sum(), broke_backed, signed_backed.sum())
    )


def test_ceasefire_monitoring_means_fewer_collapses_per_ceasefire():
    def violations(model, week):
        return {"violated": week.violated}

    bare = simulate(scenario("territory_contest", "ceasefire.monitoring=0"), RUNS, violations)
    watched = simulate(scenario("territory_contest", "ceasefire.monitoring=0.8"), RUNS, violations)
    had_bare = bare["ceasefire_week"] >= 0
    had_watched = watched["ceasefire_week"] >= 0
    assert_negative(
        share_difference(
            np.count_nonzero(bare["violated"] & had_bare),
            had_bare.sum(),
            np.count_nonzero(watched["violated"] & had_watched),
            had_watched.sum(),
        )
    )


def test_more_us_pressure_on_russia_makes_agreement_more_likely():
    light = simulate(baseline("actors.us.pressure_on_russia=0.0"), RUNS)
    heavy = simulate(baseline("actors.us.pressure_on_russia=0.8"), RUNS)
    assert_positive(paired_difference(agreement(light), agreement(heavy)))


def test_resumed_us_aid_gives_smaller_territory_terms():
    paused = simulate(scenario("territory_contest", "actors.us.resume_aid_on=never"), RUNS)
    flowing = simulate(scenario("territory_contest", "actors.us.aid_paused=false"), RUNS)
    assert_negative(
        mean_difference(settled_terms(paused, "territory"), settled_terms(flowing, "territory"))
    )


def test_incompatible_red_lines_never_settle():
    records = simulate(scenario("incompatible_red_lines"), RUNS)
    assert not np.any(settlement(records))
    assert np.all(np.isnan(records["terms.neutrality"]))


def test_identical_ideal_points_without_red_lines_settle_in_week_zero():
    records = simulate(scenario("shared_ideals"), RUNS)
    assert np.mean(records["settlement_week"] == 0) >= 0.99


@pytest.mark.parametrize(
    ("actor", "low", "high", "pole"),
    [("russia", 0.5, 0.8, 1), ("ukraine", 0.25, 0.5, -1)],
)
def test_more_capability_moves_the_agreed_territory_toward_the_actors_ideal(actor, low, high, pole):
    weak = simulate(scenario("territory_contest", f"actors.{actor}.capability={low}"), RUNS)
    strong = simulate(scenario("territory_contest", f"actors.{actor}.capability={high}"), RUNS)
    diff = mean_difference(settled_terms(weak, "territory"), settled_terms(strong, "territory"))
    (assert_positive if pole > 0 else assert_negative)(diff)


def test_more_salience_moves_the_agreed_term_toward_the_actors_ideal():
    # Russia cares more about territory: the territory term moves toward its ideal (0.95).
    base = simulate(scenario("territory_contest"), RUNS)
    moscow = simulate(
        scenario(
            "territory_contest",
            "actors.russia.salience.territory=0.3",
            "actors.russia.salience.neutrality=0.25",
        ),
        RUNS,
    )
    assert_positive(
        mean_difference(settled_terms(base, "territory"), settled_terms(moscow, "territory"))
    )
    # Ukraine cares more about force limits: the armed_forces term moves toward its ideal (0).
    base = simulate(scenario("settlement_rich"), RUNS)
    kyiv = simulate(
        scenario(
            "settlement_rich",
            "actors.ukraine.salience.armed_forces=0.25",
            "actors.ukraine.salience.sanctions=0.0",
            "actors.ukraine.salience.neutrality=0.1",
        ),
        RUNS,
    )
    assert_negative(
        mean_difference(settled_terms(base, "armed_forces"), settled_terms(kyiv, "armed_forces"))
    )


def test_no_settlement_gives_russia_less_territory_than_it_holds_when_it_signs():
    def below_front(model, week):
        signed = week.settled_now
        short = week.settled_terms[:, 1] < model.battlefield.territory - 1e-9
        return {"below_front": signed & short}

    records = simulate(baseline(), RUNS, below_front)
    assert settlement(records).sum() > 100
    assert not records["below_front"].any()


def test_without_any_noise_every_run_is_identical():
    records = simulate(scenario("no_noise"), RUNS)
    for column in (
        "outcome",
        "ceasefire_week",
        "settlement_week",
        "truce_week",
        "casualties.russia",
        "territory_change",
        "proposals",
        "aid_paused_weeks",
        "belief.russia_about_ukraine",
    ):
        assert np.unique(records[column]).size == 1, column
