"""The studies over many scenarios or parameter values: compare, sweep, sensitivity, discover."""

from __future__ import annotations

import click

from simulator.cli.group import cli
from simulator.cli.options import (
    MAX_RUNS,
    MAX_SAMPLES,
    RUNS,
    SEED,
    SEED_OPTION,
    SET_OPTION,
    STYLE_OPTION,
    WORKERS_OPTION,
    WholeNumber,
    command_line,
    dask_option,
    folder_options,
)
from simulator.scenario import load_scenario

# The outputs a sensitivity study reports (``analysis.OUTPUTS``, checked by a test), spelled
# out here so that ``negsim --help`` does not import the engine.
SENSITIVITY_OUTPUTS = [
    "escalation",
    "comprehensive_settlement",
    "settlement_collapsed",
    "ceasefire_holding",
    "ceasefire_collapsed",
    "war_continues",
    "settlement",
    "agreement",
    "median_agreement_week",
]


@cli.command()
@click.argument("scenarios", nargs=-1, required=True)
@click.option("--runs", type=RUNS, help="Runs per scenario [first scenario's].")
@click.option("--seed", type=SEED, help="Seed for all [first scenario's].")
@WORKERS_OPTION
@folder_options("comparison")
@STYLE_OPTION
def compare(scenarios, runs, seed, workers, out, overwrite, style):
    """Compare SCENARIOS on paired runs (common random numbers); the first is the reference."""
    from simulator.folders import compare_to_folder

    if len(scenarios) < 2:
        raise click.BadParameter("give at least two scenarios", param_hint="SCENARIOS")
    command = command_line(click.get_current_context())
    folder, text = compare_to_folder(
        list(scenarios), runs, seed, workers, out, overwrite, command, style
    )
    click.echo(text)
    click.echo(f"\nComparison folder: {folder}")


def _sweep_values(ctx, param, value):
    """``--values V1,V2,...`` or ``LOW:HIGH:STEPS``."""
    from simulator.analysis import parse_values

    try:
        return parse_values(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


@cli.command()
@click.argument("scenario")
@click.option(
    "--param",
    "key",
    required=True,
    metavar="KEY",
    help="Dotted scenario key, e.g. escalation.weekly_hazard.",
)
@click.option(
    "--values",
    required=True,
    callback=_sweep_values,
    metavar="V1,V2,...|LOW:HIGH:STEPS",
    help="Values to try: a list, or STEPS evenly spaced values from LOW to HIGH.",
)
@click.option("--runs", type=RUNS, help="Runs per value [scenario's runs].")
@click.option("--seed", type=SEED, help="Seed for every value [scenario's].")
@SET_OPTION
@WORKERS_OPTION
@folder_options("sweep")
@STYLE_OPTION
def sweep(scenario, key, values, runs, seed, overrides, workers, out, overwrite, style):
    """Outcome probabilities of SCENARIO as one parameter takes each of the given values."""
    from simulator.folders import sweep_to_folder

    command = command_line(click.get_current_context())
    folder, text = sweep_to_folder(
        scenario, key, values, runs, seed, list(overrides), workers, out, overwrite, command, style
    )
    click.echo(text)
    click.echo(f"\nSweep folder: {folder}")


def _param_specs(ctx, param, values):
    """``--param KEY=LOW:HIGH``: checked here, kept as typed (the report repeats the command)."""
    from simulator.analysis import parse_param_spec

    try:
        for value in values:
            parse_param_spec(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None
    return values


@cli.command()
@click.argument("scenario")
@click.option(
    "--param",
    "params",
    multiple=True,
    metavar="KEY=LOW:HIGH",
    callback=_param_specs,
    help="A parameter and its range [the scenario's distributions].",
)
@click.option(
    "--method",
    type=click.Choice(["morris", "sobol"]),
    default="morris",
    show_default=True,
    help="Morris screening or Sobol variance indices.",
)
@click.option(
    "--samples",
    type=WholeNumber(2, MAX_SAMPLES, "SALib builds the whole design in memory first"),
    help="Morris trajectories [10] or Sobol base sample, a power of two [64].",
)
@click.option(
    "--runs-per-point",
    type=WholeNumber(1, MAX_RUNS, "a scenario's most runs"),
    help="Runs at each sample point [one whole engine block of 8192 worlds].",
)
@click.option(
    "--outcome",
    type=click.Choice(SENSITIVITY_OUTPUTS),
    default="war_continues",
    show_default=True,
    help="Output shown first in the report.",
)
@SEED_OPTION
@SET_OPTION
@WORKERS_OPTION
@folder_options("study")
@dask_option("sample points")
@STYLE_OPTION
def sensitivity(
    scenario,
    params,
    method,
    samples,
    runs_per_point,
    outcome,
    seed,
    overrides,
    workers,
    out,
    overwrite,
    dask,
    style,
):
    """Which assumptions drive the outcome: a global sensitivity study of SCENARIO.

    Without --param, the scenario's uncertain parameters (those given as distributions) are
    analysed over their ranges; a dummy parameter the model never reads shows the noise floor.
    """
    from simulator.analysis import (
        DEFAULT_RUNS_PER_POINT,
        StudySettings,
        count_points,
        design_problem,
        param_factors,
        parse_param_spec,
        scenario_factors,
    )
    from simulator.engine import BLOCK_SIZE
    from simulator.folders import study_to_folder
    from simulator.montecarlo import n_blocks

    runs_per_point = runs_per_point or DEFAULT_RUNS_PER_POINT
    settings = StudySettings(method, samples, runs_per_point, workers, dask)
    problem = design_problem(method, settings.samples)
    if problem:
        raise click.BadParameter(problem, param_hint="'--samples'")
    changes = list(overrides)  # the scenario's changes; the seed is not one
    loaded = load_scenario(
        scenario, [*changes, *([f"simulation.seed={seed}"] if seed is not None else [])]
    )
    if params:
        factors = param_factors(loaded.scenario, map(parse_param_spec, params))
    else:
        factors = scenario_factors(loaded.scenario)
    worlds = count_points(method, len(factors), settings.samples) * (
        n_blocks(runs_per_point) * BLOCK_SIZE
    )
    if worlds > MAX_RUNS:
        raise click.BadParameter(
            f"this study would simulate {worlds:,} worlds (points x whole blocks of "
            f"{BLOCK_SIZE:,}), more than a scenario's most runs ({MAX_RUNS:,}); "
            f"lower --samples or --runs-per-point",
            param_hint="'--samples'",
        )
    command = command_line(click.get_current_context())
    folder, text = study_to_folder(
        loaded, factors, settings, out, overwrite, outcome, command, style, changes
    )
    click.echo(text)
    click.echo(f"\nStudy folder: {folder}")


DISCOVERY_OUTCOMES = [o for o in SENSITIVITY_OUTPUTS if o != "median_agreement_week"]
"""The outcomes a discovery explains (``analysis.INDICATORS``, checked by a test)."""


@cli.command()
@click.argument("scenario")
@click.option(
    "--outcome", required=True, type=click.Choice(DISCOVERY_OUTCOMES), help="Outcome to explain."
)
@click.option("--runs", type=RUNS, help="Monte Carlo runs, at least 200 [scenario's runs].")
@click.option(
    "--param",
    "params",
    multiple=True,
    metavar="KEY=LOW:HIGH",
    callback=_param_specs,
    help="Draw this parameter uniformly from LOW to HIGH in each run (repeatable).",
)
@click.option(
    "--min-coverage",
    type=click.FloatRange(0.0, 1.0, min_open=True),
    metavar="C",
    help="Also report the densest box holding this share of the outcome's runs [0.5].",
)
@SEED_OPTION
@SET_OPTION
@WORKERS_OPTION
@folder_options("discovery")
@STYLE_OPTION
def discover(
    scenario, outcome, runs, params, min_coverage, seed, overrides, workers, out, overwrite, style
):
    """Which combinations of assumptions go with OUTCOME: scenario discovery with PRIM.

    Runs SCENARIO (each --param drawn uniformly per run, on top of the scenario's own
    distributions) and finds boxes of the drawn parameters where the outcome is much more
    likely than on average; see docs/discovery.md for how to read them.
    """
    from simulator.analysis import (
        DEFAULT_MIN_COVERAGE,
        check_request,
        param_factors,
        parse_param_spec,
        widened_overrides,
    )
    from simulator.folders import discover_to_folder

    min_coverage = DEFAULT_MIN_COVERAGE if min_coverage is None else min_coverage
    changes = list(overrides)  # the scenario's changes; seed and runs are not
    fixed = [f"simulation.{k}={v}" for k, v in (("seed", seed), ("runs", runs)) if v is not None]
    base = load_scenario(scenario, [*changes, *fixed])
    check_request(outcome, min_coverage, base.scenario.simulation.runs)
    widened = param_factors(base.scenario, map(parse_param_spec, params))
    loaded = load_scenario(scenario, [*changes, *widened_overrides(widened), *fixed])
    command = command_line(click.get_current_context())
    folder, text = discover_to_folder(
        loaded, outcome, widened, min_coverage, out, overwrite, workers, command, style, changes
    )
    click.echo(text)
    click.echo(f"\nDiscovery folder: {folder}")
