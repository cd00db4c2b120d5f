"""The forecast bridge: published questions, the model's bins, the crowds' scores.

What a user relies on: the shipped question files validate and a broken one gets the same clear
errors as a broken scenario; the scores are the textbook Brier and log scores; the model's
probability of a bin is the share of ``runs.csv`` rows in it; adding questions changes no
scenario; ``negsim run`` and ``negsim forecast`` write ``forecast.json``.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
from pathlib import Path

import numpy as np
import pytest

from simulator.analysis import brier_score, log_score, run_bins, scores
from simulator.rules import OUTCOMES
from simulator.scenario import (
    Question,
    load_questions,
    load_scenario,
    question_json_schema_text,
    questions_dir,
    shipped_questions,
)
from simulator.scenario.question_loader import QUESTION_SCHEMA_FILE
from tests.helpers import scenario, simulate

BASELINE_SHA256 = "bbde7efd78308bb4531c99f59364dd636a6f3c6b1ff1d5e740449133b1ad0fdc"
"""``scenario_sha256`` of the shipped baseline before the forecast questions were added."""
FORECAST_RUNS = 1500

START = "rfi-first-bilateral-ceasefire"
DURATION = "rfi-ceasefire-duration"
GJO = "gjo-ceasefire-28-days"

GOOD = """\
id: test-question
title: "When will the first ceasefire start?"
source: https://example.org/q/1
opened: 2025-03-17
closes: 2026-01-01
wording: "The first bilateral ceasefire; the day it takes effect."
measure: agreement_start
bins:
  - label: "Before July 2025"
    before: 2025-07-01
  - label: "Later or never"
    from: 2025-07-01
crowds:
  - name: Crowd
    date: 2025-03-31
    source: https://example.org/q/1
    probabilities: {"Before July 2025": 0.3, "Later or never": 0.7}
resolution: {bin: "Later or never", date: 2026-01-01, source: "https://example.org/r"}
"""


def write(folder: Path, text: str, name: str = "question.yaml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def week(value: str) -> int:
    """A ``runs.csv`` week cell: a whole number, or -1 for an empty cell (never)."""
    return int(value) if value else -1


def read_runs(folder: Path) -> list[dict]:
    with (folder / "runs.csv").open(encoding="utf-8") as stream:
        return list(csv.DictReader(stream))


def first_agreement(row: dict) -> int | None:
    weeks = [w for w in (week(row["ceasefire_week"]), week(row["settlement_week"])) if w >= 0]
    return min(weeks) if weeks else None


@pytest.fixture(scope="module")
def forecast_folder(tmp_path_factory, invoke) -> Path:
    """``negsim forecast baseline --runs 1500``: every shipped question, the horizon lengthened."""
    out = tmp_path_factory.mktemp("forecast") / "run"
    result = invoke(["forecast", "baseline", "--runs", str(FORECAST_RUNS), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


def doc_of(folder: Path) -> dict:
    return json.loads((folder / "forecast.json").read_text(encoding="utf-8"))


def question_of(doc: dict, qid: str) -> dict:
    return next(q for q in doc["questions"] if q["id"] == qid)


def test_every_shipped_question_file_validates(invoke):
    names = list(shipped_questions())
    assert {START, DURATION, GJO} <= set(names)
    result = invoke(["validate", *map(str, shipped_questions().values())])
    assert result.exit_code == 0, result.output
    assert result.output.count(": ok") == len(names)


def test_every_crowd_number_has_a_source_and_a_date_inside_the_question():
    for item in load_questions():
        q = item.question
        assert q.source.startswith("https://")
        for crowd in q.crowds:
            assert crowd.source.startswith(("https://", "http://"))
            assert q.opened <= crowd.date <= q.closes, (q.id, crowd.name, crowd.date)


def test_the_kept_question_schema_is_up_to_date_and_every_file_names_it():
    kept = (questions_dir() / QUESTION_SCHEMA_FILE).read_text(encoding="utf-8")
    assert kept == question_json_schema_text(), (
        f"scenarios/questions/{QUESTION_SCHEMA_FILE} is stale: run "
        f"`negsim schema --questions > scenarios/questions/{QUESTION_SCHEMA_FILE}`"
    )
    for path in shipped_questions().values():
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == f"# yaml-language-server: $schema=./{QUESTION_SCHEMA_FILE}", path


def test_the_rfi_crowds_are_given_for_both_published_dates():
    q = next(i.question for i in load_questions([START]))
    dates = {(c.name, c.date) for c in q.crowds}
    for name in ("RAND Forecasting Initiative", "Metaculus", "Glimt"):
        assert (name, dt.date(2025, 3, 31)) in dates
        assert (name, dt.date(2025, 5, 8)) in dates


def test_a_good_user_file_validates_and_the_schema_describes_it(invoke, tmp_path):
    path = write(tmp_path, GOOD)
    result = invoke(["validate", str(path)])
    assert result.exit_code == 0, result.output
    schema = json.loads(invoke(["schema", "--questions"]).output)
    assert {"id", "title", "bins", "crowds", "measure"} <= set(schema["properties"])
    assert "from" in schema["$defs"]["Bin"]["properties"]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            ("measure: agreement_start", "measure: agreement_strat"),
            "did you mean 'agreement_start'",
        ),
        (("title:", "titel:"), "unknown key 'titel'; did you mean 'title'"),
        (
            ("source: https://example.org/q/1\nopened", "source: javascript:alert(1)\nopened"),
            "https://",
        ),
        (
            ("    from: 2025-07-01", "    from: 2025-07-02"),
            "must start where bin 'Before July 2025' ends",
        ),
        (('"Later or never": 0.7}', '"Later": 0.7}'), "missing: Later or never"),
        (('0.3, "Later or never": 0.7', '0.6, "Later or never": 0.7'), "sum to 1.300"),
        (('{bin: "Later or never"', '{bin: "Never"'), "'Never' is not a bin label"),
        (("id: test-question", "id: Test Question"), "lowercase letters, digits and hyphens"),
        (("closes: 2026-01-01", "closes: 2024-01-01"), "is before opened"),
    ],
)
def test_a_broken_file_names_the_file_line_and_key_and_what_is_allowed(
    invoke, tmp_path, change, expected
):
    old, new = change
    assert old in GOOD
    path = write(tmp_path, GOOD.replace(old, new, 1))
    result = invoke(["validate", str(path)])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert all(line.startswith(f"error: {path}") for line in errors), result.stderr
    said = next(line for line in errors if expected in line)
    line_number = said.removeprefix(f"error: {path}:").split(":")[0]
    assert line_number.isdigit(), said


def test_a_question_file_that_is_not_a_mapping_is_refused_by_forecast(invoke, tmp_path):
    path = write(tmp_path, "- just\n- a list\n")
    result = invoke(["forecast", "baseline", "--questions", str(path), "--runs", "10"])
    assert result.exit_code == 2
    assert f"{path}:1:1" in result.stderr and "must be a YAML mapping" in result.stderr


def test_brier_is_the_sum_over_bins_of_squared_errors():
    p = {"a": 0.5, "b": 0.3, "c": 0.2}
    # (0.5-0)^2 + (0.3-1)^2 + (0.2-0)^2 = 0.25 + 0.49 + 0.04
    assert brier_score(p, "b") == pytest.approx(0.78)
    assert brier_score({"a": 1.0, "b": 0.0}, "a") == 0.0
    assert brier_score({"a": 1.0, "b": 0.0}, "b") == pytest.approx(2.0)


def test_log_score_is_minus_ln_of_what_happened():
    assert log_score(0.25) == pytest.approx(math.log(4))
    assert log_score(1.0) == 0.0


def test_a_zero_probability_on_what_happened_is_floored_not_infinite():
    got = scores({"a": 0.0, "b": 1.0}, "a")
    assert got == {"brier": 2.0, "log": pytest.approx(-math.log(0.001)), "probability": 0.0}
    assert math.isfinite(got["log"])


def test_a_zero_probability_elsewhere_changes_nothing_in_the_log_score():
    assert scores({"a": 0.0, "b": 0.4, "c": 0.6}, "c")["log"] == pytest.approx(-math.log(0.6))


def test_run_writes_the_questions_that_apply_and_says_why_one_is_left_out(baseline_folder):
    doc = doc_of(baseline_folder)
    assert {q["id"] for q in doc["questions"]} == {START, GJO}
    skipped = {s["id"]: s["why"] for s in doc["skipped"]}
    assert "needs 56 weeks" in skipped[DURATION] and "negsim forecast" in skipped[DURATION]


def test_bin_probabilities_are_the_shares_of_runs_csv(baseline_folder):
    doc = doc_of(baseline_folder)
    rows = read_runs(baseline_folder)
    start = dt.date.fromisoformat(doc["start_date"])
    for qid in (START, GJO):
        q = next(i.question for i in load_questions([qid]))
        counts = dict.fromkeys((b.label for b in q.bins), 0)
        for row in rows:
            first = first_agreement(row)
            day = dt.date.max if first is None else start + dt.timedelta(days=7 * first)  # never
            for b in q.bins:
                low_ok = b.from_ is None or day >= b.from_
                high_ok = b.before is None or day < b.before
                if low_ok and high_ok:
                    counts[b.label] += 1
        got = {b["label"]: b["model"] for b in question_of(doc, qid)["bins"]}
        assert sum(counts.values()) == len(rows)
        for label, count in counts.items():
            assert got[label]["count"] == count, (qid, label)
            assert got[label]["probability"] == pytest.approx(count / len(rows), abs=1e-6)
            low, high = got[label]["ci95"]
            assert low <= count / len(rows) <= high


def test_forecast_lengthens_the_horizon_and_answers_the_duration_question(forecast_folder):
    doc = doc_of(forecast_folder)
    assert doc["weeks"] == 56 and doc["skipped"] == []
    assert {q["id"] for q in doc["questions"]} == {START, DURATION, GJO}
    rows = read_runs(forecast_folder)
    assert len(rows) == FORECAST_RUNS
    start = dt.date.fromisoformat(doc["start_date"])
    lasted = []
    for row in rows:
        first = first_agreement(row)
        if first is None or start + dt.timedelta(days=7 * first) >= dt.date(2026, 1, 1):
            continue
        end = week(row["agreement_end_week"])
        lasted.append(math.inf if end < 0 else (end - first) * 7.5)  # 7.5 days a week
    q = question_of(doc, DURATION)
    assert q["counted_runs"] == len(lasted) > 100
    edges = [0, 30, 31, 61, 91, math.inf]
    for i, b in enumerate(q["bins"]):
        # an agreement still in force at the horizon (inf) lasted 91 days or more
        count = sum(edges[i] <= d < edges[i + 1] or d == edges[i + 1] == math.inf for d in lasted)
        assert b["model"]["count"] == count, b["label"]


def test_an_annulled_question_has_no_scores_and_a_resolved_one_scores_everyone(forecast_folder):
    doc = doc_of(forecast_folder)
    duration = question_of(doc, DURATION)
    assert duration["annulled"]["why"] and duration["resolution"] is None
    assert duration["scores"] == {}
    first = question_of(doc, START)
    realised = first["resolution"]["bin"]
    model = {b["label"]: b["model"]["probability"] for b in first["bins"]}
    assert first["scores"]["model"]["brier"] == pytest.approx(brier_score(model, realised))
    for crowd in first["crowds"]:
        mine = first["scores"][f"{crowd['name']} {crowd['date']}"]
        assert mine["probability"] == crowd["probabilities"][realised]
        assert mine["log"] == pytest.approx(-math.log(crowd["probabilities"][realised]))


def test_the_terminal_shows_every_question_and_the_lengthened_horizon(invoke, tmp_path):
    out = tmp_path / "run"
    args = ["forecast", "baseline", "--questions", DURATION, "--runs", "200", "--no-charts"]
    result = invoke([*args, "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "ran 56 weeks" in result.output
    assert "how long will it last" in result.output


def test_a_scenario_that_starts_after_a_question_closed_is_refused(invoke, tmp_path):
    out = tmp_path / "run"
    args = ["forecast", "baseline", "--set", "simulation.start_date=2027-01-05"]
    result = invoke([*args, "--runs", "10", "--out", str(out)])
    assert result.exit_code == 2
    assert "starts 2027-01-05" in result.stderr and "simulation.start_date" in result.stderr
    assert not out.exists()


def test_the_baselines_sha256_is_the_one_before_questions_existed(baseline_folder):
    assert load_scenario("baseline").sha256 == BASELINE_SHA256
    summary = json.loads((baseline_folder / "summary.json").read_text(encoding="utf-8"))
    assert (
        summary["scenario_sha256"]
        == load_scenario("baseline", [f"simulation.runs={summary['runs']}"]).sha256
    )


@pytest.fixture(scope="module")
def records():
    """Per-run records of 4000 baseline runs (two engine blocks, the default seed)."""
    return simulate(scenario("baseline"), runs=4000)


def test_an_agreement_ends_after_it_starts_and_only_if_it_started(records):
    start = np.where(records["ceasefire_week"] >= 0, records["ceasefire_week"], 10**6)
    start = np.minimum(
        start, np.where(records["settlement_week"] >= 0, records["settlement_week"], 10**6)
    )
    end = records["agreement_end_week"]
    started = start < 10**6
    assert np.all(end[~started] == -1)
    assert np.all(end[started & (end >= 0)] > start[started & (end >= 0)])
    assert np.count_nonzero(started & (end >= 0)) > 50, "precondition: some agreements end"


def test_a_run_still_at_war_at_the_end_had_its_agreement_end(records):
    codes = {name: i for i, name in enumerate(OUTCOMES)}
    started = (records["ceasefire_week"] >= 0) | (records["settlement_week"] >= 0)
    at_war = np.isin(
        records["outcome"], [codes["settlement_collapsed"], codes["ceasefire_collapsed"]]
    )
    assert np.all(records["agreement_end_week"][started & at_war] >= 0)
    open_ = started & (records["agreement_end_week"] < 0)
    holding = np.isin(
        records["outcome"], [codes["comprehensive_settlement"], codes["ceasefire_holding"]]
    )
    assert np.all(holding[open_])


def test_dollars_and_underscores_in_a_question_are_drawn_as_typed_not_as_tex(invoke, tmp_path):
    text = GOOD.replace('"When will the first ceasefire start?"', '"Will $5 buy a_b ^ $peace?"')
    path = write(tmp_path, text.replace("Later or never", "Later $or_never"))
    out = tmp_path / "run"
    result = invoke(
        ["forecast", "baseline", "--questions", str(path), "--runs", "50", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert (out / "forecast-test-question.png").stat().st_size > 10_000
    assert "Will $5 buy a_b ^ $peace?" in (out / "report.html").read_text(encoding="utf-8")


def test_run_says_which_questions_its_forecast_answers_and_where_the_others_are(invoke, tmp_path):
    out = tmp_path / "run"
    result = invoke(["run", "baseline", "--runs", "50", "--no-charts", "--out", str(out)])
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert f"answered in forecast.json and report.html: {GJO}, {START}." in said
    assert f"Not answered here: {DURATION} (negsim forecast baseline answers it)." in said


def test_a_run_that_starts_long_after_the_questions_has_no_forecast(invoke, tmp_path):
    out = tmp_path / "run"
    args = ["run", "baseline", "--runs", "50", "--no-charts", "--out", str(out)]
    result = invoke([*args, "--set", "simulation.start_date=2027-01-05"])
    assert result.exit_code == 0, result.output
    assert not (out / "forecast.json").exists()
    assert "forecast" not in result.output.lower().replace("not a forecast", "")


def lasting_question(**rule) -> Question:
    """A yes/no question on the first agreement lasting 28 days, taking effect before June."""
    return Question.model_validate(
        {
            "id": "lasting",
            "title": "Will a ceasefire last 28 days?",
            "source": "https://example.org/q",
            "opened": dt.date(2025, 3, 13),
            "closes": dt.date(2025, 12, 31),
            "wording": "x",
            "measure": "agreement_lasting",
            "lasting": {"min_days": 28, "starts_before": dt.date(2025, 6, 1), **rule},
            "bins": [{"label": "Yes"}, {"label": "No"}],
        }
    )


def test_a_yes_no_question_asks_whether_the_first_agreement_lasted_long_enough_in_time():
    # runs: broken after 2 weeks (15 days), lasted 6 weeks (45 days), a settlement in week 10
    # that holds, a ceasefire only in week 20 (after 1 June), no agreement at all
    records = {
        "ceasefire_week": np.array([2, 2, -1, 20, -1]),
        "settlement_week": np.array([-1, -1, 10, -1, -1]),
        "agreement_end_week": np.array([4, 8, -1, 30, -1]),
    }
    start = dt.date(2025, 3, 13)
    assert run_bins(lasting_question(), records, start).tolist() == [1, 0, 0, 1, 1]
    # 28 days over by 15 April: the 6-week ceasefire of week 2 reaches them only in late April
    late = lasting_question(completed_by=dt.date(2025, 4, 15))
    assert run_bins(late, records, start).tolist() == [1, 1, 1, 1, 1]
