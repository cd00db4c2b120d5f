"""A discovery box in words: parameter names a class can read, and the box's one sentence.

"A ceasefire holds in 61 % of runs (base rate 18 %) where US pressure on Russia ≥ 0.45 and
Russian momentum ≤ 0.32; these runs are 40 % of all runs in which a ceasefire holds." Every
number in it is the box's own (``discovery.json``): density, base rate, each kept restriction's
limit, coverage. Percentages are whole (one decimal below 1 %); a limit is rounded to a
hundredth of the parameter's range in the runs.
"""

from __future__ import annotations

import math

from simulator.rules import ISSUE_LABELS

OUTCOME_PHRASES = {
    "escalation": "a wider escalation happens",
    "comprehensive_settlement": "a comprehensive settlement holds",
    "settlement_collapsed": "a settlement is signed and then breaks down",
    "ceasefire_holding": "a ceasefire holds",
    "ceasefire_collapsed": "a ceasefire is agreed and then collapses or lapses",
    "war_continues": "the war goes on with no agreement",
    "settlement": "a settlement is signed",
    "agreement": "a ceasefire or a settlement is agreed",
}
"""What each outcome and derived indicator is, as the clause of a sentence."""

PARAMETER_LABELS = {
    "actors.us.pressure_on_russia": "US pressure on Russia",
    "actors.us.bias": "US bias toward its own interests",
    "actors.russia.resolve": "Russia's resolve",
    "actors.ukraine.resolve": "Ukraine's resolve",
    "actors.russia.optimism": "Russia's optimism",
    "actors.ukraine.optimism": "Ukraine's optimism",
    "battlefield.observation_noise": "observation noise",
    "battlefield.russian_momentum": "Russian momentum",
    "battlefield.kursk_russian_control": "Russian control of Kursk salient",
    "escalation.weekly_hazard": "escalation hazard",
    "settlement.monitoring": "settlement monitoring",
    "settlement.guarantees": "security guarantees' effect",
    "ceasefire.monitoring": "ceasefire monitoring",
    "beliefs.bluff": "chance that a side bluffs",
}
"""Parameters by the words of the dashboard's levers (a test keeps the two the same), written
for the middle of a sentence; every other parameter is named from its path."""

ACTORS = {"us": "US", "russia": "Russia's", "ukraine": "Ukraine's"}
SIDES = {"min": "the least it accepts", "max": "the most it accepts"}


def _words(part: str) -> str:
    return part.replace("_", " ")


def parameter_label(path: str) -> str:
    """A parameter (dotted path, as in ``runs.csv``) in plain words, for mid-sentence."""
    if path in PARAMETER_LABELS:
        return PARAMETER_LABELS[path]
    parts = path.split(".")
    if parts[0] == "timeline" and len(parts) > 2:
        return f"{parameter_label('.'.join(parts[2:]))} from timeline event {parts[1]}"
    if parts[0] == "donors" and len(parts) == 3:
        return f"aid of donor {parts[1]} (£ m)"
    if parts[0] == "actors" and len(parts) >= 3 and parts[1] in ACTORS:
        return _actor_label(ACTORS[parts[1]], parts[2:])
    head, *rest = parts
    tail = [f"({_words(p).title()})" if p in ACTORS else _words(p) for p in rest]
    return " ".join([_words(head), *tail])


def _actor_label(actor: str, rest: list[str]) -> str:
    """``actors.<actor>.…``: an ideal point, salience, red line or any other field."""
    issue = ISSUE_LABELS.get(rest[1], _words(rest[1])).lower() if len(rest) > 1 else ""
    if rest[0] == "red_lines" and len(rest) == 3:
        return f"{actor} red line on {issue} ({SIDES.get(rest[2], rest[2])})"
    if rest[0] == "ideal" and issue:
        return f"{actor} ideal point on {issue}"
    if rest[0] == "salience" and issue:
        return f"{actor} salience of {issue}"
    return f"{actor} {' '.join(map(_words, rest))}"


def capitalised(text: str) -> str:
    """``text`` with its first letter upper case (a label at the head of a row)."""
    return text[:1].upper() + text[1:]


def decimals_for(span: float) -> int:
    """Decimals that show a hundredth of a range ``span`` wide (0.45 on a 0–1 range)."""
    if not span > 0:
        return 2
    return max(0, round(2 - math.log10(span)))


def bound(value: float, span: float) -> str:
    """A limit of a box as the sentence prints it."""
    return f"{value:.{decimals_for(span)}f}"


def percent(share: float) -> str:
    """A share as a whole percentage, with one decimal below 1 % (never "0 %" for a few)."""
    value = 100.0 * share
    if 0.0 < value < 0.95:
        return f"{value:.1f} %"
    return f"{value:.0f} %"


def restriction_words(restriction: dict, span: float) -> str:
    """``US pressure on Russia ≥ 0.45``, ``… ≤ 0.32`` or ``… between 0.20 and 0.50``."""
    label = parameter_label(restriction["parameter"])
    low, high = bound(restriction["low"], span), bound(restriction["high"], span)
    if restriction["low_restricted"] and restriction["high_restricted"]:
        return f"{label} between {low} and {high}"
    if restriction["low_restricted"]:
        return f"{label} ≥ {low}"
    return f"{label} ≤ {high}"


def spans(doc: dict) -> dict[str, float]:
    """Each parameter's range in the runs (the unit of its rounding)."""
    return {p["parameter"]: p["high"] - p["low"] for p in doc["parameters"]}


def joined(items: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def box_sentence(box: dict, doc: dict) -> str:
    """The box in one sentence, from its numbers in the discovery document ``doc``."""
    phrase = OUTCOME_PHRASES[doc["outcome"]]
    base = percent(doc["base_rate"])
    if not box["restrictions"]:
        return capitalised(
            f"{phrase} in {base} of all runs, and no combination of the parameters stands out: "
            "every restriction PRIM tried could be chance (quasi-p above "
            f"{doc['significance']:g})."
        )
    width = spans(doc)
    where = joined([restriction_words(r, width[r["parameter"]]) for r in box["restrictions"]])
    return capitalised(
        f"{phrase} in {percent(box['density'])} of runs (base rate {base}) where {where}; "
        f"these runs are {percent(box['coverage'])} of all runs in which {phrase}."
    )


def with_sentences(doc: dict) -> dict:
    """The discovery document with each box's ``sentence`` filled in."""
    boxes = [{**box, "sentence": box_sentence(box, doc)} for box in doc["boxes"]]
    return {**doc, "boxes": boxes}
