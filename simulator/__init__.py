"""negsim: agent-based Monte Carlo of the US–Russia–Ukraine ceasefire talks of March 2025.

The package root holds only what every layer may read: the version, and ``UserError``, the base
of every error that a user's input or environment causes (a bad scenario, an unwritable folder,
an unreachable cluster). The command line turns any ``UserError`` into one message and exit code
2; anything else is a bug. The layers are described in ``docs/architecture.md``.
"""

__version__ = "0.1.0"


class UserError(Exception):
    """A problem with what the user asked for: reported in one message, exit code 2."""
