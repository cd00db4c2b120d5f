"""The Solara page of ``negsim dashboard``: levers on the left, the distribution they produce.

Served by ``simulator.dashboard.server.serve`` (``solara run simulator.dashboard.app``). Every
browser tab has its own settings, its own pinned scenario to compare with (``pinned``: the
scenario the page started from, as shipped, until the teacher pins the current settings) and its
own presentation mode (Solara reactive variables are per session); Monte Carlo results are shared
through the cache in ``simulator.dashboard.outlook``. Stable CSS classes (``lever-<key>``) and
``data-testid`` attributes let the browser tests and screen readers find what they need; each
chart is an ``<img>`` that says its smallest text size and its legend (``images``).

The page is written for a room of students and a hostile web page alike. Every value a browser
sends goes through ``levers.accepted`` first (a value the page does not offer is refused and the
setting keeps its last good value); a problem while computing or drawing shows one short line
(``notices.short_message``: no traceback, no server folder) in place of the results, and the next
lever move tries again; a scenario file edited into something unreadable while the page is open
keeps its last good version (``picker``), with a line saying so.
"""

from __future__ import annotations

import html
import logging

import solara
from solara.alias import rv

from simulator.dashboard import app_discovery, app_forecast, levers
from simulator.dashboard.charts import (
    Compared,
    beliefs_figure,
    ideals,
    outcome_figure,
    states_figure,
    terms_figure,
)
from simulator.dashboard.followed import FOLLOWED
from simulator.dashboard.images import chart_image
from simulator.dashboard.look import CLASSROOM, PRESENTATION, Look
from simulator.dashboard.notices import RELOAD, short_message
from simulator.dashboard.one_run import OneRun
from simulator.dashboard.outlook import Outlook, outlook_for
from simulator.dashboard.picker import (
    first_choice,
    first_sentence,
    loaded_scenario,
    loaded_source,
    reload_problem,
    scenario_label,
    scenario_sources,
)
from simulator.dashboard.pinned import Pin, changes, now_label, pin_label, pin_now
from simulator.dashboard.run_chart import one_run_figure
from simulator.dashboard.saved import download_attributes, download_name, scenario_yaml
from simulator.dashboard.style import CSS
from simulator.dashboard.tables import (
    belief_table,
    offer_table,
    outcome_table_html,
    shares_table,
    story_note,
    timing_note,
    value_table,
)
from simulator.report import OUTCOME_LABELS
from simulator.scenario import Loaded

picked = solara.reactive(first_choice())  # the picked scenario's source (``scenario_sources``)
settings = solara.reactive(levers.default_settings(loaded_scenario(first_choice())))
pinned = solara.reactive(Pin(first_choice()))  # what the charts compare with
presenting = solara.reactive(False)  # presentation mode: projector-sized type, fewer levers
run_index = solara.reactive(0)
weeks_stepped = solara.reactive(0)
VIEWS = ("Outcomes", "One run, week by week", "Class forecast", app_discovery.TITLE)
view = solara.reactive(VIEWS[0])
problem = solara.reactive(None)  # this session's last short message, cleared by the next move

LOG = logging.getLogger("negsim.dashboard")


def one_run_at(loaded: Loaded, values: dict, run: int, weeks: int) -> OneRun:
    """Run ``run`` under the current settings, stepped ``weeks`` weeks, for this browser tab."""
    return FOLLOWED.at(solara.get_kernel_id(), loaded, values, run, weeks)


def current_loaded() -> Loaded:
    """The scenario picked in this session."""
    return loaded_scenario(picked.value)


def look() -> Look:
    """The figures' sizes for this session: for the page, or for a projector."""
    return PRESENTATION if presenting.value else CLASSROOM


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
    """Move one lever (or the runs)."""
    moved = checked_settings(settings.value, key, value)
    problem.value = None
    if moved != settings.value:
        settings.value = moved


@guarded
def pick(source: str) -> None:
    """Switch scenario: levers go to its values; the pinned scenario stays what it was."""
    if not isinstance(source, str) or source not in scenario_sources():
        raise levers.RefusedValueError("the page offers no such scenario")
    problem.value = None
    runs = settings.value.get("runs", levers.DEFAULT_RUNS)
    fresh = levers.default_settings(loaded_scenario(source), runs)
    picked.value = source
    settings.value = fresh
    weeks_stepped.value = 0


@guarded
def reset_levers() -> None:
    """All levers back to the picked scenario's values."""
    problem.value = None
    settings.value = levers.default_settings(current_loaded(), settings.value.get("runs"))


@guarded
def pin_these() -> None:
    """Compare from now on with the current settings."""
    problem.value = None
    pinned.value = pin_now(picked.value, current_loaded(), settings.value)


@guarded
def pin_shipped() -> None:
    """Compare from now on with the picked scenario as it ships."""
    problem.value = None
    pinned.value = Pin(picked.value)


@guarded
def present(value) -> None:
    """Presentation mode on or off (a switch: yes or no only)."""
    if value is not True and value is not False:
        raise levers.RefusedValueError("presentation mode is a switch: yes or no")
    presenting.value = value


@solara.component
def Lever(lever: levers.Lever, loaded: Loaded):  # noqa: N802 - Solara components are CamelCase
    """One control with its value in words, wrapped in a stable CSS class for tests."""
    value = settings.value[lever.key]
    text = levers.lever_text(lever, value, loaded, settings.value)
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
        if lever.kind == "week":  # its right end is the horizon: no date, no event
            solara.SliderInt(
                "",
                value=int(value),
                min=int(lever.low),
                max=loaded.scenario.simulation.weeks,
                on_value=lambda v: change(lever.key, v),
                thumb_label=False,
                disabled=not settings.value["aid_paused"],
            )
            return
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
def Picker(loaded: Loaded):  # noqa: N802 - Solara components are CamelCase
    """The scenario menu, by each scenario's name, and the picked one's description."""
    rv.Select(
        label="Scenario",
        # "title" for the Vuetify 3 front end installed here, "text" for Vuetify 2
        items=[
            {"title": label, "text": label, "value": s}
            for s, label in ((s, scenario_label(s)) for s in scenario_sources())
        ],
        v_model=picked.value,
        on_v_model=pick,
        dense=True,
        class_="scenario-picker",
    )
    solara.HTML(
        tag="div",
        unsafe_innerHTML=html.escape(first_sentence(loaded.scenario.description)),
        classes=["negsim-note", "scenario-description"],
        attributes={"data-testid": "scenario-description"},
    )


@solara.component
def PinBox(loaded: Loaded):  # noqa: N802 - Solara components are CamelCase
    """What the charts compare with, and the buttons that change it."""
    pin = pinned.value
    pin_loaded = loaded_scenario(pin.source)
    with solara.Column(gap="4px", classes=["negsim-pin"]):
        solara.HTML(
            tag="div",
            unsafe_innerHTML="Compared with (hatched, dashed): <b>"
            + html.escape(pin_label(pin, pin_loaded))
            + "</b>",
            attributes={"data-testid": "pinned"},
        )
        with solara.Row(gap="6px", style={"flex-wrap": "wrap"}):
            solara.Button(
                "Pin these settings",
                on_click=pin_these,
                outlined=True,
                dense=True,
                classes=["pin-these"],
                icon_name="mdi-pin",
                disabled=pin == pin_now(picked.value, loaded, settings.value),
            )
            solara.Button(
                f"Pin {loaded.scenario.name} as shipped",
                on_click=pin_shipped,
                outlined=True,
                dense=True,
                classes=["pin-shipped"],
                disabled=pin == Pin(picked.value),
            )


def SaveLink(loaded: Loaded):  # noqa: N802 - drawn like a component
    """A data: link with ``download``: the browser saves the file, the server writes nothing."""
    text = scenario_yaml(loaded, settings.value)
    solara.HTML(
        tag="a",
        unsafe_innerHTML="Save scenario YAML",
        classes=["negsim-button", "save-yaml"],
        attributes=download_attributes(
            text,
            download_name(loaded),
            "save-yaml",
            "Download these settings as a scenario file for: negsim run FILE",
        ),
    )


@solara.component
def Controls(loaded: Loaded):  # noqa: N802 - Solara components are CamelCase
    """The sidebar: scenario, what it is compared with, levers, runs, save."""
    Picker(loaded)
    PinBox(loaded)
    with solara.Row(gap="6px", style={"flex-wrap": "wrap", "align-items": "center"}):
        if not presenting.value:
            solara.Select(
                "Runs",
                values=[str(r) for r in levers.RUN_CHOICES],
                value=str(settings.value["runs"]),
                on_value=lambda v: change("runs", v),
                classes=["runs-picker"],
                style={"max-width": "110px"},
            )
            SaveLink(loaded)
        solara.Button(
            "Reset",
            on_click=reset_levers,
            outlined=True,
            classes=["reset-levers"],
            icon_name="mdi-restore",
        )
    shown = levers.PRESENTING if presenting.value else None
    for heading, keys in levers.GROUPS:
        keys = [k for k in keys if shown is None or k in shown]
        if not keys:
            continue
        solara.HTML(tag="div", unsafe_innerHTML=html.escape(heading), classes=["negsim-group"])
        for key in keys:
            Lever(levers.LEVER_BY_KEY[key], loaded)
    moved = changes(loaded, settings.value)
    solara.HTML(
        tag="div",
        unsafe_innerHTML=(
            "Changed from the scenario: "
            + (", ".join(html.escape(k) for k in sorted(moved)) if moved else "nothing")
        ),
        classes=["negsim-note"],
    )


@solara.component
def Chart(testid: str, draw, dependencies: list):  # noqa: N802 - Solara components are CamelCase
    """A figure as an ``<img>`` (SVG) that says its smallest text and its legend."""
    image = solara.use_memo(lambda: chart_image(draw()), dependencies=dependencies)
    solara.HTML(tag="img", attributes=image.attributes(testid), classes=["negsim-chart"])


@solara.component
def Outcomes(loaded: Loaded, shown: Compared):  # noqa: N802 - Solara components are CamelCase
    """Outcomes, where the runs stand week by week, beliefs, agreed terms: now against pinned."""
    now, before, style = shown.now, shown.pinned, look()
    key = [now.key, before.key if before else None, shown.now_label, shown.pinned_label, style.name]
    points = ideals(loaded.scenario)

    def bars():
        Chart("chart-outcomes", lambda: outcome_figure(shown, style), key)

    def timing():
        Chart("chart-states", lambda: states_figure(shown, style), key)

    def beliefs():
        Chart("chart-beliefs", lambda: beliefs_figure(shown, style), key)

    def terms():
        Chart("chart-terms", lambda: terms_figure(shown, points, style), key)

    def table():
        html_text = outcome_table_html(now, before, shown.now_label, shown.pinned_label)
        solara.HTML(tag="div", unsafe_innerHTML=html_text)

    def shares():
        solara.HTML(tag="div", unsafe_innerHTML=shares_table(now))

    def note():
        solara.HTML(tag="div", classes=["negsim-note"], unsafe_innerHTML=timing_note(now))

    if presenting.value:  # every chart the width of the page, its numbers below it
        with solara.Column(gap="10px"):
            for part in (bars, table, timing, shares, beliefs, terms, note):
                part()
        return
    with solara.Columns([11, 9]):
        bars()
        table()
    with solara.Columns([11, 9]):
        timing()
        with solara.Column():
            shares()
            note()
    with solara.Columns([1, 1]):
        beliefs()
        terms()


@solara.component
def OneRunView(loaded: Loaded):  # noqa: N802 - Solara components are CamelCase
    """One world of the Monte Carlo, a week per click."""
    runs = settings.value["runs"]
    run = min(run_index.value, runs - 1)
    one = one_run_at(loaded, settings.value, run, weeks_stepped.value)
    label = now_label(picked.value, loaded, settings.value, pinned.value)
    style = look()

    def fig():
        Chart(
            "chart-one-run",
            lambda: one_run_figure(one, style, label),
            [one.key, len(one.history), style.name, label],
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

    def values():
        solara.HTML(tag="div", unsafe_innerHTML=value_table(view))

    def beliefs():
        solara.HTML(tag="div", unsafe_innerHTML=belief_table(view))

    def offer():
        solara.HTML(tag="div", unsafe_innerHTML=offer_table(view))

    def story():
        solara.HTML(
            tag="ul",
            unsafe_innerHTML="".join(f"<li>{html.escape(line)}</li>" for line in view.story),
            classes=["negsim-story"],
            attributes={"data-testid": "one-run-story"},
        )
        solara.HTML(tag="div", classes=["negsim-note"], unsafe_innerHTML=story_note(one))

    if presenting.value:  # the chart the width of the page; the week's story and numbers below
        with solara.Column(gap="8px"):
            fig()
            if view:
                for part in (story, values, beliefs, offer):
                    part()
        return
    with solara.Columns([3, 2]):
        with solara.Column(gap="4px"):
            fig()
            if view:
                values()
                with solara.Columns([5, 4]):
                    beliefs()
                    offer()
        with solara.Column(gap="4px"):
            if view:
                story()


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
    return (
        picked.value,
        view.value,
        tuple(sorted(settings.value.items())),
        weeks_stepped.value,
        pinned.value.source,
        tuple(sorted(pinned.value.settings.items())),
        presenting.value,
    )


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


def compared(loaded: Loaded) -> Compared:
    """The current settings' outlook and the pinned one's, at the same number of runs."""
    pin = pinned.value
    pin_loaded = loaded_scenario(pin.source)
    now: Outlook = outlook_for(loaded, settings.value)
    before = outlook_for(pin_loaded, pin.settings_at(pin_loaded, settings.value["runs"]))
    return Compared(
        now,
        before,
        now_label(picked.value, loaded, settings.value, pin),
        pin_label(pin, pin_loaded),
    )


@solara.component
def Results(loaded: Loaded):  # noqa: N802 - Solara components are CamelCase
    """The view picked: outcomes, one run week by week, the class forecast, the assumptions."""
    if view.value == VIEWS[1]:
        OneRunView(loaded)
    elif view.value == VIEWS[2]:
        app_forecast.ClassForecastView(loaded, settings.value)
    elif view.value == VIEWS[3]:
        app_discovery.DiscoveryView(loaded, settings.value)
    else:
        Outcomes(loaded, compared(loaded))


@solara.component
def Page():  # noqa: N802 - Solara components are CamelCase
    """The whole dashboard."""
    loaded = current_loaded()
    solara.Style(CSS)
    solara.Title(f"negsim dashboard — {loaded.scenario.name}")
    page_classes = ["negsim-page"] + (["negsim-presenting"] if presenting.value else [])
    with solara.Row(gap="0px", classes=page_classes):
        with solara.Column(gap="0px", classes=["negsim-controls"]):
            solara.HTML(
                tag="div", unsafe_innerHTML="negsim classroom dashboard", classes=["negsim-brand"]
            )
            Guarded(Controls, loaded)
        with solara.Column(gap="4px", classes=["negsim-main"]):
            with solara.Row(gap="16px", style={"align-items": "center", "flex-wrap": "wrap"}):
                solara.ToggleButtonsSingle(
                    value=view, values=list(VIEWS), dense=True, classes=["view-switch"]
                )
                solara.Switch(
                    label="Presentation mode",
                    value=presenting.value,
                    on_value=present,
                    classes=["presentation-switch"],
                )
            stale = reload_problem(loaded_source(loaded))
            if stale is not None:
                Problem(short_message(stale, RELOAD))
            if problem.value:
                Problem(problem.value)
            Guarded(Results, loaded)
