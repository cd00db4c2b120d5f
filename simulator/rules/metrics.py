"""The per-run metrics negsim reports, each with its unit and a label in plain words (DESIGN §4).

One table for every place a metric is shown: ``summary.json`` (each metric carries ``unit`` and
``label``), the terminal table of ``negsim run``, the run's ``report.html`` and the glossary in
``docs/outputs.md``. A ``runs.csv`` column of the same name holds one run's value, in the same unit.
"""

from __future__ import annotations

from dataclasses import dataclass

from simulator.rules.negotiation import ISSUES


@dataclass(frozen=True)
class Metric:
    """One per-run metric: what a run's value is, its unit, and the runs it is counted over.

    ``label`` and ``unit`` are the full words (``summary.json``, reports, the glossary);
    ``short`` (at most 34 characters) and ``short_unit`` (at most 10) fit an 80-column terminal.
    """

    name: str
    label: str
    unit: str
    short: str
    short_unit: str


ISSUE_POLES: dict[str, tuple[str, str]] = {
    "neutrality": ("Ukraine free to join NATO", "binding permanent neutrality"),
    "territory": ("1991 borders restored", "all claimed regions ceded to Russia"),
    "armed_forces": (
        "no limits on Ukraine's armed forces",
        "Russia's demilitarisation demand in full",
    ),
    "western_aid": ("Western military aid unrestricted", "all Western military aid halted"),
    "sanctions": ("sanctions kept or tightened", "full sanctions relief"),
    "security_guarantees": ("strong guarantees for Ukraine", "no guarantees"),
}
"""What 0 (Ukraine's pole) and 1 (Russia's pole) mean on each issue of a settlement."""

ISSUE_LABELS = {
    "neutrality": "Neutrality",
    "territory": "Territory",
    "armed_forces": "Armed forces",
    "western_aid": "Western aid",
    "sanctions": "Sanctions",
    "security_guarantees": "Security guarantees",
}
"""Each issue in plain words, as every table and chart names it."""

WEEK_UNIT = "week number (week 0 = the start date)"
SCALE_UNIT = "scale 0–1 (0 = Ukraine's position, 1 = Russia's)"


def _term(issue: str) -> Metric:
    zero, one = ISSUE_POLES[issue]
    words = ISSUE_LABELS[issue]
    return Metric(
        f"terms.{issue}",
        f"{words} term of the signed settlement (the first one signed), from 0 = {zero} to "
        f"1 = {one}; over the runs that signed one, whether it held or broke down",
        SCALE_UNIT,
        f"Settled terms: {words.lower()}",
        "0-1 scale",
    )


_METRICS: tuple[Metric, ...] = (
    Metric(
        "ceasefire_week",
        "week the first ceasefire started (the US 30-day ceasefire or Russia's version with "
        "Western aid halted); over the runs that had one",
        WEEK_UNIT,
        "First ceasefire (runs with one)",
        "week",
    ),
    Metric(
        "settlement_week",
        "week the first settlement was signed; over the runs that signed one, whether it held "
        "or broke down",
        WEEK_UNIT,
        "Settlement signed (runs with one)",
        "week",
    ),
    Metric(
        "agreement_end_week",
        "week the first agreement (a general ceasefire or a settlement, whichever came first) "
        "ended: the fighting resumed or the war widened; over the runs where it ended before "
        "the horizon",
        WEEK_UNIT,
        "First agreement ended (runs with one)",
        "week",
    ),
    Metric(
        "truce_week",
        "week of the first partial truce (no strikes on energy infrastructure); over the runs "
        "that had one",
        WEEK_UNIT,
        "First energy truce (runs with one)",
        "week",
    ),
    Metric(
        "truce_weeks",
        "weeks a partial truce was in force during the run; over all runs (0 where there was none)",
        "weeks",
        "Weeks under an energy truce",
        "weeks",
    ),
    *(_term(issue) for issue in ISSUES),
    Metric(
        "kursk_control_final",
        "share of the Kursk salient (the ground Ukraine seized in August 2024) that Russia "
        "controls at the end of the run, from 0 (none) to 1 (all of it); over all runs",
        "share 0–1 of the Kursk salient",
        "Kursk salient Russia holds at end",
        "share 0-1",
    ),
    Metric(
        "territory_change",
        "change in the share of the claimed regions that Russia holds, from the start to the "
        "end of the run, in percentage points (positive: Russia gained ground); over all runs",
        "percentage points of the claimed regions",
        "Claimed regions Russia gained",
        "% points",
    ),
    Metric(
        "casualties.russia",
        "Russian killed and wounded from the start to the end of the run, in thousands (none "
        "while a settlement holds; the count stops at an escalation); over all runs",
        "thousands of people",
        "Russian killed and wounded",
        "thousands",
    ),
    Metric(
        "casualties.ukraine",
        "Ukrainian killed and wounded from the start to the end of the run, in thousands (none "
        "while a settlement holds; the count stops at an escalation); over all runs",
        "thousands of people",
        "Ukrainian killed and wounded",
        "thousands",
    ),
    Metric(
        "aid_paused_weeks",
        "weeks US military aid was paused during the run (weeks after an escalation are not "
        "counted); over all runs",
        "weeks",
        "Weeks US military aid was paused",
        "weeks",
    ),
    Metric(
        "proposals",
        "proposals made during the run on every track (US ceasefires, Russia's aid-halt "
        "ceasefire, partial truces, US settlement packages and counter-offers); over all runs",
        "proposals (a count)",
        "Proposals made, all tracks",
        "count",
    ),
    Metric(
        "belief.russia_about_ukraine",
        "Russia's final mean belief about Ukraine's resolve, on the resolve scale from 0 to 1 "
        "(the truth is drawn per run and hidden from Russia); over all runs",
        "resolve scale 0–1",
        "Russia's belief: Ukraine's resolve",
        "0-1 scale",
    ),
    Metric(
        "belief.ukraine_about_russia",
        "Ukraine's final mean belief about Russia's resolve, on the resolve scale from 0 to 1 "
        "(the truth is drawn per run and hidden from Ukraine); over all runs",
        "resolve scale 0–1",
        "Ukraine's belief: Russia's resolve",
        "0-1 scale",
    ),
)

METRICS: dict[str, Metric] = {m.name: m for m in _METRICS}
"""Every per-run metric of ``summary.json`` by name, in the order negsim reports them."""
