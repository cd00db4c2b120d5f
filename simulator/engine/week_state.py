"""WeekState: one week of a block, per world; the observer and ``explain`` read it."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

Sides = dict[str, np.ndarray]
"""Per-belligerent arrays, keyed ``russia`` and ``ukraine``."""


@dataclass
class WeekState:
    """One week's proposals, answers, beliefs and lifecycle events in every world of a block."""

    week: int
    events: list[str] = field(default_factory=list)
    donors_landed: list[str] = field(default_factory=list)
    withdrew: np.ndarray | None = None
    battle: np.ndarray | None = None  # this week's battle result (momentum-target units)
    belief_before: Sides = field(default_factory=dict)
    belief_after_battle: Sides = field(default_factory=dict)
    belief_after: Sides = field(default_factory=dict)
    fight_value: Sides = field(default_factory=dict)
    ceasefire_offered: np.ndarray | None = None
    ceasefire_margin: Sides = field(default_factory=dict)
    ceasefire_accept: Sides = field(default_factory=dict)
    halt_offered: np.ndarray | None = None
    halt_margin: Sides = field(default_factory=dict)
    new_ceasefire: np.ndarray | None = None
    new_ceasefire_halt: np.ndarray | None = None
    truce_offered: np.ndarray | None = None
    truce_margin: Sides = field(default_factory=dict)
    truce_accept: Sides = field(default_factory=dict)
    new_truce: np.ndarray | None = None
    truce_violated: np.ndarray | None = None
    truce_lapsed: np.ndarray | None = None
    table: np.ndarray | None = None  # (n, 6) the US package
    table_value: Sides = field(default_factory=dict)
    table_accept: Sides = field(default_factory=dict)
    counters: Sides = field(default_factory=dict)  # (n, 6) each side's own package
    counter_made: Sides = field(default_factory=dict)
    counter_value: Sides = field(default_factory=dict)  # value of q's counter to the OTHER side
    counter_accept: Sides = field(default_factory=dict)
    bluffed: Sides = field(default_factory=dict)
    settled_now: np.ndarray | None = None
    settled_terms: np.ndarray | None = None
    violated: np.ndarray | None = None
    extended: np.ndarray | None = None
    lapsed: np.ndarray | None = None
    broke_down: np.ndarray | None = None
    aid_resumed: np.ndarray | None = None
    escalated_now: np.ndarray | None = None
