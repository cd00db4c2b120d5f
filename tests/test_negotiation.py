"""Utility, acceptance, concession and learning as pure functions (no Mesa)."""

import numpy as np
import pytest

from simulator.rules import negotiation as neg

IDEAL = np.array([[0.9, 1.0, 0.95, 0.9, 0.9, 0.9]])
SALIENCE = np.array([0.05, 0.3, 0.3, 0.1, 0.1, 0.15])


def test_utility_is_one_at_the_ideal_point_and_falls_with_weighted_distance():
    assert neg.utility(IDEAL, IDEAL, SALIENCE)[0] == pytest.approx(1.0)
    moved = IDEAL.copy()
    moved[0, neg.TERRITORY] -= 0.5
    assert neg.utility(moved, IDEAL, SALIENCE)[0] == pytest.approx(1 - 0.3 * 0.5)


def test_red_lines_reject_packages_outside_them_whatever_their_utility():
    low = np.zeros((1, 6))
    high = np.ones((1, 6))
    low[0, neg.ISSUES.index("neutrality")] = 0.8
    package = IDEAL.copy()
    package[0, 1] = 0.79
    assert not neg.within_red_lines(package, low, high)[0]
    value = neg.utility(package, IDEAL, SALIENCE)
    accepted = neg.accepts_settlement(
        value, np.array([0.0]), np.array([0.0]), neg.within_red_lines(package, low, high)
    )
    assert not accepted[0]


def test_a_package_is_accepted_only_above_both_aspiration_and_outside_option():
    value = np.array([0.6, 0.6, 0.6])
    aspiration = np.array([0.5, 0.7, 0.5])
    outside = np.array([0.5, 0.5, 0.65])
    within = np.ones(3, dtype=bool)
    assert list(neg.accepts_settlement(value, aspiration, outside, within)) == [True, False, False]


@pytest.mark.parametrize(("strategy", "early"), [("boulware", 0.01), ("conceder", 0.5)])
def test_boulware_holds_firm_and_conceder_gives_ground_early(strategy, early):
    beta = neg.BETA_BY_STRATEGY[strategy]
    share = float(neg.concession_fraction(13, 52, beta))
    assert (share < early) if strategy == "boulware" else (share > early)
    assert float(neg.concession_fraction(52, 52, beta)) == pytest.approx(1.0)
    assert float(neg.concession_fraction(0, 52, beta)) == 0.0


def test_aspiration_concedes_toward_the_outside_option_and_never_below_it():
    opening = np.array([0.9, 0.9])
    outside = np.array([0.6, 0.95])
    at_deadline = neg.aspiration(opening, outside, np.array(1.0))
    assert at_deadline == pytest.approx([0.6, 0.95])
    halfway = neg.aspiration(opening, outside, np.array(0.5))
    assert halfway[0] == pytest.approx(0.75)
    assert halfway[1] == pytest.approx(0.95)


def test_counter_offer_sits_at_the_aspiration_inside_own_red_lines():
    table = np.array([[0.3, 0.5, 0.5, 0.5, 0.5, 0.5]])
    counter = neg.counter_offer(
        IDEAL, table, SALIENCE, np.array([0.85]), np.zeros((1, 6)), np.ones((1, 6))
    )
    assert neg.utility(counter, IDEAL, SALIENCE)[0] == pytest.approx(0.85)
    low = np.zeros((1, 6))
    low[0, 1] = 0.9
    counter = neg.counter_offer(IDEAL, table, SALIENCE, np.array([0.5]), low, np.ones((1, 6)))
    assert counter[0, 1] >= 0.9


def test_compromise_weighs_positions_by_capability_and_salience():
    ideals = np.array([[[0.0]], [[1.0]]])
    capability = np.array([[1.0], [3.0]])
    salience = np.array([[[1.0]], [[1.0]]])
    assert neg.weighted_compromise(ideals, capability, salience)[0, 0] == pytest.approx(0.75)


def test_mediator_moves_most_on_the_holdouts_most_salient_issue():
    package = np.zeros((1, 2))
    target = np.ones((1, 2))
    moved = neg.move_toward(package, target, 0.5, np.array([0.8, 0.2]))
    assert moved[0, 0] == pytest.approx(0.5)
    assert moved[0, 1] == pytest.approx(0.125)


def test_pause_costs_the_advancing_side_and_helps_the_other():
    args = {
        "front_value": 0.01,
        "length_weeks": 4,
        "outlook_weeks": 12,
        "weekly_cost": np.array([0.0]),
        "kursk_gain": 0.0,
    }
    belief = np.array([0.5])
    after = 0.7 * belief
    russia = neg.ceasefire_margin(1.0, belief=belief, momentum_after=after, **args)
    ukraine = neg.ceasefire_margin(-1.0, belief=belief, momentum_after=after, **args)
    assert russia[0] < 0 < ukraine[0]


def test_higher_costs_of_war_make_a_pause_more_attractive():
    belief = np.array([0.5])
    margins = [
        neg.ceasefire_margin(1.0, 0.01, belief, 0.7 * belief, 4, 12, np.array([cost]))[0]
        for cost in (0.0, 0.01)
    ]
    assert margins[1] > margins[0]


def test_learning_washes_out_a_biased_belief_faster_when_battles_are_informative():
    truth = np.zeros(1)
    results = []
    for noise in (0.05, 0.5):
        belief, var = np.array([0.3]), np.array([0.01])
        for _ in range(6):
            belief, var = neg.kalman_update(belief, var, truth, noise**2, 0.0, np.array([True]))
        results.append(abs(belief[0]))
    assert results[0] < results[1] < 0.3


def test_no_learning_without_fighting():
    belief, variance = neg.kalman_update(
        np.array([0.3]), np.array([0.01]), np.array([0.0]), 0.01, 0.0025, np.array([False])
    )
    assert belief[0] == 0.3
    assert variance[0] == pytest.approx(0.0125)  # only the drift widens it
