"""Comparative statics of DESIGN.md §2, as paired differences on common random numbers.

Each test runs two versions of a purpose-built scenario with the same seed, so run i of both
sees the same dice, and asserts that the 95 % interval of the difference excludes zero.
Escalation is off unless the static is about it.
"""

import numpy as np
import pytest
from helpers import agreement, mean_difference, paired_difference, scenario, simulate

pytestmark = pytest.mark.slow
RUNS = 4096
CALM = "escalation.weekly_hazard=0"


def russia_accepts_us_ceasefire(model, week):
    return {"russia_accepts": week.ceasefire_accept["russia"]}


def settled_terms(records, issue):
    return records[f"terms.{issue}"][records["outcome"] == 1]


def first_agreement_by(records, week):
    never = 10**6
    ceasefire = np.where(records["ceasefire_week"] >= 0, records["ceasefire_week"], never)
    settlement = np.where(records["settlement_week"] >= 0, records["settlement_week"], never)
    return np.minimum(ceasefire, settlement) <= week


def test_stronger_russian_momentum_makes_russia_less_likely_to_ever_accept_a_ceasefire():
    weak = simulate(
        scenario("baseline", CALM, "battlefield.russian_momentum=0.3"),
        RUNS,
        russia_accepts_us_ceasefire,
    )
    strong = simulate(
        scenario("baseline", CALM, "battlefield.russian_momentum=0.7"),
        RUNS,
        russia_accepts_us_ceasefire,
    )
    _, _, high = paired_difference(weak["russia_accepts"], strong["russia_accepts"])
    assert high < 0
    _, _, high = paired_difference(weak["ceasefire_week"] >= 0, strong["ceasefire_week"] >= 0)
    assert high < 0


def test_resumed_us_aid_gives_smaller_territory_terms():
    paused = simulate(scenario("settlement_rich", "actors.us.resume_aid_on=never"), RUNS)
    flowing = simulate(scenario("settlement_rich", "actors.us.aid_paused=false"), RUNS)
    _, _, high = mean_difference(
        settled_terms(paused, "territory"), settled_terms(flowing, "territory")
    )
    assert high < 0


def test_more_us_pressure_on_russia_makes_agreement_more_likely():
    light = simulate(scenario("baseline", CALM, "actors.us.pressure_on_russia=0.0"), RUNS)
    heavy = simulate(scenario("baseline", CALM, "actors.us.pressure_on_russia=0.6"), RUNS)
    _, low, _ = paired_difference(agreement(light), agreement(heavy))
    assert low > 0


def test_incompatible_red_lines_never_settle():
    records = simulate(scenario("incompatible_red_lines"), RUNS)
    assert not np.any(records["outcome"] == 1)
    assert np.all(np.isnan(records["terms.neutrality"]))


def test_identical_ideal_points_without_red_lines_settle_in_week_zero():
    records = simulate(scenario("shared_ideals"), RUNS)
    assert np.mean(records["settlement_week"] == 0) >= 0.99


def test_less_observation_noise_brings_earlier_first_agreements():
    noisy = simulate(scenario("baseline", CALM, "battlefield.observation_noise=0.5"), RUNS)
    clear = simulate(scenario("baseline", CALM, "battlefield.observation_noise=0.05"), RUNS)
    _, low, _ = paired_difference(first_agreement_by(noisy, 26), first_agreement_by(clear, 26))
    assert low > 0


def test_ceasefire_monitoring_means_fewer_collapses():
    def violations(model, week):
        return {"violated": week.violated}

    bare = simulate(scenario("baseline", CALM, "ceasefire.monitoring=0"), RUNS, violations)
    watched = simulate(scenario("baseline", CALM, "ceasefire.monitoring=0.8"), RUNS, violations)
    _, _, high = paired_difference(bare["violated"], watched["violated"])
    assert high < 0
    _, _, high = paired_difference(bare["outcome"] == 3, watched["outcome"] == 3)
    assert high < 0


@pytest.mark.parametrize(
    ("actor", "low", "high", "ideal_pole"),
    [("russia", 0.5, 0.8, 1.0), ("ukraine", 0.25, 0.5, 0.0)],
)
@pytest.mark.parametrize("issue", ["territory", "neutrality", "sanctions"])
def test_more_capability_moves_agreed_terms_toward_the_actors_ideal(
    actor, low, high, ideal_pole, issue
):
    weak = simulate(scenario("settlement_rich", f"actors.{actor}.capability={low}"), RUNS)
    strong = simulate(scenario("settlement_rich", f"actors.{actor}.capability={high}"), RUNS)
    diff, lo, hi = mean_difference(settled_terms(weak, issue), settled_terms(strong, issue))
    toward = np.sign(ideal_pole - 0.5)
    assert toward * lo > 0 and toward * hi > 0, (diff, lo, hi)


def test_more_salience_moves_agreed_terms_toward_the_actors_ideal():
    base = simulate(scenario("settlement_rich"), RUNS)
    territorial = simulate(
        scenario(
            "settlement_rich",
            "actors.ukraine.salience.territory=0.4",
            "actors.ukraine.salience.ceasefire=0.05",
        ),
        RUNS,
    )
    _, _, high = mean_difference(
        settled_terms(base, "territory"), settled_terms(territorial, "territory")
    )
    assert high < 0  # Ukraine's ideal territory is 0
    sanctions_minded = simulate(
        scenario(
            "settlement_rich",
            "actors.russia.salience.sanctions=0.2",
            "actors.russia.salience.territory=0.2",
        ),
        RUNS,
    )
    _, low, _ = mean_difference(
        settled_terms(base, "sanctions"), settled_terms(sanctions_minded, "sanctions")
    )
    assert low > 0  # Russia's ideal on sanctions is 0.9


def test_without_any_noise_every_run_is_identical():
    records = simulate(scenario("no_noise"), RUNS)
    for column in (
        "outcome",
        "ceasefire_week",
        "settlement_week",
        "casualties.russia",
        "territory_change",
        "proposals",
        "aid_paused_weeks",
    ):
        assert np.unique(records[column]).size == 1, column
