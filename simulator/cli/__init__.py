"""The ``negsim`` command line: parse, validate, call. Nothing here computes.

The only layer that imports click. ``group`` holds the group and its error handling,
``options`` what commands share, ``commands`` the commands of one scenario or folder and
``studies`` those over many; heavy layers are imported inside each command, so that
``negsim --help`` starts fast.
"""

from simulator.cli import commands, studies  # noqa: F401 - importing them registers the commands
from simulator.cli.group import cli, main
from simulator.cli.studies import DISCOVERY_OUTCOMES, SENSITIVITY_OUTPUTS

__all__ = ["DISCOVERY_OUTCOMES", "SENSITIVITY_OUTPUTS", "cli", "main"]
