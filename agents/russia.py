"""Russia: advancing in Kursk, rejects a bare pause, pays for US pressure and occupied land."""

from __future__ import annotations

import numpy as np

from agents.base import NegotiatingParty


class Russia(NegotiatingParty):
    """Russia's position and behaviour (article: rejects the 30-day ceasefire)."""

    key = "russia"
    sign = 1.0
    casualty_row = 0

    def weekly_cost(self) -> np.ndarray:
        """War costs plus the pressure the US applies (sanctions threat, envoys)."""
        pressure = self.model.us.pressure * self.param("pressure_sensitivity")
        return super().weekly_cost() + pressure

    def expected_kursk(self, weeks) -> np.ndarray:
        """Russia's control of the Kursk salient it expects after ``weeks`` more fighting."""
        field = self.model.battlefield
        ahead = self.model.p["battlefield.kursk_rate"] * np.maximum(self.belief, 0.0) * weeks
        return np.where(field.withdrawn, 1.0, np.minimum(1.0, field.kursk + ahead))

    def extra_war_cost(self) -> np.ndarray:
        """Occupied Russian land still in Ukraine's hands after the outlook (the Kursk chip)."""
        held = 1.0 - self.expected_kursk(self.model.p["battlefield.outlook_weeks"])
        return self.param("kursk_cost") * held

    def kursk_gain(self, weeks) -> np.ndarray:
        """Kursk ground that ``weeks`` of fighting would retake, valued at its political cost."""
        retaken = self.expected_kursk(weeks) - self.model.battlefield.kursk
        return self.param("kursk_cost") * np.maximum(retaken, 0.0)

    def offers_aid_halt_version(self) -> bool:
        """Whether Russia states its own ceasefire: with Western military aid halted."""
        return self.model.p["actors.russia.ceasefire_counter"] == "aid_halt"
