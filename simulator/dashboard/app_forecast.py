"""The "Class forecast" view of the dashboard: the class commits, then meets the model and crowds.

The teacher picks a published question, types the class's numbers per bin (percent or a show of
hands) and presses "Reveal the model": only then does the page count the model's answer under
the levers as set and show class, model and crowds side by side, with what happened and
everyone's score. While revealed, the class's entry boxes give way to its row of the table and
take no value ("Start again" clears them), so the class cannot edit its forecast after seeing
the model's. The headless logic is ``class_forecast``; every value the browser sends is checked
there or here, and a refused one is one short line on the page. Each session has its own
question, entries and reveal.
"""

from __future__ import annotations

import html
from typing import Any

import solara
from solara.alias import rv

from simulator.dashboard.class_forecast import (
    MAX_CHARS,
    MODE_LABELS,
    MODES,
    SCORES_NOTE,
    ClassForecast,
    ClassForecastError,
    class_forecast,
    class_forecast_yaml,
    comparison_rows,
    comparison_table_html,
    does_not_apply,
    download_name,
    link,
    model_forecast,
    percent,
    question_by_id,
    record_html,
    shipped,
)
from simulator.dashboard.notices import refusals_to, short_message
from simulator.dashboard.saved import download_attributes
from simulator.scenario import Loaded, Question

CSS = """
.cf-entries { flex-wrap: wrap; align-items: flex-end; }
.cf-entry { width: 190px; }
.cf-bin { font-size: 14px; font-weight: 500; min-height: 2.6em; line-height: 1.25; }
.cf-title { font-size: 18px; font-weight: 600; margin: 4px 0 2px 0; }
.cf-table td, .cf-table th { vertical-align: top; }
.cf-table th:first-child { text-align: left; }
.cf-table td:nth-child(2) { white-space: nowrap; }
.cf-table th.cf-happened, .cf-table td.cf-happened { border-left: 3px solid #009E73;
                                                     border-right: 3px solid #009E73; }
.cf-tick { color: #00684c; font-weight: 600; }
.cf-ci { color: #555; font-size: 0.8em; }
.cf-best { font-weight: 700; }
.cf-download { align-self: flex-start; margin-top: 4px; }
.cf-record a, .cf-table a { color: #0072B2; text-decoration: underline; }
.cf-wording summary { cursor: pointer; }
.negsim-presenting .cf-bin { font-size: 18px; }
.negsim-presenting .cf-entry { width: 230px; }
.negsim-presenting .cf-title { font-size: 24px; }
.negsim-presenting .cf-entry input { font-size: 22px; }
"""

picked = solara.reactive("")  # the question's id ("" until the view first draws: the first one)
mode = solara.reactive(MODES[0])
typed = solara.reactive({})  # bin label -> the text typed for it
revealed = solara.reactive(False)
refused = solara.reactive(None)  # the last short line about a value the page could not take


def first_question() -> str:
    """The question the view opens with: the first with crowds to compare with, else the first."""
    found = [q.question for q in shipped()]
    return next((q.id for q in found if q.crowds and q.resolution), found[0].id)


def current_question() -> Question:
    """The question picked in this session (``first_question`` until another is picked)."""
    if not picked.value:
        picked.value = first_question()
    return question_by_id(picked.value)


said = refusals_to(refused)
"""Decorates a browser event's handler: a refused value becomes the view's short line."""


@said
def pick_question(question_id: Any) -> None:
    """Another question: its entries start empty and the model is hidden again."""
    question = question_by_id(question_id)
    if question.id != picked.value:
        picked.value = question.id
        typed.value = {}
        revealed.value = False


@said
def pick_mode(label: Any) -> None:
    """Percent or a show of hands (the numbers typed so far meant the other: they are cleared)."""
    if revealed.value:
        raise ClassForecastError("press “Start again” to change the class's forecast")
    chosen = next((m for m, text in MODE_LABELS.items() if text == label), None)
    if chosen is None:
        raise ClassForecastError("enter the class's numbers as percent or as a show of hands")
    if chosen != mode.value:
        mode.value = chosen
        typed.value = {}


@said
def type_entry(label: Any, text: Any) -> None:
    """One bin's entry as typed (checked in full when the forecast is read)."""
    if revealed.value:
        raise ClassForecastError("press “Start again” to change the class's forecast")
    if label not in [b.label for b in current_question().bins]:
        raise ClassForecastError("the question has no such bin")
    if text is not None and not isinstance(text, str):
        raise ClassForecastError("each entry is a number")
    if text is not None and len(text) > 2 * MAX_CHARS:
        raise ClassForecastError(f"an entry is a number of at most {MAX_CHARS} characters")
    typed.value = {**typed.value, label: text or ""}


@said
def reveal() -> None:
    """Show the model and the crowds, once the class's numbers make a forecast."""
    class_forecast(current_question(), typed.value, mode.value)
    revealed.value = True


@said
def start_again() -> None:
    """Hide the model and the crowds and clear the class's numbers."""
    revealed.value = False
    typed.value = {}


def _line(text_html: str, classes: list[str], testid: str) -> None:
    solara.HTML(
        tag="div", unsafe_innerHTML=text_html, classes=classes, attributes={"data-testid": testid}
    )


def menu_label(question: Question) -> str:
    """The question in the menu: its id (which tells the questions apart), then its title."""
    text = f"{question.id} — {question.title}"
    return text if len(text) <= 110 else text[:109] + "…"


@solara.component
def QuestionPicker(question: Question):  # noqa: N802 - Solara components are CamelCase
    """The question menu, the question's title with its source, the rule and the measure."""
    items = [(q.question.id, menu_label(q.question)) for q in shipped()]
    rv.Select(
        label="Question",
        items=[{"title": label, "text": label, "value": qid} for qid, label in items],
        v_model=question.id,
        on_v_model=pick_question,
        dense=True,
        class_="cf-question-picker",
        style_="max-width: 900px",
    )
    _line(link(question.source, html.escape(question.title)), ["cf-title"], "cf-title")
    wording = html.escape(" ".join(question.wording.split()))
    _line(
        f"<details><summary>How it resolves</summary>{wording}</details>",
        ["negsim-note", "cf-wording"],
        "cf-wording",
    )


@solara.component
def Entries(question: Question):  # noqa: N802 - Solara components are CamelCase
    """One box per bin for the class's number, and the shares they make so far."""
    locked = revealed.value
    solara.ToggleButtonsSingle(
        value=MODE_LABELS[mode.value],
        values=list(MODE_LABELS.values()),
        on_value=pick_mode,
        dense=True,
        classes=["cf-mode"],
    )
    unit = "%" if mode.value == "percent" else "hands"
    with solara.Row(gap="12px", classes=["cf-entries"]):
        for i, b in enumerate(question.bins):
            with solara.Column(gap="0px", classes=["cf-entry", f"cf-entry-{i}"]):
                _line(html.escape(b.label), ["cf-bin"], f"cf-bin-{i}")
                solara.InputText(
                    "",
                    value=typed.value.get(b.label, ""),
                    on_value=lambda v, label=b.label: type_entry(label, v),
                    disabled=locked,
                    suffix=unit,
                    dense=True,
                )
    try:
        forecast = class_forecast(question, typed.value, mode.value) if typed.value else None
    except ClassForecastError as exc:
        _line(html.escape(short_message(exc, "Not yet a forecast")), ["negsim-note"], "cf-shares")
        return
    if forecast is not None:
        shares = " · ".join(
            f"{html.escape(k)}: {percent(p)}" for k, p in forecast.probabilities.items()
        )
        _line(f"The class: {shares}. {html.escape(forecast.note())}", ["negsim-note"], "cf-shares")


def DownloadLink(question: Question, forecast: ClassForecast, model: dict | None):  # noqa: N802
    """A data: link with ``download``: the browser saves the YAML, the server writes nothing."""
    text = class_forecast_yaml(question, forecast, model)
    solara.HTML(
        tag="a",
        unsafe_innerHTML="Download the class forecast (YAML)",
        classes=["negsim-button", "cf-download"],
        attributes=download_attributes(
            text,
            download_name(question),
            "cf-download",
            "The question, the class's numbers and probabilities, and the date",
        ),
    )


def model_note(loaded: Loaded, model: dict) -> str:
    """Which model answered: the scenario, the levers as set, runs counted, the horizon."""
    counted = model["counted_runs"]
    runs = model["runs"]
    which = f"{counted:,} runs"
    if counted != runs:
        which = f"{counted:,} of {runs:,} runs (those that met the question's condition)"
    return (
        f"Model: {loaded.scenario.name} with the levers as set now, {which}, "
        f"{model['weeks']} weeks; its 95 % interval under each share."
    )


@solara.component
def Revealed(loaded: Loaded, settings: dict, question: Question, forecast: ClassForecast):  # noqa: N802
    """Class, model and crowds side by side, what happened, the scores."""
    model = None
    reason = does_not_apply(loaded, question)
    if reason is None:
        try:
            model = model_forecast(loaded, settings, question)
        except Exception as exc:  # the page goes on without the model, saying why
            reason = short_message(exc, "The model could not answer")
    if model is not None and not model["counted_runs"]:
        reason = "No run met the question's condition, so the model gives no probabilities."
    _line(
        html.escape(reason or model_note(loaded, model)),
        ["negsim-note"],
        "cf-model-note",
    )
    rows = comparison_rows(question, forecast, model)
    _line(comparison_table_html(question, rows), [], "cf-table")
    _line(record_html(question), ["cf-record"], "cf-record")
    if question.resolution is not None:
        _line(html.escape(SCORES_NOTE), ["negsim-note"], "cf-scores-note")
    DownloadLink(question, forecast, model)


@solara.component
def ClassForecastView(loaded: Loaded, settings: dict):  # noqa: N802 - Solara components are CamelCase
    """The whole view: question, entries, the reveal, the comparison."""
    solara.Style(CSS)
    question = current_question()
    QuestionPicker(question)
    if not revealed.value:  # once revealed, the class's numbers are its row of the table
        Entries(question)
    with solara.Row(gap="8px", style={"align-items": "center"}):
        if revealed.value:
            solara.Button(
                "Start again", on_click=start_again, outlined=True, classes=["cf-start-again"]
            )
        else:
            solara.Button(
                "Reveal the model", on_click=reveal, color="primary", classes=["cf-reveal"]
            )
    if refused.value:
        _line(html.escape(refused.value), ["negsim-problem"], "cf-problem")
    if not revealed.value:
        return
    try:
        forecast = class_forecast(question, typed.value, mode.value)
    except ClassForecastError as exc:  # cannot happen after a reveal; said all the same
        _line(html.escape(short_message(exc, "Not a forecast")), ["negsim-problem"], "cf-problem")
        return
    Revealed(loaded, settings, question, forecast)
