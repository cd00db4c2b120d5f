"""Scenario discovery (``negsim discover``): PRIM's boxes, their numbers and their sentences.

One discovery folder of a purpose-built scenario is shared by the tests: in
``tests/scenarios/neutrality_threshold.yaml`` a settlement happens exactly when Ukraine's
neutrality red line (the most it accepts, widened here to uniform 0–1) reaches Russia's 0.9,
so the first box must be "Ukraine's line ≥ 0.9" and nothing else beyond chance.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import matplotlib
import numpy as np
import pytest

from simulator.analysis import INDICATORS
from simulator.cli import DISCOVERY_OUTCOMES
from simulator.dashboard.discovery_box import top_box
from simulator.dashboard.levers import LEVERS
from simulator.report.discovery_charts import discovery_figures
from simulator.report.discovery_sentence import PARAMETER_LABELS
from simulator.report.figures import style_of
from simulator.report.palette import STYLES
from simulator.rules import OUTCOMES
from simulator.scenario import load_scenario
from tests.layout import layout_problems

SCENARIO = str(Path(__file__).parent / "scenarios" / "neutrality_threshold.yaml")
LINE = "actors.ukraine.red_lines.neutrality.max"
THRESHOLD = 0.9  # Russia's red line in the scenario
WIDENED = [f"{LINE}=0:1", "battlefield.volatility=0.5:1.5"]
RUNS = 2000
ARGS = ["--outcome", "settlement", "--runs", str(RUNS), "--seed", "3"]


@pytest.fixture(scope="module")
def folder(tmp_path_factory, invoke) -> Path:
    """``negsim discover`` of the threshold scenario, Ukraine's line and volatility widened."""
    out = tmp_path_factory.mktemp("discovery") / "found"
    params = [arg for spec in WIDENED for arg in ("--param", spec)]
    result = invoke(["discover", SCENARIO, *ARGS, *params, "--out", str(out)])
    assert result.exit_code == 0, result.output
    (out / "terminal.txt").write_text(result.stdout, encoding="utf-8")
    return out


@pytest.fixture(scope="module")
def doc(folder) -> dict:
    return json.loads((folder / "discovery.json").read_text(encoding="utf-8"))


def runs_table(folder: Path) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """The ``param.*`` columns and the outcome names of the folder's ``runs.csv``."""
    with (folder / "runs.csv").open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    params = {
        name.removeprefix("param."): np.array([float(r[name]) for r in rows])
        for name in rows[0]
        if name.startswith("param.")
    }
    return params, np.array([r["outcome"] for r in rows])


def test_the_document_has_the_keys_the_issue_names(doc):
    assert {"outcome", "runs", "base_rate", "boxes", "trajectory"} <= set(doc)
    assert {"scenario", "seed", "changes", "command"} <= set(doc)
    assert doc["outcome"] == "settlement" and doc["runs"] == RUNS
    for box in doc["boxes"]:
        assert {"restrictions", "coverage", "density", "density_ci95", "n", "sentence"} <= set(box)
        for r in box["restrictions"]:
            assert {"parameter", "low", "high", "quasi_p"} <= set(r)
    path = doc["trajectory"]
    assert len(path["coverage"]) == len(path["density"]) > 10
    assert path["coverage"][0] == 1.0 and path["density"][0] == pytest.approx(doc["base_rate"])


def test_the_first_box_restricts_the_threshold_parameter_near_its_threshold_only(doc):
    first = doc["boxes"][0]
    assert "knee" in first["chosen_by"]
    assert [r["parameter"] for r in first["restrictions"]] == [LINE]
    line = first["restrictions"][0]
    assert line["low_restricted"] and not line["high_restricted"]
    assert abs(line["low"] - THRESHOLD) < 0.02
    assert line["quasi_p"] < 1e-6
    assert first["density"] > 0.95 and first["coverage"] > 0.95


def test_coverage_and_density_equal_a_recount_of_runs_csv(folder, doc):
    params, outcomes = runs_table(folder)
    assert len(outcomes) == RUNS
    settled = np.isin(outcomes, ["comprehensive_settlement", "settlement_collapsed"])
    assert doc["base_rate"] == pytest.approx(settled.mean(), abs=1e-12)
    for box in doc["boxes"]:
        inside = np.ones(RUNS, dtype=bool)
        for r in box["restrictions"]:
            inside &= (params[r["parameter"]] >= r["low"]) & (params[r["parameter"]] <= r["high"])
        assert box["n"] == inside.sum()
        assert box["density"] == pytest.approx(settled[inside].mean(), abs=1e-12)
        assert box["coverage"] == pytest.approx(settled[inside].sum() / settled.sum(), abs=1e-12)
        low, high = box["density_ci95"]
        assert low <= box["density"] <= high


def _percent(text: str) -> float:
    return float(text) / 100.0


def test_each_sentence_is_built_from_the_numbers_of_its_box(doc):
    pattern = re.compile(
        r"^A settlement is signed in (?P<density>[\d.]+) % of runs \(base rate "
        r"(?P<base>[\d.]+) %\) where (?P<where>.+); these runs are (?P<coverage>[\d.]+) % of all "
        r"runs in which a settlement is signed\.$"
    )
    for box in doc["boxes"]:
        match = pattern.match(box["sentence"])
        assert match, box["sentence"]
        assert _percent(match["density"]) == pytest.approx(box["density"], abs=0.005)
        assert _percent(match["coverage"]) == pytest.approx(box["coverage"], abs=0.005)
        assert _percent(match["base"]) == pytest.approx(doc["base_rate"], abs=0.005)
        limits = re.findall(r"≥ ([\d.]+)", match["where"])
        assert len(limits) == len(box["restrictions"]) == 1
        places = len(limits[0].split(".")[1])
        assert float(limits[0]) == pytest.approx(
            box["restrictions"][0]["low"], abs=0.5 * 10**-places
        )
        assert "Ukraine's red line on neutrality" in match["where"]


def test_the_terminal_shows_each_sentence_and_fits_eighty_columns(folder, doc):
    text = (folder / "terminal.txt").read_text(encoding="utf-8")
    flat = " ".join(text.split())
    for box in doc["boxes"]:
        assert box["sentence"] in flat
    assert all(len(line) <= 80 for line in text.splitlines())
    assert "Discovery folder:" in text


def test_the_folder_holds_the_run_and_the_discovery(folder):
    names = {p.name for p in folder.iterdir()}
    expected = {"summary.json", "runs.csv", "scenario.yaml", "discovery.json", "report.html"}
    assert expected <= names
    assert {f"discovery_{s}.{e}" for s in ("trajectory", "boxes") for e in ("png", "svg")} <= names
    page = (folder / "report.html").read_text(encoding="utf-8")
    assert "not a cause" in page and "quasi-p" in page


def test_chart_leaves_a_discovery_folder_as_it_was_and_says_why(folder, invoke):
    before = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}
    result = invoke(["chart", str(folder)])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "is a discovery folder" in result.stderr and "negsim discover" in result.stderr
    assert {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()} == before


@pytest.mark.parametrize("style", sorted(STYLES))
def test_the_discovery_charts_fit_a_projector_and_a_page(doc, style):
    figures = discovery_figures(doc, style)
    assert set(figures) == {"trajectory", "boxes"}
    with matplotlib.rc_context(style_of(style).rc()):
        for stem, fig in figures.items():
            assert layout_problems(fig) == [], stem


def test_the_dashboard_box_says_what_the_folder_says(doc):
    widened = [f"{LINE}={{dist: uniform, low: 0.0, high: 1.0}}"]
    volatility = "battlefield.volatility={dist: uniform, low: 0.5, high: 1.5}"
    loaded = load_scenario(SCENARIO, [*widened, volatility, "simulation.seed=3"])
    box = top_box(loaded, "settlement", RUNS)
    assert box.problem is None
    assert box.sentence == doc["boxes"][0]["sentence"]
    assert [r.parameter for r in box.restrictions] == [LINE]
    assert top_box(loaded, "settlement", RUNS) is box  # recalled, not rerun


def test_the_commands_outcomes_are_the_studies_indicators():
    assert list(INDICATORS) == DISCOVERY_OUTCOMES
    assert set(OUTCOMES) <= set(DISCOVERY_OUTCOMES)


def test_parameter_words_are_the_dashboards_lever_labels():
    levers = {lever.path: lever.label for lever in LEVERS}
    for path, words in PARAMETER_LABELS.items():
        if path in levers:
            assert words.lower() == levers[path].lower(), path


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--outcome", "peace"], "'peace' is not one of"),
        (["--outcome", "settlement", "--runs", "50"], "at least 200 runs"),
        (["--outcome", "settlement", "--param", "battlefield.volatility=2:1"], "LOW must be"),
        (["--outcome", "settlement", "--param", "battlefield.nope=0:1"], "battlefield.nope"),
        (["--outcome", "settlement", "--param", f"{LINE}=0:3"], "leaves the allowed values"),
        (["--outcome", "settlement", "--min-coverage", "0"], "--min-coverage"),
        (["--outcome", "escalation", "--runs", "200"], "no run ends in escalation"),
    ],
)
def test_bad_input_gets_one_message_exit_two_and_no_folder(tmp_path, invoke, args, says):
    out = tmp_path / "out"
    result = invoke(["discover", SCENARIO, *args, "--out", str(out)])
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    assert says in result.stderr
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir()] == []
