"""What several commands share: checked whole numbers, common options, the command line."""

from __future__ import annotations

import shlex
from pathlib import Path

import click

from simulator.scenario import Scenario


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
