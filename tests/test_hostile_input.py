"""Hostile scenario input: control characters, YAML injection, huge documents, extreme values.

Names and descriptions are data: a control character is refused where it is read (file, line,
key), user text is never written into YAML except as a quoted scalar, and nothing a user wrote
reaches the terminal raw. Oversized documents stop before they are built, every number has a
sane bound, and no JSON negsim writes holds ``NaN`` or ``Infinity``.
"""

from __future__ import annotations

import datetime as dt
import json
import typing
from pathlib import Path

import numpy as np
import pytest
from pydantic import BaseModel

from simulator.montecarlo.tally import Hist
from simulator.report import format_summary, json_text
from simulator.report.figures import add_date_axis
from simulator.scenario import YamlProblem, load_scenario, load_with_marks
from simulator.scenario.fields import field_info_bounds
from simulator.scenario.schema import Scenario

ESC = "\x1b"


def write(folder: Path, text: str, name: str = "hostile.yaml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def refused(invoke, path: Path) -> str:
    """``negsim validate PATH``: exit 2, one clear message, no traceback; return stderr."""
    result = invoke(["validate", str(path)])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    return result.stderr


def run_baseline(invoke, out: Path, runs: int, *settings: str):
    """``negsim run baseline`` without charts, with each setting given as ``--set``."""
    sets = [arg for setting in settings for arg in ("--set", setting)]
    return invoke(["run", "baseline", "--runs", str(runs), "--no-charts", "--out", str(out), *sets])


def strict_json(text: str):
    """Parse JSON as a strict reader does: NaN and Infinity are errors."""

    def refuse(constant):
        raise AssertionError(f"non-finite number in JSON: {constant}")

    return json.loads(text, parse_constant=refuse)


# --- control characters -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("escape", "shown"),
    [
        ("\\e]0;pwned\\a", "U+001B"),
        ("\\0", "U+0000"),
        ("\\u2028", "U+2028"),
        ("\\ud800", "U+D800"),
        ("\\nextends: /tmp/evil.yaml #", "U+000A"),
        ("\\u202e", "U+202E"),
    ],
)
def test_a_control_character_in_a_name_is_refused_with_line_and_key(
    tmp_path, invoke, escape, shown
):
    path = write(tmp_path, f'extends: baseline\nname: "inj{escape}"\n')
    err = refused(invoke, path)
    assert f"{path}:2:1: name: must not contain control characters" in err
    assert shown in err
    assert ESC not in err and "\0" not in err


def test_a_description_may_span_lines_but_holds_no_escape_sequence(tmp_path, invoke):
    ok = write(
        tmp_path, 'extends: baseline\nname: ok\ndescription: "one\\ntwo\\tthree"\n', "ok.yaml"
    )
    assert load_scenario(ok).scenario.description == "one\ntwo\tthree"
    bad = write(tmp_path, 'extends: baseline\nname: ok\ndescription: "red \\e[31m text"\n')
    err = refused(invoke, bad)
    assert ":3:1: description: must not contain control characters" in err


def test_a_donor_name_is_checked_like_the_scenario_name(tmp_path, invoke):
    path = write(
        tmp_path, 'extends: baseline\nname: ok\ndonors:\n  - {name: "a\\x07b", amount_gbp_m: 1}\n'
    )
    assert "donors.0.name: must not contain control characters" in refused(invoke, path)


def test_a_key_with_a_control_character_is_refused_and_shown_escaped(tmp_path, invoke):
    path = write(tmp_path, 'extends: baseline\nname: ok\n"bad\\e]0;x\\akey": 1\n')
    err = refused(invoke, path)
    assert f"{path}:3:1: keys must be names" in err
    assert "\\x1b" in err and ESC not in err


def test_a_name_set_on_the_command_line_is_checked_too(tmp_path, invoke):
    result = run_baseline(invoke, tmp_path / "o", 5, 'name="a\\u001b]0;x"')
    assert result.exit_code == 2
    assert "--set: name: must not contain control characters" in result.stderr
    assert ESC not in result.stderr
    assert not (tmp_path / "o").exists()


def test_a_name_that_looks_like_yaml_stays_one_value_in_the_run_folder(tmp_path, invoke):
    name = "inj' # \" extends: /tmp/evil.yaml #: [x] {y}"
    description = "first line\nextends: /tmp/evil.yaml\n# not a comment\n"
    path = write(
        tmp_path,
        f"extends: baseline\nname: {json.dumps(name)}\ndescription: {json.dumps(description)}\n",
    )
    out = tmp_path / "run"
    result = invoke(["run", str(path), "--runs", "20", "--no-charts", "--out", str(out)])
    assert result.exit_code == 0, result.output
    text = (out / "scenario.yaml").read_text(encoding="utf-8")
    assert text.splitlines()[0].startswith("# Resolved scenario ")
    assert not any(line.startswith("extends") for line in text.splitlines())
    again = load_scenario(out / "scenario.yaml").scenario
    assert (again.name, again.description, again.extends) == (name, description, None)


def test_terminal_text_never_carries_an_escape_sequence(baseline_folder):
    summary = json.loads((baseline_folder / "summary.json").read_text(encoding="utf-8"))
    summary["scenario"] = "x\x1b]0;pwned\x07\x1b[2J\u2028y"
    text = format_summary(summary)
    assert ESC not in text and "\x07" not in text and "\u2028" not in text
    assert "x\\x1b]0;pwned\\x07" in text


# --- oversized documents -------------------------------------------------------------------


def test_a_10_mb_donor_list_is_refused_before_it_is_parsed(tmp_path, invoke):
    donors = "  - {name: A, amount_gbp_m: 1}\n" * 330_000
    path = write(tmp_path, f"extends: baseline\nname: big\ndonors:\n{donors}")
    assert path.stat().st_size > 10_000_000
    assert "the file is too large" in refused(invoke, path)
    with pytest.raises(YamlProblem, match="too large"):
        load_with_marks(path.read_text(encoding="utf-8"), str(path))


def test_a_document_with_too_many_values_stops_while_parsing(tmp_path, invoke):
    path = write(tmp_path, "name: big\ndonors: [" + "0," * 150_000 + "]\n")
    assert path.stat().st_size < 1_000_000
    err = refused(invoke, path)
    assert f"{path}:2:" in err and "more than 100,000 values" in err


# --- numbers and dates ---------------------------------------------------------------------


def _models(model: type[BaseModel], seen: set) -> None:
    if model in seen:
        return
    seen.add(model)
    for info in model.model_fields.values():
        for arg in _flatten(info.annotation):
            if isinstance(arg, type) and issubclass(arg, BaseModel):
                _models(arg, seen)


def _flatten(annotation) -> list:
    out = [annotation]
    for arg in typing.get_args(annotation):
        out += _flatten(arg)
    return out


def test_every_continuous_field_has_an_upper_bound():
    models: set = set()
    _models(Scenario, models)
    unbounded = [
        f"{model.__name__}.{name}"
        for model in models
        for name, info in model.model_fields.items()
        if (bounds := field_info_bounds(info)) is not None and bounds.high is None
    ]
    assert unbounded == []


@pytest.mark.parametrize(
    "setting",
    [
        "actors.russia.casualties_per_week=1e308",
        "actors.ukraine.weariness_thousands=1e300",
        "donors=[{name: A, amount_gbp_m: 1e308}]",
        "actors.russia.casualties_per_week=.inf",
    ],
)
def test_an_extreme_value_is_refused_with_its_range(tmp_path, invoke, setting):
    result = run_baseline(invoke, tmp_path / "o", 5, setting)
    assert result.exit_code == 2, result.output
    assert "--set" in result.stderr and "must be" in result.stderr
    assert not (tmp_path / "o").exists()


def test_a_beta_distribution_on_a_donor_amount_is_drawn_within_its_bound(tmp_path, invoke):
    # every continuous field now has an upper bound, so beta (scaled to the range) is allowed
    path = write(
        tmp_path,
        "extends: baseline\nname: b\n"
        "donors:\n  - {name: UK, amount_gbp_m: {dist: beta, a: 2, b: 2}}\n",
    )
    out = tmp_path / "run"
    result = invoke(["run", str(path), "--runs", "20", "--no-charts", "--out", str(out)])
    assert result.exit_code == 0, result.output


def test_a_5000_digit_integer_names_its_line_and_key(tmp_path, invoke):
    path = write(tmp_path, f"extends: baseline\nname: x\nsimulation:\n  seed: {'9' * 5000}\n")
    err = refused(invoke, path)
    assert f"{path}:4:9: simulation.seed: a whole number of 5,000 digits is too long" in err


def test_an_impossible_date_names_its_line_and_key(tmp_path, invoke):
    path = write(tmp_path, "extends: baseline\nname: x\nsimulation:\n  start_date: 2025-13-45\n")
    err = refused(invoke, path)
    assert f"{path}:4:15: simulation.start_date: not a valid date" in err
    assert "2025-03-13" in err


def test_a_start_date_charts_cannot_draw_is_refused(tmp_path, invoke):
    path = write(tmp_path, "extends: baseline\nname: x\nsimulation:\n  start_date: 9999-12-01\n")
    err = refused(invoke, path)
    assert "simulation.start_date: must be a date from 1900-01-01 to 2200-12-31" in err
    assert "9999-12-01" in err


def test_the_date_axis_of_a_date_matplotlib_cannot_draw_is_left_out():
    from matplotlib.figure import Figure

    fig = Figure()
    ax = fig.subplots()
    ax.set_xlim(0, 52)
    add_date_axis(ax, dt.date(9999, 12, 1))
    fig.canvas.draw()  # no ValueError from matplotlib's date range


# --- non-finite numbers ------------------------------------------------------------------


def test_a_histogram_never_describes_a_non_finite_mean():
    hist = Hist(0.0, 1.0, 10)
    hist.add(np.array([1e308, 1e308, 1.0]))
    described = hist.describe()
    assert described["mean"] is None
    strict_json(json_text(described))


def test_quantiles_beyond_the_bins_are_unknown_not_the_last_bin():
    hist = Hist(0.0, 1.0, 10)
    hist.add(np.array([0.5] * 5 + [500.0] * 5))
    other = Hist(0.0, 1.0, 10)
    other.add(np.array([-3.0]))
    hist.merge(other)
    assert (hist.below, hist.above) == (1, 5)
    assert hist.quantile(0.05) is None  # the value below the bins
    assert hist.quantile(0.5) == 0.5
    assert hist.quantile(0.9) is None  # among the values above the bins


def test_the_json_writer_is_strict_and_writes_null_for_non_finite():
    doc = {"a": float("inf"), "b": [float("nan"), 1.5, np.float64("-inf")], "c": (1, True)}
    text = json_text(doc)
    assert strict_json(text) == {"a": None, "b": [None, 1.5, None], "c": [1, True]}


def test_the_summary_of_a_run_at_the_extreme_bounds_is_strict_json(tmp_path, invoke):
    out = tmp_path / "run"
    result = run_baseline(
        invoke,
        out,
        50,
        "simulation.weeks=1040",
        "actors.russia.casualties_per_week=100",
        "actors.ukraine.casualties_per_week=100",
    )
    assert result.exit_code == 0, result.output
    summary = strict_json((out / "summary.json").read_text(encoding="utf-8"))
    for side in ("russia", "ukraine"):
        row = summary["metrics"][f"casualties.{side}"]
        header = (out / "runs.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
        totals = np.loadtxt(
            out / "runs.csv", delimiter=",", skiprows=1, usecols=header.index(f"casualties.{side}")
        )
        above = np.mean(totals >= 10_000)  # beyond the histogram's 10 million
        assert row["mean"] == pytest.approx(totals.mean(), rel=1e-5)
        # a percentile among the runs beyond the histogram is unknown, not its last bin
        assert (row["p90"] is None) == (above > 0.1 - 1e-9)
        assert row["p90"] is None or row["p90"] < 10_000
