"""Engine guarantees: one float dtype, whole blocks, results independent of --runs."""

import numpy as np
from helpers import scenario

from simulator.engine.model import BLOCK_SIZE, ConflictModel
from simulator.montecarlo.runner import simulate_block
from simulator.rules.negotiation import FLOAT


def float_arrays(obj):
    return {
        name: value
        for name, value in vars(obj).items()
        if isinstance(value, np.ndarray) and value.dtype.kind == "f"
    }


def test_state_arrays_never_change_dtype():
    model = ConflictModel(scenario("baseline"), block=0)
    for _ in range(12):
        model.step()
    holders = [model, model.battlefield, model.us, model.russia, model.ukraine, model.donors]
    for holder in holders:
        for name, array in float_arrays(holder).items():
            assert array.dtype == FLOAT, f"{type(holder).__name__}.{name} is {array.dtype}"


def test_one_mesa_agent_per_country_plus_donors():
    model = ConflictModel(scenario("baseline"), block=0)
    kinds = sorted(type(agent).__name__ for agent in model.agents)
    assert kinds == ["Donors", "Russia", "Ukraine", "UnitedStates"]


def test_run_i_is_the_same_whatever_the_number_of_runs():
    config = scenario("baseline")
    small = simulate_block(config, block=0, used=100).records
    large = simulate_block(config, block=0, used=BLOCK_SIZE).records
    for column in ("outcome", "ceasefire_week", "casualties.russia"):
        assert np.array_equal(small[column], large[column][:100])


def test_blocks_have_their_own_streams():
    config = scenario("baseline")
    first = simulate_block(config, block=0, used=BLOCK_SIZE).records
    second = simulate_block(config, block=1, used=BLOCK_SIZE).records
    assert not np.array_equal(first["casualties.russia"], second["casualties.russia"])
    assert second["run"][0] == BLOCK_SIZE


def test_adding_a_distribution_leaves_the_other_draws_alone():
    base = ConflictModel(scenario("baseline"), block=0).drawn
    more = ConflictModel(
        scenario("baseline", "actors.us.pressure_growth={dist: uniform, low: 0, high: 0.02}"),
        block=0,
    ).drawn
    assert "actors.us.pressure_growth" in more
    for path, values in base.items():
        assert np.array_equal(values, more[path]), path


def test_russias_own_ceasefire_counts_as_a_proposal_beside_the_us_offer():
    config = scenario("baseline", "escalation.weekly_hazard=0")
    model = ConflictModel(config, block=0)
    seen = {}

    def observer(model, week):
        seen["offered"] = week.offered_ceasefire.astype(int) + week.halt_offered
        seen["stated"] = sum(
            (model.live | week.settled_now) & ~week.settled_now & ~week.table_accept[k]
            for k in ("russia", "ukraine")
        )

    model.observer = observer
    model.step()
    # week 0: the US ceasefire, Russia's aid-halt version where it states one, the US package,
    # and a counter-package from each party that rejected the package
    expected = seen["offered"] + 1 + seen["stated"]
    assert np.array_equal(model.proposals, expected)
    assert model.proposals.max() >= 4
