"""The decision rules as pure functions (no Mesa): utility, the contract curve, beliefs, values."""

import json
import os
import subprocess
import sys

import numpy as np
import pytest

from simulator.rules import beliefs as bel
from simulator.rules import negotiation as neg
from simulator.rules import offers
from simulator.rules import values as val

RUSSIA_IDEAL = np.array([[1.0, 0.95, 0.9, 0.9, 0.9, 0.9]])
UKRAINE_IDEAL = np.zeros((1, 6))
RUSSIA_SALIENCE = np.array([0.3, 0.3, 0.1, 0.05, 0.1, 0.15])
UKRAINE_SALIENCE = np.array([0.15, 0.3, 0.15, 0.15, 0.05, 0.2])


def test_utility_is_one_at_the_ideal_point_and_falls_with_weighted_distance():
    assert neg.utility(RUSSIA_IDEAL, RUSSIA_IDEAL, RUSSIA_SALIENCE)[0] == pytest.approx(1.0)
    moved = RUSSIA_IDEAL.copy()
    moved[0, neg.TERRITORY] -= 0.5
    assert neg.utility(moved, RUSSIA_IDEAL, RUSSIA_SALIENCE)[0] == pytest.approx(1 - 0.3 * 0.5)


def test_red_lines_reject_packages_outside_them():
    low, high = np.zeros((1, 6)), np.ones((1, 6))
    low[0, neg.NEUTRALITY] = 0.8
    package = RUSSIA_IDEAL.copy()
    package[0, neg.NEUTRALITY] = 0.79
    assert not neg.within_red_lines(package, low, high)[0]
    package[0, neg.NEUTRALITY] = 0.8
    assert neg.within_red_lines(package, low, high)[0]


def curve():
    return neg.CurveBasis(UKRAINE_IDEAL, RUSSIA_IDEAL, UKRAINE_SALIENCE, RUSSIA_SALIENCE)


def test_the_contract_curve_runs_from_ukraines_ideal_to_russias():
    grid = neg.contract_curve(curve(), 21)
    assert grid[:, 0, 0] == pytest.approx(UKRAINE_IDEAL[0])
    assert grid[:, -1, 0] == pytest.approx(RUSSIA_IDEAL[0])


def test_along_the_curve_russia_gains_what_ukraine_loses_and_nobody_can_gain_for_free():
    grid = neg.contract_curve(curve(), 21)[:, :, 0].T  # (21, 6)
    russia = neg.utility(grid, RUSSIA_IDEAL, RUSSIA_SALIENCE)
    ukraine = neg.utility(grid, UKRAINE_IDEAL, UKRAINE_SALIENCE)
    assert np.all(np.diff(russia) >= -1e-12) and np.all(np.diff(ukraine) <= 1e-12)
    # Ukraine's utility falls evenly: the grid is even in what Ukraine gives up.
    assert np.diff(ukraine) == pytest.approx(np.full(20, np.diff(ukraine)[0]))
    # A random package is beaten by some package on the curve for both sides (Pareto).
    rng = np.random.default_rng(3)
    for package in rng.random((50, 1, 6)) * RUSSIA_IDEAL:
        u_r = neg.utility(package, RUSSIA_IDEAL, RUSSIA_SALIENCE)[0]
        u_u = neg.utility(package, UKRAINE_IDEAL, UKRAINE_SALIENCE)[0]
        fine = neg.contract_curve(curve(), 401)[:, :, 0].T
        dominated = (neg.utility(fine, RUSSIA_IDEAL, RUSSIA_SALIENCE) >= u_r - 1e-9) & (
            neg.utility(fine, UKRAINE_IDEAL, UKRAINE_SALIENCE) >= u_u - 1e-3
        )
        assert dominated.any()


def test_the_issue_russia_values_most_per_unit_of_ukraines_loss_is_conceded_first():
    package = curve().point(np.array([0.05]))[0]
    # neutrality: Russia 0.3 against Ukraine 0.15, the highest ratio: it moves first.
    assert package[neg.NEUTRALITY] > 0
    assert package[neg.GUARANTEES] == 0 and package[neg.WESTERN_AID] == 0


def test_optimism_tilts_the_prior_toward_weaker_types_without_adding_spread():
    types = np.linspace(0.6, 0.8, 7)
    plain = bel.prior(7, 0.0, 1)
    tilted = bel.prior(7, 0.5, 1)
    assert plain[:, 0] == pytest.approx(np.full(7, 1 / 7))
    assert bel.mean(tilted, types)[0] < bel.mean(plain, types)[0]
    assert np.all(np.diff(tilted[:, 0]) < 0)  # monotone: the weakest type most likely


def test_a_battle_reading_updates_the_belief_by_bayes_rule():
    belief = np.array([[0.5], [0.5]])
    predicted = np.array([[0.0], [1.0]])
    posterior = bel.battle_update(belief, predicted, np.array([0.8]), 0.25, np.array([True]))
    # By hand: likelihoods exp(-0.64/0.5) and exp(-0.04/0.5), prior even.
    first, second = np.exp(-0.64 / 0.5), np.exp(-0.04 / 0.5)
    assert posterior[:, 0] == pytest.approx([first / (first + second), second / (first + second)])


def test_without_fighting_nothing_is_learned():
    belief = np.array([[0.3], [0.7]])
    same = bel.battle_update(
        belief, np.array([[0.0], [1.0]]), np.array([0.9]), 0.1, np.array([False])
    )
    assert same[:, 0] == pytest.approx(belief[:, 0])


def test_less_noise_means_a_reading_moves_the_belief_further():
    belief = np.array([[0.5], [0.5]])
    predicted = np.array([[0.0], [0.2]])
    reading = np.array([0.2])
    noisy = bel.battle_update(belief, predicted, reading, 1.0, np.array([True]))
    clear = bel.battle_update(belief, predicted, reading, 0.01, np.array([True]))
    assert clear[1, 0] > noisy[1, 0] > 0.5


def test_a_rejection_lowers_the_weight_of_exactly_the_types_that_would_have_accepted():
    belief = np.full((4, 1), 0.25)
    would_accept = np.array([[True], [True], [False], [False]])
    posterior = bel.rejection_update(belief, would_accept, 0.2, np.array([True]))
    # By hand: weights 0.25·0.2, 0.25·0.2, 0.25, 0.25, normalised by 0.6.
    assert posterior[:, 0] == pytest.approx([0.05 / 0.6, 0.05 / 0.6, 0.25 / 0.6, 0.25 / 0.6])
    assert np.all(posterior[:2, 0] < 0.25) and np.all(posterior[2:, 0] > 0.25)


def test_a_rejection_nobody_would_make_without_bluffing_leaves_the_belief_alone():
    belief = np.full((3, 1), 1 / 3)
    posterior = bel.rejection_update(belief, np.ones((3, 1), bool), 0.0, np.array([True]))
    assert posterior[:, 0] == pytest.approx(belief[:, 0])


def test_acceptance_is_a_threshold_in_the_other_sides_type():
    types = np.array([0.6, 0.7, 0.8])
    belief = np.array([[0.2], [0.3], [0.5]])
    assert offers.chance(belief, types, 0.75, 0) == pytest.approx(0.5)
    assert offers.chance(belief, types, 0.5, 0) == 0.0
    assert offers.chance(belief, types, np.inf, 0) == pytest.approx(1.0)
    # A more resolved type values fighting more, so a deal worth less is accepted by fewer.
    unit = np.array([0.1])
    high_deal = val.acceptance_threshold(np.array([0.5]), np.array([0.48]), unit)
    low_deal = val.acceptance_threshold(np.array([0.5]), np.array([0.45]), unit)
    assert high_deal[0] == pytest.approx(0.8) and low_deal[0] == pytest.approx(0.5)


def test_the_war_can_at_most_bring_a_side_to_its_ideal():
    assert val.war_position(np.array([0.9]), np.array([500.0]), 0.05)[0] == 1.0
    assert val.war_position(np.array([-0.9]), np.array([-500.0]), 0.05)[0] == 0.0
    assert val.war_position(np.array([0.0]), np.array([0.0]), 0.05)[0] == 0.5


def test_weariness_makes_the_same_weeks_of_war_cost_more_after_heavy_losses():
    fresh = val.cost_unit(0.01, np.array([0.0]), 5.0, 300.0, 12)
    worn = val.cost_unit(0.01, np.array([300.0]), 5.0, 300.0, 12)
    assert worn[0] > fresh[0]
    assert worn[0] - fresh[0] == pytest.approx(0.01 * 12)  # 300 k casualties double the base


def test_monitoring_and_guarantees_lower_the_breakdown_hazard_and_dissatisfaction_raises_it():
    base = val.settlement_hazard(0.01, 0.0, 0.5, 0.5, 0.3)
    assert val.settlement_hazard(0.01, 0.5, 0.5, 0.5, 0.3) < base
    assert val.settlement_hazard(0.01, 0.0, 0.9, 0.5, 0.3) < base
    assert val.settlement_hazard(0.01, 0.0, 0.5, 0.0, 0.3) < base  # stronger guarantee term
    assert val.settlement_hazard(0.01, 0.0, 0.5, 0.5, 0.6) > base


def test_momentum_sum_follows_the_geometric_path_and_an_announced_shift():
    plain = val.momentum_sum(np.array([0.5]), np.array([0.5]), 0.9, 10)
    assert plain[0] == pytest.approx(5.0)
    shifted = val.momentum_sum(np.array([0.5]), np.array([0.5]), 0.9, 10, np.array([0.0]), 6)
    path, m = [], 0.5
    for h in range(1, 11):
        target = 0.5 if h < 6 else 0.0
        m = 0.9 * m + 0.1 * target
        path.append(m)
    assert shifted[0] == pytest.approx(sum(path))


def test_the_compiled_package_chooser_gives_the_same_runs_as_plain_python():
    script = (
        "import json, numpy as np\n"
        "from simulator.engine.model import ConflictModel\n"
        "from simulator.scenario.loader import load_scenario\n"
        "m = ConflictModel(load_scenario('baseline').scenario, n=48)\n"
        "for _ in range(20): m.step()\n"
        "print(json.dumps([m.outcome_codes().tolist(), np.nan_to_num(m.terms).tolist(),\n"
        "                  m.proposals.tolist(), m.russia.belief.tolist()]))\n"
    )
    runs = []
    for jit in ("0", "1"):
        env = {**os.environ, "NUMBA_DISABLE_JIT": jit}
        done = subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True
        )
        runs.append(json.loads(done.stdout))
    assert runs[0] == runs[1]
