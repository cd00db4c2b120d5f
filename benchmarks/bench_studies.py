"""Wall time and peak memory of the forecast and discovery studies, written as JSON.

Each case is the real command (``negsim forecast``, ``negsim discover``) in a fresh process, so
its time includes start-up and imports (the EMA workbench alone takes seconds to import) and its
peak memory is its own. The folders go to a temporary directory.

    python benchmarks/bench_studies.py

Results go to ``benchmarks/results/studies-<UTC time>.json``. These are measurements, not
tests: nothing here fails when a number is slow.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
CASES = {
    "forecast baseline, 10,000 runs (56 weeks)": [
        "forecast", "baseline", "--runs", "10000", "--no-charts",
    ],
    "forecast baseline, 10,000 runs, with charts": ["forecast", "baseline", "--runs", "10000"],
    "discover baseline comprehensive_settlement, 5,000 runs": [
        "discover", "baseline", "--outcome", "comprehensive_settlement", "--runs", "5000",
    ],
    "discover baseline, 5,000 runs, one widened parameter": [
        "discover", "baseline", "--outcome", "war_continues", "--runs", "5000",
        "--param", "actors.us.pressure_on_russia=0:1",
    ],
}  # fmt: skip


WATCH = (
    "import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, "
    "capture_output=True); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)
"""A fresh watcher per case prints its one child's peak (kB): peaks of earlier cases can't mix."""


def run_case(args: list[str], folder: Path) -> dict:
    """One command in a fresh process: its wall time and peak resident memory (MB)."""
    command = [sys.executable, "-m", "simulator", *args, "--out", str(folder)]
    start = time.perf_counter()
    done = subprocess.run(  # noqa: S603 - our own interpreter and command
        [sys.executable, "-c", WATCH, *command],
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, "NEGSIM_PROGRESS": "never"},
    )
    seconds = time.perf_counter() - start
    return {"seconds": round(seconds, 2), "peak_mb": round(int(done.stdout) / 1024, 1)}


def main() -> None:
    """Run every case once and write the results file."""
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for i, (name, args) in enumerate(CASES.items()):
            results[name] = run_case(args, Path(tmp) / f"case-{i}")
            print(f"{name}: {results[name]['seconds']} s, {results[name]['peak_mb']} MB peak")
    doc = {
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cases": results,
    }
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    out = HERE / "results" / f"studies-{stamp}.json"
    out.write_text(json.dumps(doc, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
