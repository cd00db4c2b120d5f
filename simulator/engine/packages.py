"""The settlement track's candidates: a window of the contract curve, and the lines around it.

The curve's basis is built once (and again after a timeline event); each week the window of
curve positions where a deal is plausible is centred on where the two sides expect the war to
end, and the red lines follow the front (Russia's ``min: front``). The compiled chooser
(``rules.offers``) walks the window's packages world by world.
"""

from __future__ import annotations

import numpy as np

from simulator.rules import negotiation as neg

T = neg.TERRITORY

WINDOW = 0.2
"""Half-width of the window of curve positions searched each week, around the two sides'
expected war outcomes (assumption: wide enough to hold every bargaining range the model
produces, narrow enough that 21 packages are finer than the range)."""


class PackageGrid:
    """The contract curve between Russia and Ukraine and what every week's candidates share."""

    def __init__(self, model):
        self.model = model
        self.refresh()

    def refresh(self) -> None:
        """Rebuild from the actors' current positions and red lines."""
        m = self.model
        russia, ukraine, us = m.russia, m.ukraine, m.us
        self.curve = neg.CurveBasis(ukraine.ideal, russia.ideal, ukraine.salience, russia.salience)
        self.ideal = np.ascontiguousarray(np.stack([a.ideal.T for a in (russia, ukraine, us)]))
        self.salience = np.ascontiguousarray(np.stack([a.salience for a in (russia, ukraine, us)]))

    def lines(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """This week's common lines ``low``/``high`` (6, n) and each side's (2, 6, n)."""
        m = self.model
        own_low = np.ascontiguousarray(np.stack([q.current_low().T for q in m.parties]))
        own_high = np.ascontiguousarray(np.stack([q.high.T for q in m.parties]))
        return own_low.max(axis=0), own_high.min(axis=0), own_low, own_high

    def window(self, positions: list[np.ndarray]) -> np.ndarray:
        """The window (2, n) of curve positions around the sides' expected war outcomes."""
        low = np.minimum.reduce(positions) - WINDOW
        high = np.maximum.reduce(positions) + WINDOW
        return np.stack([np.clip(low, 0.0, 1.0), np.clip(high, 0.0, 1.0)])
