"""How runs map onto engine blocks: run ``i`` is world ``i % B`` of block ``i // B``.

``B`` is the engine's ``BLOCK_SIZE``. Blocks are always simulated whole (a surplus in the last block
is discarded), so run ``i`` is the same whatever ``--runs`` is; ``locate`` is the one place that
says where a run lives.
"""

from __future__ import annotations

from simulator.engine import BLOCK_SIZE


def n_blocks(runs: int) -> int:
    """Blocks needed for ``runs`` runs."""
    return -(-runs // BLOCK_SIZE)


def used_in_block(runs: int, block: int) -> int:
    """How many worlds of block ``block`` count toward ``runs``."""
    return min(BLOCK_SIZE, runs - block * BLOCK_SIZE)


def locate(run: int) -> tuple[int, int]:
    """``(block, world)`` of run ``run``: the block to replay and the world in it to follow."""
    if run < 0:
        raise ValueError(f"run indices start at 0 (got {run})")
    return divmod(int(run), BLOCK_SIZE)
