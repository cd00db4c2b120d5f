"""The model's answer to published forecast questions, beside the crowds and the record.

Every run answers a question from its first bilateral agreement: the week the first general
ceasefire (the US 30-day one or Russia's version) or settlement took effect, whichever came
first, and the week the fighting resumed or the war widened (``agreement_end_week``). On the
calendar, week w stands for the 7 days from ``start_date + 7 w``. How long an agreement lasted
is counted on the ceasefire's own clock: the scenario's 4-week term stands for the article's
30-day proposal, so a week of agreement counts as 7.5 days (``AGREEMENT_DAYS_PER_WEEK``): a
ceasefire that runs one term and lapses lasted 30 days, two terms 60, three 90.

The model's probability of a bin is the share of counted runs in it (all runs; for a
conditional question, the runs that met the condition), with a 95 % Wilson interval. Counting
is done block by block (``ForecastTally.add``), so memory stays flat however many runs.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence

import numpy as np

from simulator.analysis.forecast_scores import LOG_FLOOR, scores
from simulator.montecarlo import wilson_interval
from simulator.scenario import LoadedQuestion, Question

NEVER = np.iinfo(np.int64).max // 2
"""The week of an event that did not happen (later than every bin bound)."""
FORECAST_COLUMNS = ("ceasefire_week", "settlement_week", "agreement_end_week")
"""The per-run records (``runs.csv`` columns) a forecast is computed from."""

MEASURE_WORDS = {
    "agreement_start": "the date the first bilateral ceasefire or settlement took effect",
    "agreement_duration": "how long the first bilateral ceasefire or settlement lasted",
    "agreement_lasting": "whether the first bilateral ceasefire or settlement lasted long enough",
}


def week_of(date: dt.date, start: dt.date) -> int:
    """The first week whose days are all on or after ``date`` (weeks before it end before it)."""
    return math.ceil((date - start).days / 7)


AGREEMENT_DAYS_PER_WEEK = 30 / 4
"""Days a week of agreement stands for: the 4-week term (``ceasefire.length_weeks`` of the
shipped scenarios) is the article's "30-day cease-fire proposal"."""


def weeks_of_days(days: int) -> float:
    """A duration bound in days as weeks of agreement (``AGREEMENT_DAYS_PER_WEEK``)."""
    return days / AGREEMENT_DAYS_PER_WEEK


def agreement_weeks(records: Mapping[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Per run: the week the first agreement took effect and the week it ended (NEVER: not)."""
    weeks = np.stack([np.asarray(records[c], dtype=np.int64) for c in FORECAST_COLUMNS[:2]])
    start = np.where(weeks >= 0, weeks, NEVER).min(axis=0)
    end = np.asarray(records["agreement_end_week"], dtype=np.int64)
    return start, np.where(end >= 0, end, NEVER)


def run_bins(question: Question, records: Mapping[str, np.ndarray], start: dt.date) -> np.ndarray:
    """The bin index each run falls in, or −1 for a run a conditional question does not count.

    An agreement still in force at the horizon has ``end`` NEVER; the horizon covers every bin
    bound (``applicable``), so such a run is in the open last bin, which is the right one.
    """
    began, ended = agreement_weeks(records)
    out = np.full(began.shape, -1, dtype=np.int64)
    if question.measure == "agreement_start":
        for i, b in enumerate(question.bins):
            low = week_of(b.from_, start) if b.from_ is not None else -NEVER
            high = week_of(b.before, start) if b.before is not None else NEVER + 1
            out[(began >= low) & (began < high)] = i
        return out
    if question.measure == "agreement_duration":
        counted = began < week_of(question.given.starts_before, start)
        lasted = np.where(ended < NEVER, ended - began, NEVER)
        for i, b in enumerate(question.bins):
            low = weeks_of_days(b.min_days) if b.min_days is not None else 0
            high = weeks_of_days(b.max_days) if b.max_days is not None else NEVER + 1
            out[counted & (lasted >= low) & (lasted < high)] = i
        return out
    rule = question.lasting
    need = weeks_of_days(rule.min_days)
    yes = (began < week_of(rule.starts_before, start)) & (
        (ended == NEVER) | (ended - began >= need)
    )
    if rule.completed_by is not None:
        yes &= began + need <= (rule.completed_by - start).days // 7
    return np.where(yes, 0, 1)


def applicable(
    questions: Sequence[LoadedQuestion], start: dt.date, weeks: int
) -> tuple[list[LoadedQuestion], list[dict]]:
    """The questions a run from ``start`` over ``weeks`` answers, and why each other is skipped.

    A question applies when the run starts while it was open, or up to a month before it
    opened (the model then starts from what its forecasters saw), and the horizon reaches the
    question's last bound.
    """
    usable, skipped = [], []
    for item in questions:
        q = item.question
        if not q.applies_to(start):
            why = (
                f"open from {q.opened} to {q.closes}; a run answers it when it starts in that "
                f"time or up to a month before (this one starts {start})"
            )
        elif q.weeks_needed(start) > weeks:
            why = (
                f"needs {q.weeks_needed(start)} weeks from {start} to reach "
                f"{q.horizon_date()}; this run has {weeks} (negsim forecast runs enough)"
            )
        else:
            usable.append(item)
            continue
        skipped.append({"id": q.id, "title": q.title, "why": why})
    return usable, skipped


class ForecastTally:
    """Counts of runs per bin of every question, added block by block."""

    def __init__(self, questions: Sequence[LoadedQuestion], start: dt.date):
        self.questions = [item.question for item in questions]
        self.start = start
        self.counts = [np.zeros(len(q.bins), dtype=np.int64) for q in self.questions]
        self.runs = 0

    def add(self, records: Mapping[str, np.ndarray]) -> None:
        """Count one block's runs (any mapping holding the ``FORECAST_COLUMNS`` arrays)."""
        self.runs += len(records["agreement_end_week"])
        for q, counts in zip(self.questions, self.counts, strict=True):
            index = run_bins(q, records, self.start)
            counts += np.bincount(index[index >= 0], minlength=len(q.bins))

    def document(self, header: Mapping, skipped: Sequence[dict] = ()) -> dict:
        """The ``forecast.json`` document: ``header`` keys, then every question, then skipped."""
        return {
            **header,
            "runs": self.runs,
            "log_floor": LOG_FLOOR,
            "questions": [
                question_entry(q, c) for q, c in zip(self.questions, self.counts, strict=True)
            ],
            "skipped": list(skipped),
        }


def question_entry(question: Question, counts: np.ndarray) -> dict:
    """One question of ``forecast.json``: the model per bin, the crowds, the record, scores."""
    counted = int(counts.sum())
    bins = []
    for b, count in zip(question.bins, counts, strict=True):
        low, high = wilson_interval(int(count), counted)
        bins.append(
            {
                "label": b.label,
                "model": {
                    "probability": round(int(count) / counted, 6) if counted else None,
                    "ci95": [round(low, 6), round(high, 6)] if counted else [None, None],
                    "count": int(count),
                },
            }
        )
    crowds = [
        {
            "name": c.name,
            "date": c.date.isoformat(),
            "source": c.source,
            "probabilities": {b.label: c.probabilities[b.label] for b in question.bins},
        }
        for c in question.crowds
    ]
    resolution = question.resolution
    entry = {
        "id": question.id,
        "title": question.title,
        "source": question.source,
        "opened": question.opened.isoformat(),
        "wording": " ".join(question.wording.split()),
        "measure": question.measure,
        "measure_text": measure_text(question),
        "counted_runs": counted,
        "bins": bins,
        "crowds": crowds,
        "resolution": None
        if resolution is None
        else {
            "bin": resolution.bin,
            "date": resolution.date.isoformat(),
            "source": resolution.source,
        },
        "annulled": None
        if question.annulled is None
        else {
            "date": question.annulled.date.isoformat(),
            "why": " ".join(question.annulled.why.split()),  # a folded YAML text, one line
            "source": question.annulled.source,
        },
        "scores": {},
    }
    if resolution is not None:
        entry["scores"] = question_scores(entry, resolution.bin)
    return entry


def question_scores(entry: Mapping, realised: str) -> dict[str, dict]:
    """Scores of the model (when it counted runs) and of each crowd at each date."""
    out = {}
    if entry["counted_runs"]:
        out["model"] = scores(
            {b["label"]: b["model"]["probability"] for b in entry["bins"]}, realised
        )
    for crowd in entry["crowds"]:
        out[f"{crowd['name']} {crowd['date']}"] = scores(crowd["probabilities"], realised)
    return out


def measure_text(question: Question) -> str:
    """What a run's answer is, in words, with the question's condition."""
    words = MEASURE_WORDS[question.measure]
    if question.measure == "agreement_duration":
        return f"{words}, in runs where it took effect before {question.given.starts_before}"
    if question.measure == "agreement_lasting":
        rule = question.lasting
        done = f", over by {rule.completed_by}" if rule.completed_by else ""
        return (
            f"{words}: Yes if it took effect before {rule.starts_before} and lasted at least "
            f"{rule.min_days} days{done}"
        )
    return words
