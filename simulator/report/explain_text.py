"""The story of one explained run in words: every record of its outline told, in order.

``story_records(story)`` tells the outline of ``simulator.analysis.explain_story``: the header,
the brief, each told week (a decision already told is told short), each quiet stretch in one
line, and the outcome. The told records are JSON-ready (``explain.json``).
"""

from __future__ import annotations

import datetime as dt

from simulator.analysis import Story, story_outline
from simulator.report.explain_narration import (
    MARGIN_TRACKS,
    decision_shown,
    told_record,
)
from simulator.report.explain_words import (
    PACKAGE_OF,
    PARTY_NAME,
    POSSESSIVE,
    date_text,
    fmt,
    ground_text,
    package_text,
    percent,
    red_line_text,
    span,
    weeks_text,
)
from simulator.report.palette import OUTCOME_LABELS

CEASEFIRE_END = {
    "violation": "violated",
    "lapse": "lapsed",
    "settlement": "replaced by a settlement",
    "escalation": "ended by escalation",
}
"""How a ceasefire ended, by the kind of record that ended it."""


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
        told["text"] = SHORT_TEXT[kind](told)
    return told


def _margin_clause(r: dict) -> str:
    """A margin decision's number in a few words."""
    if r["track"] == "truce":
        return f"nets {r['shown']['margin']} over the truce"
    return f"pause − fighting {r['shown']['margin']}"


def _settlement_clause(r: dict) -> str:
    """A settlement decision's numbers (and crossed red line, or bluff) in a few words."""
    sh = r["shown"]
    numbers = f"worth {sh['value']} net of breakdown risk vs fighting on {sh['fight']}"
    if r["red_line"]:
        return f"{red_line_text(r['red_line'], 'its')}; {numbers}"
    if r["why"] == "bluff":
        return f"{numbers}: a bluff"
    return numbers


def short_text(r: dict) -> str:
    """A decision told again: the answer and its numbers, the mechanism already told."""
    name = PARTY_NAME[r["party"]]
    verb = "accepts" if r["accepted"] else "rejects"
    if r["track"] in MARGIN_TRACKS:
        numbers = _margin_clause(r)
        if r["track"] == "truce":
            return f"{name} again {verb} the energy-strike moratorium ({numbers})."
        if r["proposer"] == r["party"]:
            verb = "proposes" if r["accepted"] else "does not propose"
            return f"{name} again {verb} its aid-halt version ({numbers})."
        what = (
            "Russia's aid-halt version" if r["track"] == "ceasefire_aid_halt" else "the ceasefire"
        )
        return f"{name} again {verb} {what} ({numbers})."
    what = PACKAGE_OF[r["proposer"]]
    return f"{name} again {verb} {what} ({_settlement_clause(r)})."


def short_belief_text(r: dict) -> str:
    """A belief update told again: the estimate, what moved it, the truth."""
    moved = []
    if r["battle"] is not None and abs(r["battle_shift"]) >= 0.0005:
        moved.append(f"battle {fmt(r['battle_shift'], 3, True)}")
    if r["rejections"] and abs(r["rejection_shift"]) >= 0.0005:
        moved.append(f"rejections {fmt(r['rejection_shift'], 3, True)}")
    digits = 3 if not moved or fmt(r["before"], 3) != fmt(r["after"], 3) else 4
    if not moved and fmt(r["before"], 3) != fmt(r["after"], 3):  # small moves adding up
        moved.append(f"small moves, {fmt(r['after'] - r['before'], 3, True)} in all")
    return (
        f"Beliefs: {PARTY_NAME[r['party']]} about {POSSESSIVE[r['about']]} resolve "
        f"{span(r['before'], r['after'], digits)} ({', '.join(moved) or 'no change'}; truth "
        f"{r['truth']:.3f})."
    )


def short_proposal_text(r: dict) -> str:
    """A proposal told again: who proposes what."""
    track = r["track"]
    if track == "ceasefire":
        return f"Ceasefire track: the US proposes the {r['length_weeks']}-week ceasefire again."
    if track == "truce":
        return "Partial truce: the US proposes the energy-strike moratorium again."
    package = package_text(r["package"].values())
    if track == "settlement":
        return f"Settlement track: the US proposes {package}."
    return f"{PARTY_NAME[r['proposer']]} makes a counter-offer: {package}."


SHORT_TEXT = {
    "decision": short_text,
    "belief": short_belief_text,
    "proposal": short_proposal_text,
    "no_counter": lambda r: f"{PARTY_NAME[r['party']]} states no package of its own.",
}
"""How a record already told in full is told again."""


def point_text(p: dict) -> str:
    """One turning point of the brief in words."""
    kind, week = p["kind"], p["week"]
    if kind == "ceasefire":
        halted = " (Western aid halted)" if p["aid_halt"] else ""
        if p["end"] is None:
            return f"ceasefire{halted} from week {p['start']}, holding at the horizon"
        if p["end"] == "settlement" and "package_of" in p:
            return (
                f"ceasefire{halted} from week {p['start']}, replaced in week {week} by "
                f"{PACKAGE_OF[p['package_of']]}, signed"
            )
        return f"ceasefire{halted} from week {p['start']}, {CEASEFIRE_END[p['end']]} in week {week}"
    if kind == "truce_start" and len(p.get("weeks", ())) > 1:
        return f"energy-strike moratoriums from weeks {and_list([str(w) for w in p['weeks']])}"
    if kind == "settlement":
        return f"{PACKAGE_OF[p['package_of']]} signed in week {week}"
    return {
        "withdrawal": f"Ukraine leaves Kursk in week {week}",
        "aid": f"US aid resumes in week {week}",
        "event": f"week {week}: {p.get('set')}",
        "truce_start": f"energy-strike moratorium from week {week}",
        "breakdown": f"the settlement breaks down in week {week}",
        "escalation": f"escalation in week {week}",
    }[kind]


def beliefs_text(path: dict[str, dict]) -> str:
    """Each side's estimate of the other's resolve, first and last week, against the truth."""
    said = [
        f"{PARTY_NAME[k]}'s estimate of {POSSESSIVE[v['about']]} resolve "
        f"{span(v['start'], v['end'], 3)} (truth {v['truth']:.3f})"
        for k, v in path.items()
    ]
    return "; ".join(said)


def brief_text(r: dict) -> str:
    """The turning points of the run in one paragraph, before the week-by-week story."""
    context = r["context"]
    said = [point_text(p) for p in _truces_together(context["points"])]
    text = "In brief: " + ("; ".join(said) if said else "no ceasefire, no settlement") + "."
    if context["beliefs"]:
        text += f" Beliefs: {beliefs_text(context['beliefs'])}."
    return text + f" Outcome: {OUTCOME_LABELS[context['outcome']].lower()}."


def _truces_together(points: list[dict]) -> list[dict]:
    """The brief's points with every truce start told once, where the first one is."""
    starts = [p["week"] for p in points if p["kind"] == "truce_start"]
    out, told = [], False
    for p in points:
        if p["kind"] != "truce_start":
            out.append(p)
        elif not told:
            out.append({**p, "weeks": starts})
            told = True
    return out


def run_text(run: int, runs: int) -> str:
    """Which run this is, as the user numbered it: ``run 3 of 1,000``."""
    if run < runs:
        return f"run {run:,} of {runs:,}"
    return f"run {run:,} (the scenario makes {runs:,} runs; this one needs --runs {run + 1:,})"


def header_text(r: dict) -> str:
    """Which run this is, and the values its uncertain parameters drew."""
    start = dt.date.fromisoformat(r["context"]["start"])
    context = r["context"]
    text = (
        f"negsim explain: scenario '{r['scenario']}', seed {r['seed']}, "
        f"{run_text(r['run'], context['runs'])}; {context['weeks']} weeks from "
        f"{date_text(start)}."
    )
    if r["drawn"]:
        text += (
            " Drawn for this run: "
            + "; ".join(f"{k} = {v:.4g}" for k, v in r["drawn"].items())
            + "."
        )
    return text


def _state_text(context: dict) -> str:
    """What holds through a folded stretch."""
    if context["settled"]:
        risk = context["risk"]
        return "the settlement holds" + (
            f" (weekly breakdown risk {percent(risk)})" if risk is not None else ""
        )
    if context["in_force"]:
        return "the ceasefire holds"
    state = "fighting continues"
    if context["cooloff"]:
        state += ", no ceasefire on offer (cool-off)"
    if context["truce"]:
        state += ", under an energy-strike moratorium"
    return state


def quiet_text(r: dict) -> str:
    """One line for a stretch of weeks with the same answers and nothing else happening."""
    first, last = r["weeks"]
    context = r["context"]
    stretch = f"Week {first}" if first == last else f"Weeks {first}–{last}"
    if context["settled"]:
        return f"{stretch}: {_state_text(context)}{_donors_text(context['donors'])}."
    text = (
        f"{stretch}: {_state_text(context)}; no change in positions (the same answers for the "
        f"same reasons)."
    )
    first_bf, last_bf = context["first"], context["last"]
    if first_bf is not None and last_bf is not None:
        kursk = span(first_bf["kursk_control"] * 100, last_bf["kursk_control"] * 100, 0)
        momentum = span(first_bf["momentum"], last_bf["momentum"], 2, True)
        text += f" Kursk {kursk} %, momentum {momentum}."
    beliefs = {
        k: {"about": v["about"], "start": v["before"], "end": v["after"], "truth": v["truth"]}
        for k, v in context["beliefs"].items()
    }
    if beliefs:
        text += f" Beliefs: {beliefs_text(beliefs)}."
    extended = context["extended"]
    if extended:
        text += (
            f" The ceasefire was extended again in week {', '.join(map(str, extended))}: both "
            f"still preferred it to fighting."
        )
    said = [fold_clause(d) for d in context["decisions"]]
    if said:
        lead = f" Week {last}: " if last > first else " Answers: "
        text += lead + "; ".join(said) + "."
    return text


def _donors_text(donors: list) -> str:
    """Donor aid delivered during a folded stretch, by week (none: nothing)."""
    by_week: dict[int, list[str]] = {}
    for week, name in donors:
        by_week.setdefault(week, []).append(name)
    said = [f"{and_list(names)} (week {week})" for week, names in by_week.items()]
    return f"; donor aid delivered meanwhile: {'; '.join(said)}" if said else ""


def and_list(names: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def fold_clause(r: dict) -> str:
    """A decision inside a folded stretch: the answer and its numbers, in a few words."""
    name = PARTY_NAME[r["party"]]
    r = {**r, "shown": decision_shown(r)}
    answer = "yes" if r["accepted"] else "no"
    if r["track"] in MARGIN_TRACKS:
        numbers = _margin_clause(r)
        if r["track"] == "truce":
            return f"{name} {answer} to the moratorium ({numbers})"
        if r["proposer"] == r["party"]:
            verb = "offers" if r["accepted"] else "withholds"
            return f"{name} {verb} its aid-halt version ({numbers})"
        what = "Russia's version" if r["track"] == "ceasefire_aid_halt" else "the ceasefire"
        return f"{name} {answer} to {what} ({numbers})"
    what = PACKAGE_OF[r["proposer"]]
    return f"{name} {answer} to {what} ({_settlement_clause(r)})"


def _settlement_end(row: dict, context: dict) -> str:
    """How the run's settlements went, ending with the one that holds or broke down last."""
    horizon = f"the horizon (after {weeks_text(context['horizon'])})"
    found = context["signings"]
    if not found:  # a record written before the outcome listed its settlements
        return f"a settlement was signed in week {row['settlement_week']}"
    last = found[-1]
    signed = f"{PACKAGE_OF[last['package_of']]}, signed in week {last['week']}"
    terms = package_text(last["terms"].values())
    if last["broke"] is None:
        text = f"{signed}, holds at {horizon}: {terms}"
    else:
        text = f"{signed}, broke down in week {last['broke']}: {terms}"
    if len(found) > 1:
        earlier = [
            f"{PACKAGE_OF[x['package_of']]} signed in week {x['week']} broke down in week "
            f"{x['broke']}"
            for x in found[:-1]
        ]
        text += (
            f". Before it, {and_list(earlier)}; runs.csv keeps the first settlement's week "
            f"and terms"
        )
    return text


def _ceasefires_end(context: dict, first: int | None) -> str:
    """How the run's last ceasefire ended (collapsed or lapsed), and when the first began."""
    found = context.get("ceasefires") or []
    if not found or found[-1]["end"] not in ("violation", "lapse"):
        return f"a ceasefire was agreed in week {first}, then collapsed or lapsed"
    last = found[-1]
    halted = " (Western aid halted)" if last["aid_halt"] else ""
    how = "collapsed" if last["end"] == "violation" else "lapsed"
    text = f"a ceasefire{halted} agreed in week {last['start']} {how} in week {last['week']}"
    if len(found) > 1:
        text += f" (the first of {len(found)} began in week {first})"
    return text


def outcome_text(r: dict) -> str:
    """The run's outcome, weeks, terms and final beliefs (the same as its runs.csv row)."""
    row, context = r["row"], r["context"]
    cw = r["ceasefire_week"]
    horizon = f"the horizon (after {weeks_text(context['horizon'])})"
    outcome = row["outcome"]
    first_ceasefire = f" (the first ceasefire came in week {cw})" if cw is not None else ""
    text = {
        "escalation": f"a wider regional escalation broke out in week {context['end_week']}",
        "comprehensive_settlement": f"{{settled}}{first_ceasefire}",
        "settlement_collapsed": f"{{settled}}; no agreement holds at {horizon}",
        "ceasefire_holding": f"a ceasefire holds at {horizon}; the first was agreed in week {cw}",
        "ceasefire_collapsed": f"{_ceasefires_end(context, cw)}; none holds at {horizon}",
        "war_continues": f"no agreement by {horizon}",
    }[outcome]
    if "{settled}" in text:
        text = text.replace("{settled}", _settlement_end(row, context))
    if outcome == "escalation" and r["terms"]:
        text += f", after {_settlement_end(row, context)}"
    truce = ""
    if row.get("truce_week") is not None:
        truce = (
            f" An energy-strike moratorium first held from week {row['truce_week']} "
            f"({weeks_text(row['truce_weeks'])} in force in all)."
        )
    truth = r["truth"]
    beliefs = (
        f" Final beliefs: Russia reckons Ukraine's resolve at "
        f"{row['belief.russia_about_ukraine']:.3f} (truth {truth['russia']:.3f}), Ukraine "
        f"reckons Russia's at {row['belief.ukraine_about_russia']:.3f} "
        f"(truth {truth['ukraine']:.3f})."
        if truth
        else ""
    )
    return (
        f"Outcome: {OUTCOME_LABELS[outcome].lower()} (runs.csv: {outcome}) — {text}. At the end "
        f"Russia holds {100 * row['kursk_control_final']:.0f} % of the Kursk salient and "
        f"{ground_text(row['territory_change']).removeprefix('Russia ')}; casualties Russia "
        f"{row['casualties.russia']:.0f}k, Ukraine {row['casualties.ukraine']:.0f}k; US aid "
        f"was paused for {weeks_text(row['aid_paused_weeks'])}.{truce}{beliefs}"
    )


STORY_TEXT = {"header": header_text, "brief": brief_text, "outcome": outcome_text}
"""The text of each story-level record (the weeks' records are told by ``told_record``)."""
