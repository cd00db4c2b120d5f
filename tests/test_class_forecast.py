"""The dashboard's class forecast, headless: what it takes, how it shares out, scores, download.

The class's probability of a bin is its entry over the sum of the entries (percent or hands);
every value the browser could send that is not a number in range is refused with one line.
"""

from __future__ import annotations

import datetime as dt
import math

import pytest
import yaml

from simulator import UserError
from simulator.analysis import FORECAST_COLUMNS, ForecastTally, question_entry
from simulator.dashboard import class_forecast as cf
from simulator.dashboard.levers import default_settings
from simulator.dashboard.picker import loaded_scenario
from simulator.dashboard.settings import overrides, set_args
from simulator.montecarlo import run_monte_carlo
from simulator.scenario import load_questions, load_scenario
from tests.helpers import page_texts

RUNS = 250
START = "rfi-first-bilateral-ceasefire"  # resolved "Not before 2026"; six crowd forecasts
DURATION = "rfi-ceasefire-duration"  # annulled; needs more weeks than the baseline's 52


@pytest.fixture(scope="module")
def start():
    return cf.question_by_id(START)


def labels(question):
    return [b.label for b in question.bins]


@pytest.mark.parametrize(
    ("value", "mode"),
    [
        ("nan", "percent"),
        ("inf", "percent"),
        (float("nan"), "percent"),
        (float("inf"), "hands"),
        ("-5", "percent"),
        (-1, "hands"),
        ("1e9", "percent"),
        ("150", "percent"),
        (100.5, "percent"),
        ("2.5", "hands"),
        ("1001", "hands"),
        (10**30, "hands"),
        ("abc", "percent"),
        ("<script>", "percent"),
        ("1" * 40, "hands"),
        (True, "percent"),
        ([30], "percent"),
        ({"p": 1}, "hands"),
        ("30", "votes"),
    ],
)
def test_an_entry_that_is_not_a_number_in_range_is_refused_with_one_short_line(value, mode):
    with pytest.raises(cf.ClassForecastError) as caught:
        cf.entry_value(value, mode)
    assert isinstance(caught.value, UserError)
    text = str(caught.value)
    assert 0 < len(text) <= 100 and "\n" not in text and "<script>" not in text


@pytest.mark.parametrize(
    ("value", "mode", "number"),
    [("25", "percent", 25.0), (" 12,5 % ", "percent", 12.5), (".5", "percent", 0.5),
     ("", "percent", 0.0), (None, "hands", 0.0), ("17", "hands", 17.0), (40, "hands", 40.0),
     (100, "percent", 100.0)],
)  # fmt: skip
def test_a_number_in_range_is_taken_with_a_comma_or_a_percent_sign(value, mode, number):
    assert cf.entry_value(value, mode) == number


def test_percentages_that_do_not_add_up_to_100_are_divided_by_their_sum(start):
    a, b, c, d = labels(start)
    forecast = cf.class_forecast(start, {a: "10", b: "20", c: "20", d: "40"}, "percent")
    assert forecast.probabilities == pytest.approx({a: 1 / 9, b: 2 / 9, c: 2 / 9, d: 4 / 9})
    assert "add up to 90" in forecast.note() and "divided by 90" in forecast.note()
    exact = cf.class_forecast(start, {a: "10", b: "20", c: "30", d: "40"}, "percent")
    assert exact.probabilities[d] == pytest.approx(0.4) and "add up to 100" in exact.note()


def test_a_show_of_hands_becomes_each_bins_share_of_the_hands_and_a_blank_is_none(start):
    a, b, c, d = labels(start)
    forecast = cf.class_forecast(start, {a: "3", b: "", d: "12"}, "hands")
    assert forecast.entries == {a: 3.0, b: 0.0, c: 0.0, d: 12.0}
    assert forecast.probabilities == pytest.approx({a: 0.2, b: 0.0, c: 0.0, d: 0.8})
    assert "15 hands" in forecast.note()


@pytest.mark.parametrize(
    "values",
    [{}, {"Apr–Jun 2025": "0"}, {"No such bin": "50"}, ["50", "50"], "50"],
)
def test_no_hands_no_percent_an_unknown_bin_or_no_mapping_is_not_a_forecast(start, values):
    with pytest.raises(cf.ClassForecastError):
        cf.class_forecast(start, values, "percent")


def test_a_refused_entry_is_named_by_its_bin(start):
    with pytest.raises(cf.ClassForecastError, match=r"^Jul–Sep 2025: not a number"):
        cf.class_forecast(start, {"Apr–Jun 2025": "40", "Jul–Sep 2025": "forty"}, "percent")


def test_a_question_the_page_does_not_offer_is_refused():
    for hostile in ("../../etc/passwd", "", None, 3, ["x"]):
        with pytest.raises(cf.ClassForecastError, match="no such question"):
            cf.question_by_id(hostile)


def test_scores_of_class_and_crowds_match_a_hand_computation(start):
    a, b, c, d = labels(start)
    assert start.resolution.bin == d
    forecast = cf.class_forecast(start, {a: "10", b: "20", c: "20", d: "50"}, "percent")
    rows = cf.comparison_rows(start, forecast, None)
    assert [r.kind for r in rows] == ["class"] + ["crowd"] * len(start.crowds)
    # Brier: 0.1² + 0.2² + 0.2² + (0.5 − 1)² = 0.34; log: −ln 0.5
    assert rows[0].scores == pytest.approx({"brier": 0.34, "log": math.log(2), "probability": 0.5})
    rand_may = next(r for r in rows if r.who == "RAND Forecasting Initiative" and "05-08" in r.date)
    # 0.09² + 0.07² + 0.12² + (0.72 − 1)² = 0.0081 + 0.0049 + 0.0144 + 0.0784
    assert rand_may.scores["brier"] == pytest.approx(0.1058)
    assert rand_may.scores["log"] == pytest.approx(-math.log(0.72), abs=1e-6)
    assert cf.best_rows(rows) == {rows.index(rand_may)}


def test_a_class_that_gave_nothing_to_what_happened_gets_the_floored_log_score(start):
    a, b, *_ = labels(start)
    forecast = cf.class_forecast(start, {a: "50", b: "50"}, "percent")
    scored = cf.comparison_rows(start, forecast, None)[0].scores
    # Brier 0.25 + 0.25 + 0 + 1; log −ln 0.001 (LOG_FLOOR): finite, the worst a forecast gets
    assert scored == pytest.approx({"brier": 1.5, "log": -math.log(0.001), "probability": 0.0})


def test_an_annulled_question_scores_nobody_and_says_why():
    question = cf.question_by_id(DURATION)
    forecast = cf.class_forecast(question, {labels(question)[0]: "100"}, "percent")
    assert all(r.scores is None for r in cf.comparison_rows(question, forecast, None))
    assert cf.record_html(question).startswith("Annulled on ")


@pytest.fixture(scope="module")
def baseline():
    return loaded_scenario("baseline")


def counted_directly(question, overrides, runs):
    """The question's forecast entry from a plain run of the baseline file with ``overrides``."""
    scenario = load_scenario("baseline", list(overrides)).scenario
    items = [q for q in load_questions() if q.question.id == question.id]
    tally = ForecastTally(items, scenario.simulation.start_date)
    run_monte_carlo(
        scenario, runs, on_block=lambda r: tally.add(r.records), keep_records=FORECAST_COLUMNS
    )
    return question_entry(question, tally.counts[0])


def test_the_model_is_counted_under_the_levers_as_set_and_kept_once_per_settings(baseline, start):
    cache = cf.ForecastCache()
    calls = []

    def count(*args):
        calls.append(args)
        return cf.count_forecast(*args)

    cache.count = count
    settings = {**default_settings(baseline), "runs": RUNS, "us_pressure": 0.9}
    model = cf.model_forecast(baseline, settings, start, cache)
    again = cf.model_forecast(baseline, settings, start, cache)
    assert len(calls) == 1 and again["bins"] == model["bins"]
    assert model["changes"] == ["actors.us.pressure_on_russia"] and model["runs"] == RUNS
    changes = {k: v for k, v in overrides(baseline, settings).items() if k != "simulation.runs"}
    expected = counted_directly(start, set_args(changes), RUNS)
    assert model["bins"] == expected["bins"]
    shipped = cf.model_forecast(baseline, {**settings, "us_pressure": 0.2}, start, cache)
    assert len(calls) == 2 and shipped["bins"] != model["bins"]


def test_a_question_that_needs_more_weeks_runs_the_model_longer(baseline):
    question = cf.question_by_id(DURATION)
    assert question.weeks_needed(baseline.scenario.simulation.start_date) > 52
    model = cf.model_forecast(baseline, {**default_settings(baseline), "runs": RUNS}, question)
    assert model["weeks"] == question.weeks_needed(baseline.scenario.simulation.start_date)
    assert 0 < model["counted_runs"] < RUNS  # only runs whose agreement began in 2025 count
    assert sum(b["model"]["count"] for b in model["bins"]) == model["counted_runs"]


def test_the_download_is_yaml_that_names_the_question_and_holds_the_class_forecast(start):
    a, b, c, d = labels(start)
    forecast = cf.class_forecast(start, {a: "5", b: "10", c: "25", d: "60"}, "percent")
    bins = [{"label": x, "model": {"probability": 0.25}} for x in labels(start)]
    model = {"counted_runs": 4, "runs": 4, "scenario": "baseline", "changes": [], "bins": bins}
    text = cf.class_forecast_yaml(start, forecast, model, dt.date(2026, 3, 2))
    doc = yaml.safe_load(text)
    assert doc["question"] == {
        "id": start.id, "title": start.title, "source": start.source, "bins": labels(start)
    }  # fmt: skip
    assert doc["class"]["date"] == dt.date(2026, 3, 2) and doc["class"]["entered_as"] == "percent"
    assert doc["class"]["entries"] == {a: 5, b: 10, c: 25, d: 60}
    assert doc["class"]["probabilities"] == {a: 0.05, b: 0.1, c: 0.25, d: 0.6}
    assert doc["class"]["scores"]["brier"] == pytest.approx(0.05**2 + 0.1**2 + 0.25**2 + 0.4**2)
    assert doc["model"]["probabilities"] == dict.fromkeys(labels(start), 0.25)
    assert doc["resolution"]["bin"] == d
    assert cf.download_name(start) == f"class-forecast-{start.id}.yaml"
    hidden = yaml.safe_load(cf.class_forecast_yaml(start, forecast))
    assert "model" not in hidden  # before the reveal: the class's forecast and the question


def test_the_table_marks_what_happened_and_escapes_every_text(start):
    a, *_, d = labels(start)
    forecast = cf.class_forecast(start, {a: "25", d: "75"}, "percent")
    rows = cf.comparison_rows(start, forecast, None)
    rows[1] = cf.Row(
        "<b>Crowd</b>", "crowd", "2025-03-31", "https://x.org/'a", rows[1].probabilities, None
    )
    table = cf.comparison_table_html(start, rows)
    assert "<b>Crowd</b>" not in table and "&lt;b&gt;Crowd&lt;/b&gt;" in table
    assert "https://x.org/&#x27;a" in table
    assert table.count("cf-happened") == 1 + len(rows)  # its header and a cell in each row
    assert "data-testid='cf-class'" in table and "data-brier='0.125000'" in table


@pytest.fixture
def forecast_view(baseline):
    """The page on the class forecast view, put back afterwards (reactives are global here)."""
    from simulator.dashboard import app, app_forecast

    before = app.settings.value, app.view.value
    states = ("picked", "mode", "typed", "revealed", "refused")
    kept = {name: getattr(app_forecast, name).value for name in states}
    app.settings.value = {**default_settings(baseline), "runs": RUNS}
    app.view.value = "Class forecast"
    yield app, app_forecast
    app.settings.value, app.view.value = before
    for name, value in kept.items():
        getattr(app_forecast, name).value = value


def test_the_view_refuses_hostile_events_and_locks_the_class_forecast_once_revealed(forecast_view):
    import solara

    app, app_forecast = forecast_view
    box, page = solara.render(app.Page(), handle_error=False)
    try:
        view_checks(app, app_forecast, box)
    finally:
        page.close()  # a page left open would go on drawing when later tests move the levers


def view_checks(app, app_forecast, box) -> None:
    question = app_forecast.current_question()
    assert question.id == START  # the question with crowds and a resolution comes first
    first, *_, last = labels(question)
    for hostile in (("No such bin", "10"), (first, ["10"]), (first, "9" * 50)):
        app_forecast.type_entry(*hostile)
        assert app_forecast.refused.value.startswith("Not taken: ")
    app_forecast.pick_question("../../etc/passwd")
    app_forecast.pick_mode("<script>")
    assert app_forecast.picked.value == START and app_forecast.mode.value == "percent"
    app_forecast.type_entry(first, "<b>9</b>")
    app_forecast.reveal()
    texts = page_texts(box)
    assert not app_forecast.revealed.value and "<b>9" not in texts
    assert f"{first}: not a number" in app_forecast.refused.value
    app_forecast.type_entry(first, "30")
    app_forecast.type_entry(last, "70")
    app_forecast.reveal()
    texts = page_texts(box)
    assert app_forecast.revealed.value and "data-testid='class-comparison'" in texts
    assert "data-testid='cf-model'" in texts and "What happened" in texts
    app_forecast.type_entry(first, "100")  # after the reveal the class cannot change its mind
    assert app_forecast.typed.value[first] == "30" and "Start again" in app_forecast.refused.value
    app_forecast.start_again()
    assert not app_forecast.revealed.value and app_forecast.typed.value == {}
