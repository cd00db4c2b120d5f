"""The ``negsim`` command line: parse, validate, call. Nothing here computes."""

from __future__ import annotations

import shlex
import signal
import sys
from pathlib import Path

import click

from simulator import UserError, __version__
from simulator.scenario import (
    Scenario,
    ScenarioError,
    load_scenario,
    shipped_scenarios,
    terminal_safe,
)

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


class NegsimGroup(click.Group):
    """Turns every expected problem (a ``UserError``) into one clear message and exit code 2."""

    def invoke(self, ctx):  # noqa: D102
        try:
            return super().invoke(ctx)
        except UserError as exc:
            problems = exc.problems if isinstance(exc, ScenarioError) else [exc]
            for problem in problems:  # a scenario's every problem, each on its own line
                click.echo(f"error: {terminal_safe(str(problem))}", err=True)
            sys.exit(2)
        except KeyboardInterrupt as exc:
            signum = getattr(exc, "signum", signal.SIGINT)
            by = "" if signum == signal.SIGINT else f" by {signal.Signals(signum).name}"
            click.echo(f"interrupted{by}: no run folder was written", err=True)
            sys.exit(128 + signum)
        except Exception:
            if STOPPED:  # a child died of the same signal first (a broken pool, say)
                click.echo(f"interrupted by {STOPPED[0].name}: no run folder was written", err=True)
                sys.exit(128 + STOPPED[0])
            raise


class Stopped(KeyboardInterrupt):
    """SIGTERM or SIGHUP, raised in the main thread so it unwinds like Ctrl-C (folders, pools)."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


STOPPED: list[signal.Signals] = []
"""The stop signal this process received, if any."""


def _stop(signum: int, frame) -> None:
    """Handler of SIGTERM and SIGHUP: raise ``Stopped`` once; later ones wait for the clean-up."""
    STOPPED.append(signal.Signals(signum))
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, signal.SIG_IGN)
    raise Stopped(signum)


def command_line(ctx: click.Context) -> str:
    """The command that produced this folder, rebuilt from the parsed options of ``ctx``."""
    parts = ["negsim", ctx.info_name or ""]
    for param in ctx.command.params:
        value = ctx.params.get(param.name)
        if isinstance(param, click.Argument):
            parts += [str(v) for v in (value if isinstance(value, tuple | list) else [value])]
            continue
        if value is None or value is False or value == () or str(value) == str(param.default):
            continue
        flag = param.opts[0]
        if getattr(param, "is_flag", False):
            parts.append(flag)
        elif getattr(param, "multiple", False):
            for item in value:
                parts += [flag, str(item)]
        elif isinstance(value, list):  # a parsed list option such as sweep's --values
            parts += [flag, ",".join(str(v) for v in value)]
        else:
            parts += [flag, str(value)]
    return shlex.join(parts)


def _simulation_max(name: str) -> int:
    """The schema's upper bound of ``simulation.NAME``: the one home of that limit."""
    info = Scenario.model_fields["simulation"].annotation.model_fields[name]
    return next(m.le for m in info.metadata if hasattr(m, "le"))


MAX_RUNS = _simulation_max("runs")
MAX_SEED = _simulation_max("seed")
MAX_WEEKS = _simulation_max("weeks")
MAX_SAMPLES = 65_536
"""Largest sensitivity design size: SALib builds the whole design matrix in memory first."""


def _shown(value) -> str:
    """A refused value as typed, cut short when it is long (a 5000-digit number, say)."""
    text = str(value)
    return text if len(text) <= 24 else f"{text[:20]}..."


def _whole(text: str) -> int | None:
    try:
        return int(text.strip())
    except ValueError:
        return None


class WholeNumber(click.ParamType):
    """A whole number from ``low`` to ``high``; a refusal names the range and why it is so."""

    name = "integer"

    def __init__(self, low: int, high: int, why: str):
        self.low, self.high, self.why = low, high, why

    def convert(self, value, param, ctx):  # noqa: D102
        number = value if isinstance(value, int) else _whole(str(value))
        if number is None or not self.low <= number <= self.high:
            self.fail(
                f"must be a whole number from {self.low:,} to {self.high:,} ({self.why}); "
                f"got {_shown(value)}",
                param,
                ctx,
            )
        return number


RUNS = WholeNumber(1, MAX_RUNS, "a scenario's limit: more runs take hours and gigabytes")
SEED = WholeNumber(0, MAX_SEED, "a seed is a 64-bit number")
WEEKS = WholeNumber(1, MAX_WEEKS, "a scenario's limit: 20 years")


def workers_option(value: str) -> int:
    """``--workers K|auto``: K from 1 to four processes per core (more only costs memory)."""
    from simulator.montecarlo import resolve_workers

    if value == "auto":
        return resolve_workers(value)
    cores = resolve_workers("auto")
    most = max(8, 4 * cores)
    number = _whole(value)
    if number is None or not 1 <= number <= most:
        raise click.BadParameter(
            f"must be a whole number of workers or 'auto': 1 to {most} (more than four per "
            f"core, {cores} here, only costs memory); got {_shown(value)}"
        )
    return number


SEED_OPTION = click.option("--seed", type=SEED, help="Master seed [scenario's seed].")
SET_OPTION = click.option(
    "--set", "overrides", multiple=True, metavar="KEY=VALUE", help="Override a key."
)
WORKERS_OPTION = click.option(
    "--workers",
    default="1",
    metavar="K|auto",
    callback=lambda c, p, v: workers_option(v),
    help="Processes running blocks: a number, or 'auto' (one per core). Same results.",
)
STYLE_OPTION = click.option(
    "--style",
    type=click.Choice(["slides", "paper"]),
    default="slides",
    show_default=True,
    help="Charts for projection (16:9, large type) or print.",
)


def folder_options(what: str):
    """``--out DIR`` and ``--overwrite`` for a command that writes a folder of ``what``."""

    def decorate(command):
        command = click.option(
            "--overwrite", is_flag=True, help=f"Replace an existing {what} folder."
        )(command)
        return click.option(
            "--out",
            type=click.Path(file_okay=False, path_type=Path),
            help=f"{what.capitalize()} folder.",
        )(command)

    return decorate


def dask_option(what: str):
    """``--dask ADDRESS``: run the ``what`` on an existing Dask scheduler."""
    return click.option(
        "--dask",
        metavar="ADDRESS",
        help=f"Run the {what} on this Dask scheduler (e.g. tcp://10.0.0.5:8786).",
    )


@click.group(cls=NegsimGroup)
@click.version_option(__version__, prog_name="negsim")
def cli():
    """negsim: Monte Carlo scenarios of the US-Russia-Ukraine ceasefire talks (March 2025)."""


@cli.command("list")
def list_cmd():
    """List the shipped scenarios with their one-line descriptions."""
    from simulator.scenario import one_line_description

    shipped = shipped_scenarios()
    width = max(map(len, shipped), default=0) + 2
    for name, path in shipped.items():
        click.echo(f"{name:<{width}}{one_line_description(path)}")


@cli.command()
@click.argument("scenario")
@SET_OPTION
def show(scenario, overrides):
    """Print the resolved parameters of SCENARIO, each with where it came from."""
    from simulator.scenario import show_text

    click.echo(show_text(load_scenario(scenario, overrides)), nl=False)


@cli.command()
@click.argument("files", nargs=-1, required=True)
def validate(files):
    """Check scenario files (or shipped names); exit 0 when all are valid, 2 otherwise."""
    bad = 0
    for file in files:
        try:
            load_scenario(file)
        except ScenarioError as exc:
            bad += 1
            for problem in exc.problems:
                text = problem.line() if problem.file else f"{file}: {problem.line()}"
                click.echo(f"error: {text}", err=True)
        else:
            click.echo(f"{file}: ok")
    if bad:
        click.echo(f"{bad} of {len(files)} file(s) invalid", err=True)
    sys.exit(2 if bad else 0)


@cli.command()
@click.option("--markdown", is_flag=True, help="Print the key reference table instead.")
def schema(markdown):
    """Print the JSON Schema of a scenario file (for editors: autocomplete and checks)."""
    from simulator.scenario import reference_markdown, scenario_json_schema_text

    click.echo(reference_markdown() if markdown else scenario_json_schema_text(), nl=False)


@cli.command()
@click.argument("scenario")
@click.option("--runs", type=RUNS, help="Monte Carlo runs [scenario's runs].")
@SEED_OPTION
@click.option("--weeks", type=WEEKS, help="Horizon in weeks.")
@SET_OPTION
@WORKERS_OPTION
@folder_options("run")
@click.option(
    "--runs-table",
    type=click.Choice(["csv", "parquet", "none"]),
    default="csv",
    show_default=True,
    help="One row per run: runs.csv, runs.parquet (needs pyarrow) or none.",
)
@dask_option("blocks")
@click.option("--no-charts", is_flag=True, help="Skip the charts (report.html is still written).")
@STYLE_OPTION
def run(
    scenario,
    runs,
    seed,
    weeks,
    overrides,
    workers,
    out,
    overwrite,
    runs_table,
    dask,
    no_charts,
    style,
):
    """Run SCENARIO many times and write a run folder (summary.json, runs.csv, charts, ...)."""
    from simulator.folders import run_finish, run_to_folder

    overrides = list(overrides)
    changes = tuple(overrides)  # the scenario's changes; seed, weeks and runs are not
    if seed is not None:
        overrides.append(f"simulation.seed={seed}")
    if weeks is not None:
        overrides.append(f"simulation.weeks={weeks}")
    if runs is not None:
        overrides.append(f"simulation.runs={runs}")
    loaded = load_scenario(scenario, overrides)
    command = command_line(click.get_current_context())
    finish = run_finish(loaded, command, None if no_charts else style)
    folder, text = run_to_folder(
        loaded, out, overwrite, workers, runs_table, finish, dask=dask, changes=changes
    )
    click.echo(text)
    click.echo(f"\nRun folder: {folder}")


@cli.command()
@click.argument("scenario", default="baseline")
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8765,
    show_default=True,
    help="Port to listen on (0: any free port).",
)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on; only this computer can reach 127.0.0.1.",
)
@click.option("--open", "open_browser", is_flag=True, help="Open the page in the browser.")
def dashboard(scenario, port, host, open_browser):
    """Serve the classroom dashboard of SCENARIO in the browser (works offline; Ctrl-C stops)."""
    from simulator.dashboard import loaded_source, serve

    loaded = load_scenario(scenario)
    sys.exit(serve(loaded_source(loaded), host, port, open_browser, say=click.echo))


@cli.command()
@click.argument("target", metavar="SCENARIO|RUN_DIR")
@click.option(
    "--run",
    "run_index",
    type=WholeNumber(0, MAX_RUNS - 1, "runs are numbered below a scenario's most runs"),
    help="Run to explain, 0-based, as in runs.csv [0].",
)
@click.option(
    "--outcome", metavar="NAME", help="With RUN_DIR: its first run that ended in this outcome."
)
@SEED_OPTION
@click.option("--weeks", type=WEEKS, help="Horizon in weeks.")
@SET_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print the story as JSON records.")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Also write explain.md, explain.json and the timeline chart (PNG, SVG) here.",
)
@STYLE_OPTION
def explain(target, run_index, outcome, seed, weeks, overrides, as_json, out, style):
    """Tell one run week by week: offers, answers and the numbers behind them.

    SCENARIO replays run --run of `negsim run SCENARIO --seed S` exactly; RUN_DIR replays a
    run of a finished run folder (--run I, or --outcome NAME for its first run ending so).
    """
    from simulator.folders import explain_target, write_outputs
    from simulator.report import render_json, render_text, story_records

    story, warnings = explain_target(
        target, run=run_index, outcome=outcome, seed=seed, weeks=weeks, overrides=overrides
    )
    records = story_records(story)
    written = write_outputs(story, records, out, style) if out is not None else []
    for warning in warnings:
        click.echo(f"warning: {warning}", err=True)
    click.echo(render_json(records) if as_json else render_text(records), nl=False)
    if written:
        click.echo(f"Wrote {', '.join(str(p) for p in written)}", err=as_json)


@cli.command()
@click.argument("run_dir", type=click.Path(file_okay=False, path_type=Path))
@STYLE_OPTION
def chart(run_dir, style):
    """Redraw the charts and report.html of a finished run folder, without rerunning."""
    from simulator.folders import redraw_run_folder
    from simulator.report import CHARTS, Step

    with Step(f"drawing {len(CHARTS)} charts and report.html"):
        written = redraw_run_folder(run_dir, style)
    for path in written:
        click.echo(f"wrote {path}")


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


def main():
    """Entry point of the ``negsim`` console script (SIGTERM and SIGHUP stop it like Ctrl-C)."""
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, _stop)
    cli(prog_name="negsim")
