"""The weekly observer: each week's state of a block's counted worlds, binned into the tally.

Per-week aggregates are fixed-bin histograms (mergeable across blocks), so the charts' bands
cost the same memory whatever the number of runs.
"""

from __future__ import annotations

import numpy as np

from simulator.engine import ConflictModel, WeekState
from simulator.montecarlo.tally import WEEKLY_VARIABLES, Tally


class WeeklyObserver:
    """Adds each week's state of the counted worlds to the weekly histograms.

    Values are stashed for a chunk of weeks and binned with one ``bincount`` per variable and
    chunk (the same bins as ``Weekly.add``), which costs a fraction of binning week by week.
    A NaN (no value that week, e.g. no package on the table) is not counted.
    """

    CHUNK_WEEKS = 16

    def __init__(self, tally: Tally, used: int):
        self.weekly = tally.weekly
        self.used = used
        self._stash: dict[str, np.ndarray] = {}
        self._first = 0  # first week held in the stash
        self._rows = 0  # weeks held in the stash

    def add(self, week: int, name: str, values: np.ndarray) -> None:
        """Stash one week's values of a weekly variable (binned in ``flush``)."""
        buffer = self._stash.get(name)
        if buffer is None:
            buffer = self._stash[name] = np.empty((self.CHUNK_WEEKS, self.used), dtype=np.float64)
        buffer[week - self._first] = values

    def flush(self) -> None:
        """Bin the stashed weeks into the tally's weekly histograms (call after the last week)."""
        rows, first = self._rows, self._first
        if rows:
            index = np.empty((rows, self.used), dtype=np.int64)
            for name, buffer in self._stash.items():
                low, high, bins = WEEKLY_VARIABLES[name]
                # In place, the same arithmetic as ``Weekly.add``: ((v - low) / span * bins).
                values = buffer[:rows]
                missing = np.isnan(values)  # no value this week (e.g. no package offered)
                values -= low
                values /= high - low
                values *= bins
                values[missing] = 0.0
                np.copyto(index, values, casting="unsafe")  # truncates like astype(int64)
                np.clip(index, 0, bins - 1, out=index)
                index += (np.arange(rows) * bins)[:, None]
                index[missing] = rows * bins  # one spill bin, dropped below
                counts = np.bincount(index.ravel(), minlength=rows * bins + 1)[:-1]
                self.weekly.hists[name][first : first + rows] += counts.reshape(rows, bins)
        self._first += rows
        self._rows = 0

    def __call__(self, model: ConflictModel, week: WeekState) -> None:
        """Record one week."""
        u = self.used
        w = week.week
        if w - self._first >= self.CHUNK_WEEKS:
            self.flush()
        self._rows = w - self._first + 1
        add = self.add
        field = model.battlefield
        add(w, "kursk_control", field.kursk[:u])
        add(w, "territory_change", 100.0 * (field.territory[:u] - field.territory_start[:u]))
        add(w, "momentum", field.momentum[:u])
        for party, other in ((model.russia, model.ukraine), (model.ukraine, model.russia)):
            add(w, f"{party.key}.fight_value", party.fight_value[:u])
            add(w, f"{party.key}.table_value", week.table_value[party.key][:u])
            error = party.belief_mean()[:u] - other.resolve[:u]
            add(w, f"belief_error.{party.key}_about_{other.key}", error)
        add(w, "us_aid_delivered", field.us_supply[:u])
        add(w, "casualties.russia", field.casualties[0, :u])
        add(w, "casualties.ukraine", field.casualties[1, :u])
        counts = self.weekly.counts
        counts["ceasefire_active"][w] += int(np.count_nonzero(model.ceasefire[:u]))
        counts["first_ceasefire"][w] += int(np.count_nonzero(model.ever_ceasefire[:u]))
        counts["settled"][w] += int(np.count_nonzero(model.settled[:u]))
        counts["ever_settled"][w] += int(np.count_nonzero(model.ever_settled[:u]))
        counts["truce_active"][w] += int(np.count_nonzero(model.truce[:u]))
        at_war = model.live[:u] & ~model.ceasefire[:u]
        counts["at_war"][w] += int(np.count_nonzero(at_war))
        counts["escalated"][w] += int(np.count_nonzero(model.escalated[:u]))
        counts["aid_paused"][w] += int(np.count_nonzero(model.us.aid_paused[:u]))
