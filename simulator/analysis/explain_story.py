"""The outline of an explained run: its records in story order, quiet stretches folded.

Quiet weeks (same answers for the same reasons, nothing else happening) fold into one ``quiet``
record; their own records are kept after it, marked ``folded``, for tools. A decision, proposal
or belief update like one already told in full is marked ``retold`` (told short). Around the
weeks: a ``header`` (which run, what it drew), a ``brief`` (its turning points) and the
``outcome`` (its runs.csv row). The records hold numbers
and keys, no text: ``simulator.report.explain_text`` tells them.
"""

from __future__ import annotations

import datetime as dt

from simulator import __version__
from simulator.analysis.replay import Story
from simulator.montecarlo import locate
from simulator.rules import ISSUES

NOTABLE = {
    "event",
    "donor",
    "withdrawal",
    "ceasefire_start",
    "violation",
    "extension",
    "lapse",
    "truce_start",
    "truce_violation",
    "truce_lapse",
    "aid",
    "settlement",
    "breakdown",
    "escalation",
}
"""Record kinds that make a week worth telling in full (never folded)."""

CEASEFIRE_ENDS = ("violation", "lapse", "settlement", "escalation")
"""Record kinds that end a running ceasefire."""
TURNING_POINTS = (
    "withdrawal",
    "aid",
    "event",
    "truce_start",
    "settlement",
    "breakdown",
    "escalation",
)
"""Record kinds the brief names (besides each ceasefire's start and end)."""
STATUS_KINDS = (
    "ceasefire_status",
    "cooloff",
    "sequencing",
    "proposal",
    "no_counter",
    "truce_status",
    "truce_cooloff",
    "settlement_status",
)
"""Record kinds whose presence, not their numbers, is part of what a week says."""


def week_date(start: dt.date, week: int) -> dt.date:
    """The calendar date a week starts on."""
    return start + dt.timedelta(weeks=week)


def decision_key(r: dict) -> tuple:
    """A decision without its numbers: who answered what, how, and for which kind of reason."""
    red = r.get("red_line") or {}
    return (r["party"], r["track"], r["proposer"], r["accepted"], r["why"], red.get("issue"))


RETOLD_KINDS = ("proposal", "no_counter", "belief")
"""Record kinds told short once a record of the same kind, party and track was told in full."""


def retell_key(r: dict) -> tuple | None:
    """What makes a record the same as one told before (None: always told in full)."""
    if r["kind"] == "decision":
        return decision_key(r)
    if r["kind"] in RETOLD_KINDS:
        return (r["kind"], r.get("party"), r.get("proposer"), r.get("track"))
    return None


def _signature(records: list[dict]) -> tuple:
    """What a week's story says, without its numbers: equal signatures fold together."""
    out = []
    for r in records:
        if r["kind"] == "decision":
            out.append(decision_key(r))
        elif r["kind"] in STATUS_KINDS:
            out.append((r["kind"], r.get("proposer"), r.get("track"), r.get("party")))
    return tuple(out)


def _is_notable(records: list[dict]) -> bool:
    return any(r["kind"] in NOTABLE for r in records)


def story_outline(story: Story) -> list[dict]:
    """All records of the story in order: header, brief, weeks (quiet stretches folded), outcome.

    A told week starts with a ``week`` record (its number and date). Weeks folded into a
    ``quiet`` record keep their own records, marked ``"folded": true``.
    """
    start = story.start
    out: list[dict] = [header_record(story)]
    previous: tuple | None = None
    pending: list[list[dict]] = []
    seen: set[tuple] = set()  # what was already told in full: later ones are told short

    def flush():
        if pending:
            out.append(quiet_record(pending))
            for records in pending:
                for r in records:
                    out.append({**r, "folded": True})
            pending.clear()

    extended_before = False  # an extension of the running ceasefire was already told
    for records in story.weeks:
        week = records[0]["week"]
        kinds = {r["kind"] for r in records}
        for r in records:
            r.setdefault("date", week_date(start, week).isoformat())
        signature = _signature(records)
        # A routine extension (not the first of this ceasefire) is no news: it may fold.
        notable = _is_notable(records) and not (
            extended_before and kinds & NOTABLE == {"extension"}
        )
        if "ceasefire_start" in kinds or kinds & {"violation", "lapse"}:
            extended_before = False
        elif "extension" in kinds:
            extended_before = True
        if week > 0 and signature == previous and not notable:
            pending.append(records)
            continue
        # A settlement holding is told as one stretch; donor aid delivered meanwhile is named
        # in its line (it reaches no front while the war is over).
        if "settlement_status" in kinds and kinds <= {"settlement_status", "donor"}:
            if not (pending and any(r["kind"] == "settlement_status" for r in pending[-1])):
                flush()  # a stretch of another kind ends here
            pending.append(records)
            previous = signature
            continue
        flush()
        out.append({"week": week, "kind": "week", "date": week_date(start, week).isoformat()})
        for r in records:
            told = dict(r, folded=False)
            key = retell_key(r)
            if key is not None:
                if key in seen:
                    told["retold"] = True
                seen.add(key)
            out.append(told)
        previous = signature
    flush()
    out.insert(1, brief_record(story))
    out.append(outcome_record(story))
    return out


def turning_points(story: Story) -> list[dict]:
    """The run's turning points in order: each ceasefire (start, end) and each notable happening.

    A ceasefire point, placed where it starts, has ``start``, ``aid_halt`` and the ``end`` kind
    and ``week`` (both None when it holds at the horizon); any other point has its ``kind`` and
    ``week`` (and an event's ``set``, a settlement's ``package_of``). A settlement that replaces
    a ceasefire is told as that ceasefire's end, with the ``package_of`` signed.
    """
    points: list[dict] = []
    running: dict | None = None  # the ceasefire in force, already in ``points``
    for records in story.weeks:
        for r in records:
            kind, week = r["kind"], r["week"]
            if kind == "ceasefire_start":
                running = {
                    "kind": "ceasefire",
                    "start": week,
                    "aid_halt": r["aid_halt"],
                    "end": None,
                    "week": None,
                }
                points.append(running)
            elif kind in CEASEFIRE_ENDS and running is not None:
                running.update(end=kind, week=week)
                if kind == "settlement":
                    running["package_of"] = r["package_of"]
                running = None
                if kind != "escalation":
                    continue
            if kind == "event":
                points.append({"kind": kind, "week": week, "set": r["set"]})
            elif kind == "settlement":
                points.append({"kind": kind, "week": week, "package_of": r["package_of"]})
            elif kind in TURNING_POINTS:
                points.append({"kind": kind, "week": week})
    return points


def belief_path(story: Story) -> dict[str, dict]:
    """Each side's mean belief about the other's resolve at the start and the end of the run."""
    path: dict[str, dict] = {}
    for records in story.weeks:
        for r in records:
            if r["kind"] != "belief":
                continue
            mine = path.setdefault(
                r["party"], {"about": r["about"], "start": r["before"], "truth": r["truth"]}
            )
            mine["end"] = r["after"]
    return path


def brief_record(story: Story) -> dict:
    """The turning points of the run, told in one paragraph before the week-by-week story."""
    return {
        "week": None,
        "kind": "brief",
        "folded": False,
        "context": {
            "points": turning_points(story),
            "beliefs": belief_path(story),
            "outcome": story.outcome,
        },
    }


def header_record(story: Story) -> dict:
    """Which run this is, and the values its uncertain parameters drew."""
    drawn = {k[len("param.") :]: v for k, v in story.row.items() if k.startswith("param.")}
    block, world = locate(story.run)
    return {
        "week": None,
        "kind": "header",
        "scenario": story.scenario,
        "seed": story.seed,
        "run": story.run,
        "block": block,
        "world": world,
        "drawn": drawn,
        "version": __version__,
        "context": {
            "weeks": story.loaded.scenario.simulation.weeks,
            "runs": story.loaded.scenario.simulation.runs,
            "start": story.start.isoformat(),
        },
    }


def _first(records: list[dict], kind: str) -> dict | None:
    return next((r for r in records if r["kind"] == kind), None)


def quiet_record(weeks: list[list[dict]]) -> dict:
    """A stretch of weeks with the same answers and nothing else happening, in one record.

    Its context holds what the line about it says: the first and last week's battlefield (None
    while a settlement holds), whether a ceasefire, a truce or a settlement is in force or talks
    cool off, the weeks the ceasefire was extended, donor aid delivered (under a settlement),
    each side's belief about the other's resolve at the start and the end of the stretch, and
    the last week's decisions.
    """
    first, last = weeks[0][0]["week"], weeks[-1][0]["week"]
    beliefs = {}
    for r in weeks[0]:
        if r["kind"] == "belief":
            beliefs[r["party"]] = {"before": r["before"], "truth": r["truth"], "about": r["about"]}
    for r in weeks[-1]:
        if r["kind"] == "belief" and r["party"] in beliefs:
            beliefs[r["party"]]["after"] = r["after"]
    kinds = {r["kind"] for r in weeks[-1]}
    return {
        "week": first,
        "kind": "quiet",
        "weeks": [first, last],
        "folded": False,
        "context": {
            "first": _first(weeks[0], "battlefield"),
            "last": _first(weeks[-1], "battlefield"),
            "in_force": "ceasefire_status" in kinds,
            "cooloff": "cooloff" in kinds,
            "truce": "truce_status" in kinds,
            "settled": "settlement_status" in kinds,
            "risk": (_first(weeks[-1], "settlement_status") or {}).get("weekly_breakdown_risk"),
            "extended": [
                ws[0]["week"] for ws in weeks if any(r["kind"] == "extension" for r in ws)
            ],
            "donors": [(r["week"], r["donor"]) for ws in weeks for r in ws if r["kind"] == "donor"],
            "beliefs": {k: v for k, v in beliefs.items() if "after" in v},
            "decisions": [r for r in weeks[-1] if r["kind"] == "decision"],
        },
    }


def signings(story: Story) -> list[dict]:
    """Each settlement signed in the run: week, whose package, terms and the week it broke down.

    ``broke`` is None for a settlement that holds at the horizon (or that escalation ended).
    """
    out: list[dict] = []
    for records in story.weeks:
        for r in records:
            if r["kind"] == "settlement":
                out.append(
                    {
                        "week": r["week"],
                        "package_of": r["package_of"],
                        "terms": r["terms"],
                        "broke": None,
                    }
                )
            elif r["kind"] == "breakdown" and out:
                out[-1]["broke"] = r["week"]
    return out


def outcome_record(story: Story) -> dict:
    """The run's outcome, weeks, terms and final beliefs (the same as its runs.csv row).

    ``terms`` are the runs.csv terms (the first settlement signed); the context lists every
    settlement signed, so the words can name the one the run ends with.
    """
    row = story.row
    terms = None  # runs.csv terms: the first settlement signed, held or not
    if row["settlement_week"] is not None:
        terms = {k: row[f"terms.{k}"] for k in ISSUES}
    return {
        "week": None,
        "kind": "outcome",
        "outcome": row["outcome"],
        "ceasefire_week": row["ceasefire_week"],
        "settlement_week": row["settlement_week"],
        "truce_week": row.get("truce_week"),
        "terms": terms,
        "truth": dict(story.series.truth),
        "row": row,
        "folded": False,
        "context": {
            "horizon": story.loaded.scenario.simulation.weeks,  # the end of the last week
            "end_week": story.weeks[-1][0]["week"] if story.weeks else 0,
            "signings": signings(story),
            "ceasefires": [p for p in turning_points(story) if p["kind"] == "ceasefire"],
        },
    }
