"""``negsim chart`` on a damaged run folder: one message naming the file, exit 2, nothing changed.

Each test damages one file of a copy of the shared baseline folder the way a crash, a full disk
or a careless edit would, and checks that ``chart`` says which file is wrong (no traceback) and
leaves every file of the folder as it was.
"""

from __future__ import annotations

import errno
import json
import os
import stat
from pathlib import Path

import numpy as np
import pytest


@pytest.fixture
def folder(tmp_path, baseline_folder) -> Path:
    """A private copy of the baseline run folder, free to damage."""
    copy = tmp_path / "run"
    copy.mkdir()
    for path in baseline_folder.iterdir():
        (copy / path.name).write_bytes(path.read_bytes())
    return copy


def contents(folder: Path) -> dict[str, bytes]:
    """Every file of a folder, by name."""
    return {p.name: p.read_bytes() for p in folder.iterdir()}


def chart_refuses(invoke, folder: Path, file: str, *words: str) -> str:
    """``negsim chart FOLDER`` exits 2, one message naming ``file``; the folder is unchanged."""
    before = contents(folder)
    result = invoke(["chart", str(folder)])
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert lines[0].startswith("error: ") and "Traceback" not in result.output, result.output
    assert all(str(folder / file) in line for line in lines), "a line does not name the file"
    for word in words:
        assert word in lines[0]
    assert contents(folder) == before
    return lines[0]


def rewrite_npz(folder: Path, change) -> None:
    """Rewrite ``weekly.npz`` with ``change(arrays)`` applied."""
    with np.load(folder / "weekly.npz") as npz:
        arrays = {key: npz[key] for key in npz.files}
    change(arrays)
    with (folder / "weekly.npz").open("wb") as file:
        np.savez_compressed(file, **arrays)


def test_truncated_summary_json_is_named(folder, invoke):
    text = (folder / "summary.json").read_text()
    (folder / "summary.json").write_text(text[: len(text) // 2])
    chart_refuses(invoke, folder, "summary.json", "not valid JSON")


def test_summary_json_that_is_not_an_object_is_named(folder, invoke):
    (folder / "summary.json").write_text("[1, 2, 3]\n")
    chart_refuses(invoke, folder, "summary.json", "not an object")


def test_summary_json_missing_an_outcome_is_named(folder, invoke):
    summary = json.loads((folder / "summary.json").read_text())
    del summary["outcomes"]["escalation"]
    (folder / "summary.json").write_text(json.dumps(summary))
    chart_refuses(invoke, folder, "summary.json", "'outcomes' lacks 'escalation'")


def test_summary_json_with_a_string_for_a_count_is_named(folder, invoke):
    summary = json.loads((folder / "summary.json").read_text())
    summary["outcomes"]["war_continues"]["count"] = "many"
    (folder / "summary.json").write_text(json.dumps(summary))
    chart_refuses(invoke, folder, "summary.json", "outcomes.war_continues.count")


def test_random_bytes_in_weekly_npz_are_named(folder, invoke):
    (folder / "weekly.npz").write_bytes(np.random.default_rng(0).bytes(4096))
    chart_refuses(invoke, folder, "weekly.npz", "cannot be unpacked")


def test_truncated_weekly_npz_is_named(folder, invoke):
    data = (folder / "weekly.npz").read_bytes()
    (folder / "weekly.npz").write_bytes(data[: len(data) // 3])
    chart_refuses(invoke, folder, "weekly.npz")


def test_a_wrong_shaped_array_in_weekly_npz_is_named(folder, invoke):
    rewrite_npz(folder, lambda a: a.update({"hist.kursk_control": a["hist.kursk_control"].T}))
    chart_refuses(invoke, folder, "weekly.npz", "'hist.kursk_control'", "shape")


def test_a_short_weekly_series_in_weekly_npz_is_named(folder, invoke):
    rewrite_npz(folder, lambda a: a.update({"count.settled": a["count.settled"][:3]}))
    chart_refuses(invoke, folder, "weekly.npz", "'count.settled'")


def test_text_instead_of_numbers_in_weekly_npz_is_named(folder, invoke):
    rewrite_npz(folder, lambda a: a.update({"count.settled": a["count.settled"].astype(str)}))
    chart_refuses(invoke, folder, "weekly.npz", "'count.settled'")


def test_weekly_states_that_do_not_add_up_to_the_runs_are_named(folder, invoke):
    """Each week every run is in one state: at war, in a ceasefire, settled or escalated."""

    def lose_settled_runs(arrays):
        arrays["count.settled"] = np.maximum(arrays["count.settled"] - 1, 0)

    rewrite_npz(folder, lose_settled_runs)
    message = chart_refuses(invoke, folder, "weekly.npz", "add up to", "not the 1,000 runs")
    assert "count.at_war" in message


def test_a_weekly_count_above_the_runs_is_named(folder, invoke):
    rewrite_npz(folder, lambda a: a.update({"count.truce_active": a["count.truce_active"] + 5000}))
    chart_refuses(invoke, folder, "weekly.npz", "'count.truce_active'", "more than the 1,000 runs")


def test_a_missing_belief_histogram_in_weekly_npz_is_named(folder, invoke):
    rewrite_npz(folder, lambda a: a.pop("hist.belief_error.russia_about_ukraine"))
    result = invoke(["chart", str(folder)])
    assert result.exit_code == 2
    assert "hist.belief_error.russia_about_ukraine" in result.output
    assert "Traceback" not in result.output


def test_broken_yaml_in_scenario_yaml_is_named(folder, invoke):
    (folder / "scenario.yaml").write_text("name: [unclosed\n")
    chart_refuses(invoke, folder, "scenario.yaml", "not valid YAML")


def test_random_bytes_in_scenario_yaml_are_named(folder, invoke):
    (folder / "scenario.yaml").write_bytes(b"\xff\xfe\x00garbage\x9c")
    chart_refuses(invoke, folder, "scenario.yaml")


def test_a_scenario_yaml_that_no_longer_validates_is_named(folder, invoke):
    (folder / "scenario.yaml").write_text("simulation: 3\n")
    chart_refuses(invoke, folder, "scenario.yaml", "simulation")


def test_a_damaged_provenance_json_is_named(folder, invoke):
    (folder / "provenance.json").write_text('{"command": ')
    chart_refuses(invoke, folder, "provenance.json", "not valid JSON")


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_folder_gets_one_message(folder, invoke):
    mode = folder.stat().st_mode
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        before = contents(folder)
        result = invoke(["chart", str(folder)])
    finally:
        folder.chmod(mode)
    assert result.exit_code == 2
    assert result.output.strip() == f"error: cannot write to {folder}: Permission denied"
    assert contents(folder) == before


def test_a_folder_that_refuses_writes_gets_one_message(folder, invoke, monkeypatch):
    """As a read-only folder behaves for a user who is not root."""

    def refuse(*_args, **_kwargs):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

    monkeypatch.setattr("tempfile.mkdtemp", refuse)
    before = contents(folder)
    result = invoke(["chart", str(folder)])
    assert result.exit_code == 2
    assert result.output.strip() == f"error: cannot write to {folder}: Permission denied"
    assert contents(folder) == before


def test_a_missing_folder_is_named(tmp_path, invoke):
    result = invoke(["chart", str(tmp_path / "nowhere")])
    assert result.exit_code == 2
    assert "nowhere" in result.output and "Traceback" not in result.output
