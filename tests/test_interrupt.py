"""Ctrl-C, SIGTERM and SIGHUP during a run: the workers stop, no run folder is left, one line.

Ctrl-C in-process is raised at a block boundary (from the per-block callback), not by racing a
real signal, so those tests are deterministic. The signal tests run ``negsim`` in a child
process with two workers, signal it once its pool is running (or starting), and then check the
exit code (128 + the signal), the folder, and that no process it started is still alive.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from simulator.engine.model import BLOCK_SIZE
from simulator.montecarlo.runner import run_monte_carlo
from simulator.scenario.loader import load_scenario

RUNS = 4 * BLOCK_SIZE


def new_children(before: set) -> set:
    """Child processes started since ``before`` that are still running."""
    return set(multiprocessing.active_children()) - before


def interrupt_after(monkeypatch, blocks: int) -> list[int]:
    """Make the run's per-block callback raise KeyboardInterrupt after ``blocks`` blocks."""
    seen: list[int] = []

    def advance(self, runs=1):
        seen.append(runs)
        if len(seen) >= blocks:
            raise KeyboardInterrupt

    monkeypatch.setattr("simulator.folders.run.Progress.advance", advance)
    return seen


@pytest.mark.parametrize("workers", ["1", "2"])
@pytest.mark.parametrize("table", ["csv", "parquet"])
def test_ctrl_c_leaves_no_run_folder_and_says_so(tmp_path, monkeypatch, workers, table, invoke):
    before = set(multiprocessing.active_children())
    if table == "parquet":
        pytest.importorskip("pyarrow")
    seen = interrupt_after(monkeypatch, 2)
    out = tmp_path / "run"
    result = invoke(
        [
            "run",
            "baseline",
            "--no-charts",
            "--runs",
            str(RUNS),
            "--weeks",
            "6",
            "--workers",
            workers,
            "--runs-table",
            table,
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 130
    assert result.output.strip() == "interrupted: no run folder was written"
    assert len(seen) == 2
    assert list(tmp_path.iterdir()) == [], "a run folder or a .partial stage was left behind"
    assert not new_children(before), "pool workers were left running"


def test_ctrl_c_with_overwrite_keeps_the_previous_run_folder(tmp_path, monkeypatch, invoke):
    out = tmp_path / "run"
    out.mkdir()
    (out / "summary.json").write_text('{"previous": true}')
    (out / "scenario.yaml").write_text("name: previous\n")
    interrupt_after(monkeypatch, 1)
    result = invoke(
        [
            "run",
            "baseline",
            "--no-charts",
            "--runs",
            str(RUNS),
            "--weeks",
            "4",
            "--out",
            str(out),
            "--overwrite",
        ],
    )
    assert result.exit_code == 130
    assert sorted(p.name for p in tmp_path.iterdir()) == ["run"]
    assert sorted(p.name for p in out.iterdir()) == ["scenario.yaml", "summary.json"]
    assert (out / "summary.json").read_text() == '{"previous": true}'


def test_interrupt_in_the_pool_stops_it_after_the_block_in_hand():
    before = set(multiprocessing.active_children())
    scenario = load_scenario("baseline", ["simulation.weeks=4"]).scenario
    done: list[int] = []

    def on_block(result):
        done.append(result.block)
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_monte_carlo(scenario, 40 * BLOCK_SIZE, workers=2, on_block=on_block)
    assert done == [0]
    assert not new_children(before)


NEGSIM = [sys.executable, "-c", "from simulator.cli import main; main()"]
LONG_RUN = ["run", "baseline", "--runs", "400000", "--workers", "2", "--no-charts"]


def children_of(pid: int) -> set[int]:
    """Live processes whose parent is ``pid`` (from /proc, or psutil when installed)."""
    try:
        import psutil  # optional: /proc serves otherwise
    except ImportError:
        found = set()
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                except (OSError, IndexError):
                    continue
                if int(fields[1]) == pid and fields[0] != "Z":
                    found.add(int(entry.name))
        return found
    try:
        return {c.pid for c in psutil.Process(pid).children() if c.status() != "zombie"}
    except psutil.Error:
        return set()


def descendants(pid: int) -> set[int]:
    """Every live process started by ``pid``, and by those, and so on."""
    found: set[int] = set()
    todo = [pid]
    while todo:
        for child in children_of(todo.pop()) - found:
            found.add(child)
            todo.append(child)
    return found


def alive(pid: int) -> bool:
    """Whether ``pid`` is a running (not zombie) process."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def start_run(cwd: Path, own_group: bool = False) -> subprocess.Popen:
    """``negsim run baseline`` with two workers and many runs, in a child process."""
    return subprocess.Popen(
        [*NEGSIM, *LONG_RUN, "--out", "run"],
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=own_group,
    )


def wait_for_children(process: subprocess.Popen, count: int, timeout: float = 120) -> set[int]:
    """Wait until ``process`` has started ``count`` processes; return them."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = descendants(process.pid)
        if len(found) >= count:
            return found
        assert process.poll() is None, process.communicate()[1]
        time.sleep(0.02)
    raise AssertionError(f"the run started only {len(descendants(process.pid))} processes")


def assert_gone(pids: set[int], timeout: float = 10) -> None:
    """Every process in ``pids`` ends within ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and any(alive(p) for p in pids):
        time.sleep(0.05)
    assert not [p for p in pids if alive(p)], "a child process survived the run"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
@pytest.mark.parametrize(
    ("name", "code"), [("SIGTERM", 143), ("SIGHUP", 129)], ids=["sigterm", "sighup"]
)
def test_a_stop_signal_ends_a_pool_run_like_ctrl_c(tmp_path, name, code):
    process = start_run(tmp_path)
    children = wait_for_children(process, 3)  # the forkserver and both workers
    process.send_signal(getattr(signal, name))
    _, err = process.communicate(timeout=120)
    assert process.returncode == code
    assert err.strip().splitlines()[-1] == f"interrupted by {name}: no run folder was written"
    assert "Traceback" not in err
    assert list(tmp_path.iterdir()) == [], "a run folder or a .partial stage was left behind"
    assert_gone(children)


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
@pytest.mark.parametrize("started", [1, 2, 4], ids=["forkserver", "first-worker", "pool"])
def test_ctrl_c_to_the_terminal_while_the_pool_starts_prints_no_child_traceback(tmp_path, started):
    """The terminal sends Ctrl-C to every process of the job, children starting up included."""
    process = start_run(tmp_path, own_group=True)
    children = wait_for_children(process, started)
    os.killpg(process.pid, signal.SIGINT)
    _, err = process.communicate(timeout=120)
    assert process.returncode == 130, err
    assert "Traceback" not in err, err
    assert err.strip().splitlines()[-1] == "interrupted: no run folder was written"
    assert list(tmp_path.iterdir()) == []
    assert_gone(children)
