"""``negsim forecast``: a run folder whose horizon reaches every question it answers."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from simulator.folders.forecast import forecast_weeks, read_forecast
from simulator.folders.run import run_finish, run_to_folder
from simulator.folders.run_folder import default_out
from simulator.scenario import load_questions, load_scenario


def forecast_to_folder(
    scenario: str,
    question_names: Sequence[str],
    overrides: Sequence[str],
    settings: Sequence[str],
    workers: int,
    out: Path | None,
    overwrite: bool,
    command: str | None,
    style: str | None,
    dask: str | None = None,
) -> tuple[Path, dict, int | None]:
    """Run SCENARIO for the questions (the shipped ones if none) into a run folder.

    ``overrides`` are the ``--set`` pairs (the scenario's changes), ``settings`` the runs and
    seed as ``simulation.*`` pairs. Returns the folder, its forecast document and the horizon
    in weeks when it had to be lengthened for the questions (else None).
    """
    questions = load_questions(list(question_names) or None)
    loaded = load_scenario(scenario, [*overrides, *settings])
    weeks = forecast_weeks(loaded, questions)
    longer = None
    if weeks != loaded.scenario.simulation.weeks:
        longer = weeks
        loaded = load_scenario(scenario, [*overrides, *settings, f"simulation.weeks={weeks}"])
    if out is None:
        out = default_out(f"{Path(loaded.source).stem}-forecast")
    finish = run_finish(loaded, command, style)
    folder, _ = run_to_folder(
        loaded,
        out,
        overwrite,
        workers,
        "csv",
        finish,
        dask=dask,
        changes=overrides,
        questions=questions,
    )
    return folder, read_forecast(folder), longer
