"""The story of one explained run in words: every record of its outline told, in order.

``story_records(story)`` tells the outline of ``simulator.analysis.explain_story``: the header,
the brief, each told week (a decision already told is told short), each quiet stretch in one
line, and the outcome. The told records are JSON-ready (``explain.json``).
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from simulator.analysis import Story, story_outline
from simulator.report.explain_narration import decision_shown, is_ceasefire, told_record
from simulator.report.explain_words import (
    PARTY_NAME,
    date_text,
    fmt,
    package_text,
    red_line_text,
    span,
)

CEASEFIRE_END = {
    "violation": "violated",
    "lapse": "lapsed",
    "settlement": "replaced by a settlement",
    "escalation": "ended by escalation",
}


def story_records(story: Story) -> list[dict]:
    """All records of the story in order, each with its text: header, brief, weeks, outcome.

    Weeks folded into a ``quiet`` record keep their own records, marked ``"folded": true``.
    """
    return [tell(r) for r in story_outline(story)]


def tell(r: dict) -> dict:
    """One record of the outline as the story tells it."""
    kind = r["kind"]
    if kind == "week":
        day = dt.date.fromisoformat(r["date"])
        return {**r, "text": f"Week {r['week']} ({date_text(day)})"}
    if kind == "quiet":
        return {
            "week": r["week"],
            "kind": kind,
            "weeks": r["weeks"],
            "text": quiet_text(r),
            "folded": r["folded"],
        }
    if kind in STORY_TEXT:
        text = STORY_TEXT[kind](r)
        told = {"week": r["week"], "kind": kind, "text": text}
        told.update((k, v) for k, v in r.items() if k not in ("week", "kind", "context"))
        return told
    told = told_record(r)
    if r.get("retold"):
        told["text"] = short_text(told)
    return told


def short_text(r: dict) -> str:
    """A decision told again: the answer and its two numbers, the mechanism already told."""
    name, sh = PARTY_NAME[r["party"]], r["shown"]
    verb = "accepts" if r["accepted"] else "rejects"
    if r["track"] in ("ceasefire", "ceasefire_aid_halt"):
        numbers = f"pause {sh['pause']} vs fighting {sh['fight']}"
        if r["proposer"] == r["party"]:
            verb = "proposes" if r["accepted"] else "does not propose"
            return f"{name} again {verb} its aid-halt version ({numbers})."
        what = (
            "Russia's aid-halt version" if r["track"] == "ceasefire_aid_halt" else ("the ceasefire")
        )
        return f"{name} again {verb} {what} ({numbers})."
    numbers = f"worth {sh['value']}, demands {sh['aspiration']}, fighting on {sh['outside']}"
    if r["red_line"]:
        numbers = f"{red_line_text(r['red_line'], 'its')}; {numbers}"
    if r["proposer"] == "us":
        return f"{name} again {verb} the US package ({numbers})."
    if r["proposer"] == r["party"]:
        return f"{name} again does not stand by its own package ({numbers})."
    return f"{name} again {verb} {PARTY_NAME[r['proposer']]}'s counter-package ({numbers})."


def point_text(p: dict) -> str:
    """One turning point of the brief in words."""
    kind, week = p["kind"], p["week"]
    if kind == "ceasefire":
        halted = " (Western aid halted)" if p["aid_halt"] else ""
        if p["end"] is None:
            return f"ceasefire{halted} from week {p['start']}, holding at the horizon"
        return f"ceasefire{halted} from week {p['start']}, {CEASEFIRE_END[p['end']]} in week {week}"
    return {
        "withdrawal": f"Ukraine leaves Kursk in week {week}",
        "aid": f"US aid resumes in week {week}",
        "event": f"week {week}: {p.get('set')}",
        "settlement": f"settlement signed in week {week}",
        "escalation": f"escalation in week {week}",
    }[kind]


def brief_text(r: dict) -> str:
    """The turning points of the run in one paragraph, before the week-by-week story."""
    said = [point_text(p) for p in r["context"]["points"]]
    return (
        "In brief: "
        + ("; ".join(said) if said else "no ceasefire, no settlement")
        + (f". Outcome: {r['context']['outcome']}.")
    )


def header_text(r: dict) -> str:
    """Which run this is, and the values its uncertain parameters drew."""
    start = dt.date.fromisoformat(r["context"]["start"])
    text = (
        f"negsim explain: scenario '{r['scenario']}', seed {r['seed']}, run {r['run']} "
        f"(block {r['block']}, world {r['world']}); {r['context']['weeks']} weeks from "
        f"{date_text(start)}."
    )
    if r["drawn"]:
        text += (
            " Drawn for this run: "
            + "; ".join(f"{k} = {v:.4g}" for k, v in r["drawn"].items())
            + "."
        )
    return text


def quiet_text(r: dict) -> str:
    """One line for a stretch of weeks with the same answers and nothing else happening."""
    first, last = r["weeks"]
    context = r["context"]
    stretch = f"Week {first}" if first == last else f"Weeks {first}–{last}"
    first_bf, last_bf = context["first"], context["last"]
    state = (
        "the ceasefire holds"
        if context["in_force"]
        else "fighting continues, no ceasefire on offer (cool-off)"
        if context["cooloff"]
        else "fighting continues"
    )
    kursk = span(first_bf["kursk_control"] * 100, last_bf["kursk_control"] * 100, 0)
    text = (
        f"{stretch}: {state}; no change in positions (the same answers for the same reasons). "
        f"Kursk {kursk} %, "
        f"momentum {span(first_bf['momentum'], last_bf['momentum'], 2, True)}."
    )
    extended = context["extended"]
    if extended:
        text += (
            f" The ceasefire was extended again in week {', '.join(map(str, extended))}: both "
            f"still preferred it to fighting."
        )
    said = [fold_clause(d) for d in context["decisions"]]
    if said:
        text += f" Week {last}: " + "; ".join(said) + "."
    return text


def fold_clause(r: dict) -> str:
    """A decision inside a folded stretch: the answer and its two numbers, in a few words."""
    name, sh = PARTY_NAME[r["party"]], decision_shown(r)
    answer = "yes" if r["accepted"] else "no"
    if is_ceasefire(r):
        numbers = f"pause {sh['pause']} vs fighting {sh['fight']}"
        if r["proposer"] == r["party"]:
            verb = "offers" if r["accepted"] else "withholds"
            return f"{name} {verb} its aid-halt version ({numbers})"
        what = "Russia's version" if r["track"] == "ceasefire_aid_halt" else "the ceasefire"
        return f"{name} {answer} to {what} ({numbers})"
    red = f"red line on {r['red_line']['issue']}; " if r["red_line"] else ""
    numbers = f"{red}worth {sh['value']}, demands {sh['aspiration']}, fighting on {sh['outside']}"
    if r["proposer"] == "us":
        return f"{name} {answer} to the US package ({numbers})"
    if r["proposer"] == r["party"]:
        return f"{name} drops its own package ({numbers})"
    return f"{name} {answer} to {PARTY_NAME[r['proposer']]}'s counter ({numbers})"


def outcome_text(r: dict) -> str:
    """The run's outcome, weeks and terms (the same as its runs.csv row)."""
    row, terms = r["row"], r["terms"]
    cw, sw = r["ceasefire_week"], r["settlement_week"]
    horizon, end_week = r["context"]["horizon"], r["context"]["end_week"]
    text = {
        "escalation": f"a wider regional escalation broke out in week {end_week}",
        "comprehensive_settlement": (
            f"comprehensive settlement signed in week {sw}"
            + (f" (first ceasefire in week {cw})" if cw is not None else "")
            + (f": {package_text(np.array(list(terms.values())))}" if terms else "")
        ),
        "ceasefire_holding": f"a ceasefire (first agreed in week {cw}) holds at the horizon "
        f"(week {horizon})",
        "ceasefire_collapsed": f"a ceasefire was agreed in week {cw}, then collapsed or "
        f"lapsed; none holds at the horizon (week {horizon})",
        "war_continues": f"no agreement by the horizon (week {horizon})",
    }[row["outcome"]]
    return (
        f"Outcome: {row['outcome']} — {text}. Russia ends with "
        f"{100 * row['kursk_control_final']:.0f} % of the Kursk salient, territory "
        f"{fmt(row['territory_change'], 2, True)} pp; casualties Russia "
        f"{row['casualties.russia']:.0f}k, Ukraine {row['casualties.ukraine']:.0f}k; US aid "
        f"paused {row['aid_paused_weeks']} weeks."
    )


STORY_TEXT = {"header": header_text, "brief": brief_text, "outcome": outcome_text}
"""The text of each story-level record (the weeks' records are told by ``told_record``)."""
