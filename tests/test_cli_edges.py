"""Edges of the command line: every option refuses what it cannot handle, in one clear line.

Each refusal exits with code 2, prints one ``error:`` line naming the option or file at fault
(click's own usage errors spell it ``Error:``), prints no traceback and writes no folder.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from simulator.analysis import parse_values


def refused(result, *names: str) -> str:
    """The one error line of a refused command, checked to name each of ``names``."""
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    lines = [line for line in result.stderr.splitlines() if line.lower().startswith("error:")]
    assert len(lines) == 1, result.stderr
    for name in names:
        assert name in lines[0], lines[0]
    return lines[0]


@pytest.fixture
def folder_copy(baseline_folder, tmp_path):
    """A copy of the shared baseline run folder (1000 runs) that a test may damage."""
    return shutil.copytree(baseline_folder, tmp_path / "copy")


# explain --run


def test_explain_refuses_a_run_number_no_scenario_can_have(invoke):
    line = refused(invoke(["explain", "baseline", "--run", "99999999999999999999"]), "--run")
    assert "99,999,999" in line


def test_explain_refuses_a_run_that_is_not_in_the_run_folder(invoke, baseline_folder):
    line = refused(invoke(["explain", str(baseline_folder), "--run", "100000"]), "--run")
    assert "has 1000 runs, numbered 0 to 999" in line


def test_explain_still_explains_the_last_run_of_a_run_folder(invoke, baseline_folder):
    result = invoke(["explain", str(baseline_folder), "--run", "999"])
    assert result.exit_code == 0, result.output
    assert "warning" not in result.stderr


# a damaged runs.csv


def test_explain_names_a_runs_csv_cut_off_mid_line(invoke, folder_copy):
    table = folder_copy / "runs.csv"
    data = table.read_bytes()
    table.write_bytes(data[: len(data) // 2])
    line = refused(invoke(["explain", str(folder_copy), "--outcome", "escalation"]), "runs.csv")
    assert "truncated or damaged" in line and "cut off" in line


def test_explain_names_a_runs_csv_that_lost_its_last_rows(invoke, folder_copy):
    table = folder_copy / "runs.csv"
    lines = table.read_text(encoding="utf-8").splitlines(keepends=True)
    table.write_text("".join(lines[:301]), encoding="utf-8")  # header and runs 0 to 299
    line = refused(invoke(["explain", str(folder_copy), "--run", "700"]), "runs.csv")
    assert "ends after 300 of the folder's 1000 runs" in line


def test_explain_names_a_runs_csv_with_a_short_row(invoke, folder_copy):
    table = folder_copy / "runs.csv"
    lines = table.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[3] = ",".join(lines[3].split(",")[:5]) + "\n"
    table.write_text("".join(lines), encoding="utf-8")
    line = refused(invoke(["explain", str(folder_copy), "--run", "10"]), "runs.csv")
    assert "line 4" in line


def test_explain_names_a_runs_csv_of_random_bytes(invoke, folder_copy):
    (folder_copy / "runs.csv").write_bytes(bytes(range(256)) * 4 + b"\n")
    refused(invoke(["explain", str(folder_copy), "--run", "1"]), "runs.csv", "damaged")


def test_explain_names_a_truncated_runs_parquet(invoke, tmp_path):
    pytest.importorskip("pyarrow")
    folder = tmp_path / "pq"
    args = ["run", "baseline", "--runs", "50", "--runs-table", "parquet", "--no-charts"]
    assert invoke([*args, "--out", str(folder)]).exit_code == 0
    table = folder / "runs.parquet"
    table.write_bytes(table.read_bytes()[:2000])
    refused(invoke(["explain", str(folder), "--run", "3"]), "runs.parquet", "damaged")


# each option's errors name that option


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["--runs", "999999999999"], "--runs"),
        (["--runs", "0"], "--runs"),
        (["--seed", "9" * 30], "--seed"),
        (["--seed", "-1"], "--seed"),
        (["--weeks", "-3"], "--weeks"),
        (["--weeks", "5" * 5000], "--weeks"),
    ],
)
def test_run_errors_name_the_option_not_set(invoke, tmp_path, args, option):
    out = tmp_path / "out"
    line = refused(invoke(["run", "baseline", *args, "--out", str(out)]), option)
    assert "--set" not in line
    assert not out.exists()


@pytest.mark.parametrize("command", ["compare", "sweep"])
def test_compare_and_sweep_runs_and_seed_errors_name_their_option(invoke, tmp_path, command):
    extra = (
        ["us_pressure"]
        if command == "compare"
        else ["--param", "escalation.weekly_hazard", "--values", "0,0.01"]
    )
    for option, value in (("--runs", "999999999999"), ("--seed", "9" * 30)):
        result = invoke([command, "baseline", *extra, option, value, "--out", str(tmp_path / "o")])
        assert "--set" not in refused(result, option)


def test_sweep_param_errors_name_param(invoke, tmp_path):
    args = ["sweep", "baseline", "--values", "0,1", "--out", str(tmp_path / "o")]
    line = refused(invoke([*args, "--param", "escalation.weekly_hazrd"]), "--param")
    assert "did you mean" in line and "--set" not in line
    line = refused(invoke([*args, "--param", "escalation..weekly_hazard"]), "--param")
    assert "--set" not in line
    line = refused(invoke([*args, "--param", "extends"]), "--param")
    assert "--set" not in line


def test_sweep_value_errors_name_the_value(invoke, tmp_path):
    result = invoke(
        [
            "sweep",
            "baseline",
            "--param",
            "escalation.weekly_hazard",
            "--values",
            "0,2",
            "--out",
            str(tmp_path / "o"),
        ]
    )
    line = refused(result, "--values 2: escalation.weekly_hazard:")
    assert "--set" not in line


# --workers


@pytest.mark.parametrize("value", ["0", "-1", "two", "1.5", "100000"])
def test_workers_refuses_what_is_not_a_sane_number_of_processes(invoke, tmp_path, value):
    out = tmp_path / "out"
    result = invoke(["run", "baseline", "--runs", "10", "--workers", value, "--out", str(out)])
    assert "'auto'" in refused(result, "--workers")
    assert not out.exists()


def test_workers_still_accepts_auto_and_two(invoke, tmp_path):
    for value in ("auto", "2"):
        out = tmp_path / value
        args = ["run", "baseline", "--runs", "10", "--no-charts", "--workers", value]
        result = invoke([*args, "--out", str(out)])
        assert result.exit_code == 0, result.output


# a directory as SCENARIO


def test_a_directory_as_scenario_says_it_is_a_directory(invoke, tmp_path):
    line = refused(invoke(["show", str(tmp_path)]), str(tmp_path))
    assert "is a directory" in line and "no such file" not in line


def test_a_run_folder_as_scenario_points_to_its_scenario_yaml(invoke, baseline_folder, tmp_path):
    result = invoke(["run", str(baseline_folder), "--out", str(tmp_path / "o")])
    assert str(baseline_folder / "scenario.yaml") in refused(result, "is a directory")


# sweep --values ranges


@pytest.mark.parametrize(
    ("values", "says"),
    [
        ("0:inf:3", "finite"),
        ("-inf:1:3", "finite"),
        ("nan:1:3", "finite"),
        ("0:1", "LOW:HIGH:STEPS"),
        ("0:1:3:4", "LOW:HIGH:STEPS"),
        (":1:3", "LOW:HIGH:STEPS"),
        ("a:1:3", "LOW:HIGH:STEPS"),
        ("0:1:x", "whole number"),
        ("0:1:1", "between 2 and"),
        ("0:1:1000", "between 2 and"),
        ("1:1:3", "differ"),
        ("-1e308:1e308:3", "too wide"),
    ],
)
def test_sweep_refuses_non_finite_and_malformed_ranges(invoke, tmp_path, values, says):
    out = tmp_path / "o"
    args = ["sweep", "baseline", "--param", "escalation.weekly_hazard", "--values", values]
    line = refused(invoke([*args, "--out", str(out)]), "--values")
    assert says in line and "nan" not in line.replace(values, "")
    assert not out.exists()


def test_a_range_still_gives_evenly_spaced_values():
    assert parse_values("0:0.01:5") == ["0", "0.0025", "0.005", "0.0075", "0.01"]
    assert parse_values("10:0:3") == ["10", "5", "0"]


# sensitivity bounds


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["--samples", "100000000"], "--samples"),
        (["--runs-per-point", "1000000000"], "--runs-per-point"),
        (["--method", "sobol", "--samples", "8192"], "--samples"),  # points x blocks too many
    ],
)
def test_sensitivity_refuses_studies_too_large_to_run(invoke, tmp_path, args, option):
    out = tmp_path / "o"
    line = refused(invoke(["sensitivity", "baseline", *args, "--out", str(out)]), option)
    assert "--set" not in line
    assert not out.exists()


def test_the_launcher_at_the_repo_root_calls_the_installed_negsim(tmp_path):
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run(
        [str(root / "negsim"), "--version"], capture_output=True, text=True, cwd=tmp_path
    )
    assert done.returncode == 0 and "negsim, version" in done.stdout
    stray = tmp_path / "negsim"  # the launcher in a folder without .venv
    stray.write_bytes((root / "negsim").read_bytes())
    stray.chmod(0o755)
    done = subprocess.run([str(stray), "--version"], capture_output=True, text=True)
    assert done.returncode == 2
    assert "run 'make run' there first" in done.stderr
