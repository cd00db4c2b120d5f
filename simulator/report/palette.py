"""Colours, labels and chart styles shared by every negsim chart (no matplotlib import here).

One colour per outcome and per actor, the same in every chart, from the Okabe–Ito palette
(Okabe & Ito 2008), which stays distinguishable for the common forms of colour blindness and
in greyscale print. The nine Okabe–Ito colours are used once each: six outcomes and three
actors. Failures take the warm colours (a collapsed settlement yellow, a collapsed ceasefire
orange, escalation vermillion); what holds takes the cool ones. Ceasefire shading is a tint of
the ceasefire colour, and the partial-truce line is drawn dashed in black.
"""

from __future__ import annotations

from dataclasses import dataclass

from simulator.analysis import SETTLEMENT
from simulator.rules import AGREEMENT
from simulator.rules import ISSUE_LABELS as RULES_ISSUE_LABELS

OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
    "grey": "#999999",
}

OUTCOME_COLOURS = {
    "escalation": OKABE_ITO["vermillion"],
    "comprehensive_settlement": OKABE_ITO["bluish_green"],
    "settlement_collapsed": OKABE_ITO["yellow"],
    "ceasefire_holding": OKABE_ITO["sky_blue"],
    "ceasefire_collapsed": OKABE_ITO["orange"],
    "war_continues": OKABE_ITO["grey"],
}
OUTCOME_LABELS = {
    "escalation": "Wider escalation",
    "comprehensive_settlement": "Comprehensive settlement",
    "settlement_collapsed": "Settlement collapsed",
    "ceasefire_holding": "Ceasefire holding",
    "ceasefire_collapsed": "Ceasefire collapsed",
    "war_continues": "War continues",
}
# The derived indicator "any agreement" (``rules.outcomes.AGREEMENT``): its label and colour.
AGREEMENT_LABEL = "Any agreement (settlement or ceasefire)"
AGREEMENT_COLOUR = OKABE_ITO["black"]

# The studies' indicators (compare, sweep, sensitivity): the six outcomes and the two derived
# ones, "any settlement" (``analysis.SETTLEMENT``) drawn in the settlement colour, dashed, and
# "any agreement" in black, dotted; the outcomes are drawn solid.
SETTLEMENT_LABEL = "Any settlement (held or collapsed)"
INDICATOR_LABELS = {**OUTCOME_LABELS, SETTLEMENT: SETTLEMENT_LABEL, AGREEMENT: AGREEMENT_LABEL}
INDICATOR_COLOURS = {
    **OUTCOME_COLOURS,
    SETTLEMENT: OUTCOME_COLOURS["comprehensive_settlement"],
    AGREEMENT: AGREEMENT_COLOUR,
}
INDICATOR_LINES = {SETTLEMENT: "--", AGREEMENT: ":"}
"""Line style of each derived indicator where it is drawn beside the outcomes (these: solid)."""

ACTOR_COLOURS = {
    "us": OKABE_ITO["black"],
    "russia": OKABE_ITO["reddish_purple"],
    "ukraine": OKABE_ITO["blue"],
}
ACTOR_LABELS = {"us": "United States", "russia": "Russia", "ukraine": "Ukraine"}
ACTOR_MARKERS = {"us": "s", "russia": "D", "ukraine": "o"}

# The first-ceasefire line uses the ceasefire colour, settlement the settlement colour.
CEASEFIRE_COLOUR = OUTCOME_COLOURS["ceasefire_holding"]
SETTLEMENT_COLOUR = OUTCOME_COLOURS["comprehensive_settlement"]
CEASEFIRE_SHADE = OKABE_ITO["sky_blue"]
# The partial truce (an energy-strike moratorium) is not an outcome: a dashed black line.
TRUCE_COLOUR = OKABE_ITO["black"]
# The week-by-week states of a run (time to event), coloured as the outcome each becomes.
STATE_COLOURS = {
    "escalated": OUTCOME_COLOURS["escalation"],
    "settled": OUTCOME_COLOURS["comprehensive_settlement"],
    "ceasefire_active": OUTCOME_COLOURS["ceasefire_holding"],
    "at_war": OUTCOME_COLOURS["war_continues"],
}
STATE_LABELS = {
    "escalated": "Escalated",
    "settled": "Under a settlement",
    "ceasefire_active": "In a ceasefire",
    "at_war": "At war (also after a failed deal)",
}
TRUCE_LABEL = "Partial truce (no strikes on energy)"
# Battlefield series are Russian control, so they take Russia's colour.
BATTLEFIELD_COLOUR = ACTOR_COLOURS["russia"]

ISSUE_LABELS = RULES_ISSUE_LABELS  # one wording of the issues, kept with the metrics' labels

DISCLAIMER = "illustrative model output, not a forecast"
DISCLAIMER_LINE = DISCLAIMER[0].upper() + DISCLAIMER[1:] + "."
"""The disclaimer as a sentence, closing every text output and page."""


@dataclass(frozen=True)
class Style:
    """Figure size and type sizes of one medium (a projected slide, a printed page)."""

    name: str
    size: tuple[float, float]  # inches
    font: float  # base font size, points
    line: float  # line width, points

    def rc(self) -> dict:
        """Matplotlib rcParams for this style."""
        return {
            "font.size": self.font,
            "axes.titlesize": self.font * 1.15,
            "axes.labelsize": self.font,
            "xtick.labelsize": self.font * 0.9,
            "ytick.labelsize": self.font * 0.9,
            "legend.fontsize": self.font * 0.85,
            "figure.titlesize": self.font * 1.3,
            "lines.linewidth": self.line,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.grid": True,
            "grid.alpha": 0.3,
            "svg.hashsalt": "negsim",  # stable element ids: identical data give identical SVG
            "svg.fonttype": "none",  # text stays text: small, fast, editable in slide software
            "text.parse_math": False,  # "$" in a user's name or title is a dollar, never TeX
        }


# Slides: 16:9 at 10 x 5.625 in (2000 x 1125 px at 200 dpi) with type that stays readable
# from the back of a lecture room; paper: a single-column page figure.
STYLES = {
    "slides": Style("slides", (10.0, 5.625), 14.0, 2.5),
    "paper": Style("paper", (6.5, 4.2), 8.0, 1.2),
}
DEFAULT_STYLE = "slides"
DPI = 200
