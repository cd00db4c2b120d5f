"""One week told in words: each record of ``simulator.analysis.explain_week`` with its text.

A told record is the record with ``text`` after its week and kind; a decision also gets the
numbers as printed (``shown``) and the mechanism behind its answer (``reason``), printed with
enough decimals that the printed numbers show the comparison the rule made. The record's
``context`` (numbers only the wording uses) is left out.

``narrate_week(model, week_state, world)`` gives the story lines of one week for any caller that
steps a ``ConflictModel`` itself (the dashboard does).
"""

from __future__ import annotations

from simulator.analysis import OWN_EDGE, week_records
from simulator.report.explain_words import (
    OTHER,
    PACKAGE_OF,
    PARTY_NAME,
    POSSESSIVE,
    enough_decimals,
    fmt,
    ground_text,
    package_text,
    percent,
    red_line_text,
    signed_margin,
    weeks_text,
)

LEFT_OUT = ("week", "kind", "context", "retold")
"""Record keys a told record does not copy after its text (``week`` and ``kind`` lead it)."""

MARGIN_TRACKS = ("ceasefire", "ceasefire_aid_halt", "truce")
"""Decision tracks whose rule compares one margin with zero."""


def _battlefield_text(r: dict) -> str:
    """The week's battle, the front, the casualties and where US aid stands."""
    paused, supply = r["us_aid_paused"], r["us_supply"]
    if r["context"]["aid_halted"]:
        aid = "Western military aid halted under the ceasefire"
    elif not paused:
        aid = "US aid flowing" if supply > 0 else "US aid resumed, not yet at the front"
    elif supply > 0:
        aid = "US aid paused (earlier deliveries still arriving)"
    else:
        aid = "US aid paused and no longer reaching the front"
    battle = r["battle"]
    if battle is None:
        fight = "no fighting this week"
    else:
        side = "Russia" if battle > 0 else "Ukraine"
        fight = f"battle result {fmt(battle, 2, True)} ({side} had the better of the week)"
    cas = r["casualties"]
    return (
        f"Front: {fight}; momentum {fmt(r['momentum'], 2, True)}; Russia holds "
        f"{100 * r['kursk_control']:.0f} % of the Kursk salient; "
        f"{ground_text(r['territory_change'])}; casualties so far Russia "
        f"{cas['russia']:.0f}k, Ukraine {cas['ukraine']:.0f}k; {aid}."
    )


def settlement_shown(r: dict) -> dict[str, str]:
    """A settlement-track decision's two numbers as printed: the deal and fighting on."""
    value, fight = r["value"], r["fight_value"]
    d = enough_decimals([(value, fight)], 3)
    return {"value": fmt(value, d), "fight": fmt(fight, d)}


def decision_shown(r: dict) -> dict[str, str]:
    """A decision's numbers as printed."""
    if r["track"] in MARGIN_TRACKS:
        return {"margin": signed_margin(r["margin"])}
    return settlement_shown(r)


def is_ceasefire(r: dict) -> bool:
    """Whether a decision is on the ceasefire track (the US ceasefire or Russia's version)."""
    return r["track"] in ("ceasefire", "ceasefire_aid_halt")


def ceasefire_reason(r: dict) -> str:
    """The mechanism behind a ceasefire-track answer, in words."""
    party, halt, momentum = r["party"], r["track"] == "ceasefire_aid_halt", r["momentum"]
    other = PARTY_NAME[OTHER[party]]
    context = r["context"]
    regroup = f"{100 * context['regroup']:.0f} %"
    own = r["why"] == OWN_EDGE
    edge = f"The front's momentum ({fmt(momentum, 2, True)}) is with {'it' if own else other}"
    if halt and party == "russia":
        pause = (
            "with Western aid halted, the pause weakens Ukraine, not Russia"
            if own
            else "with Western aid halted, the pause would cut Ukraine's strength"
        )
    elif halt:
        pause = (
            "with Western aid halted it would lose strength during the pause"
            if not r["accepted"]
            else "even with Western aid halted, a pause costs it less than fighting"
        )
    elif own:
        pause = f"a pause would let {other} regroup (the edge fades by {regroup} over the pause)"
    else:
        pause = f"a pause would blunt {other}'s edge (it fades by {regroup} over the pause)"
    aid = "; and a ceasefire brings paused US aid back to Ukraine" if context["aid_back"] else ""
    return f"{edge}: {pause}{aid}."


def truce_reason(r: dict) -> str:
    """Why a side takes or refuses the energy-strike moratorium, with its weekly numbers."""
    spared, leverage = r["spared"], r["leverage"]
    d = enough_decimals([(spared, leverage)], 4)
    verb = "outweigh" if spared >= leverage else "do not outweigh"
    return (
        f"The strikes it is spared ({spared:.{d}f} a week) {verb} the leverage of its own "
        f"strikes it gives up ({leverage:.{d}f} a week)."
    )


def settlement_reason(r: dict) -> str:
    """Why a settlement-track answer is what it is, in a few words (its ``why`` and more)."""
    why = r["why"]
    if r["accepted"]:
        return f"{why}, within its red lines"
    if why == "bluff":
        return "it would gain by signing, but bluffs to look more resolved than it is"
    if why == "crosses a red line":
        return f"crosses its red line on {r['red_line']['issue']}"
    return why


def _ceasefire_decision_text(r: dict, shown: dict[str, str], reason: str) -> str:
    """A ceasefire-track answer with its margin and the mechanism behind it."""
    name, accepted = PARTY_NAME[r["party"]], r["accepted"]
    margin = shown["margin"]
    if r["proposer"] == r["party"]:
        verb = "proposes" if accepted else "does not propose"
        return (
            f"{name} {verb} its own version, a ceasefire with Western military aid halted: for "
            f"it the pause minus fighting the same weeks is {margin}. {reason}"
        )
    what = "Russia's version" if r["track"] == "ceasefire_aid_halt" else "the ceasefire"
    verb = "accepts" if accepted else "rejects"
    return f"{name} {verb} {what}: the pause minus fighting the same weeks is {margin}. {reason}"


def _truce_decision_text(r: dict, shown: dict[str, str], reason: str) -> str:
    """An answer to the energy-strike moratorium with its margin over the truce's weeks."""
    name = PARTY_NAME[r["party"]]
    verb = "accepts" if r["accepted"] else "rejects"
    weeks = r["context"]["length_weeks"]
    return f"{name} {verb} the moratorium: over {weeks} weeks it nets {shown['margin']}. {reason}"


def _settlement_decision_text(r: dict, shown: dict[str, str]) -> str:
    """A settlement-track answer with its numbers (and the red line it crosses, by name)."""
    name, accepted, proposer = PARTY_NAME[r["party"]], r["accepted"], r["proposer"]
    numbers = (
        f"worth {shown['value']} to it net of the risk that the settlement breaks down, "
        f"against {shown['fight']} for fighting on"
    )
    what = PACKAGE_OF[proposer]
    head = f"{name} {'accepts' if accepted else 'rejects'} {what}"
    if accepted:
        return f"{head}: {numbers}; it crosses none of its red lines."
    if r["red_line"] is not None:
        return f"{head}: {red_line_text(r['red_line'], 'its')}; {numbers}."
    if r["why"] == "bluff":
        return (
            f"{head} although it would gain by signing: {numbers}, within its red lines. A "
            f"bluff: it holds out to look more resolved than it is."
        )
    return f"{head}: {numbers}; fighting on is worth more."


def _margins(r: dict) -> str:
    """Both parties' margins on a ceasefire or truce that reaches its end."""
    return ", ".join(f"{PARTY_NAME[k]} {signed_margin(v)}" for k, v in r["margins"].items())


def _ceasefire_status_text(r: dict) -> str:
    """A ceasefire in force (and the weeks of its term left)."""
    kind = "Western aid halted" if r["aid_halt"] else "the US proposal"
    left = r["weeks_left"]
    tail = f"; {weeks_text(left)} of its term left" if r["context"]["in_term"] else ""
    return f"The ceasefire ({kind}) is in force{tail}."


def _through(r: dict) -> str:
    """The last week of a ceasefire's or truce's term, or that it runs past the run's end."""
    end = r["week"] + r["length_weeks"] - 1
    last = r.get("context", {}).get("last_week")
    if last is not None and end > last:
        return f"past week {last}, where the run ends"
    return f"through week {end}"


def _ceasefire_start_text(r: dict) -> str:
    """A ceasefire starting, and how long the front freezes."""
    return (
        f"A ceasefire starts{' with Western military aid halted' if r['aid_halt'] else ''}: "
        f"the front freezes for {weeks_text(r['length_weeks'])} ({_through(r)})."
    )


def _proposal_text(r: dict) -> str:
    """A proposal on one of the tracks: the US ceasefire, truce or package, or a counter."""
    track = r["track"]
    if track == "ceasefire":
        return f"Ceasefire track: the US proposes a {r['length_weeks']}-week ceasefire."
    if track == "truce":
        return (
            f"Partial truce: the US proposes a {r['length_weeks']}-week moratorium on strikes "
            f"against energy infrastructure (it does not freeze the front)."
        )
    package = package_text(r["package"].values())
    if track == "settlement":
        return (
            f"Settlement track: the US proposes {package}: the package its beliefs about both "
            f"sides make most likely to be signed, tilted toward US interests (bias "
            f"{r['context']['bias']:.2f})."
        )
    name, other = PARTY_NAME[r["proposer"]], PARTY_NAME[OTHER[r["proposer"]]]
    return (
        f"{name} makes a counter-offer: {package}, its best expected gain over "
        f"fighting on, given what it believes of {other}'s resolve."
    )


def _sequencing_text(r: dict) -> str:
    """Why the US has no ceasefire on offer this week (its sequencing of the tracks)."""
    n = r["switch_after"]
    if r["sequencing"] == "ceasefire_first":
        return (
            f"Ceasefire track: the US no longer offers the bare ceasefire; after {n} rejected "
            f"rounds it pursues a settlement instead."
        )
    return (
        f"Ceasefire track: the US offers no ceasefire; it seeks a settlement first and turns to "
        f"a ceasefire after {n} rejected settlement rounds."
    )


def _shift(shift: float) -> str:
    """A belief's movement, printed to three decimals ("did not move it" below that)."""
    return "did not move it" if abs(shift) < 0.0005 else f"moved it {fmt(shift, 3, True)}"


def _belief_text(r: dict) -> str:
    """What a side learnt this week about the other's resolve, against the hidden truth."""
    name, other = PARTY_NAME[r["party"]], PARTY_NAME[r["about"]]
    parts = []
    if r["battle"] is None:
        parts.append("no battle to learn from")
    else:
        shift = r["battle_shift"]
        looked = (
            ""
            if abs(shift) < 0.0005
            else f" ({other} fought like a {'more' if shift > 0 else 'less'} resolved side "
            f"than {name} expected)"
        )
        parts.append(f"the battle {_shift(shift)}{looked}")
    if r["rejections"]:
        said = {
            "us_package": f"{POSSESSIVE[r['about']]} no to the US package",
            "own_package": f"{POSSESSIVE[r['about']]} no to {name}'s counter-offer",
        }
        nos = " and ".join(said[k] for k in r["rejections"])
        shift = r["rejection_shift"]
        if abs(shift) < 0.0005:
            parts.append(f"{nos} taught it nothing (all the types it allows for answer alike)")
        else:
            parts.append(f"{nos} {_shift(shift)} (the types that would have said yes lose weight)")
    return (
        f"Beliefs: {name} reckons {POSSESSIVE[r['about']]} resolve at {r['after']:.3f} "
        f"(was {r['before']:.3f}): {'; '.join(parts)}. The truth, hidden from {name}: "
        f"{r['truth']:.3f}."
    )


def _aid_text(r: dict) -> str:
    """US military aid resuming, why, and when it reaches the front."""
    rule = r["context"]["rule"]
    why = {
        "ceasefire": "a ceasefire was agreed",
        "ukraine_acceptance": "Ukraine accepted a proposal",
        "settlement": "a settlement was signed",
    }.get(rule, rule)
    lag = weeks_text(r["lag_weeks"])
    if r["context"].get("settled"):  # the war is over: no front to reach
        return f"The US resumes military aid ({why}); deliveries to Ukraine start in {lag}."
    return f"The US resumes military aid ({why}); it reaches the front in {lag}."


def _settlement_text(r: dict) -> str:
    """A settlement signed: whose package, its terms, its breakdown risk."""
    both = (
        " (both sides' counter-offers were acceptable; the one with the larger joint gain is "
        "signed)"
        if r["context"]["both_counters"]
        else ""
    )
    return (
        f"Settlement: Russia and Ukraine sign {PACKAGE_OF[r['package_of']]}{both}: "
        f"{package_text(r['terms'].values())}. Its weekly breakdown risk is "
        f"{percent(r['weekly_breakdown_risk'])}; the war stops while it holds."
    )


def _event_text(r: dict) -> str:
    """A scheduled event of the scenario's timeline: which parameter, set to what."""
    if "parameter" not in r:  # a record written before events carried their value
        return f"Scheduled event: {r['set']}."
    value = r["value"]
    if isinstance(value, bool):
        shown = "true" if value else "false"
    elif isinstance(value, float):
        shown = f"{value:.4g}"
    else:
        shown = str(value)
    drawn = " (drawn for this run)" if r["drawn"] else ""
    return f"Scheduled event (the scenario's timeline): {r['parameter']} is now {shown}{drawn}."


def _donor_text(r: dict) -> str:
    """A donor's aid package arriving: at the front, or in store while a settlement holds."""
    package = f"{r['donor']} (£{r['amount_gbp_m']:,.0f} m)"
    if r.get("context", {}).get("settled"):
        return (
            f"Donor aid is delivered to Ukraine: {package}; no fighting while the settlement holds."
        )
    return f"Donor aid reaches Ukraine's front: {package}."


HELD_OUT_ON = {"ceasefire": "the ceasefire", "settlement": "the US package"}


def _pressure_text(r: dict) -> str:
    """US pressure rising on a Russia that said no to what Ukraine accepted."""
    what = " and ".join(HELD_OUT_ON[k] for k in r.get("held_out_on", ()))
    why = f"Russia said no to {what}, which Ukraine accepted" if what else "Russia held out"
    return f"US pressure on Russia rises to {r['pressure']:.2f}: {why}."


TEXT = {
    "battlefield": _battlefield_text,
    "event": _event_text,
    "donor": _donor_text,
    "withdrawal": lambda r: (
        f"Ukraine withdraws from Kursk to preserve its forces: Russian control had "
        f"reached its threshold of {100 * r['threshold']:.0f} %; Russia now holds all of "
        f"it, and the Kursk bargaining chip is gone."
    ),
    "ceasefire_status": _ceasefire_status_text,
    "cooloff": lambda r: (
        f"No ceasefire on offer: talks pause after the collapse "
        f"({weeks_text(r['weeks_left'])} of cool-off left)."
    ),
    "sequencing": _sequencing_text,
    "proposal": _proposal_text,
    "no_counter": lambda r: (
        f"{PARTY_NAME[r['party']]} states no package of its own: none that beats fighting on "
        f"for it has, by its belief, a chance of being accepted by "
        f"{PARTY_NAME[OTHER[r['party']]]}."
    ),
    "ceasefire_start": _ceasefire_start_text,
    "truce_start": lambda r: (
        f"An energy-strike moratorium starts for {weeks_text(r['length_weeks'])} "
        f"({_through(r)}); the front keeps moving."
    ),
    "truce_status": lambda r: (
        f"The energy-strike moratorium is in force ({weeks_text(r['weeks_left'])} of its term "
        f"left)."
    ),
    "truce_violation": lambda r: (
        f"The energy-strike moratorium is violated and ends; it is not offered again for "
        f"{r['cooloff_weeks']} weeks."
    ),
    "truce_lapse": lambda r: (
        f"The energy-strike moratorium reaches its end and lapses: not both gain by it "
        f"({_margins(r)})."
    ),
    "truce_renewal": lambda r: (
        f"The energy-strike moratorium reaches its end and is renewed for "
        f"{r['length_weeks']} weeks: both still gain by it ({_margins(r)})."
    ),
    "truce_cooloff": lambda r: (
        f"No energy-strike moratorium on offer after the violation "
        f"({weeks_text(r['weeks_left'])} left)."
    ),
    "belief": _belief_text,
    "settlement": _settlement_text,
    "settlement_status": lambda r: (
        f"The settlement holds (weekly breakdown risk {percent(r['weekly_breakdown_risk'])})."
    ),
    "breakdown": lambda r: (
        "The settlement breaks down"
        + (f" (breakdown {r['breakdowns']} of this run)" if r["breakdowns"] > 1 else "")
        + ": the war resumes, and with it the talks."
    ),
    "violation": lambda r: (
        f"The ceasefire is violated and collapses; no new ceasefire is offered for "
        f"{r['cooloff_weeks']} weeks."
    ),
    "extension": lambda r: (
        f"The ceasefire reaches its end and is extended {r['context']['length_weeks']} more "
        f"weeks: both still prefer it to fighting (pause minus fighting: {_margins(r)})."
    ),
    "lapse": lambda r: (
        f"The ceasefire reaches its end and lapses: "
        f"{' and '.join(PARTY_NAME[k] for k, v in r['margins'].items() if v < 0)} would "
        f"rather fight (pause minus fighting: {_margins(r)})."
    ),
    "aid": _aid_text,
    "pressure": _pressure_text,
    "escalation": lambda r: "A wider regional escalation breaks out; the run ends.",
}
"""The text of each kind of week record other than a decision."""


def decision_text(r: dict) -> tuple[str, dict[str, str], str]:
    """A decision's text, its numbers as printed and the reason behind it."""
    shown = decision_shown(r)
    if is_ceasefire(r):
        reason = ceasefire_reason(r)
        return _ceasefire_decision_text(r, shown, reason), shown, reason
    if r["track"] == "truce":
        reason = truce_reason(r)
        return _truce_decision_text(r, shown, reason), shown, reason
    return _settlement_decision_text(r, shown), shown, settlement_reason(r)


def told_record(r: dict) -> dict:
    """A week record as the story tells it: with its text (and a decision's shown and reason)."""
    words: dict[str, object] = {}
    if r["kind"] == "decision":
        text, shown, reason = decision_text(r)
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


def narrate_week(model, week_state, world: int, before=None) -> list[str]:
    """The story lines of one world's week, for a caller stepping the model (the dashboard).

    ``model`` is a ``ConflictModel`` and ``week_state`` the ``WeekState`` its observer is
    given. Call it from the model's observer (after the week): it reads the agents' state then.
    ``before`` (``simulator.analysis.world_before`` of the previous week) makes the
    ceasefire and truce lines exact; without it they are inferred from the week.
    """
    return [told_record(r)["text"] for r in week_records(model, week_state, world, before)]
