"""One week told in words: each record of ``simulator.analysis.explain_week`` with its text.

A told record is the record with ``text`` after its week and kind; a decision also gets the
numbers as printed (``shown``) and the mechanism behind its answer (``reason``), chosen with
enough decimals that the printed numbers show the comparison the rule made. The record's
``context`` (numbers only the wording uses) is left out.

``narrate_week(model, week_state, world)`` gives the story lines of one week for any caller that
steps a ``ConflictModel`` itself (the dashboard does).
"""

from __future__ import annotations

from simulator.analysis import OWN_EDGE, week_records
from simulator.report.explain_words import (
    OTHER,
    PARTY_NAME,
    enough_decimals,
    fmt,
    package_text,
    red_line_text,
)

LEFT_OUT = ("week", "kind", "context", "retold")
"""Record keys a told record does not copy after its text (``week`` and ``kind`` lead it)."""


def _battlefield_text(r: dict) -> str:
    """The front, the casualties and where US aid stands."""
    paused, supply = r["us_aid_paused"], r["us_supply"]
    if r["context"]["aid_halted"]:
        aid = "Western military aid halted under the ceasefire"
    elif not paused:
        aid = "US aid flowing" if supply > 0 else "US aid resumed, not yet at the front"
    elif supply > 0:
        aid = "US aid paused (earlier deliveries still arriving)"
    else:
        aid = "US aid paused and no longer reaching the front"
    cas = r["casualties"]
    return (
        f"Front: Russia holds {100 * r['kursk_control']:.0f} % of the Kursk salient; territory "
        f"{fmt(r['territory_change'], 2, True)} pp; momentum {fmt(r['momentum'], 2, True)}; "
        f"casualties so far Russia {cas['russia']:.0f}k, Ukraine {cas['ukraine']:.0f}k; {aid}."
    )


def ceasefire_shown(r: dict) -> dict[str, str]:
    """A ceasefire-track decision's two numbers as printed: the pause and fighting on."""
    pause, fight = r["pause_value"], r["fight_value"]
    d = enough_decimals([(pause, fight)], 3)
    return {"pause": fmt(pause, d, True), "fight": fmt(fight, d, True)}


def settlement_shown(r: dict) -> dict[str, str]:
    """A settlement-track decision's numbers as printed: value, aspiration, fighting on."""
    value, demand, outside = r["value"], r["aspiration"], r["outside"]
    d = enough_decimals([(value, demand), (value, outside)], 2)
    return {
        "value": fmt(value, d),
        "aspiration": fmt(demand, d),
        "outside": fmt(outside, d, signed=outside < 0),
    }


def is_ceasefire(r: dict) -> bool:
    """Whether a decision is on the ceasefire track (the US ceasefire or Russia's version)."""
    return r["track"] in ("ceasefire", "ceasefire_aid_halt")


def decision_shown(r: dict) -> dict[str, str]:
    """A decision's numbers as printed."""
    return ceasefire_shown(r) if is_ceasefire(r) else settlement_shown(r)


def ceasefire_reason(r: dict) -> str:
    """The mechanism behind a ceasefire-track answer, in words."""
    party, halt, fight = r["party"], r["track"] == "ceasefire_aid_halt", r["fight_value"]
    whose = "its" if party == "russia" else "Russia's"
    reads = f"It reads {whose} momentum as {fmt(r['belief'], 2, True)}"
    if r["why"] == OWN_EDGE:  # the party believes it holds the edge
        if fight > 0:
            kursk = r["context"]["kursk_gain"]
            fighting = "fighting gains ground" + (" and Kursk land" if kursk > 0 else "")
        else:
            cost = r["context"]["cost"]
            fighting = f"its gains no longer cover the war's cost ({cost:.3f} a week)"
        if halt:
            pause = "a pause with Western aid halted lets Russia regroup, not Ukraine"
        else:
            pause = f"a pause would let {PARTY_NAME[OTHER[party]]} regroup"
    else:
        fighting = "fighting on loses ground and men" if fight < 0 else "fighting on pays"
        if halt and party == "ukraine" and r["pause_value"] < fight:
            pause = "but with Western aid halted Russia would regroup and Ukraine not"
        elif halt and party == "ukraine":
            pause = "even with Western aid halted, a pause costs it less than fighting"
        elif halt:
            pause = "a pause with Western aid halted would let it regroup"
        else:
            pause = f"a pause would blunt {PARTY_NAME[OTHER[party]]}'s edge"
    return f"{reads}: {fighting}; {pause}."


def settlement_reason(r: dict) -> str:
    """Why a settlement-track answer is what it is, in a few words (its ``why`` and more)."""
    why = r["why"]
    if r["accepted"]:
        return f"{why} and beats fighting on, within its red lines"
    if why == "below its aspiration" and r["value"] < r["outside"]:
        return f"{why} and fighting on"
    return why


def _ceasefire_decision_text(r: dict, shown: dict[str, str], reason: str) -> str:
    """A ceasefire-track answer with its two numbers and the mechanism behind it."""
    name, accepted = PARTY_NAME[r["party"]], r["accepted"]
    length = r["context"]["length_weeks"]
    numbers = f"worth {shown['pause']} to it, fighting those {length} weeks {shown['fight']}"
    if r["proposer"] == r["party"]:
        verb = "proposes" if accepted else "does not propose"
        return (
            f"{name} {verb} its own version, a ceasefire with Western aid halted: "
            f"{numbers}. {reason}"
        )
    what = "Russia's version" if r["track"] == "ceasefire_aid_halt" else "the ceasefire"
    verb = "accepts" if accepted else "rejects"
    return f"{name} {verb} {what}: a pause is {numbers}. {reason}"


def _settlement_decision_text(r: dict, shown: dict[str, str]) -> str:
    """A settlement-track answer with its numbers (and the red line it crosses)."""
    name, accepted, proposer = PARTY_NAME[r["party"]], r["accepted"], r["proposer"]
    numbers = (
        f"worth {shown['value']} to it; it demands {shown['aspiration']} (aspiration), "
        f"fighting on is worth {shown['outside']}"
    )
    if proposer == "us":
        head = f"{name} {'accepts' if accepted else 'rejects'} the US package"
    elif proposer == r["party"]:
        head = f"{name} does not stand by its own package"
    else:
        head = (
            f"{PARTY_NAME[proposer]} counters with {package_text(r['package'].values())}; "
            f"{name} {'accepts' if accepted else 'rejects'}"
        )
    if accepted:
        return f"{head}: {numbers}; it crosses none of {name}'s red lines."
    if r["red_line"] is not None:
        return f"{head}: {red_line_text(r['red_line'], name)}; {numbers}."
    if r["value"] < r["aspiration"]:
        return f"{head}: {numbers}."
    return f"{head}: {numbers}; fighting on is worth more."


def _pause_and_fight(r: dict) -> str:
    """Both parties' pause and fighting values at a ceasefire's end."""
    bits = []
    for key, values in r["context"]["values"].items():
        pause, fight = values["pause"], values["fight"]
        d = enough_decimals([(pause, fight)], 3)
        bits.append(
            f"{PARTY_NAME[key]}: pause {fmt(pause, d, True)} vs fighting {fmt(fight, d, True)}"
        )
    return "; ".join(bits)


def _ceasefire_status_text(r: dict) -> str:
    """A ceasefire in force (and the weeks of its term left)."""
    kind = "Western aid halted" if r["aid_halt"] else "the US proposal"
    left = r["weeks_left"]
    tail = f"; {left} week(s) of its term left" if r["context"]["in_term"] else ""
    return f"The ceasefire ({kind}) is in force{tail}."


def _ceasefire_start_text(r: dict) -> str:
    """A ceasefire starting, and how long the front freezes."""
    length = r["length_weeks"]
    end = r["week"] + length - 1
    return (
        f"A ceasefire starts{' with Western military aid halted' if r['aid_halt'] else ''}: "
        f"the front freezes for {length} weeks (through week {end})."
    )


def _proposal_text(r: dict) -> str:
    """The US proposal on the ceasefire or the settlement track."""
    if r["track"] == "ceasefire":
        return f"Ceasefire track: the US proposes a {r['length_weeks']}-week ceasefire."
    return f"Settlement track: the US package is {package_text(r['package'].values())}."


def _extension_text(r: dict) -> str:
    """A ceasefire extended at its end, with both parties' numbers."""
    return (
        f"The ceasefire reaches its end and is extended {r['context']['length_weeks']} more "
        f"weeks: both still prefer it to fighting ({_pause_and_fight(r)})."
    )


def _lapse_text(r: dict) -> str:
    """A ceasefire lapsing at its end, with both parties' numbers."""
    against = [PARTY_NAME[k] for k in ("russia", "ukraine") if r["margins"][k] < 0]
    return (
        f"The ceasefire reaches its end and lapses: {' and '.join(against)} "
        f"prefer(s) fighting on ({_pause_and_fight(r)})."
    )


def _aid_text(r: dict) -> str:
    """US military aid resuming, why, and when it reaches the front."""
    rule = r["context"]["rule"]
    why = {
        "ceasefire": "a ceasefire was agreed",
        "ukraine_acceptance": "Ukraine accepted a proposal",
        "settlement": "a settlement was signed",
    }.get(rule, rule)
    return f"The US resumes military aid ({why}); it reaches the front in {r['lag_weeks']} weeks."


TEXT = {
    "battlefield": _battlefield_text,
    "event": lambda r: f"Scheduled event: {r['set']}.",
    "donor": lambda r: (
        f"{r['donor']}'s aid package (£{r['amount_gbp_m']:,.0f} m) reaches Ukraine's front."
    ),
    "withdrawal": lambda r: (
        f"Ukraine withdraws from Kursk to preserve its forces: Russian control had "
        f"reached its threshold of {100 * r['threshold']:.0f} %; Russia now holds all of "
        f"it, and the Kursk bargaining chip is gone."
    ),
    "ceasefire_status": _ceasefire_status_text,
    "cooloff": lambda r: (
        f"No ceasefire on offer: talks pause after the collapse "
        f"({r['weeks_left']} week(s) of cool-off left)."
    ),
    "proposal": _proposal_text,
    "ceasefire_start": _ceasefire_start_text,
    "settlement": lambda r: (
        f"Settlement: Russia and Ukraine sign {r['package_of']}: "
        f"{package_text(r['terms'].values())}."
    ),
    "violation": lambda r: (
        f"The ceasefire is violated and collapses; no new ceasefire is offered for "
        f"{r['cooloff_weeks']} weeks."
    ),
    "extension": _extension_text,
    "lapse": _lapse_text,
    "aid": _aid_text,
    "pressure": lambda r: (
        f"US pressure on Russia rises to {r['pressure']:.2f} (Russia held "
        f"out while Ukraine said yes)."
    ),
    "escalation": lambda r: "A wider regional escalation breaks out; the run ends.",
}
"""The text of each kind of week record other than a decision."""


def told_record(r: dict) -> dict:
    """A week record as the story tells it: with its text (and a decision's shown and reason)."""
    words: dict[str, object] = {}
    if r["kind"] == "decision":
        shown = decision_shown(r)
        if is_ceasefire(r):
            reason = ceasefire_reason(r)
            text = _ceasefire_decision_text(r, shown, reason)
        else:
            reason = settlement_reason(r)
            text = _settlement_decision_text(r, shown)
        words = {"shown": shown, "reason": reason}
    else:
        text = TEXT[r["kind"]](r)
    told = {"week": r["week"], "kind": r["kind"], "text": text}
    for key, value in r.items():
        if key == "why":  # a decision's words come just before its why
            told.update(words)
        if key not in LEFT_OUT:
            told[key] = value
    return told


def narrate_week(model, week_state, world: int) -> list[str]:
    """The story lines of one world's week, for a caller stepping the model (the dashboard).

    ``model`` is a ``ConflictModel`` and ``week_state`` the ``WeekState`` its observer is
    given. Call it from the model's observer (after the week): it reads the agents' state then.
    """
    return [told_record(r)["text"] for r in week_records(model, week_state, world)]
