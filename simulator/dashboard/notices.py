"""What a dashboard page says when something goes wrong: one short line, never a traceback.

A browser tab is not the teacher's terminal: whoever sees the page should learn what to do next
("move a lever", "fix the scenario file") but not the server's folders or code. So a message
keeps only a file's name, never its folder, and at most ``LIMIT`` characters; an error that is
not the user's (a bug) is named by its kind only, while the server logs the whole traceback.
"""

from __future__ import annotations

import logging
import re

from simulator import UserError

LIMIT = 300
"""Longest message a page shows (characters)."""

LOG = logging.getLogger("negsim.dashboard")

_PATH = re.compile(
    r"(?<![\w.])(?:[A-Za-z]:[\\/]|~?[\\/]|\.{1,2}[\\/])(?:[^\s\\/'\"():,]*[\\/])*([^\s\\/'\"():,]+)"
)
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def without_paths(text: str) -> str:
    """``text`` with each path (``/…``, ``~/…``, ``./…``, ``C:…``) cut to its last part."""
    return _PATH.sub(lambda m: m.group(1), text)


CHANGE = "That did not work"
RELOAD = "The scenario file changed but cannot be read, so the page keeps its last good version"


def short_message(exc: BaseException, context: str = CHANGE) -> str:
    """One line for the page about ``exc``, after ``context``; the page carries on."""
    if isinstance(exc, UserError):
        text = f"{context}: {without_paths(str(exc))}"
    else:
        LOG.error("dashboard: %s", context, exc_info=exc)
        text = (
            f"{context}: an internal problem ({type(exc).__name__}). "
            "Move a lever or pick a scenario to try again."
        )
    text = " ".join(_CONTROL.sub(" ", text).split())
    return text if len(text) <= LIMIT else text[: LIMIT - 1] + "…"


def refusals_to(line):
    """A decorator of a view's browser-event handlers, reporting refusals in ``line``.

    A refused value (a ``UserError``) becomes the short message of ``line`` (a reactive value);
    a value taken clears it.
    """

    def decorate(handler):
        def run(*args):
            try:
                handler(*args)
                line.value = None
            except UserError as exc:
                line.value = short_message(exc, "Not taken")

        return run

    return decorate
