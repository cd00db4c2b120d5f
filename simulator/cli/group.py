"""The ``negsim`` group: one clear message and exit 2 for every expected problem, clean stops."""

from __future__ import annotations

import signal
import sys

import click

from simulator import UserError, __version__
from simulator.scenario import ScenarioError, terminal_safe


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


@click.group(cls=NegsimGroup)
@click.version_option(__version__, prog_name="negsim")
def cli():
    """negsim: Monte Carlo scenarios of the US-Russia-Ukraine ceasefire talks (March 2025)."""


def main():
    """Entry point of the ``negsim`` console script (SIGTERM and SIGHUP stop it like Ctrl-C)."""
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, _stop)
    cli(prog_name="negsim")
