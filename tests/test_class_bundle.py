"""``make class``: it builds exactly what docs/teaching.md says, into class/, and says so.

``scripts/build-class.sh`` is run with a stand-in negsim that records each command and makes
its ``--out`` folder, so the script's own behaviour (the commands, an existing class/, a failed
command, the closing message) is checked in a second; the scenarios it uses are validated by
the real negsim.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

from simulator.scenario import load_scenario

ROOT = Path(__file__).resolve().parents[1]
TEACHING = (ROOT / "docs" / "teaching.md").read_text(encoding="utf-8")

STAND_IN = """#!/usr/bin/env bash
# negsim stand-in: record the command, make its --out folder, fail on FAIL_ON if asked
echo "negsim $*" >> "$NEGSIM_LOG"
if [ -n "${FAIL_ON:-}" ] && [ "$1" = "$FAIL_ON" ]; then echo "error: $1 failed" >&2; exit 2; fi
while [ $# -gt 0 ]; do
  if [ "$1" = "--out" ]; then mkdir -p "$2"; touch "$2/report.html"; fi
  shift
done
echo "a table"
"""


@pytest.fixture
def repo(tmp_path) -> Path:
    """A copy of the files the script reads: itself and the class scenarios."""
    copy = tmp_path / "clone"
    (copy / "scripts").mkdir(parents=True)
    shutil.copy(ROOT / "scripts" / "build-class.sh", copy / "scripts")
    shutil.copytree(ROOT / "docs" / "class", copy / "docs" / "class")
    negsim = tmp_path / "negsim"
    negsim.write_text(STAND_IN, encoding="utf-8")
    negsim.chmod(0o755)
    return copy


def build(repo: Path, **env: str) -> subprocess.CompletedProcess:
    log = repo.parent / "commands.log"
    return subprocess.run(
        ["bash", str(repo / "scripts" / "build-class.sh"), str(repo.parent / "negsim")],
        env={"PATH": "/usr/bin:/bin", "NEGSIM_LOG": str(log), **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def documented_commands() -> list[str]:
    """The negsim commands of teaching.md's "Before the class" list, one string each."""
    section = TEACHING.split("These are the commands it runs", 1)[1]
    block = re.search(r"```bash\n(.*?)```", section, re.S).group(1)
    joined = block.replace("\\\n", " ")
    lines = [line.split("  #")[0].strip() for line in joined.splitlines()]
    return [" ".join(shlex.split(line)) for line in lines if line]


def test_make_class_runs_the_commands_teaching_md_lists_and_says_what_to_open(repo):
    done = build(repo)
    assert done.returncode == 0, done.stderr
    ran = (repo.parent / "commands.log").read_text(encoding="utf-8").splitlines()
    assert ran == documented_commands()
    for folder in ("baseline", "story", "compare", "pressure", "learning", "optimists"):
        assert (repo / "class" / folder).is_dir()
        assert f"class/{folder}/" in done.stdout
    assert "Open class/baseline/report.html in a browser first" in done.stdout
    assert "a table" in (repo / "class" / "terminal.txt").read_text(encoding="utf-8")


def test_an_existing_class_folder_is_left_as_it_is(repo):
    notes = repo / "class" / "my notes.txt"
    notes.parent.mkdir()
    notes.write_text("week 12: ask about Kursk", encoding="utf-8")
    done = build(repo)
    assert done.returncode == 0
    assert "class/ exists already" in done.stdout and "rm -rf class && make class" in done.stdout
    assert [p.name for p in (repo / "class").iterdir()] == ["my notes.txt"]
    assert not (repo.parent / "commands.log").exists(), "a command ran over the old class/"


def test_a_failed_command_leaves_no_half_built_class_folder(repo):
    done = build(repo, FAIL_ON="sweep")
    assert done.returncode != 0
    assert "error: sweep failed" in done.stderr
    assert "make class failed: class/ was removed" in done.stderr
    assert not (repo / "class").exists()


def test_class_runs_is_passed_on_to_the_runs_comparisons_and_sweep(repo):
    assert build(repo, CLASS_RUNS="50").returncode == 0
    ran = (repo.parent / "commands.log").read_text(encoding="utf-8").splitlines()
    assert [("--runs 50" in c) for c in ran] == [True, False, True, True, True, True]


def test_the_class_scenarios_are_valid_and_build_on_each_other(invoke):
    files = [ROOT / "docs" / "class" / n for n in ("optimists.yaml", "clear_battles.yaml")]
    result = invoke(["validate", *map(str, files)])
    assert result.exit_code == 0, result.output
    clear = load_scenario(files[1]).scenario
    assert clear.actors.russia.optimism == clear.actors.ukraine.optimism == 0.8
    assert clear.battlefield.observation_noise == 0.02
    baseline = load_scenario("baseline").scenario
    assert clear.actors.us == baseline.actors.us  # nothing else changed


def test_make_help_and_the_readme_name_make_class():
    helped = subprocess.run(
        ["make", "-s", "-C", str(ROOT), "help"], capture_output=True, text=True, check=True
    )
    assert "make class" in helped.stdout
    assert "make class" in (ROOT / "README.md").read_text(encoding="utf-8").split("\n## ")[0]
