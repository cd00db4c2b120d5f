"""Scoring a forecast once its question resolved: the Brier score and the log score.

Both are proper scores, lower is better, and both are computed the same way for the model, each
crowd and a class, from the probabilities each gave to every bin.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

LOG_FLOOR = 0.001
"""A probability below this counts as this in the log score (−ln 0 is infinite).

0.1 % is the smallest probability Metaculus accepts on a question, so a crowd's published
forecast is never floored; the model's share is floored only where no run of thousands fell in
the bin that happened. ``forecast.json`` says ``log_floor`` and each score keeps the probability.
"""


def brier_score(probabilities: Mapping[str, float], realised: str) -> float:
    """Sum over bins of (p − outcome)², outcome 1 for the bin that happened: 0 best, 2 worst."""
    return sum((p - (1.0 if label == realised else 0.0)) ** 2 for label, p in probabilities.items())


def log_score(probability: float, floor: float = LOG_FLOOR) -> float:
    """−ln p of the bin that happened, with p floored at ``floor``: 0 best, −ln floor worst."""
    return -math.log(max(probability, floor))


def scores(probabilities: Mapping[str, float], realised: str) -> dict[str, float]:
    """``{brier, log, probability}``: both scores and the probability given to what happened."""
    given = float(probabilities[realised])
    return {
        "brier": round(brier_score(probabilities, realised), 6),
        "log": round(log_score(given), 6),
        "probability": round(given, 6),
    }
