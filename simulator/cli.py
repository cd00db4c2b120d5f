"""The ``negsim`` command line: parse, validate, call. Nothing here computes."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from simulator import __version__
from simulator.config import ScenarioError, load_scenario, shipped_scenarios
from simulator.rundir import OutputError


class NegsimGroup(click.Group):
    """Turns every expected problem into one clear message and exit code 2."""

    def invoke(self, ctx):  # noqa: D102
        try:
            return super().invoke(ctx)
        except (ScenarioError, OutputError) as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(2)
        except KeyboardInterrupt:
            click.echo("interrupted: no run folder was written", err=True)
            sys.exit(130)


def workers_option(value: str) -> int:
    """``--workers K|auto``."""
    from simulator.runner import resolve_workers

    if value != "auto" and not value.isdigit():
        raise click.BadParameter("must be a whole number of workers or 'auto'")
    return resolve_workers(value)


@click.group(cls=NegsimGroup)
@click.version_option(__version__, prog_name="negsim")
def cli():
    """negsim: Monte Carlo scenarios of the US-Russia-Ukraine ceasefire talks (March 2025)."""


@cli.command("list")
def list_cmd():
    """List the shipped scenarios with their one-line descriptions."""
    from simulator.config import one_line_description

    for name, path in shipped_scenarios().items():
        click.echo(f"{name:<28}{one_line_description(path)}")


@cli.command()
@click.argument("scenario")
@click.option("--set", "overrides", multiple=True, metavar="KEY=VALUE", help="Override a key.")
def show(scenario, overrides):
    """Print the fully resolved parameters of SCENARIO (a shipped name or a YAML file)."""
    from simulator.rundir import resolved_yaml

    click.echo(resolved_yaml(load_scenario(scenario, overrides)), nl=False)


@cli.command()
@click.argument("files", nargs=-1, required=True)
def validate(files):
    """Check scenario files; exit 0 when all are valid, 2 otherwise."""
    bad = 0
    for file in files:
        try:
            load_scenario(file)
            click.echo(f"{file}: ok")
        except ScenarioError as exc:
            bad += 1
            click.echo(f"error: {exc}", err=True)
    sys.exit(2 if bad else 0)


@cli.command()
@click.argument("scenario")
@click.option("--runs", type=click.IntRange(min=1), help="Monte Carlo runs [scenario's runs].")
@click.option("--seed", type=click.IntRange(min=0), help="Master seed [scenario's seed].")
@click.option("--weeks", type=click.IntRange(1, 1040), help="Horizon in weeks.")
@click.option("--set", "overrides", multiple=True, metavar="KEY=VALUE", help="Override a key.")
@click.option("--workers", default="1", callback=lambda c, p, v: workers_option(v),
              help="Processes: a number or 'auto'.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), help="Run folder.")
@click.option("--overwrite", is_flag=True, help="Replace an existing run folder.")
@click.option("--runs-table", type=click.Choice(["csv", "none"]), default="csv",
              help="Write runs.csv (one row per run) or skip it.")
def run(scenario, runs, seed, weeks, overrides, workers, out, overwrite, runs_table):
    """Run SCENARIO many times and write a run folder (summary.json, runs.csv, ...)."""
    from simulator.execute import run_to_folder

    overrides = list(overrides)
    if seed is not None:
        overrides.append(f"simulation.seed={seed}")
    if weeks is not None:
        overrides.append(f"simulation.weeks={weeks}")
    if runs is not None:
        overrides.append(f"simulation.runs={runs}")
    loaded = load_scenario(scenario, overrides)
    folder, text = run_to_folder(loaded, out, overwrite, workers, runs_table == "csv")
    click.echo(text)
    click.echo(f"\nRun folder: {folder}")


def main():
    """Entry point of the ``negsim`` console script."""
    cli(prog_name="negsim")
