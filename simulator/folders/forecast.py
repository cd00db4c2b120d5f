"""The forecast of a run folder: ``forecast.json`` beside ``summary.json``, and reading it back.

``negsim run`` answers the shipped questions that apply to its start date and horizon;
``negsim forecast`` runs a scenario long enough for every question it is given (a question
that does not apply to its start date is refused) and writes the same run folder.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from simulator import UserError, __version__
from simulator.analysis import FORECAST_COLUMNS, ForecastTally, applicable
from simulator.folders.read_back import damaged, read_json_object
from simulator.report import json_text
from simulator.scenario import Loaded, LoadedQuestion

FORECAST_FILE = "forecast.json"


@dataclass
class Forecasting:
    """A forecast being counted during a run, and the questions it had to leave out."""

    tally: ForecastTally
    skipped: list[dict] = field(default_factory=list)


def start_forecast(loaded: Loaded, questions: Sequence[LoadedQuestion]) -> Forecasting | None:
    """The forecast of the questions this run answers, or None when it answers none."""
    if not questions:
        return None
    sim = loaded.scenario.simulation
    usable, skipped = applicable(questions, sim.start_date, sim.weeks)
    if not usable:
        return None
    return Forecasting(ForecastTally(usable, sim.start_date), skipped)


def kept_records(kind: str, forecast: Forecasting | None) -> bool | tuple[str, ...]:
    """Which per-run records the blocks send back: all for parquet, a forecast's three, none."""
    if kind == "parquet":
        return True
    return FORECAST_COLUMNS if forecast is not None else False


def write_forecast(folder: Path, forecast: Forecasting, summary: dict) -> dict:
    """Write ``forecast.json`` (identified like ``summary.json``); return the document."""
    keys = ("scenario", "changes", "seed", "weeks", "start_date", "scenario_sha256")
    header = {k: summary[k] for k in keys if k in summary}
    doc = forecast.tally.document({**header, "version": __version__}, forecast.skipped)
    (folder / FORECAST_FILE).write_text(json_text(doc), encoding="utf-8")
    return doc


def read_forecast(folder: Path | str) -> dict | None:
    """A run folder's forecast document, or None when it has none; damaged: one message."""
    path = Path(folder) / FORECAST_FILE
    if not path.is_file():
        return None
    doc = read_json_object(path)
    questions = doc.get("questions")
    if not isinstance(questions, list) or not all(isinstance(q, dict) for q in questions):
        raise damaged(path, "'questions' must be a list of objects")
    for q in questions:
        bins = q.get("bins")
        if not isinstance(bins, list) or not all(
            isinstance(b, dict) and isinstance(b.get("model"), dict) for b in bins
        ):
            raise damaged(path, "every question needs 'bins', each with its 'model' probability")
    return doc


def forecast_weeks(loaded: Loaded, questions: Sequence[LoadedQuestion]) -> int:
    """The horizon a forecast needs: the scenario's, or longer to reach every question's end.

    A question that does not apply to the scenario's start date is refused here, before any
    run, with the reason (``UserError``: one message per question, exit 2).
    """
    sim = loaded.scenario.simulation
    refused = [
        f"question '{item.question.id}' ({item.source}) was open from "
        f"{item.question.opened} to {item.question.closes}: it applies to a scenario that "
        f"starts in that time or up to a month before, and '{loaded.source}' starts "
        f"{sim.start_date} (simulation.start_date)"
        for item in questions
        if not item.question.applies_to(sim.start_date)
    ]
    if refused:
        raise UserError("; ".join(refused))
    return max([sim.weeks, *(item.question.weeks_needed(sim.start_date) for item in questions)])
