"""Run a loaded scenario into a run folder, with a progress bar on stderr for long runs."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from simulator.config import Loaded
from simulator.results import format_summary
from simulator.rundir import RunsCsv, default_out, resolved_yaml, staged_folder, write_summary
from simulator.runner import BlockResult, n_blocks, run_monte_carlo

PROGRESS_AFTER_SECONDS = 2.0


class Progress:
    """A progress bar on stderr, shown only once a run has taken a couple of seconds."""

    def __init__(self, blocks: int):
        self.blocks = blocks
        self.done = 0
        self.start = time.perf_counter()
        self.bar = None

    def advance(self) -> None:
        """One more block finished."""
        self.done += 1
        if self.bar is None and time.perf_counter() - self.start > PROGRESS_AFTER_SECONDS:
            self.bar = click.progressbar(length=self.blocks, label="runs", file=sys.stderr)
            self.bar.__enter__()
            self.bar.update(self.done - 1)
        if self.bar is not None:
            self.bar.update(1)

    def close(self) -> None:
        """Finish the bar, if one was shown."""
        if self.bar is not None:
            self.bar.__exit__(None, None, None)


def run_to_folder(
    loaded: Loaded, out: Path | None, overwrite: bool, workers: int, runs_table: bool
) -> tuple[Path, str]:
    """Run the scenario's Monte Carlo and write its run folder; return folder and table text."""
    scenario = loaded.scenario
    runs = scenario.simulation.runs
    out = Path(out) if out is not None else default_out(loaded.source)
    with staged_folder(out, overwrite) as stage:
        (stage / "scenario.yaml").write_text(resolved_yaml(loaded), encoding="utf-8")
        csv = RunsCsv(stage / "runs.csv", _uncertain_paths(loaded)) if runs_table else None
        progress = Progress(n_blocks(runs))

        def on_block(result: BlockResult) -> None:
            if csv is not None:
                csv.write(result)
            progress.advance()

        try:
            tally = run_monte_carlo(scenario, runs, workers, on_block, keep_records=True)
        finally:
            progress.close()
            if csv is not None:
                csv.close()
        summary = write_summary(stage, loaded, tally)
    return out, format_summary(summary)


def _uncertain_paths(loaded: Loaded) -> list[str]:
    """Dotted paths of the scenario's uncertain parameters, in the order the engine draws them."""
    from simulator.params import block_seed, draw_parameters

    _, drawn = draw_parameters(loaded.scenario, block_seed(0, 0), 1)
    return list(drawn)
