"""Run a loaded scenario into a run folder, saying on stderr what it is doing when it is slow.

Simulating (with runs.csv written block by block) shows a bar once it takes more than a
second; drawing the charts and report.html is announced the same way (``report.Step``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from simulator.folders.forecast import kept_records, start_forecast, write_forecast
from simulator.folders.run_folder import (
    check_runs_table,
    default_out,
    resolved_yaml,
    write_summary,
)
from simulator.folders.run_report import finish_run_folder
from simulator.folders.runs_table import open_runs_table
from simulator.folders.staging import staged_folder
from simulator.montecarlo import BlockResult, run_monte_carlo, uncertain_paths, used_in_block
from simulator.report import CHARTS, Progress, Step, format_summary
from simulator.scenario import Loaded, LoadedQuestion


def run_finish(loaded: Loaded, command: str | None, style: str | None) -> Callable[[Path], None]:
    """What ``negsim run`` does to a complete stage: provenance, charts, report.html, announced.

    ``style`` None draws no charts; the step is said on stderr once it takes over a second.
    """
    label = f"drawing {len(CHARTS)} charts and report.html" if style else "writing report.html"

    def finish(stage: Path) -> None:
        with Step(label):
            finish_run_folder(stage, loaded, command, style)

    return finish


def run_to_folder(
    loaded: Loaded,
    out: Path | None,
    overwrite: bool,
    workers: int,
    runs_table: bool | str,
    finish: Callable[[Path], None] | None = None,
    dask: str | None = None,
    changes: Sequence[str] = (),
    questions: Sequence[LoadedQuestion] = (),
) -> tuple[Path, str]:
    """Run the scenario's Monte Carlo and write its run folder; return folder and table text.

    ``runs_table`` is ``"csv"``, ``"parquet"`` or ``"none"`` (True/False mean csv/none).
    Blocks run here, in ``workers`` processes, or on the Dask scheduler at ``dask``; the
    results are the same. On Ctrl-C or any error the workers stop and no run folder is left.

    ``finish(stage)`` (charts and report.html) runs on the complete staged folder before it is
    renamed into place, so a failure there leaves no half-written run folder either.
    ``changes`` are the ``--set`` pairs as typed; summary.json and the charts name them.
    ``questions`` that apply to the run (``analysis.applicable``) are answered in
    ``forecast.json``, counted block by block; with none that applies, there is no such file.
    """
    scenario = loaded.scenario
    runs = scenario.simulation.runs
    kind = {True: "csv", False: "none"}.get(runs_table, runs_table)
    check_runs_table(kind)
    out = Path(out) if out is not None else default_out(loaded.source)
    with staged_folder(out, overwrite) as stage:
        (stage / "scenario.yaml").write_text(resolved_yaml(loaded), encoding="utf-8")
        table = open_runs_table(kind, stage, uncertain_paths(loaded.scenario))
        doing = f"simulating {runs:,} run{'s' if runs != 1 else ''}"
        progress = Progress(runs, f"{doing}, writing runs.{kind}" if table is not None else doing)

        forecast = start_forecast(loaded, questions)

        def on_block(result: BlockResult) -> None:
            if table is not None:
                table.write(result)
            if forecast is not None:
                forecast.tally.add(result.records)
            progress.advance(used_in_block(runs, result.block))

        # runs.csv rows are formatted where each block runs (spread over the workers); the
        # parquet writer takes the blocks' records.
        csv_columns = table.columns if kind == "csv" else None
        ok = False
        try:
            tally = run_monte_carlo(
                scenario,
                runs,
                workers,
                on_block,
                keep_records=kept_records(kind, forecast),
                dask=dask,
                csv_columns=csv_columns,
            )
            ok = True
        finally:
            progress.close(ok)
            if table is not None:
                table.close()
        summary = write_summary(stage, loaded, tally, changes)
        if forecast is not None:
            write_forecast(stage, forecast, summary)
        if finish is not None:
            finish(stage)
    return out, format_summary(summary)
