"""Speed and memory benchmarks of ``negsim run`` on the baseline (52 weeks), written as JSON.

Each case runs in a fresh process (so peak memory is that case's own), through the same code
as ``negsim run --no-charts`` (the run folder goes to a temporary directory). For each case it
records start-up time (imports and scenario loading), run time, runs per second measured after
start-up, and peak resident memory of the main process and of the largest worker.

    python benchmarks/bench_engine.py                 # 1,000 and 100,000 runs (a few minutes)
    python benchmarks/bench_engine.py --full          # also 1,000,000 runs
    python benchmarks/bench_engine.py --profile 10    # cProfile of the engine, top entries
    python benchmarks/bench_engine.py --reference ''   # without the reference engine

Each case also runs on the reference engine (``REFERENCE``: the last commit before the
bargaining-theory decision core, extracted with ``git archive`` into a temporary folder and
run with the same interpreter), so the two speeds are measured on the same machine, at the
same load, in the same run.

Results go to ``benchmarks/results/<UTC time>.json`` so they can be compared over time. These
are measurements, not tests: nothing here fails when a number is slow.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
REFERENCE = "c2e764d"
"""The engine before issue 13 (concession clocks), measured beside today's for comparison."""
QUICK_RUNS = (1_000, 100_000)
FULL_RUNS = (*QUICK_RUNS, 1_000_000)


class DescendantPeaks:
    """Peak resident memory of this process's descendants, read from ``/proc`` twice a second.

    Pool workers fork from a server process, so ``RUSAGE_CHILDREN`` does not see them.
    """

    def __init__(self):
        import threading

        self.peaks: dict[int, float] = {}
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._watch, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join()

    def _watch(self) -> None:
        while not self.stop.wait(0.5):
            self.sample()

    def sample(self) -> None:
        """Record the peak RSS (VmHWM) of every live descendant."""
        parents: dict[int, int] = {}
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    stat = (entry / "stat").read_text()
                except OSError:
                    continue
                parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
        me = os.getpid()
        for pid in parents:
            up, seen = parents.get(pid), 0
            while up not in (None, 0, 1, me) and seen < 20:
                up, seen = parents.get(up), seen + 1
            if up != me:
                continue
            try:
                status = (Path("/proc") / str(pid) / "status").read_text()
            except OSError:
                continue
            for line in status.splitlines():
                if line.startswith("VmHWM:"):
                    mib = int(line.split()[1]) / 1024
                    self.peaks[pid] = max(self.peaks.get(pid, 0.0), mib)

    def largest(self) -> float:
        """The largest peak seen among the descendants (0 when there were none)."""
        return max(self.peaks.values(), default=0.0)


def run_case(runs: int, workers: str, table: str) -> dict:
    """One case, in this process: start-up, the run, and its peak memory."""
    started = time.perf_counter()
    from simulator.folders.run import run_to_folder
    from simulator.montecarlo.blocks import n_blocks
    from simulator.montecarlo.pool import resolve_workers
    from simulator.scenario.loader import load_scenario

    loaded = load_scenario("baseline", [f"simulation.runs={runs}", "simulation.weeks=52"])
    startup = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as tmp, DescendantPeaks() as workers_memory:
        begin = time.perf_counter()
        run_to_folder(loaded, Path(tmp) / "run", False, resolve_workers(workers), table)
        elapsed = time.perf_counter() - begin
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = workers_memory.largest()
    return {
        "runs": runs,
        "weeks": 52,
        "workers": workers,
        "processes": min(resolve_workers(workers), n_blocks(runs)),
        "runs_table": table,
        "startup_s": round(startup, 3),
        "run_s": round(elapsed, 3),
        "runs_per_s": round(runs / elapsed, 1),
        "peak_rss_main_mib": round(own, 1),
        "peak_rss_largest_worker_mib": round(children, 1),
        "main_cpu_s": round(time.process_time(), 3),
        "load_average_1min": round(os.getloadavg()[0], 2),
    }


def case_in_subprocess(runs: int, workers: str, table: str, root: Path = ROOT) -> dict:
    """Run one case in a fresh interpreter of the tree at ``root``; add its wall-clock time."""
    begin = time.perf_counter()
    done = subprocess.run(  # noqa: S603 - our own script, fixed arguments
        [
            sys.executable,
            str(root / "benchmarks" / "bench_engine.py"),
            "--case",
            str(runs),
            workers,
            table,
        ],
        capture_output=True,
        text=True,
        check=True,
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(root)},
    )
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["wall_s_with_startup"] = round(time.perf_counter() - begin, 3)
    return result


def engine_profile(blocks: int, top: int = 15) -> list[dict]:
    """Profile of the engine alone (``ConflictModel(...).run_all()``), top entries by own time."""
    import cProfile
    import pstats

    from simulator.engine.model import ConflictModel
    from simulator.scenario.loader import load_scenario

    scenario = load_scenario("baseline").scenario
    ConflictModel(scenario, block=0).run_all()  # warm up
    profiler = cProfile.Profile()
    profiler.enable()
    for block in range(blocks):
        ConflictModel(scenario, block=block).run_all()
    profiler.disable()
    stats = pstats.Stats(profiler)
    total = stats.total_tt
    rows = []
    for (file, line, name), (_, calls, own, cumulative, _) in stats.stats.items():
        rows.append(
            {
                "function": f"{Path(file).name}:{line}({name})",
                "calls": calls,
                "own_s": round(own, 4),
                "own_share": round(own / total, 4),
                "cumulative_s": round(cumulative, 4),
            }
        )
    rows.sort(key=lambda r: r["own_s"], reverse=True)
    return rows[:top]


def engine_speed(blocks: int) -> float:
    """Runs per second of the engine alone in this process (no tallies, no table)."""
    from simulator.engine.model import BLOCK_SIZE, ConflictModel
    from simulator.scenario.loader import load_scenario

    scenario = load_scenario("baseline").scenario
    ConflictModel(scenario, block=0).run_all()
    begin = time.perf_counter()
    for block in range(blocks):
        ConflictModel(scenario, block=block).run_all()
    return round(blocks * BLOCK_SIZE / (time.perf_counter() - begin), 1)


def reference_tree(ref: str, into: Path) -> Path:
    """The package as it was at ``ref``, extracted into ``into`` (read-only use of git)."""
    archive = subprocess.run(  # noqa: S603 - git from PATH, read-only
        ["git", "archive", "--format=tar", ref],  # noqa: S607
        capture_output=True,
        check=True,
        cwd=ROOT,
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)  # noqa: S603, S607
    return into


def machine() -> dict:
    """What the figures were measured on."""
    import mesa
    import numpy

    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607 - git from PATH, read-only
            capture_output=True,
            text=True,
            cwd=ROOT,
        ).stdout.strip()
    except OSError:
        commit = ""
    return {
        "cores": os.cpu_count(),
        "usable_cores": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "load_average": os.getloadavg() if hasattr(os, "getloadavg") else None,
        "platform": platform.platform(),
        "python": platform.python_version(),
        "numpy": numpy.__version__,
        "mesa": mesa.__version__,
        "git_commit": commit,
    }


def main() -> None:
    """Run the benchmark cases and write their JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full", action="store_true", help="also 1,000,000 runs")
    parser.add_argument("--runs", type=int, nargs="*", help="run counts (overrides --full)")
    parser.add_argument("--workers", nargs="*", default=["1", "auto"], help="1, auto, K")
    parser.add_argument("--runs-table", default="csv", choices=["csv", "parquet", "none"])
    parser.add_argument("--profile", type=int, metavar="BLOCKS", help="only profile the engine")
    parser.add_argument("--out", type=Path, help="JSON file [benchmarks/results/<time>.json]")
    parser.add_argument(
        "--reference", default=REFERENCE, help=f"git ref of the engine to compare [{REFERENCE}]"
    )
    parser.add_argument("--case", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.case:
        runs, workers, table = args.case
        print(json.dumps(run_case(int(runs), workers, table)))
        return
    report: dict = {
        "benchmark": "negsim baseline, 52 weeks",
        "timestamp": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": machine(),
    }
    if args.profile:
        report["engine_runs_per_s"] = engine_speed(args.profile)
        report["engine_profile"] = engine_profile(args.profile)
        for row in report["engine_profile"]:
            share, own, calls = row["own_share"], row["own_s"], row["calls"]
            print(f"{share:7.1%} {own:8.3f}s {calls:7d}  {row['function']}")
        print(f"engine alone: {report['engine_runs_per_s']:,.0f} runs/s")
    else:
        counts = args.runs or (FULL_RUNS if args.full else QUICK_RUNS)
        report["cases"] = []
        report["reference"] = args.reference or None
        with tempfile.TemporaryDirectory() as tmp:
            engines = [("today", ROOT)]
            if args.reference:
                engines.append(("reference", reference_tree(args.reference, Path(tmp))))
            for runs in counts:
                for workers in args.workers:
                    for engine, root in engines:
                        case = case_in_subprocess(runs, workers, args.runs_table, root)
                        case["engine"] = engine
                        report["cases"].append(case)
                        print(
                            f"{engine:>9} {runs:>9,} runs  workers={workers:<4} "
                            f"({case['processes']} processes)  "
                            f"{case['runs_per_s']:>9,.0f} runs/s  run {case['run_s']:7.2f} s  "
                            f"wall {case['wall_s_with_startup']:7.2f} s  "
                            f"peak {case['peak_rss_main_mib']:.0f} MiB main, "
                            f"{case['peak_rss_largest_worker_mib']:.0f} MiB largest worker",
                            flush=True,
                        )
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    suffix = "-profile" if args.profile else ""
    out = args.out or HERE / "results" / f"{stamp}{suffix}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"written: {out}")


if __name__ == "__main__":
    main()
