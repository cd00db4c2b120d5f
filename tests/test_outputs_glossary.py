"""``docs/outputs.md`` lists every output a real run writes, each metric with its unit and label."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

from simulator.analysis import DEFINITIONS, DERIVED_NAMES, MEDIAN_WEEKS
from simulator.folders.read_back import DamagedFolderError, check_summary
from simulator.folders.sweep import CSV_COLUMNS
from simulator.rules import METRICS, OUTCOMES

GLOSSARY = Path(__file__).resolve().parents[1] / "docs" / "outputs.md"


@pytest.fixture(scope="module")
def glossary() -> str:
    return GLOSSARY.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def summary(baseline_folder) -> dict:
    return json.loads((baseline_folder / "summary.json").read_text(encoding="utf-8"))


def named(glossary: str) -> set[str]:
    """Every name the glossary writes as code (between backticks)."""
    return set(re.findall(r"`([^`]+)`", glossary))


def test_every_summary_metric_carries_a_unit_and_a_label_from_the_one_table(summary):
    assert set(summary["metrics"]) == set(METRICS)
    for name, row in summary["metrics"].items():
        assert row["unit"].strip() and row["label"].strip(), name
        assert (row["unit"], row["label"]) == (METRICS[name].unit, METRICS[name].label)


def test_every_summary_metric_has_its_row_in_the_glossary_with_the_same_words(summary, glossary):
    for name, row in summary["metrics"].items():
        assert f"| `{name}` | {row['label']} | {row['unit']} |" in glossary, name


def test_every_runs_csv_column_and_summary_key_is_in_the_glossary(
    baseline_folder, summary, glossary
):
    with (baseline_folder / "runs.csv").open(encoding="utf-8") as file:
        columns = next(csv.reader(file))
    names = named(glossary)
    assert [c for c in columns if c not in names] == []
    assert [k for k in summary if k not in names] == []
    assert [k for k in summary["first_week_responses"] if k not in names] == []
    assert [k for k in OUTCOMES if f"| `{k}` |" not in glossary] == []


def test_every_file_of_a_run_folder_is_in_the_glossary(baseline_folder, glossary):
    names = named(glossary)
    files = sorted(p.name for p in baseline_folder.iterdir())
    assert "summary.json" in files and "outcomes.png" in files
    assert [f for f in files if f not in names] == []


def test_the_sweep_table_columns_are_in_the_glossary(glossary):
    names = named(glossary)
    listed = [c for c in CSV_COLUMNS if c != "value" and c not in names]
    generic = {c for c in listed if re.fullmatch(r"\w+\.(probability|ci95_low|ci95_high)", c)}
    assert "`<name>.probability`, `<name>.ci95_low`, `<name>.ci95_high`" in glossary
    assert set(listed) == generic  # per-outcome columns follow the one pattern the page gives


def test_each_median_week_and_derived_name_has_its_one_definition_in_the_glossary(glossary):
    for key, median in MEDIAN_WEEKS.items():
        name, definition = median.words(52)  # the baseline's horizon, as the page says
        assert f"| `{key}` |" in glossary and f"| {name} | {definition} |" in glossary, key
    for key, definition in DEFINITIONS.items():
        assert f"| `{key}` | {DERIVED_NAMES[key]} | {definition} |" in glossary, key


def test_a_summary_written_before_metrics_had_units_still_reads(tmp_path, summary):
    old = json.loads(json.dumps(summary))
    for row in old["metrics"].values():
        del row["unit"], row["label"]
    assert check_summary(tmp_path / "summary.json", old) == summary["weeks"]
    old["metrics"]["casualties.russia"]["unit"] = 1000
    with pytest.raises(DamagedFolderError, match=r"casualties\.russia\.unit' must be a string"):
        check_summary(tmp_path / "summary.json", old)
