"""The folders of ``negsim explain``: the run a user asked for, read back, and the story written.

A target is a scenario (shipped name or YAML file) or a finished run folder, whose resolved
scenario and runs table say which run to replay and what it must come to; ``write_outputs``
writes ``explain.md``, ``explain.json`` and the timeline chart into a folder.
"""

from __future__ import annotations

import contextlib
import csv
import dataclasses
import json
from pathlib import Path

from simulator.analysis import ExplainError, Story, replay
from simulator.folders.run_charts import chart_stem
from simulator.folders.staging import WRITE_ERRORS, check_folder_name, describe_os_error
from simulator.report import DEFAULT_STYLE, Step, draw_timeline, render_json, render_markdown
from simulator.rules import ISSUES, OUTCOMES
from simulator.scenario import Loaded, load_scenario, shipped_scenarios


def run_folder_scenario(folder: Path) -> Loaded:
    """The resolved scenario of a finished run folder, with the seed its summary records."""
    folder = Path(folder)
    if not folder.is_dir():
        raise ExplainError(f"{folder}: no such run folder")
    missing = [n for n in ("scenario.yaml", "summary.json") if not (folder / n).is_file()]
    if missing:
        raise ExplainError(f"{folder}: not a finished run folder (missing {', '.join(missing)})")
    try:
        summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ExplainError(f"{folder / 'summary.json'}: cannot be read ({exc})") from None
    overrides = []
    if "seed" in summary:
        overrides.append(f"simulation.seed={int(summary['seed'])}")
    if "start_date" in summary:  # resolved YAML may hold the date as a quoted string
        overrides.append(f"simulation.start_date={summary['start_date']}")
    return load_scenario(folder / "scenario.yaml", overrides)


def read_summary_changes(folder: Path) -> list:
    """The ``--set`` changes a run folder's summary.json records (none in an older folder)."""
    summary = json.loads((Path(folder) / "summary.json").read_text(encoding="utf-8"))
    changes = summary.get("changes") if isinstance(summary, dict) else None
    return changes if isinstance(changes, list) else []


def _replayed(loaded: Loaded, run: int) -> Story:
    """Replay one run, said on stderr when slow: its whole block of worlds is simulated."""
    with Step(f"replaying run {run:,} of {loaded.scenario.name}"):
        return replay(loaded, run)


_CHECKED = ("ceasefire_week", "settlement_week", *(f"terms.{k}" for k in ISSUES))
_COLUMNS = ("run", "outcome", *_CHECKED)


def _damaged(path: Path, why: str) -> ExplainError:
    return ExplainError(
        f"{path}: the runs table is truncated or damaged ({why}); "
        f"make the folder again with negsim run, or explain its scenario.yaml instead"
    )


def _has_table(folder: Path) -> bool:
    return (folder / "runs.csv").is_file() or (folder / "runs.parquet").is_file()


def _csv_rows(path: Path):
    """Rows of a runs.csv; a file cut off mid-line, short rows or bad text are damage."""
    try:
        with path.open("rb") as raw:
            size = raw.seek(0, 2)
            raw.seek(max(0, size - 1))
            last = raw.read(1)
        if last != b"\n":  # negsim ends every line, the last one too
            raise _damaged(path, "the file is empty" if not size else "its last line is cut off")
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            header = reader.fieldnames or []
            if missing := [c for c in _COLUMNS if c not in header]:
                raise _damaged(path, f"its header lacks {', '.join(missing)}")
            for row in reader:
                if None in row or None in row.values():
                    fields = sum(v is not None for k, v in row.items() if k is not None)
                    fields += len(row.get(None) or ())
                    where = f"line {reader.line_num} has {fields} fields, not {len(header)}"
                    raise _damaged(path, where)
                yield row
    except UnicodeDecodeError:
        raise _damaged(path, "it is not UTF-8 text") from None
    except csv.Error as exc:
        raise _damaged(path, str(exc)) from None
    except OSError as exc:
        raise ExplainError(f"{path}: cannot be read ({exc.strerror or exc})") from None


def _parquet_rows(path: Path):
    try:
        import pyarrow as pa  # noqa: PLC0415 - optional extra (negsim[parquet])
        import pyarrow.parquet as pq  # noqa: PLC0415 - optional extra (negsim[parquet])
    except ImportError:
        raise ExplainError(
            f"{path}: reading runs.parquet needs pyarrow: pip install 'negsim[parquet]'"
        ) from None
    try:
        for batch in pq.ParquetFile(path).iter_batches(columns=list(_COLUMNS)):
            for row in batch.to_pylist():
                yield {k: "" if v is None or v != v else str(v) for k, v in row.items()}
    except (pa.ArrowException, OSError, ValueError) as exc:
        raise _damaged(path, str(exc).splitlines()[0] if str(exc) else type(exc).__name__) from None


def _table_rows(folder: Path, runs: int):
    """Rows of a folder's per-run table (runs.csv, else runs.parquet) as dicts of strings.

    The rows must be runs 0, 1, ... ``runs - 1`` in order: a table that stops early, skips or
    repeats a run, or holds more runs than the folder's scenario is reported as damaged.
    """
    folder = Path(folder)
    path = folder / "runs.csv"
    if path.is_file():
        rows = _csv_rows(path)
    elif (path := folder / "runs.parquet").is_file():
        rows = _parquet_rows(path)
    else:
        raise ExplainError(
            f"{folder}: has no runs.csv (was it run with --runs-table none?); "
            f"explain a run by number instead: negsim explain {folder} --run I"
        )
    count = 0
    for count, row in enumerate(rows, start=1):
        if row.get("run") != str(count - 1) or count > runs:
            where = f"row {count} should be run {count - 1} of {runs}"
            raise _damaged(path, f"{where}, it reads {row.get('run')!r}")
        if row.get("outcome") not in OUTCOMES:
            raise _damaged(path, f"run {count - 1} has no known outcome")
        yield row
    if count < runs:
        raise _damaged(path, f"it ends after {count} of the folder's {runs} runs")


def find_run(folder: Path, outcome: str, runs: int) -> tuple[int, dict[str, str]]:
    """The first run in a folder's runs table that ended in ``outcome``, and its row."""
    if outcome not in OUTCOMES:
        raise ExplainError(
            f"--outcome: unknown outcome '{outcome}'; choose one of: {', '.join(OUTCOMES)}"
        )
    for row in _table_rows(folder, runs):
        if row.get("outcome") == outcome:
            return int(row["run"]), row
    raise ExplainError(f"{folder}: no run ended in '{outcome}'")


def table_row(folder: Path, run: int, runs: int) -> dict[str, str] | None:
    """Row ``run`` of a folder's runs table, or None when the folder has no table."""
    if not _has_table(Path(folder)):
        return None
    for row in _table_rows(folder, runs):
        if int(row["run"]) == run:
            return row
    return None


def differences(story: Story, row: dict[str, str]) -> list[str]:
    """Where a replayed run disagrees with its runs.csv row (outcome, weeks, terms).

    The first weeks of a ceasefire, a settlement and a partial truce are compared where the
    row has them (a runs.parquet is read for the required columns only).
    """
    out = []
    if row.get("outcome") != story.outcome:
        out.append(f"outcome {story.outcome} vs {row.get('outcome')}")
    for name in ("ceasefire_week", "settlement_week", "truce_week"):
        if name not in row:  # a runs.parquet read for its checked columns only
            continue
        mine = "" if story.row.get(name) is None else str(story.row[name])
        theirs = row.get(name, "")
        theirs = str(int(float(theirs))) if theirs not in ("", None) else ""
        if theirs != mine:
            out.append(f"{name} {mine or 'none'} vs {row.get(name) or 'none'}")
    for issue in ISSUES:
        mine, theirs = story.row[f"terms.{issue}"], row.get(f"terms.{issue}", "")
        if (mine is None) != (theirs == "") or (
            mine is not None and abs(mine - float(theirs)) > 1e-5 * max(1.0, abs(mine))
        ):
            out.append(f"terms.{issue}")
    return out


def explain_target(
    target: str,
    *,
    run: int | None = None,
    outcome: str | None = None,
    seed: int | None = None,
    weeks: int | None = None,
    overrides: tuple[str, ...] | list[str] = (),
) -> tuple[Story, list[str]]:
    """Replay the run a user asked for; return its story and warnings for the user.

    ``target`` is a scenario (shipped name or YAML file) or a finished run folder. With a run
    folder, ``outcome`` picks its first run that ended so; the replay is checked against the
    folder's runs table and any difference is reported (the folder came from another version).
    """
    folder = Path(target)
    if outcome is not None and outcome not in OUTCOMES:
        raise ExplainError(
            f"--outcome: unknown outcome '{outcome}'; choose one of: {', '.join(OUTCOMES)}"
        )
    if folder.is_dir():
        given = [n for n, v in (("--seed", seed), ("--weeks", weeks)) if v is not None]
        given += ["--set"] if overrides else []
        if given:
            raise ExplainError(
                f"{' and '.join(given)} cannot be used with a run folder ({folder}): its run "
                f"is replayed as it was made; explain the scenario itself to change it"
            )
        if run is not None and outcome is not None:
            raise ExplainError("give either --run or --outcome, not both")
        loaded = run_folder_scenario(folder)
        runs = loaded.scenario.simulation.runs
        row = None
        if outcome is not None:
            run, row = find_run(folder, outcome, runs)
        run = 0 if run is None else run
        if run >= runs:
            raise ExplainError(
                f"--run {run}: the run folder {folder} has {runs} runs, numbered 0 to {runs - 1}"
            )
        row = row if row is not None else table_row(folder, run, runs)
        changes = tuple(map(str, read_summary_changes(folder)))
        story = dataclasses.replace(_replayed(loaded, run), changes=changes)
        warnings = []
        if row is not None and (diff := differences(story, row)):
            warnings.append(
                f"the replay of run {run} differs from {folder}'s runs table "
                f"({'; '.join(diff)}): the folder was made by another negsim version or model"
            )
        return story, warnings
    if outcome is not None:
        where = "does not exist" if not folder.exists() else "is not a folder"
        if folder.suffix in (".yaml", ".yml") or folder.name in set(shipped_scenarios()):
            where = "is a scenario"
        raise ExplainError(
            f"--outcome needs a finished run folder (one holding runs.csv); {target} {where}"
        )
    changes = tuple(overrides)  # the scenario's changes; seed and weeks are not
    overrides = list(overrides)
    if seed is not None:
        overrides.append(f"simulation.seed={seed}")
    if weeks is not None:
        overrides.append(f"simulation.weeks={weeks}")
    story = _replayed(load_scenario(target, overrides), 0 if run is None else run)
    return dataclasses.replace(story, changes=changes), []


def write_outputs(
    story: Story, records: list[dict], out: Path, style: str = DEFAULT_STYLE
) -> list[Path]:
    """Write explain.md, explain.json and the timeline chart (PNG, SVG) into ``out``.

    A ``paper`` chart is ``explain_timeline.paper.png``, beside the slides one, as in a run folder.

    Each file is written to a temporary name and renamed into place, so an interrupted run
    leaves no half-written file; other files in the folder (a run folder, say) are kept.
    """
    out = Path(out)
    check_folder_name(out)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExplainError(f"cannot write to {out}: {exc.strerror or exc}") from None
    names = {
        "png": out / f"{chart_stem('explain_timeline', style)}.png",
        "svg": out / f"{chart_stem('explain_timeline', style)}.svg",
        "md": out / "explain.md",
        "json": out / "explain.json",
    }
    temps = {k: v.with_name(f".{v.name}.partial") for k, v in names.items()}
    try:
        with Step("drawing the timeline chart, writing explain.md and explain.json"):
            draw_timeline(story, records, [temps["png"], temps["svg"]], style)
            temps["md"].write_text(render_markdown(records, names["png"].name), encoding="utf-8")
            temps["json"].write_text(render_json(records), encoding="utf-8")
        for key, temp in temps.items():
            temp.replace(names[key])
    except BaseException as exc:
        for temp in temps.values():
            with contextlib.suppress(OSError):
                temp.unlink(missing_ok=True)
        if isinstance(exc, OSError) and exc.errno in WRITE_ERRORS:
            raise ExplainError(
                f"cannot write to {out}: {describe_os_error(exc)}; no explain file was written"
            ) from None
        raise
    return list(names.values())
