"""Ukraine: accepts the US ceasefire, can withdraw from Kursk to preserve its forces."""

from __future__ import annotations

import numpy as np

from agents.base import Belligerent


class Ukraine(Belligerent):
    """Ukraine's position and behaviour (article: agreed to the 30-day ceasefire)."""

    key = "ukraine"
    other = "russia"
    sign = -1.0
    casualty_row = 1

    def consider_withdrawal(self) -> np.ndarray:
        """Pull out of Kursk once Russia's control passes the threshold; return who left.

        Zelensky: "Protecting our soldiers is as important as protecting our territory".
        """
        return self.model.battlefield.withdraw_from_kursk(self.param("kursk_withdrawal_at"))
