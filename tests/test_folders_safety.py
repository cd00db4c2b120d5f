"""No run loses another's data: the destination is reserved, swapped in whole, never stolen.

Two commands writing the same ``--out`` at once: exactly one wins and the other is refused, and
the winner's folder is whole. ``--overwrite`` replaces only a folder negsim wrote, and works on
the current directory. A full disk (an injected ``ENOSPC``) during ``run``, ``explain --out`` or
``chart`` gives one message, exit code 2, and leaves what was there before. Folder names the
file system cannot hold get one message too.
"""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from simulator.folders.staging import MARKER
from tests.helpers import chart_stems

SMALL = ["--runs", "300", "--weeks", "6", "--no-charts"]
NEGSIM = [sys.executable, "-c", "from simulator.cli import main; main()"]


def negsim_process(*args: str, cwd: Path) -> subprocess.Popen:
    """``negsim ARGS`` in a child process (as a second terminal would run it)."""
    return subprocess.Popen(
        [*NEGSIM, *args], cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def outcome(process: subprocess.Popen) -> tuple[int, str]:
    """Wait for a child ``negsim``; its exit code and stderr."""
    _, err = process.communicate(timeout=180)
    return process.returncode, err


def no_space(*_args, **_kwargs):
    """Stands in for a write on a full disk."""
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def folder_seed(folder: Path) -> int:
    """The seed a run folder's summary records (which run wrote it)."""
    return json.loads((folder / "summary.json").read_text())["seed"]


def test_two_runs_racing_for_one_out_one_wins_and_its_folder_is_whole(tmp_path):
    racers = {
        seed: negsim_process(
            "run", "baseline", *SMALL, "--seed", str(seed), "--out", "race", cwd=tmp_path
        )
        for seed in (11, 22)
    }
    results = {seed: outcome(p) for seed, p in racers.items()}
    winners = [seed for seed, (code, _) in results.items() if code == 0]
    assert len(winners) == 1, results
    loser = next(seed for seed in racers if seed not in winners)
    code, err = results[loser]
    assert code == 2 and "Traceback" not in err
    assert "race" in err and ("another negsim" in err or "exists and is not empty" in err)
    assert folder_seed(tmp_path / "race") == winners[0], "the winner's folder was replaced"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["race"], "a stage was left behind"
    assert not (tmp_path / "race" / MARKER).exists()


def test_two_overwriting_runs_racing_leave_one_whole_folder(tmp_path):
    first = negsim_process("run", "baseline", *SMALL, "--seed", "1", "--out", "o", cwd=tmp_path)
    assert outcome(first)[0] == 0
    racers = {
        seed: negsim_process(
            "run",
            "baseline",
            *SMALL,
            "--seed",
            str(seed),
            "--out",
            "o",
            "--overwrite",
            cwd=tmp_path,
        )
        for seed in (11, 22)
    }
    results = {seed: outcome(p) for seed, p in racers.items()}
    winners = [seed for seed, (code, _) in results.items() if code == 0]
    assert winners, results
    assert all(code in (0, 2) and "Traceback" not in err for code, err in results.values())
    assert folder_seed(tmp_path / "o") in winners
    assert sorted(p.name for p in tmp_path.iterdir()) == ["o"]


def test_a_folder_being_written_by_a_live_run_is_refused_even_with_overwrite(tmp_path, invoke):
    out = tmp_path / "busy"
    out.mkdir()
    (out / MARKER).write_text(f"{os.getppid()} {os.uname().nodename}\n")
    result = invoke(["run", "baseline", *SMALL, "--out", str(out), "--overwrite"])
    assert result.exit_code == 2
    assert "being written by another negsim command" in result.output
    assert sorted(p.name for p in out.iterdir()) == [MARKER], "the other run's folder was touched"


def test_a_reservation_left_by_a_dead_run_is_taken_over(tmp_path, invoke):
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    out = tmp_path / "stale"
    out.mkdir()
    (out / MARKER).write_text(f"{dead.stdout.strip()} {os.uname().nodename}\n")
    result = invoke(["run", "baseline", *SMALL, "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert (out / "summary.json").is_file() and not (out / MARKER).exists()


def test_overwrite_refuses_a_folder_negsim_did_not_write(tmp_path, invoke):
    out = tmp_path / "thesis"
    out.mkdir()
    (out / "chapter1.tex").write_text("years of work")
    result = invoke(["run", "baseline", *SMALL, "--out", str(out), "--overwrite"])
    assert result.exit_code == 2
    assert "is not a folder negsim wrote" in result.output
    assert "Traceback" not in result.output
    assert [p.name for p in out.iterdir()] == ["chapter1.tex"]
    assert (out / "chapter1.tex").read_text() == "years of work"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["thesis"]


def test_overwrite_refuses_a_negsim_like_folder_holding_subfolders(
    tmp_path, invoke, baseline_folder
):
    out = tmp_path / "mixed"
    out.mkdir()
    for name in ("summary.json", "scenario.yaml"):
        (out / name).write_bytes((baseline_folder / name).read_bytes())
    (out / "my-notes").mkdir()
    result = invoke(["run", "baseline", *SMALL, "--out", str(out), "--overwrite"])
    assert result.exit_code == 2 and "is not a folder negsim wrote" in result.output
    assert (out / "my-notes").is_dir()


def test_overwrite_replaces_a_run_folder(tmp_path, invoke):
    out = tmp_path / "run"
    assert invoke(["run", "baseline", *SMALL, "--seed", "1", "--out", str(out)]).exit_code == 0
    result = invoke(["run", "baseline", *SMALL, "--seed", "2", "--out", str(out), "--overwrite"])
    assert result.exit_code == 0, result.output
    assert folder_seed(out) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["run"]


def test_out_dot_writes_into_the_current_folder_and_overwrite_replaces_its_contents(
    tmp_path, invoke, monkeypatch
):
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    result = invoke(["run", "baseline", *SMALL, "--seed", "1", "--out", "."])
    assert result.exit_code == 0, result.output
    assert folder_seed(here) == 1
    again = invoke(["run", "baseline", *SMALL, "--seed", "2", "--out", "."])
    assert again.exit_code == 2 and "exists and is not empty" in again.output
    (here / "explain.md").write_text("an old explanation")
    result = invoke(["run", "baseline", *SMALL, "--seed", "2", "--out", ".", "--overwrite"])
    assert result.exit_code == 0, result.output
    assert folder_seed(here) == 2
    assert Path.cwd() == here and here.is_dir()
    assert not (here / "explain.md").exists(), "the old folder's files were not replaced"
    assert not [p for p in here.iterdir() if p.name.startswith(".")], "a stage was left behind"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["here"]


def test_a_300_character_out_name_gets_one_message(tmp_path, invoke):
    result = invoke(["run", "baseline", *SMALL, "--out", str(tmp_path / ("a" * 300))])
    assert result.exit_code == 2
    assert "is 300 bytes long" in result.output and "at most 255" in result.output
    assert "Traceback" not in result.output and "OSError" not in result.output
    assert list(tmp_path.iterdir()) == []


def test_a_245_character_out_name_is_written(tmp_path, invoke):
    out = tmp_path / ("b" * 245)
    result = invoke(["run", "baseline", *SMALL, "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert (out / "summary.json").is_file()
    assert [p.name for p in tmp_path.iterdir()] == [out.name]


def test_disk_full_during_run_gives_one_message_and_no_folder(tmp_path, invoke, monkeypatch):
    monkeypatch.setattr("numpy.savez_compressed", no_space)
    result = invoke(["run", "baseline", *SMALL, "--out", str(tmp_path / "run")])
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        f"error: cannot write {tmp_path / 'run'}: No space left on device; nothing was written"
    ]
    assert list(tmp_path.iterdir()) == []


def test_disk_full_while_writing_the_runs_table_keeps_the_previous_folder(
    tmp_path, invoke, monkeypatch
):
    out = tmp_path / "run"
    assert invoke(["run", "baseline", *SMALL, "--seed", "1", "--out", str(out)]).exit_code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    monkeypatch.setattr("simulator.folders.runs_table.RunsCsv.write", no_space)
    result = invoke(["run", "baseline", *SMALL, "--seed", "2", "--out", str(out), "--overwrite"])
    assert result.exit_code == 2
    assert "No space left on device" in result.output and "Traceback" not in result.output
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["run"]


def test_disk_full_during_explain_out_gives_one_message_and_no_file(tmp_path, invoke, monkeypatch):
    real = Path.write_text

    def write_text(self, *args, **kwargs):
        if self.name.startswith(".explain"):
            real(self, "half")
            no_space()
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Path, "write_text", write_text)
    out = tmp_path / "story"
    result = invoke(["explain", "baseline", "--weeks", "6", "--out", str(out)])
    assert result.exit_code == 2
    assert result.output.strip().splitlines()[-1] == (
        f"error: cannot write to {out}: No space left on device; no explain file was written"
    )
    assert "Traceback" not in result.output
    assert list(out.iterdir()) == []


def copy_folder(source: Path, target: Path) -> dict[str, bytes]:
    """Copy a run folder; return its files' contents."""
    target.mkdir()
    for path in source.iterdir():
        (target / path.name).write_bytes(path.read_bytes())
    return {p.name: p.read_bytes() for p in target.iterdir()}


@pytest.mark.parametrize("fails", ["a chart", "report.html"])
def test_disk_full_during_chart_leaves_the_old_charts_and_report(
    tmp_path, invoke, monkeypatch, baseline_folder, fails
):
    folder = tmp_path / "run"
    before = copy_folder(baseline_folder, folder)
    if fails == "a chart":
        monkeypatch.setattr("matplotlib.figure.Figure.savefig", no_space)
    else:
        real = Path.write_text

        def write_text(self, *args, **kwargs):
            if self.name == "report.html":
                real(self, "<html><body>trunc")
                no_space()
            return real(self, *args, **kwargs)

        monkeypatch.setattr(Path, "write_text", write_text)
    result = invoke(["chart", str(folder)])
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        f"error: cannot write to {folder}: No space left on device; its charts and "
        "report.html were left as they were"
    ]
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


def test_chart_redraws_every_file_and_leaves_no_stage(tmp_path, invoke, baseline_folder):
    folder = tmp_path / "run"
    before = copy_folder(baseline_folder, folder)
    (folder / "report.html").write_text("stale")
    result = invoke(["chart", str(folder)])
    assert result.exit_code == 0, result.output
    assert (folder / "report.html").read_bytes() == before["report.html"]
    assert {p.name for p in folder.iterdir()} == set(before)
    # PNG and SVG of each chart (a forecast question's too), and the report
    assert result.output.count("wrote ") == 2 * len(chart_stems(folder)) + 1
