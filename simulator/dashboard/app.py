"""The Solara page of ``negsim dashboard``: levers on the left, the distribution they produce.

Served by ``simulator.dashboard.server.serve`` (``solara run simulator.dashboard.app``). Every
browser tab has its own settings (Solara reactive variables are per session); Monte Carlo results
are shared through the cache in ``simulator.dashboard.outlook``. Stable CSS classes
(``lever-<key>``) and ``data-testid`` attributes let the browser tests and screen readers find
what they need.
"""

from __future__ import annotations

import base64
import html
import threading

import solara

from simulator.dashboard import levers
from simulator.dashboard.charts import (
    agreement_figure,
    one_run_figure,
    outcome_figure,
    terms_figure,
)
from simulator.dashboard.one_run import OneRun
from simulator.dashboard.outlook import Outlook, outlook_for
from simulator.dashboard.picker import (
    first_choice,
    loaded_scenario,
    loaded_source,
    scenario_choices,
)
from simulator.dashboard.settings import download_name, overrides, scenario_yaml, set_args
from simulator.dashboard.tables import margin_table, offer_table, outcome_table_html
from simulator.report import DISCLAIMER, OUTCOME_LABELS
from simulator.rules import ISSUES
from simulator.scenario import Loaded, load_scenario

CSS = """
.negsim-page { height: 100vh; flex-wrap: nowrap !important; }
.negsim-controls { width: 320px; min-width: 320px; height: 100vh; overflow-y: auto;
                   padding: 6px 14px 10px 14px; background: #f4f5f7; border-right: 1px solid #ddd; }
.negsim-main { flex: 1 1 auto; height: 100vh; overflow-y: auto; padding: 6px 10px; min-width: 0; }
.negsim-brand { font-size: 19px; font-weight: 600; margin: 2px 0 6px 0; }
.negsim-controls .v-input { margin-top: 0 !important; padding-top: 0 !important; }
.negsim-controls .v-messages { min-height: 0 !important; }
.negsim-controls .v-input__slot { margin-bottom: 0 !important; }
.negsim-controls .v-label { font-size: 14px; }
.negsim-lever { margin-bottom: 0px; }
.negsim-lever-label { font-size: 14px; margin: 4px 0 -6px 0; }
.negsim-lever .v-input--switch { margin: 4px 0 2px 0 !important; }
.negsim-table { border-collapse: collapse; font-size: 13.5px; width: 100%; }
.negsim-table th, .negsim-table td { padding: 3px 5px; border-bottom: 1px solid #ddd; }
.negsim-table td.num, .negsim-table th.num { text-align: right;
                                             font-variant-numeric: tabular-nums; }
.negsim-swatch { display: inline-block; width: 12px; height: 12px; margin-right: 6px;
                 border: 1px solid #000; vertical-align: middle; }
.negsim-story { font-size: 14px; line-height: 1.35; max-height: 560px; overflow-y: auto;
                padding-left: 18px; margin: 0; }
.negsim-heading { font-size: 18px; font-weight: 600; margin: 2px 0; }
.negsim-note { color: #555; font-size: 13px; }
.negsim-button { display: inline-block; padding: 7px 12px; border-radius: 4px; background: #0072B2;
                 color: white !important; text-decoration: none; font-weight: 500;
                 font-size: 14px; }
"""


picked = solara.reactive(first_choice())
settings = solara.reactive(
    levers.default_settings(loaded_scenario(scenario_choices()[first_choice()]))
)
ghost = solara.reactive(None)  # the outlook before the last change
run_index = solara.reactive(0)
weeks_stepped = solara.reactive(0)
VIEWS = ("Outcomes", "One run, week by week")
view = solara.reactive(VIEWS[0])

_one_run_lock = threading.Lock()
_one_runs: dict[tuple, OneRun] = {}


def one_run_at(loaded: Loaded, values: dict, run: int, weeks: int) -> OneRun:
    """Run ``run`` under the current settings, stepped ``weeks`` weeks (replayed as needed)."""
    args = set_args(overrides(loaded, values))
    key = (loaded_source(loaded), args, run)
    session = solara.get_kernel_id()  # each browser tab steps its own copy
    with _one_run_lock:
        current = _one_runs.get(session)
        if current is None or current.key != key or len(current.history) > weeks:
            scenario = load_scenario(loaded_source(loaded), list(args)).scenario
            current = OneRun(scenario, run)
            current.key = key
            if len(_one_runs) > 64:
                _one_runs.clear()
            _one_runs[session] = current
        while len(current.history) < weeks and current.step() is not None:
            pass
        return current


def current_loaded() -> Loaded:
    """The scenario picked in this session."""
    return loaded_scenario(scenario_choices()[picked.value])


def change(key: str, value) -> None:
    """Move one lever; what was shown before becomes the ghost."""
    if settings.value.get(key) == value:
        return
    loaded = current_loaded()
    ghost.value = outlook_for(loaded, settings.value)
    settings.value = {**settings.value, key: value}


def pick(label: str) -> None:
    """Switch scenario: levers go to its values; the previous scenario's result stays as ghost."""
    ghost.value = outlook_for(current_loaded(), settings.value)
    runs = settings.value.get("runs", levers.DEFAULT_RUNS)
    picked.value = label
    settings.value = levers.default_settings(current_loaded(), runs)
    weeks_stepped.value = 0


def reset_levers() -> None:
    """All levers back to the picked scenario's values."""
    change_to = levers.default_settings(current_loaded(), settings.value.get("runs"))
    ghost.value = outlook_for(current_loaded(), settings.value)
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
                on_value=lambda v: change(lever.key, bool(v)),
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
            on_value=lambda v: change(lever.key, float(v)),
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
            on_value=lambda v: change("runs", int(v)),
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
    for lever in levers.LEVERS:
        Lever(lever, loaded)
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
    """Outcome distribution, time to agreement, agreed terms, each with its ghost."""
    key = (now.key, before.key if before else None)
    ideals = {
        actor: [float(getattr(getattr(loaded.scenario.actors, actor).ideal, i)) for i in ISSUES]
        for actor in ("russia", "ukraine", "us")
    }
    bars = solara.use_memo(lambda: outcome_figure(now, before), dependencies=[key])
    timing = solara.use_memo(lambda: agreement_figure(now, before), dependencies=[key])
    terms = solara.use_memo(lambda: terms_figure(now, ideals), dependencies=[key])
    with solara.Columns([11, 9]):
        solara.FigureMatplotlib(bars, dependencies=[key])
        with solara.Column():
            solara.HTML(tag="div", unsafe_innerHTML=outcome_table_html(now, before))
            ceasefire = now.tally.metrics["ceasefire_week"].describe()
            settle = now.tally.metrics["settlement_week"].describe()
            solara.HTML(
                tag="div",
                classes=["negsim-note"],
                unsafe_innerHTML=(
                    f"{now.runs:,} runs in {now.seconds:.2f} s (seed {now.seed}). "
                    f"First ceasefire in {ceasefire['n']:,} runs, median week "
                    f"{_fmt(ceasefire['p50'])} (10–90 %: {_fmt(ceasefire['p10'])}–"
                    f"{_fmt(ceasefire['p90'])}); settlement in {settle['n']:,} runs, median week "
                    f"{_fmt(settle['p50'])}. Dashed: before the last change. "
                    f"<b>{DISCLAIMER.capitalize()}.</b>"
                ),
            )
    with solara.Columns([1, 1]):
        solara.FigureMatplotlib(timing, dependencies=[key])
        solara.FigureMatplotlib(terms, dependencies=[key])


def _fmt(value) -> str:
    return "–" if value is None else f"{value:.0f}"


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
                with solara.Columns([5, 4]):
                    solara.HTML(tag="div", unsafe_innerHTML=margin_table(view))
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
                        f"Story: {html.escape(one.story_source)}. Margin = value of "
                        "the offer minus what the party needs (the larger of its aspiration and "
                        "its value of fighting on); at or above 0 it accepts. "
                        f"{DISCLAIMER.capitalize()}."
                    ),
                )


def _step(one: OneRun, weeks: int) -> None:
    weeks_stepped.value = len(one.history) + weeks


def _follow(value, runs: int) -> None:
    run_index.value = max(0, min(int(value or 0), runs - 1))
    weeks_stepped.value = 0


@solara.component
def Page():  # noqa: N802 - Solara components are CamelCase
    """The whole dashboard."""
    loaded = current_loaded()
    now = outlook_for(loaded, settings.value)
    solara.Style(CSS)
    solara.Title(f"negsim dashboard — {loaded.scenario.name}")
    with solara.Row(gap="0px", classes=["negsim-page"]):
        with solara.Column(gap="0px", classes=["negsim-controls"]):
            solara.HTML(
                tag="div", unsafe_innerHTML="negsim classroom dashboard", classes=["negsim-brand"]
            )
            Controls(loaded)
        with solara.Column(gap="4px", classes=["negsim-main"]):
            solara.ToggleButtonsSingle(
                value=view, values=list(VIEWS), dense=True, classes=["view-switch"]
            )
            if view.value == VIEWS[0]:
                Outcomes(loaded, now, ghost.value)
            else:
                OneRunView(loaded)
