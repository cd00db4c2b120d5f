"""Engine guarantees: one float dtype, whole blocks, results independent of --runs."""

import numpy as np
from helpers import scenario, simulate

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


def test_every_proposal_of_the_week_is_counted_once():
    config = scenario("baseline", "escalation.weekly_hazard=0")
    model = ConflictModel(config, block=0)
    seen = {}

    def observer(model, week):
        seen["expected"] = (
            week.ceasefire_offered.astype(int)
            + week.halt_offered
            + week.truce_offered
            + 1  # the US settlement package, to every world still at war in week 0
            + week.counter_made["russia"]
            + week.counter_made["ukraine"]
        )

    model.observer = observer
    model.step()
    # week 0: the US ceasefire, Russia's aid-halt version where it states one, the energy
    # truce, the US package, and each belligerent's own package where it states one
    assert np.array_equal(model.proposals, seen["expected"])
    assert model.proposals.max() >= 5


def test_a_short_run_is_the_snapshot_of_a_long_one():
    short = simulate(scenario("baseline", "simulation.weeks=52"), 2000)
    long = simulate(scenario("baseline", "simulation.weeks=156"), 2000, snapshot_week=52)
    for column, values in short.items():
        if column.startswith("param."):
            continue
        assert np.array_equal(values, long[column], equal_nan=True), column
