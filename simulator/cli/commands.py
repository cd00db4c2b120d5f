"""Commands of one scenario or one run folder: list, show, validate, schema, run, forecast, ...

Also dashboard, explain and chart; the studies over many runs are in ``studies``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from simulator.cli.group import cli
from simulator.cli.options import (
    MAX_RUNS,
    RUNS,
    SEED_OPTION,
    SET_OPTION,
    STYLE_OPTION,
    WEEKS,
    WORKERS_OPTION,
    WholeNumber,
    command_line,
    dask_option,
    folder_options,
)
from simulator.scenario import (
    ScenarioError,
    is_question_file,
    load_questions,
    load_scenario,
    shipped_scenarios,
)


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
    """Check scenario or question files (or shipped names); exit 0 when all are valid, 2 if not."""
    bad = 0
    for file in files:
        try:
            load_questions([file]) if is_question_file(file) else load_scenario(file)
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
@click.option("--questions", is_flag=True, help="The JSON Schema of a forecast question file.")
def schema(markdown, questions):
    """Print the JSON Schema of a scenario file (for editors: autocomplete and checks)."""
    from simulator.scenario import (
        question_json_schema_text,
        reference_markdown,
        scenario_json_schema_text,
    )

    if questions:
        click.echo(question_json_schema_text(), nl=False)
        return
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
    from simulator.folders import read_forecast, run_finish, run_to_folder
    from simulator.report import forecast_note

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
    questions = load_questions()  # answered in forecast.json where they apply to the run
    folder, text = run_to_folder(
        loaded,
        out,
        overwrite,
        workers,
        runs_table,
        finish,
        dask=dask,
        changes=changes,
        questions=questions,
    )
    click.echo(text)
    forecast = read_forecast(folder)
    if forecast is not None:
        click.echo(forecast_note(forecast, scenario))
    click.echo(f"\nRun folder: {folder}")


@cli.command()
@click.argument("scenario", default="baseline")
@click.option(
    "--questions",
    "question_files",
    multiple=True,
    metavar="FILE|ID",
    help="A question file or shipped question id (repeat) [every shipped question].",
)
@click.option("--runs", type=RUNS, help="Monte Carlo runs [scenario's runs].")
@SEED_OPTION
@SET_OPTION
@WORKERS_OPTION
@folder_options("forecast run")
@dask_option("blocks")
@click.option("--no-charts", is_flag=True, help="Skip the charts (report.html is still written).")
@STYLE_OPTION
def forecast(
    scenario, question_files, runs, seed, overrides, workers, out, overwrite, dask, no_charts, style
):
    """The model's probability for every bin of published forecast questions, beside the crowds.

    Runs SCENARIO long enough for every question (the shipped ones unless --questions), writes a
    run folder with forecast.json, the forecast chart and report.html, and prints the table:
    the model with 95 % intervals, each crowd at each date, what happened and the scores.
    """
    from simulator.folders import forecast_to_folder
    from simulator.report import format_forecast

    settings = [f"simulation.seed={seed}"] if seed is not None else []
    settings += [f"simulation.runs={runs}"] if runs is not None else []
    command = command_line(click.get_current_context())
    folder, doc, longer = forecast_to_folder(
        scenario,
        question_files,
        list(overrides),
        settings,
        workers,
        out,
        overwrite,
        command,
        None if no_charts else style,
        dask,
    )
    if longer is not None:
        click.echo(f"(ran {longer} weeks from the start date, to reach every question's end)")
    click.echo(format_forecast(doc), nl=False)
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
