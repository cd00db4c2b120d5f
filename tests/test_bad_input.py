"""Bad input never crashes.

Each case gets one clear message naming the key or line, exit code 2, no traceback, and no run
folder (nor any other file) written.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

CHILD = "name: broken\nextends: baseline\n"


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    """An empty folder as the working directory, so the default outputs/ would land in it."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(folder: Path, text: str, name: str = "broken.yaml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def fails_cleanly(invoke, folder: Path, args: list[str]) -> str:
    """Run ``negsim run ARGS --out folder/out``: exit 2, no traceback, nothing written."""
    before = sorted(p.name for p in folder.iterdir())
    result = invoke(["run", *args, "--out", str(folder / "out")])
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    assert sorted(p.name for p in folder.iterdir()) == before, "something was written"
    return result.stderr


def run_file(invoke, folder: Path, text: str, *extra: str) -> str:
    return fails_cleanly(invoke, folder, [str(write(folder, text)), *extra])


def test_unparseable_yaml_names_the_line(workdir, invoke):
    message = run_file(invoke, workdir, CHILD + "battlefield:\n  volatility: [1, 2\n")
    assert "broken.yaml:5:" in message
    assert "not valid YAML" in message


def test_a_file_that_is_not_a_mapping_says_so(workdir, invoke):
    message = run_file(invoke, workdir, "- name: a list\n- of things\n")
    assert "broken.yaml:1:1" in message
    assert "must be a YAML mapping" in message and "list" in message


def test_an_empty_file_says_it_is_empty(workdir, invoke):
    assert "empty" in run_file(invoke, workdir, "# nothing here\n")


def test_unknown_key_suggests_the_right_one(workdir, invoke):
    message = run_file(invoke, workdir, CHILD + "battlefield:\n  volatilty: 2\n")
    assert "broken.yaml:4:3: battlefield.volatilty" in message
    assert "did you mean 'volatility'?" in message


def test_unknown_top_level_key_lists_the_allowed_ones(workdir, invoke):
    message = run_file(invoke, workdir, CHILD + "escalaton: {weekly_hazard: 0.1}\n")
    assert "escalaton" in message and "did you mean 'escalation'?" in message
    assert "allowed here:" in message


def test_wrong_type_names_key_and_what_is_allowed(workdir, invoke):
    message = run_file(invoke, workdir, CHILD + "battlefield:\n  volatility: high\n")
    assert "broken.yaml:4:3: battlefield.volatility" in message
    assert "from 0 to 10" in message and "distribution" in message and "'high'" in message


def test_wrong_type_of_switch_and_choice(workdir, invoke):
    message = run_file(
        invoke, workdir, CHILD + "actors:\n  us:\n    aid_paused: maybe\n    resume_aid_on: soon\n"
    )
    assert "actors.us.aid_paused: must be true or false (got 'maybe')" in message
    assert "actors.us.resume_aid_on: must be one of ukraine_acceptance, ceasefire" in message


def test_value_out_of_range_gives_the_range(workdir, invoke):
    message = run_file(invoke, workdir, CHILD + "actors:\n  russia:\n    resolve: 1.5\n")
    assert "broken.yaml:5:5: actors.russia.resolve" in message
    assert "from 0 to 1 (got 1.5)" in message


def test_whole_number_out_of_range(workdir, invoke):
    message = run_file(invoke, workdir, CHILD + "ceasefire:\n  length_weeks: 0\n")
    assert "ceasefire.length_weeks: must be a whole number from 1 to 520 (got 0)" in message


def test_distribution_with_low_above_high(workdir, invoke):
    text = CHILD + "actors:\n  russia:\n    resolve: {dist: uniform, low: 0.9, high: 0.2}\n"
    message = run_file(invoke, workdir, text)
    assert "actors.russia.resolve" in message and "low <= high" in message
    assert "broken.yaml:5:5" in message


def test_normal_distribution_needs_positive_sd(workdir, invoke):
    text = CHILD + "battlefield:\n  volatility: {dist: normal, mean: 1, sd: 0}\n"
    message = run_file(invoke, workdir, text)
    assert "battlefield.volatility" in message and "sd > 0" in message


def test_unknown_distribution_lists_the_known_ones(workdir, invoke):
    text = CHILD + "battlefield:\n  volatility: {dist: lognormal, mean: 1, sd: 0.2}\n"
    message = run_file(invoke, workdir, text)
    assert "battlefield.volatility" in message and "unknown distribution 'lognormal'" in message
    assert "uniform (low, high)" in message and "beta (a, b)" in message


def test_distribution_missing_a_parameter(workdir, invoke):
    message = run_file(
        invoke, workdir, CHILD + "battlefield:\n  volatility: {dist: uniform, low: 1}\n"
    )
    assert "a uniform distribution needs low, high; 'high' is missing" in message


def test_whole_numbers_and_saliences_take_no_distribution(workdir, invoke):
    message = run_file(
        invoke,
        workdir,
        CHILD + "simulation:\n  weeks: {dist: uniform, low: 30, high: 60}\n"
        "actors:\n  russia:\n    salience: {territory: {dist: uniform, low: 0.2, high: 0.4}}\n",
    )
    assert "simulation.weeks: must be a whole number from 1 to 1,040, not a distribution" in message
    assert "actors.russia.salience.territory" in message and "saliences stay fixed" in message


def test_saliences_that_do_not_sum_to_one_say_by_how_much(workdir, invoke):
    text = CHILD + "actors:\n  russia:\n    salience: {territory: 0.35}\n"
    message = run_file(invoke, workdir, text)
    assert "broken.yaml:5:5: actors.russia.salience" in message
    assert "sum to 1.05, 0.05 too much" in message


def test_timeline_week_outside_the_horizon(workdir, invoke):
    text = CHILD + "timeline:\n  - {week: 60, set: {actors.us.aid_paused: false}}\n"
    message = run_file(invoke, workdir, text)
    assert "broken.yaml:4:6: timeline.0.week" in message
    assert "weeks 0 to 51" in message


def test_timeline_week_pushed_outside_by_a_shorter_horizon(workdir, invoke):
    text = CHILD + "timeline:\n  - {week: 30, set: {actors.us.aid_paused: false}}\n"
    message = run_file(invoke, workdir, text, "--weeks", "20")
    assert "timeline.0.week" in message and "weeks 0 to 19" in message


def test_timeline_value_is_validated_like_the_main_file(workdir, invoke):
    text = CHILD + "timeline:\n  - week: 3\n    set:\n      actors.russia.resolve: 2\n"
    message = run_file(invoke, workdir, text)
    assert "broken.yaml:6:7: timeline.0.set.actors.russia.resolve" in message
    assert "from 0 to 1 (got 2) (from week 3 on)" in message


@pytest.mark.parametrize("runs", ["0", "-5"])
def test_runs_must_be_positive(workdir, runs, invoke):
    message = fails_cleanly(invoke, workdir, ["baseline", "--runs", runs])
    assert "--runs" in message


def test_unknown_scenario_name_lists_the_shipped_ones(workdir, invoke):
    message = fails_cleanly(invoke, workdir, ["baselin"])
    assert "no scenario named 'baselin'" in message
    assert "did you mean 'baseline'?" in message and "us_pressure" in message


def test_set_path_not_in_the_schema(workdir, invoke):
    message = fails_cleanly(invoke, workdir, ["baseline", "--set", "actors.russia.resolv=0.9"])
    assert "--set: actors.russia.resolv" in message and "did you mean 'resolve'?" in message


def test_set_value_out_of_range_says_it_came_from_set(workdir, invoke):
    message = fails_cleanly(invoke, workdir, ["baseline", "--set", "actors.russia.resolve=7"])
    assert "--set: actors.russia.resolve: must be a number from 0 to 1 (got 7)" in message


def test_set_without_equals_sign(workdir, invoke):
    message = fails_cleanly(invoke, workdir, ["baseline", "--set", "actors.russia.resolve"])
    assert "KEY=VALUE" in message


def test_output_folder_that_cannot_be_written(workdir, invoke):
    blocker = write(workdir, "a file, not a folder\n", "blocker")
    before = sorted(p.name for p in workdir.iterdir())
    result = invoke(["run", "baseline", "--out", str(blocker / "run")])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert str(workdir) in result.stderr or "blocker" in result.stderr
    assert sorted(p.name for p in workdir.iterdir()) == before


def test_extends_cycle_and_missing_parent(workdir, invoke):
    write(workdir, "name: a\nextends: b.yaml\n", "a.yaml")
    write(workdir, "name: b\nextends: a.yaml\n", "b.yaml")
    assert "'extends' makes a cycle: a.yaml -> b.yaml -> a.yaml" in fails_cleanly(
        invoke, workdir, [str(workdir / "a.yaml")]
    )
    message = run_file(invoke, workdir, "name: c\nextends: nowhere\n")
    assert "broken.yaml:2:1: extends: no scenario named 'nowhere'" in message


def test_python_tags_are_refused_by_the_safe_loader(workdir, invoke):
    message = run_file(
        invoke, workdir, CHILD + "description: !!python/object/apply:os.system [ls]\n"
    )
    assert "broken.yaml:3:" in message and "not valid YAML" in message


def test_validate_reports_every_invalid_file_and_exits_2(workdir, invoke):
    good = write(workdir, CHILD, "good.yaml")
    one = write(workdir, CHILD + "battlefield: {volatilty: 1}\n", "one.yaml")
    two = write(workdir, CHILD + "actors: {russia: {resolve: -1}}\n", "two.yaml")
    result = invoke(["validate", str(one), str(good), str(two)])
    assert result.exit_code == 2
    assert f"{good}: ok" in result.stdout
    assert "one.yaml:3:15: battlefield.volatilty" in result.stderr
    assert "two.yaml:3:19: actors.russia.resolve" in result.stderr
    assert "2 of 3 file(s) invalid" in result.stderr


def test_validate_lists_every_problem_in_a_file(workdir, invoke):
    path = write(
        workdir, CHILD + "battlefield: {volatilty: 1, regroup: 2}\nceasefire: {monitoring: x}\n"
    )
    result = invoke(["validate", str(path)])
    assert result.exit_code == 2
    lines = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(lines) == 3, result.stderr
    assert all("broken.yaml:" in line for line in lines)


def problems(result) -> list[str]:
    """The ``error:`` lines of a refused command, after checking it was refused cleanly."""
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit) and "Traceback" not in result.output
    return [line for line in result.stderr.splitlines() if line.startswith("error:")]


def test_validate_reports_a_donor_typo_a_bad_boolean_and_the_timeline_in_one_pass(workdir, invoke):
    text = CHILD + (
        "donors:\n"
        "  - {name: Canada, amount_gbp_m: 1300, weeek: 0}\n"
        "actors:\n"
        "  us:\n"
        "    aid_paused: no\n"
        "timeline:\n"
        "  - {week: 60, set: {actors.us.aid_paused: false}}\n"
        "  - {week: 3, set: {actors.us.aid_pased: false}}\n"
        "  - {week: 5, set: {escalation.weekly_hazard: 2}}\n"
    )
    path = write(workdir, text)
    lines = problems(invoke(["validate", str(path)]))
    assert lines[:-1] == [
        f"error: {path}:4:40: donors.0.weeek: unknown key 'weeek'; did you mean 'week'? "
        "(allowed here: name, amount_gbp_m, week, lag_weeks)",
        f"error: {path}:7:5: actors.us.aid_paused: must be true or false (got 'no')",
        f"error: {path}:9:6: timeline.0.week: week 60 is outside the horizon: events may fall in "
        "weeks 0 to 51 of this 52-week scenario",
        f"error: {path}:10:21: timeline.1.set.actors.us.aid_pased: the scenario has no key "
        "'actors.us.aid_pased'; did you mean 'aid_paused'? (allowed here: "
        + "aid_paused, resume_aid_on, aid_lag_weeks, aid_share, pressure_on_russia, "
        "pressure_growth, capability, bias, sequencing, switch_after, ideal, salience)",
    ]
    assert lines[-1].startswith(f"error: {path}:11:21: timeline.2.set.escalation.weekly_hazard: ")
    assert "from 0 to 1" in lines[-1] and "(from week 5 on)" in lines[-1]


def test_a_parent_that_cannot_be_found_does_not_hide_the_files_own_problems(workdir, invoke):
    text = (
        "name: x\nextends: baselin\nactors: {us: {aid_paused: no}}\nbattlefield: {volatilty: 1}\n"
    )
    lines = problems(invoke(["validate", str(write(workdir, text))]))
    assert len(lines) == 3, lines
    assert ":2:1: extends: no scenario named 'baselin'" in lines[0]
    assert "did you mean 'baseline'?" in lines[0]
    assert ":3:15: actors.us.aid_paused: must be true or false" in lines[1]
    assert ":4:15: battlefield.volatilty: unknown key" in lines[2]
    assert not any("missing" in line for line in lines), "keys the parent gives are not missing"


def test_yaml_slips_are_reported_with_the_schema_problems(workdir, invoke):
    text = CHILD + (
        "simulation: {seed: 1234567890123456789012345678901234, start_date: 2025-02-30}\n"
        "name: again\n"
        "actors: {us: {aid_paused: no}}\n"
    )
    path = write(workdir, text)
    lines = problems(invoke(["validate", str(path)]))
    assert [line.split(": ")[2] for line in lines] == [
        "simulation.seed",
        "simulation.start_date",
        "name",
        "actors.us.aid_paused",
    ]
    assert "a whole number of 34 digits is too long" in lines[0]
    assert "not a valid date" in lines[1]
    assert "appears twice (first at line 1); the first one is read" in lines[2]


def test_every_bad_set_is_reported_with_the_files_problems(workdir, invoke):
    path = write(workdir, CHILD + "battlefield: {volatility: high}\n")
    sets = ["actors.us.aid_pused=true", "actors.us.bias=3", "oops"]
    result = invoke(
        ["run", str(path), *(f"--set={x}" for x in sets), "--out", str(workdir / "out")]
    )
    lines = problems(result)
    assert len(lines) == 4, lines
    assert lines[0].startswith(f"error: {path}:3:15: battlefield.volatility: ")
    assert lines[1].startswith("error: --set: actors.us.aid_pused: the scenario has no key")
    assert lines[2].startswith("error: --set: takes KEY=VALUE")
    assert lines[3] == "error: --set: actors.us.bias: must be a number from 0 to 1 (got 3)"
    assert not (workdir / "out").exists()


@pytest.mark.parametrize(
    ("text", "where", "key", "replaced_by"),
    [
        (
            "actors:\n  russia:\n    concession:\n      strategy: boulware\n      rate: 0.2\n",
            "5:5",
            "actors.russia.concession",
            "concession clocks were removed: parties no longer concede on a deadline. Delay now "
            "comes from private resolve (give `resolve` as a distribution), beliefs "
            "(`beliefs.types`, `beliefs.bluff`) and commitment problems (`settlement.*`); "
            "delete this block",
        ),
        (
            "actors:\n  ukraine:\n    concession: {strategy: linear, deadline_weeks: 52}\n",
            "5:5",
            "actors.ukraine.concession",
            "concession clocks were removed",
        ),
        (
            "actors:\n  us:\n    ideal: {ceasefire: 0.0}\n",
            "5:13",
            "actors.us.ideal.ceasefire",
            "ceasefire is no longer an issue of the settlement package (it is its own track, "
            "`ceasefire.*`); use `armed_forces` (Russia's demilitarisation demand)",
        ),
        (
            "actors:\n  ukraine:\n    salience:\n      ceasefire: 0.15\n",
            "6:7",
            "actors.ukraine.salience.ceasefire",
            "ceasefire is no longer an issue of the settlement package",
        ),
        (
            "actors:\n  us:\n    mediation_step: 0.1\n",
            "5:5",
            "actors.us.mediation_step",
            "removed: the US now picks the package most likely to be accepted each week, tilted "
            "by `actors.us.bias`",
        ),
        (
            "battlefield:\n  prior_sd: 0.1\n",
            "4:3",
            "battlefield.prior_sd",
            "removed: beliefs are now over the other side's resolve (`beliefs.types`)",
        ),
    ],
)
def test_a_removed_key_gets_one_message_saying_what_replaced_it(
    workdir, invoke, text, where, key, replaced_by
):
    path = write(workdir, CHILD + text)
    result = invoke(["validate", str(path)])
    assert result.exit_code == 2
    assert isinstance(result.exception, SystemExit) and "Traceback" not in result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, result.stderr
    assert errors[0].startswith(f"error: {path}:{where}: {key}: {replaced_by}")


def test_a_pre_issue_13_scenario_is_told_what_to_change_key_by_key(workdir, invoke):
    """A file written for concession clocks: every removed key is named, nothing else fails."""
    text = CHILD + (
        "battlefield: {prior_sd: 0.2}\n"
        "actors:\n"
        "  us: {mediation_step: 0.2}\n"
        "  russia:\n"
        "    concession: {strategy: boulware, rate: 0.2, opening: 0.9, deadline_weeks: 78}\n"
        "    salience: {ceasefire: 0.05, territory: 0.25}\n"
    )
    result = invoke(["validate", str(write(workdir, text))])
    assert result.exit_code == 2
    keys = [line.split(": ")[2] for line in result.stderr.splitlines() if line.startswith("error:")]
    assert keys == [
        "battlefield.prior_sd",
        "actors.us.mediation_step",
        "actors.russia.concession",
        "actors.russia.salience.ceasefire",
    ]


def test_set_of_a_removed_key_exits_2_saying_what_replaced_it(workdir, invoke):
    result = invoke(["show", "baseline", "--set", "actors.russia.concession.rate=0.2"])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert result.stderr.startswith(
        "error: --set: actors.russia.concession.rate: concession clocks were removed"
    )


@pytest.mark.parametrize(
    ("setting", "words"),
    [
        ("actors.russia.red_lines.neutrality.min=front", "allowed only on territory"),
        ("actors.russia.red_lines.territory.max=front", "allowed only as a min"),
    ],
)
def test_front_outside_a_territory_min_exits_2(workdir, invoke, setting, words):
    result = invoke(["show", "baseline", "--set", setting])
    assert result.exit_code == 2 and "Traceback" not in result.output
    key = setting.partition("=")[0]
    assert result.stderr.startswith(f"error: --set: {key}: 'front'") and words in result.stderr


def test_validate_accepts_every_shipped_scenario(invoke):
    from simulator.scenario.library import shipped_scenarios

    result = invoke(["validate", *map(str, shipped_scenarios().values())])
    assert result.exit_code == 0, result.output


def test_show_with_a_bad_set_exits_2(workdir, invoke):
    result = invoke(["show", "baseline", "--set", "nope=1"])
    assert result.exit_code == 2
    assert "--set: nope: the scenario has no key 'nope'" in result.stderr


def test_the_installed_command_prints_no_traceback(workdir):
    """The real console script, not only click's test runner."""
    path = write(workdir, CHILD + "actors: {russia: {resolve: 1.5}}\n")
    negsim = Path(sys.executable).parent / "negsim"
    command = [str(negsim)] if negsim.exists() else [sys.executable, "-m", "simulator"]
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    done = subprocess.run(
        [*command, "run", str(path), "--out", str(workdir / "out")],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert done.stderr.strip().startswith("error:") and "actors.russia.resolve" in done.stderr
    assert not (workdir / "out").exists()
