"""Where a run lives: run i is world i % BLOCK_SIZE of block i // BLOCK_SIZE, whatever --runs is."""

import pytest

from simulator.engine import BLOCK_SIZE
from simulator.montecarlo import locate, n_blocks, used_in_block


def test_locate_puts_the_first_runs_in_block_zero_and_the_next_in_block_one():
    assert locate(0) == (0, 0)
    assert locate(BLOCK_SIZE - 1) == (0, BLOCK_SIZE - 1)
    assert locate(BLOCK_SIZE) == (1, 0)
    assert locate(2 * BLOCK_SIZE + 7) == (2, 7)


def test_a_negative_run_index_is_refused():
    with pytest.raises(ValueError, match="start at 0"):
        locate(-1)


def test_the_last_block_counts_only_the_runs_asked_for():
    runs = 2 * BLOCK_SIZE + 100
    assert n_blocks(runs) == 3
    assert [used_in_block(runs, b) for b in range(3)] == [BLOCK_SIZE, BLOCK_SIZE, 100]
    block, world = locate(runs - 1)
    assert block == n_blocks(runs) - 1 and world == used_in_block(runs, block) - 1
