"""The baseline starts from what the March 2025 article states."""

import numpy as np
import pytest
from helpers import scenario, simulate

from simulator.engine.model import ConflictModel


@pytest.fixture(scope="module")
def baseline_week_zero():
    model = ConflictModel(scenario("baseline"), block=0)
    model.step()
    return model


def test_ukraine_accepts_the_us_30_day_ceasefire_in_week_zero(baseline_week_zero):
    assert baseline_week_zero.first_responses["ukraine_accepts"].mean() >= 0.95


def test_russia_rejects_the_us_30_day_ceasefire_in_week_zero(baseline_week_zero):
    assert baseline_week_zero.first_responses["russia_accepts"].mean() <= 0.05


def test_ukraine_accepts_the_energy_strike_truce_it_proposed(baseline_week_zero):
    # Zelensky, 4 March 2025: a truce "in the sky and at sea" on energy infrastructure.
    assert baseline_week_zero.first_responses["ukraine_accepts_truce"].mean() >= 0.95


def test_the_front_starts_where_the_article_puts_it():
    config = scenario("baseline")
    assert config.battlefield.kursk_russian_control == 0.86
    assert config.actors.us.aid_paused is True
    assert config.actors.us.resume_aid_on == "ceasefire"
    assert config.ceasefire.length_weeks == 4
    assert config.actors.russia.red_lines["neutrality"].min >= 0.8
    assert config.actors.russia.red_lines["territory"].min == "front"
    assert {d.name for d in config.donors} >= {"Canada", "Finland", "Sweden"}


def test_russia_rejects_bare_ceasefire_while_advancing_week_after_week():
    # Momentum held up: aid stays paused, no pressure growth, Russia advancing steadily.
    config = scenario(
        "baseline",
        "actors.us.resume_aid_on=never",
        "actors.us.pressure_growth=0",
        "battlefield.russian_momentum=0.6",
        "escalation.weekly_hazard=0",
    )

    def russia_accepts(model, week):
        return {"early": week.ceasefire_accept["russia"] & (week.week < 8)}

    records = simulate(config, 2048, russia_accepts)
    assert records["early"].mean() < 0.05


def test_russia_states_its_own_version_with_western_aid_halted():
    seen = {}

    def observer(model, week):
        seen.setdefault("halt", np.zeros(model.n, dtype=bool))
        seen["halt"] |= week.halt_offered

    model = ConflictModel(scenario("baseline"), block=0, observer=observer)
    for _ in range(4):
        model.step()
    assert seen["halt"].mean() > 0.5


def test_ukraine_weighs_the_aid_halt_and_mostly_refuses_russias_version():
    model = ConflictModel(scenario("baseline"), block=0)
    accepted = np.zeros(model.n, dtype=bool)

    def observer(model, week):
        nonlocal accepted
        accepted |= week.new_ceasefire_halt

    model.observer = observer
    for _ in range(8):
        model.step()
    assert accepted.mean() < 0.05


def test_ukraine_withdraws_from_kursk_once_russia_retakes_enough():
    config = scenario(
        "baseline",
        "battlefield.kursk_russian_control=0.92",
        "actors.ukraine.kursk_withdrawal_at=0.93",
        "escalation.weekly_hazard=0",
    )
    model = ConflictModel(config, block=0)
    for _ in range(10):
        model.step()
    assert model.battlefield.withdrawn.mean() > 0.9
    assert np.all(model.battlefield.kursk[model.battlefield.withdrawn] == 1.0)
