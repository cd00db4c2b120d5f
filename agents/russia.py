"""Russia: advancing in Kursk, rejects a bare pause, pays for US pressure and occupied land."""

from __future__ import annotations

import numpy as np

from agents.base import Belligerent


class Russia(Belligerent):
    """Russia's position and behaviour (article: rejects the 30-day ceasefire)."""

    key = "russia"
    other = "ukraine"
    sign = 1.0
    casualty_row = 0

    def pressure_cost(self) -> np.ndarray:
        """Weekly cost of US pressure (sanctions threat, envoys), scaled by US clout."""
        us = self.model.us
        return us.pressure * self.param("pressure_sensitivity") * 2.0 * us.param("capability")

    def kursk_after(self, momentum_weeks) -> np.ndarray:
        """Russia's control of the Kursk salient expected after fighting ``momentum_weeks``."""
        field = self.model.battlefield
        ahead = self.model.p["battlefield.kursk_rate"] * np.maximum(momentum_weeks, 0.0)
        return np.where(field.withdrawn, 1.0, np.minimum(1.0, field.kursk + ahead))

    def cost_unit(self, weeks) -> np.ndarray:
        """War costs plus the US pressure it bears while it fights, at zero resolve."""
        return super().cost_unit(weeks) + self.pressure_cost() * weeks

    def extra_cost(self, momentum_weeks, weeks) -> np.ndarray:
        """Russian land still occupied at the end of the outlook (Ukraine's Kursk chip)."""
        occupied = 1.0 - self.kursk_after(momentum_weeks)
        return self.param("kursk_cost") * occupied

    def offers_aid_halt_version(self) -> bool:
        """Whether Russia states its own ceasefire: with Western military aid halted."""
        return self.model.p["actors.russia.ceasefire_counter"] == "aid_halt"
