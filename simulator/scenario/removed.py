"""Keys the scenario language no longer has, each with what replaced it.

Wherever an unknown key is reported (a file, ``--set``, a timeline event), a key listed here
gets its own message instead of a did-you-mean, so an old file says how to bring it up to date.
"""

from __future__ import annotations

_CONCESSION = (
    "concession clocks were removed: parties no longer concede on a deadline. Delay now comes "
    "from private resolve (give `resolve` as a distribution), beliefs (`beliefs.types`, "
    "`beliefs.bluff`) and commitment problems (`settlement.*`); delete this block"
)
_CEASEFIRE_ISSUE = (
    "ceasefire is no longer an issue of the settlement package (it is its own track, "
    "`ceasefire.*`); use `armed_forces` (Russia's demilitarisation demand)"
)

REMOVED: tuple[tuple[str, str], ...] = (
    ("actors.russia|ukraine.concession", _CONCESSION),
    ("actors.*.ideal.ceasefire", _CEASEFIRE_ISSUE),
    ("actors.*.salience.ceasefire", _CEASEFIRE_ISSUE),
    ("actors.*.red_lines.ceasefire", _CEASEFIRE_ISSUE),
    (
        "actors.us.mediation_step",
        "removed: the US now picks the package most likely to be accepted each week, tilted "
        "by `actors.us.bias`",
    ),
    (
        "status_quo.neutrality|armed_forces|sanctions|security_guarantees",
        "removed: the value of fighting on now comes from where each side expects the war to "
        "end on the contract curve (Fearon's war lottery plus the front's movement); only "
        "`status_quo.western_aid_flowing` and `status_quo.western_aid_paused` remain",
    ),
    (
        "battlefield.prior_sd",
        "removed: beliefs are now over the other side's resolve (`beliefs.types`)",
    ),
)
"""Removed dotted paths (``*`` any key, ``a|b`` either) and what to write instead. A path
matches every key below it too (``actors.russia.concession.rate``)."""


def _matches(pattern: str, loc: tuple) -> bool:
    parts = pattern.split(".")
    if len(loc) < len(parts):
        return False
    return all(p == "*" or str(key) in p.split("|") for p, key in zip(parts, loc, strict=False))


def removed_message(loc: tuple) -> str | None:
    """What replaced a removed key (at ``loc`` or above it), or None for any other key."""
    return next((message for pattern, message in REMOVED if _matches(pattern, loc)), None)
