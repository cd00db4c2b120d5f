"""Words and numbers shared by the forecast's chart, page and terminal text.

A model share reads to one decimal when its 95 % interval is narrow enough for that decimal to
mean something, else in whole percent; a crowd's forecast reads as published (one decimal at
most). Crowds are named with their date ("Metaculus, 31 Mar 2025"), the way they are scored.
"""

from __future__ import annotations

import datetime as dt
import math

NARROW = 0.1
"""An interval narrower than this (10 points) shows the model's share to one decimal."""

MODEL_NAME = "negsim model"
NOT_FITTED = (
    "The model was not fitted to any of these forecasts or to what happened: its numbers come "
    "from the scenario's assumptions alone."
)
INTERVAL_WORDS = (
    "The model's probability of a bin is the share of the counted runs that fall in it; its "
    "95 % interval shows only the Monte Carlo noise of that share (more runs, narrower), not "
    "how uncertain the real world is."
)


def day(text: object) -> str:
    """An ISO date as "31 Mar 2025"; anything else as it is."""
    try:
        date = dt.date.fromisoformat(str(text))
    except ValueError:
        return str(text)
    return f"{date.day} {date:%b %Y}"


def crowd_label(crowd: dict) -> str:
    """A crowd at its date, as a reader names it: "Metaculus, 31 Mar 2025"."""
    return f"{crowd['name']}, {day(crowd['date'])}"


def score_key(crowd: dict) -> str:
    """The key of a crowd's scores in ``question["scores"]``: "<name> <date>"."""
    return f"{crowd['name']} {crowd['date']}"


def decimals(ci95: list[float]) -> int:
    """Decimals a model share is shown with: one when its interval is narrow, else none."""
    low, high = ci95
    return 1 if high - low < NARROW else 0


def model_percent(model: dict) -> str:
    """A model share as "48.8 %" (or "49 %" when its interval is wide)."""
    places = decimals(model["ci95"])
    return f"{100.0 * model['probability']:.{places}f} %"


def model_interval(model: dict, dash: str = "–") -> str:
    """A model share's 95 % interval as "46.6–51.0 %", at the share's own decimals."""
    places = decimals(model["ci95"])
    low, high = (100.0 * v for v in model["ci95"])
    return f"{low:.{places}f}{dash}{high:.{places}f} %"


def crowd_percent(p: float | None) -> str:
    """A published forecast in percent, to one decimal at most: "1 %", "15.5 %"; "–" if none."""
    if p is None or not math.isfinite(p):
        return "–"
    text = f"{100.0 * p:.1f}"
    return (text[:-2] if text.endswith(".0") else text) + " %"


def score_number(value: float | None) -> str:
    """A Brier or log score to three decimals ("–" when missing)."""
    if value is None or not math.isfinite(value):
        return "–"
    return f"{value:.3f}"


def score_rows(question: dict) -> list[tuple[str, str, dict]]:
    """(who, date, scores) of the model, then each crowd at each date, as the document has them.

    Scores under a key no crowd names (a document written by another version) follow, by key.
    """
    scores = question.get("scores") or {}
    rows = []
    if "model" in scores:
        rows.append((MODEL_NAME, "", scores["model"]))
    named = {"model"}
    for crowd in question.get("crowds", []):
        key = score_key(crowd)
        if key in scores and key not in named:
            rows.append((str(crowd["name"]), day(crowd["date"]), scores[key]))
            named.add(key)
    rows += [(key, "", s) for key, s in scores.items() if key not in named]
    return rows


def best(rows: list[tuple[str, str, dict]], key: str) -> set[int]:
    """Rows with the lowest ``key`` score as printed (ties all count as best)."""
    printed = [
        (i, round(s[key], 3))
        for i, (_, _, s) in enumerate(rows)
        if isinstance(s.get(key), int | float) and math.isfinite(s[key])
    ]
    if not printed:
        return set()
    low = min(v for _, v in printed)
    return {i for i, v in printed if v == low}


def floor_words(floor: float) -> str:
    """How a zero probability is scored: the floor in percent and the log score it gives."""
    return (
        f"a probability below {crowd_percent(floor)} is counted as {crowd_percent(floor)}, so "
        f"giving what happened no chance scores {-math.log(floor):.2f}, not infinity"
    )


def scores_meaning(floor: float | None) -> str:
    """One sentence on what the two scores are and which way is better."""
    floored = f", and {floor_words(floor)}" if floor else ""
    return (
        "Brier score: the sum over the bins of (probability - outcome)^2, where outcome is 1 "
        "for what happened and 0 otherwise; 0 is best, 2 worst. Log score: -ln of the "
        f"probability given to what happened; lower is better{floored}."
    )
