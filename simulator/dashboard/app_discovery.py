"""The "Which assumptions?" view: PRIM's top box of assumptions for the outcome a teacher picks.

The teacher picks an outcome and presses "Find the assumptions": the page runs the scenario with
the levers as set now (``discovery_box.DEFAULT_RUNS`` runs, in memory) in a Solara task, so the
page stays responsive and says it is working, and then shows the box in the sentence
``negsim discover`` prints, its numbers and its restrictions. The headless work is
``discovery_box.top_box``; an outcome the page does not offer is refused with one short line.
Each session has its own outcome and its own last box; a box found under other settings is not
shown as if it were this one's.
"""

from __future__ import annotations

import html
from typing import Any

import solara
import solara.lab

from simulator import UserError
from simulator.analysis import INDICATORS, SETTLEMENT
from simulator.dashboard.discovery_box import DEFAULT_RUNS, Restriction, TopBox, top_box
from simulator.dashboard.notices import refusals_to, short_message
from simulator.dashboard.outlook import outlook_key
from simulator.dashboard.settings import scenario_with
from simulator.report import INDICATOR_LABELS, parameter_label
from simulator.scenario import Loaded

TITLE = "Which assumptions?"
"""The view's name on the page's view switch."""

NOTE = (
    "A box is an association in the model's inputs, not a cause in the world — "
    "see docs/discovery.md."
)

CHOICES: dict[str, str] = {INDICATOR_LABELS[name]: name for name in INDICATORS}
"""The outcomes the view offers, label -> name: the six outcomes and the two derived ones."""

CSS = """
.dx-intro { max-width: 900px; }
.dx-sentence { font-size: 24px; line-height: 1.35; font-weight: 500; margin: 10px 0 6px 0;
               max-width: 1000px; }
.dx-numbers { font-size: 15px; margin: 2px 0 8px 0; }
.dx-numbers b { font-variant-numeric: tabular-nums; }
.dx-table { max-width: 900px; }
.dx-working { font-size: 15px; color: #333; }
.negsim-presenting .dx-sentence { font-size: 34px; }
.negsim-presenting .dx-numbers, .negsim-presenting .dx-working { font-size: 20px; }
"""

outcome = solara.reactive(SETTLEMENT)  # the outcome picked in this session (a name)
refused = solara.reactive(None)  # the last short line about a value the page could not take


class DiscoveryViewError(UserError):
    """A value the view does not offer (an outcome not in its menu)."""


def settings_key(loaded: Loaded, settings: dict, name: str) -> tuple:
    """What a box depends on: scenario, its content, the levers' changes, the outcome."""
    key, _ = outlook_key(loaded, settings)
    return (*key[:-1], name)  # not the page's runs: a box always has DEFAULT_RUNS


@solara.lab.task
def finding(loaded: Loaded, settings: dict, name: str) -> tuple[tuple, TopBox]:
    """The top box for ``name`` under ``settings``, with the key it was found for."""
    _, changes = outlook_key(loaded, settings)
    return settings_key(loaded, settings, name), top_box(scenario_with(loaded, changes), name)


said = refusals_to(refused)
"""Decorates a browser event's handler: a refused value becomes the view's short line."""


@said
def pick_outcome(label: Any) -> None:
    """Another outcome, by its label in the menu (nothing else is taken)."""
    if not isinstance(label, str) or label not in CHOICES:
        raise DiscoveryViewError("the page offers no such outcome")
    outcome.value = CHOICES[label]


def find(loaded: Loaded, settings: dict) -> None:
    """Start looking for the picked outcome's box (the page goes on while it runs)."""
    if outcome.value not in INDICATORS:  # cannot happen: ``pick_outcome`` checks; said anyway
        refused.value = "Not taken: the page offers no such outcome"
        return
    refused.value = None
    finding(loaded, dict(settings), outcome.value)


def _line(text_html: str, classes: list[str], testid: str, **data: str) -> None:
    attributes = {"data-testid": testid, **{f"data-{k}": v for k, v in data.items()}}
    solara.HTML(tag="div", unsafe_innerHTML=text_html, classes=classes, attributes=attributes)


def share(p: float) -> str:
    """A share of runs in percent, one decimal (the sentence rounds the same to whole ones)."""
    return f"{100.0 * p:.1f} %"


def numbers_html(box: TopBox) -> str:
    """Base rate, density with its 95 % interval, coverage and the runs in the box."""
    low, high = box.density_ci95
    return (
        f"Base rate <b>{share(box.base_rate)}</b> of {box.runs:,} runs · in the box "
        f"<b>{share(box.density)}</b> (95 % interval {share(low)} – {share(high)}) of "
        f"<b>{box.n:,}</b> runs · coverage <b>{share(box.coverage)}</b> of the runs with the "
        "outcome"
    )


def limit_text(r: Restriction) -> str:
    """The range a restriction keeps, in words: ``at least 0.897``, ``at most …``, ``… to …``."""
    if r.low_restricted and r.high_restricted:
        return f"from {r.low:.3g} to {r.high:.3g}"
    return f"at least {r.low:.3g}" if r.low_restricted else f"at most {r.high:.3g}"


def quasi_p_text(p: float | None) -> str:
    """A restriction's quasi-p as the table shows it."""
    if p is None:
        return "–"
    return "< 0.001" if p < 0.001 else f"{p:.3f}"


def heading(label: str) -> str:
    """A mid-sentence label at the head of a table row: its first letter upper case."""
    return label[:1].upper() + label[1:]


def restrictions_html(box: TopBox) -> str:
    """The box's restrictions: each assumption, the range kept, its quasi-p."""
    rows = "".join(
        f"<tr data-parameter='{html.escape(r.parameter, quote=True)}'>"
        f"<td>{html.escape(heading(parameter_label(r.parameter)))}</td>"
        f"<td class='num'>{html.escape(limit_text(r))}</td>"
        f"<td class='num'>{quasi_p_text(r.quasi_p)}</td></tr>"
        for r in box.restrictions
    )
    return (
        "<table class='negsim-table dx-table' data-testid='dx-restrictions'>"
        "<caption>The assumptions the box restricts (quasi-p: the chance of so large a rise "
        "in density if the limit were lifted)</caption>"
        "<tr><th style='text-align:left'>Assumption</th><th class='num'>Runs in the box have"
        "</th><th class='num'>quasi-p</th></tr>"
        f"{rows}</table>"
    )


def no_box_text(box: TopBox) -> str:
    """Why there is no box, in the page's words (the outcome too rare, too common, never)."""
    count, label = round(box.base_rate * box.runs), INDICATOR_LABELS[box.outcome]
    if count in (0, box.runs):
        which = "No run" if count == 0 else "Every run"
        return (
            f"{which} ends in “{label}” ({count:,} of {box.runs:,}) with the levers as set, so "
            "no box of assumptions can tell runs apart: pick another outcome or move the levers."
        )
    return (
        f"Only {min(count, box.runs - count):,} of {box.runs:,} runs "
        f"{'end' if count < box.runs / 2 else 'do not end'} in “{label}” with the levers as "
        "set: too few for a box. Pick another outcome or move the levers."
    )


@solara.component
def Box(loaded: Loaded, box: TopBox):  # noqa: N802 - Solara components are CamelCase
    """The sentence in large type, the numbers, the restrictions and what a box is not."""
    if box.problem is not None:
        _line(html.escape(no_box_text(box)), ["dx-working"], "dx-no-box", outcome=box.outcome)
        return
    _line(
        html.escape(box.sentence),
        ["dx-sentence"],
        "dx-sentence",
        outcome=box.outcome,
        runs=str(box.runs),
        base_rate=repr(box.base_rate),
        density=repr(box.density),
        coverage=repr(box.coverage),
        n=str(box.n),
    )
    _line(numbers_html(box), ["dx-numbers"], "dx-numbers")
    _line(restrictions_html(box), [], "dx-table")
    _line(
        html.escape(
            f"From {box.runs:,} runs of {loaded.scenario.name} with the levers as set now "
            f"(seed {loaded.scenario.simulation.seed}); the box is the knee of PRIM's peeling. "
            + NOTE
        ),
        ["negsim-note"],
        "dx-note",
    )


@solara.component
def DiscoveryView(loaded: Loaded, settings: dict):  # noqa: N802 - Solara components are CamelCase
    """The whole view: the outcome, the button, and the box once found."""
    solara.Style(CSS)
    _line(
        "Under which combinations of the model's assumptions is an outcome much more likely "
        "than usual? Pick an outcome and press the button: the page runs the scenario "
        f"{DEFAULT_RUNS:,} times with the levers as set and looks for the box of assumptions "
        "(PRIM) where the outcome is densest.",
        ["negsim-note", "dx-intro"],
        "dx-intro",
    )
    labels = {name: label for label, name in CHOICES.items()}
    with solara.Row(gap="12px", style={"align-items": "center"}):
        solara.Select(
            "Outcome",
            values=list(CHOICES),
            value=labels.get(outcome.value, labels[SETTLEMENT]),
            on_value=pick_outcome,
            dense=True,
            classes=["dx-outcome"],
            style={"max-width": "360px", "min-width": "300px"},
        )
        solara.Button(
            "Find the assumptions",
            on_click=lambda: find(loaded, settings),
            color="primary",
            disabled=finding.pending,
            classes=["dx-find"],
        )
    if refused.value:
        _line(html.escape(refused.value), ["negsim-problem"], "dx-problem")
    if finding.pending:
        solara.ProgressLinear(True)
        _line(
            html.escape(
                f"Running {DEFAULT_RUNS:,} runs of {loaded.scenario.name} and peeling boxes… "
                "(about ten seconds the first time, a second or two after that)"
            ),
            ["dx-working"],
            "dx-working",
        )
        return
    if finding.error:
        _line(
            html.escape(short_message(finding.exception, "No box")),
            ["negsim-problem"],
            "dx-problem",
        )
        return
    if not finding.finished or finding.value is None:
        return
    key, box = finding.value
    if key != settings_key(loaded, settings, outcome.value):
        _line(
            "The outcome, the scenario or the levers changed since the last box: press "
            "“Find the assumptions” to look again.",
            ["negsim-note"],
            "dx-stale",
        )
        return
    Box(loaded, box)
