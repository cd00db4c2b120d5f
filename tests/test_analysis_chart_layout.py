"""The study charts fit a projector and a page: compare, sweep and sensitivity, both styles.

Every chart is drawn from a real (small) study of the shipped scenarios, of a scenario and a
parameter with long names and of a scenario changed with ``--set``, and checked with
matplotlib's own text extents (``tests/layout.py``): no text outside the figure, no two texts
overlapping, every legend inside the figure.
"""

from __future__ import annotations

import matplotlib
import pytest

from simulator.analysis.compare import (
    comparison_document,
    run_comparison,
    unique_labels,
)
from simulator.analysis.sensitivity import MEDIAN_WEEK, StudySettings, run_study
from simulator.analysis.sensitivity_factors import param_factors
from simulator.analysis.sweep import load_sweep, sweep_document, sweep_rows
from simulator.report.compare_charts import comparison_figures
from simulator.report.figures import style_of
from simulator.report.palette import STYLES
from simulator.report.sensitivity_charts import study_charts, study_figure
from simulator.report.sweep_charts import sweep_figure
from simulator.scenario.loader import load_scenario
from tests.layout import layout_problems

COMPARED = ("baseline", "us_pressure", "kursk_withdrawal", "war_of_attrition_long_haul")
LONG_NAME = "war_of_attrition_long_haul_with_monitored_guarantees"
LONG_PARAM = "actors.ukraine.red_lines.territory.max"
CHANGES = ["actors.us.aid_paused=false", "ceasefire.violation_hazard=0.05"]
VALUES = ["0.8", "0.9"]
RUNS = 200  # the engine simulates whole blocks anyway: few runs make wide intervals, not speed
SHORT = ["simulation.weeks=26"]  # half a year keeps each block of runs cheap
STUDY_WEEKS = ["simulation.weeks=10"]  # a sample point: a block of runs; a study has dozens
STUDY_PARAMS = {
    "morris": [(LONG_PARAM, 0.8, 0.9), ("partial_truce.leverage.russia", 0.001, 0.005)],
    "sobol": [(LONG_PARAM, 0.8, 0.9), ("battlefield.russian_momentum", 0.3, 0.7)],
}
STUDY_OUTPUTS = ("escalation", MEDIAN_WEEK)
"""A probability and the median week: the two kinds of axis and value label."""


def problems(fig, style: str) -> list[str]:
    """The layout problems of a figure, drawn as it is saved (in its style's rcParams)."""
    with matplotlib.rc_context(style_of(style).rc()):
        return layout_problems(fig)


@pytest.fixture(scope="module")
def comparison() -> dict:
    """Four shipped scenarios on paired runs, the longest-named among them, over half a year."""
    settings = [f"simulation.runs={RUNS}", "simulation.seed=7", *SHORT]
    loadeds = [load_scenario(name, settings) for name in COMPARED]
    return comparison_document(run_comparison(loadeds, unique_labels(loadeds), 1), RUNS, 7)


@pytest.fixture(scope="module")
def long_sweep(tmp_path_factory) -> dict:
    """A long-named scenario, changed with ``--set``, swept over a long-named parameter."""
    path = tmp_path_factory.mktemp("long") / f"{LONG_NAME}.yaml"
    path.write_text(f"name: {LONG_NAME}\nextends: baseline\n", encoding="utf-8")
    base, loadeds = load_sweep(str(path), LONG_PARAM, VALUES, RUNS, 7, CHANGES)
    rows = sweep_rows(LONG_PARAM, VALUES, loadeds, 1)
    return sweep_document(base, LONG_PARAM, VALUES, rows, None, CHANGES)


@pytest.fixture(scope="module", params=sorted(STUDY_PARAMS))
def study(request) -> dict:
    """A small study of each method, with its one-at-a-time tornado."""
    loaded = load_scenario("baseline", [*STUDY_WEEKS, "simulation.seed=7"])
    factors = param_factors(loaded.scenario, STUDY_PARAMS[request.param])
    return run_study(loaded, factors, StudySettings(request.param, 2, RUNS), tornado=True)


@pytest.mark.parametrize("style", sorted(STYLES))
def test_comparison_charts_of_the_shipped_scenarios_fit(comparison, style):
    for stem, fig in comparison_figures(comparison, style).items():
        assert problems(fig, style) == [], stem


def test_differences_chart_gives_each_scenario_its_own_named_panel(comparison):
    fig = comparison_figures(comparison, "slides")["differences"]
    titles = [ax.get_title() for ax in fig.axes]
    assert [t.splitlines()[-1] for t in titles] == ["minus baseline"] * (len(COMPARED) - 1)
    assert ["".join(t.splitlines()[:-1]) for t in titles] == list(COMPARED[1:])


@pytest.mark.parametrize("style", sorted(STYLES))
def test_sweep_chart_of_a_long_named_changed_scenario_and_parameter_fits(long_sweep, style):
    fig = sweep_figure(long_sweep, style)
    assert problems(fig, style) == []
    texts = " ".join(t.get_text() for t in fig.texts)
    assert all(change in texts.replace("\n", " ") for change in CHANGES)  # footer lists them
    assert f"{LONG_NAME} + 2 changes" in fig.get_suptitle().replace("\n", " ")


@pytest.mark.parametrize("style", sorted(STYLES))
def test_every_kind_of_sensitivity_chart_fits(study, style):
    charts = [c for c in study_charts(study) if c[1] in STUDY_OUTPUTS]
    assert {kind for kind, _ in charts} == {"tornado", "indices"}
    for kind, output in charts:
        fig = study_figure(study, kind, output, style)
        assert problems(fig, style) == [], (study["method"], kind, output)


def test_tornado_shows_the_baseline_interval_inside_its_axis(study):
    fig = study_figure(study, "tornado", "escalation", "slides")
    ax = fig.axes[0]
    low, high = (100.0 * v for v in study["outputs"]["escalation"]["base"]["ci95"])
    left, right = ax.get_xlim()
    assert left <= low < high <= right
    assert any("95 % interval" in t.get_text() for t in ax.get_legend().get_texts())
