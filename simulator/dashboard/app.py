"""The Solara page of ``negsim dashboard``: levers on the left, the distribution they produce.

Served by ``simulator.dashboard.server.serve`` (``solara run simulator.dashboard.app``). Every
browser tab has its own settings (Solara reactive variables are per session); Monte Carlo results
are shared through the cache in ``simulator.dashboard.outlook``. Stable CSS classes
(``lever-<key>``) and ``data-testid`` attributes let the browser tests and screen readers find
what they need.

The page is written for a room of students and a hostile web page alike. Every value a browser
sends goes through ``levers.accepted`` first (a value the page does not offer is refused and the
setting keeps its last good value); a problem while computing or drawing shows one short line
(``notices.short_message``: no traceback, no server folder) in place of the results, and the next
lever move tries again; a scenario file edited into something unreadable while the page is open
keeps its last good version (``picker``), with a line saying so.
"""

from __future__ import annotations

import base64
import html
import logging

import solara

from simulator.dashboard import levers
from simulator.dashboard.charts import (
    beliefs_figure,
    ideals,
    one_run_figure,
    outcome_figure,
    states_figure,
    terms_figure,
)
from simulator.dashboard.followed import FOLLOWED
from simulator.dashboard.notices import RELOAD, short_message
from simulator.dashboard.one_run import OneRun
from simulator.dashboard.outlook import Outlook, known_outlook, outlook_for
from simulator.dashboard.picker import (
    first_choice,
    loaded_scenario,
    loaded_source,
    reload_problem,
    scenario_choices,
)
from simulator.dashboard.settings import download_name, overrides, scenario_yaml
from simulator.dashboard.style import CSS
from simulator.dashboard.tables import (
    belief_table,
    offer_table,
    outcome_table_html,
    shares_table,
    value_table,
)
from simulator.report import DISCLAIMER, OUTCOME_LABELS
from simulator.scenario import Loaded

picked = solara.reactive(first_choice())
settings = solara.reactive(
    levers.default_settings(loaded_scenario(scenario_choices()[first_choice()]))
)
ghost = solara.reactive(None)  # the outlook before the last change
run_index = solara.reactive(0)
weeks_stepped = solara.reactive(0)
VIEWS = ("Outcomes", "One run, week by week")
view = solara.reactive(VIEWS[0])
problem = solara.reactive(None)  # this session's last short message, cleared by the next move

LOG = logging.getLogger("negsim.dashboard")


def one_run_at(loaded: Loaded, values: dict, run: int, weeks: int) -> OneRun:
    """Run ``run`` under the current settings, stepped ``weeks`` weeks, for this browser tab."""
    return FOLLOWED.at(solara.get_kernel_id(), loaded, values, run, weeks)


def current_loaded() -> Loaded:
    """The scenario picked in this session."""
    return loaded_scenario(scenario_choices()[picked.value])


def guarded(handler):
    """``handler`` for a browser event: a refused value or an error becomes the short message."""

    def run(*args):
        try:
            handler(*args)
        except levers.RefusedValueError as exc:
            LOG.warning("dashboard: refused a value from the page: %s", exc)
        except Exception as exc:  # a page event must never end the session
            problem.value = short_message(exc)

    return run


def checked_settings(settings_now: dict, key: str, value) -> dict:
    """The settings with one value moved, if the page offers it (``RefusedValueError`` if not)."""
    default = levers.default_settings(current_loaded()).get(key)
    return {**settings_now, key: levers.accepted(key, value, default)}


@guarded
def change(key: str, value) -> None:
    """Move one lever (or the runs); what was shown before becomes the ghost."""
    moved = checked_settings(settings.value, key, value)
    problem.value = None
    if moved == settings.value:
        return
    ghost.value = known_outlook(current_loaded(), settings.value)
    settings.value = moved


@guarded
def pick(label: str) -> None:
    """Switch scenario: levers go to its values; the previous scenario's result stays as ghost."""
    if not isinstance(label, str) or label not in scenario_choices():
        raise levers.RefusedValueError("the page offers no such scenario")
    problem.value = None
    ghost.value = known_outlook(current_loaded(), settings.value)
    runs = settings.value.get("runs", levers.DEFAULT_RUNS)
    fresh = levers.default_settings(loaded_scenario(scenario_choices()[label]), runs)
    picked.value = label
    settings.value = fresh
    weeks_stepped.value = 0


@guarded
def reset_levers() -> None:
    """All levers back to the picked scenario's values."""
    problem.value = None
    change_to = levers.default_settings(current_loaded(), settings.value.get("runs"))
    ghost.value = known_outlook(current_loaded(), settings.value)
    settings.value = change_to


@solara.component
def Lever(lever: levers.Lever, loaded: Loaded):  # noqa: N802 - Solara components are CamelCase
    """One control with its value in words, wrapped in a stable CSS class for tests."""
    value = settings.value[lever.key]
    text = levers.lever_text(lever, value, loaded)
    with solara.Column(classes=["negsim-lever", f"lever-{lever.key}"], gap="0px"):
        if lever.kind == "switch":
            solara.Switch(
                label=text,
                value=bool(value),
                color="primary",
                on_value=lambda v: change(lever.key, v),
            )
            return
        if lever.kind == "choice":  # the menu shows labels; ``accepted`` maps one to its name
            solara.Select(
                lever.label,
                values=[label for _, label in lever.choices],
                value=dict(lever.choices).get(value, value),
                on_value=lambda v: change(lever.key, v),
                dense=True,
            )
            return
        solara.HTML(
            tag="div",
            unsafe_innerHTML=html.escape(text),
            classes=["negsim-lever-label"],
            attributes={"title": lever.help},
        )
        solara.SliderFloat(
            "",
            value=float(value),
            min=lever.low,
            max=lever.high,
            step=lever.step,
            on_value=lambda v: change(lever.key, v),
            thumb_label=False,
            disabled=lever.kind == "scale" and not loaded.scenario.donors,
        )


@solara.component
def Controls(loaded: Loaded):  # noqa: N802 - Solara components are CamelCase
    """The sidebar: scenario, levers, runs, save."""
    with solara.Row(gap="8px"):
        solara.Select(
            "Scenario",
            values=list(scenario_choices()),
            value=picked.value,
            on_value=pick,
            classes=["scenario-picker"],
            style={"flex": "3 1 0"},
        )
        solara.Select(
            "Runs",
            values=[str(r) for r in levers.RUN_CHOICES],
            value=str(settings.value["runs"]),
            on_value=lambda v: change("runs", v),
            classes=["runs-picker"],
            style={"flex": "2 1 0"},
        )
    with solara.Row(gap="6px", style={"flex-wrap": "wrap"}):
        # A data: link with ``download``: the browser saves the file, the server writes nothing.
        # (solara.FileDownload does not mount with the ipyvuetify 3 front end installed here.)
        text = scenario_yaml(loaded, settings.value)
        solara.HTML(
            tag="a",
            unsafe_innerHTML="Save scenario YAML",
            classes=["negsim-button", "save-yaml"],
            attributes={
                "href": "data:application/x-yaml;charset=utf-8;base64,"
                + base64.b64encode(text.encode("utf-8")).decode("ascii"),
                "download": download_name(loaded),
                "data-testid": "save-yaml",
                "title": "Download these settings as a scenario file for: negsim run FILE",
            },
        )
        solara.Button(
            "Reset",
            on_click=reset_levers,
            outlined=True,
            classes=["reset-levers"],
            icon_name="mdi-restore",
        )
    for heading, keys in levers.GROUPS:
        solara.HTML(tag="div", unsafe_innerHTML=html.escape(heading), classes=["negsim-group"])
        for key in keys:
            Lever(levers.LEVER_BY_KEY[key], loaded)
    changed = overrides(loaded, settings.value)
    solara.HTML(
        tag="div",
        unsafe_innerHTML=(
            "Changed from the scenario: "
            + (", ".join(html.escape(k) for k in sorted(changed)) if changed else "nothing")
        ),
        classes=["negsim-note"],
    )


@solara.component
def Outcomes(loaded: Loaded, now: Outlook, before: Outlook | None):  # noqa: N802 - Solara components are CamelCase
    """Outcomes, where the runs stand week by week, beliefs, agreed terms, with the ghost."""
    key = (now.key, before.key if before else None)
    points = ideals(loaded.scenario)
    bars = solara.use_memo(lambda: outcome_figure(now, before), dependencies=[key])
    timing = solara.use_memo(lambda: states_figure(now, before), dependencies=[key])
    beliefs = solara.use_memo(lambda: beliefs_figure(now, before), dependencies=[key])
    terms = solara.use_memo(lambda: terms_figure(now, points), dependencies=[key])
    with solara.Columns([11, 9]):
        solara.FigureMatplotlib(bars, dependencies=[key])
        solara.HTML(tag="div", unsafe_innerHTML=outcome_table_html(now, before))
    with solara.Columns([11, 9]):
        solara.FigureMatplotlib(timing, dependencies=[key])
        with solara.Column():
            solara.HTML(tag="div", unsafe_innerHTML=shares_table(now))
            solara.HTML(tag="div", classes=["negsim-note"], unsafe_innerHTML=timing_note(now))
    with solara.Columns([1, 1]):
        solara.FigureMatplotlib(beliefs, dependencies=[key])
        solara.FigureMatplotlib(terms, dependencies=[key])


def _fmt(value) -> str:
    return "–" if value is None else f"{value:.0f}"


def timing_note(now: Outlook) -> str:
    """Runs, time, and the week of the first ceasefire, settlement and partial truce."""
    parts = []
    for metric, what in (
        ("ceasefire_week", "first ceasefire"),
        ("settlement_week", "settlement signed"),
        ("truce_week", "first partial truce"),
    ):
        d = now.tally.metrics[metric].describe()
        if not d["n"]:
            parts.append(f"no {what} in these runs")
            continue
        parts.append(
            f"{what} in {d['n']:,} runs, median week {_fmt(d['p50'])} "
            f"(10–90 %: {_fmt(d['p10'])}–{_fmt(d['p90'])})"
        )
    timing = "; ".join(parts)
    return (
        f"{now.runs:,} runs in {now.seconds:.2f} s (seed {now.seed}). "
        f"{timing[:1].upper()}{timing[1:]}. Dashed: before the last change. "
        f"<b>{DISCLAIMER.capitalize()}.</b>"
    )


@solara.component
def OneRunView(loaded: Loaded):  # noqa: N802 - Solara components are CamelCase
    """One world of the Monte Carlo, a week per click."""
    runs = settings.value["runs"]
    run = min(run_index.value, runs - 1)
    one = one_run_at(loaded, settings.value, run, weeks_stepped.value)
    fig = solara.use_memo(
        lambda: one_run_figure(one),
        dependencies=[one.key, len(one.history)],
    )
    view = one.history[-1] if one.history else None
    with solara.Row(classes=["one-run-controls"], style={"align-items": "center"}):
        solara.InputInt(
            "Run number",
            value=run,
            on_value=lambda v: _follow(v, runs),
            classes=["run-index"],
            style={"max-width": "150px"},
            dense=True,
        )
        solara.Button(
            "Step one week",
            on_click=lambda: _step(one, 1),
            color="primary",
            disabled=one.finished,
            classes=["step-week"],
        )
        solara.Button(
            "Step 4 weeks",
            on_click=lambda: _step(one, 4),
            disabled=one.finished,
            classes=["step-month"],
        )
        solara.Button(
            "Back to the start",
            on_click=lambda: weeks_stepped.set(0),
            outlined=True,
            classes=["restart-run"],
        )
    if view:
        heading = (
            f"Run {run}, week {view.week} ({view.date:%d %b %Y}) — so far: "
            f"{OUTCOME_LABELS[view.status].lower()}"
            + (" (run over)" if one.finished and view.week + 1 < one.model.weeks else "")
        )
    else:
        heading = f"Run {run}: press “Step one week” to play week 0 ({one.model.weeks} weeks)."
    solara.HTML(
        tag="div",
        unsafe_innerHTML=html.escape(heading),
        classes=["negsim-heading"],
        attributes={"data-testid": "one-run-week", "data-week": str(one.week)},
    )
    with solara.Columns([3, 2]):
        with solara.Column(gap="4px"):
            solara.FigureMatplotlib(fig, dependencies=[one.key, len(one.history)])
            if view:
                solara.HTML(tag="div", unsafe_innerHTML=value_table(view))
                with solara.Columns([5, 4]):
                    solara.HTML(tag="div", unsafe_innerHTML=belief_table(view))
                    solara.HTML(tag="div", unsafe_innerHTML=offer_table(view))
        with solara.Column(gap="4px"):
            if view:
                story = "".join(f"<li>{html.escape(line)}</li>" for line in view.story)
                solara.HTML(
                    tag="ul",
                    unsafe_innerHTML=story,
                    classes=["negsim-story"],
                    attributes={"data-testid": "one-run-story"},
                )
                solara.HTML(
                    tag="div",
                    classes=["negsim-note"],
                    unsafe_innerHTML=(
                        f"Story: {html.escape(one.story_source)}. Margin = what the US "
                        "package is worth to the party (net of the risk that the settlement "
                        "breaks down) minus what fighting on over its outlook is worth to it; "
                        "at or above 0 it accepts, unless the package crosses a red line or it "
                        "bluffs. Beliefs: each side's mean estimate of the other's private "
                        "resolve, moved by each week's battle and by rejections. "
                        f"{DISCLAIMER.capitalize()}."
                    ),
                )


def _step(one: OneRun, weeks: int) -> None:
    weeks_stepped.value = min(len(one.history) + weeks, one.model.weeks)


@guarded
def _follow(value, runs: int) -> None:
    """Follow another run: a whole number, held between 0 and the last run."""
    if isinstance(value, bool) or not isinstance(value, int | None):
        raise levers.RefusedValueError("the run number is a whole number")
    run_index.value = max(0, min(int(value or 0), runs - 1))
    weeks_stepped.value = 0


def Problem(text: str):  # noqa: N802 - drawn like a component
    """One short line in place of what could not be shown."""
    solara.HTML(
        tag="div",
        unsafe_innerHTML=html.escape(text),
        classes=["negsim-problem"],
        attributes={"data-testid": "page-problem", "role": "alert"},
    )


def _moves() -> tuple:
    """What the user last chose: a change of any of it clears a shown problem."""
    return (picked.value, view.value, tuple(sorted(settings.value.items())), weeks_stepped.value)


@solara.component
def Guarded(body, *args):  # noqa: N802 - Solara components are CamelCase
    """``body(*args)``, or the short message if it fails; the next move draws it again."""
    error, clear = solara.use_exception()
    moves = (_moves(), run_index.value)
    at_error = solara.use_ref(None)  # what was chosen when it failed
    if error is not None and at_error.current is None:
        at_error.current = moves

    def forget() -> None:
        if at_error.current is not None and at_error.current != moves:
            at_error.current = None
            clear()

    solara.use_effect(forget, [moves])
    if error is not None:
        Problem(short_message(error))
        return
    body(*args)


@solara.component
def Results(loaded: Loaded):  # noqa: N802 - Solara components are CamelCase
    """The view picked: the outcome distribution, or one run week by week."""
    if view.value == VIEWS[1]:
        OneRunView(loaded)
    else:
        Outcomes(loaded, outlook_for(loaded, settings.value), ghost.value)


@solara.component
def Page():  # noqa: N802 - Solara components are CamelCase
    """The whole dashboard."""
    loaded = current_loaded()
    solara.Style(CSS)
    solara.Title(f"negsim dashboard — {loaded.scenario.name}")
    with solara.Row(gap="0px", classes=["negsim-page"]):
        with solara.Column(gap="0px", classes=["negsim-controls"]):
            solara.HTML(
                tag="div", unsafe_innerHTML="negsim classroom dashboard", classes=["negsim-brand"]
            )
            Guarded(Controls, loaded)
        with solara.Column(gap="4px", classes=["negsim-main"]):
            solara.ToggleButtonsSingle(
                value=view, values=list(VIEWS), dense=True, classes=["view-switch"]
            )
            stale = reload_problem(loaded_source(loaded))
            if stale is not None:
                Problem(short_message(stale, RELOAD))
            if problem.value:
                Problem(problem.value)
            Guarded(Results, loaded)
