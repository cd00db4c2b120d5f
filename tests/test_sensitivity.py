"""Global sensitivity analysis: which assumptions drive the outcome (``negsim sensitivity``)."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
import yaml
from matplotlib.text import Text

from simulator.analysis.sensitivity import MEDIAN_WEEK, OUTPUTS, StudySettings, run_study
from simulator.analysis.sensitivity_factors import (
    DUMMY,
    as_dist,
    param_factors,
    parse_param_spec,
    private_resolves,
    scenario_factors,
    stated_values,
    with_dummy,
)
from simulator.analysis.sensitivity_indices import main_index
from simulator.analysis.sensitivity_points import PointBuilder, evaluate_point
from simulator.engine.model import BLOCK_SIZE, ConflictModel
from simulator.folders.sensitivity import redraw
from simulator.report.palette import STYLES
from simulator.report.sensitivity_charts import index_chart, tornado_chart
from simulator.rules.outcomes import OUTCOMES
from simulator.scenario.distributions import Dist
from simulator.scenario.loader import load_scenario

MOMENTUM = "battlefield.russian_momentum"


def _study(loaded, specs, method="morris", samples=4, tornado=False):
    factors = param_factors(loaded.scenario, specs)
    settings = StudySettings(method, samples)
    return run_study(loaded, factors, settings, tornado=tornado)


def _folders(path):
    return sorted(p.name for p in path.iterdir())


# --------------------------------------------------------------------------- parameters


@pytest.mark.parametrize(
    "text", ["battlefield.volatility", "battlefield.volatility=1", "x=a:b", "x=2:1", "=0:1"]
)
def test_param_spec_must_read_key_equals_low_colon_high(text):
    with pytest.raises(ValueError, match=r"KEY=LOW:HIGH|number"):
        parse_param_spec(text)


def test_param_spec_gives_key_and_range():
    assert parse_param_spec("battlefield.volatility=0.5:2") == (
        "battlefield.volatility",
        0.5,
        2,
    )


def test_uncertain_parameters_span_the_support_of_their_distributions(tmp_path):
    path = tmp_path / "spread.yaml"
    path.write_text(
        "name: spread\nextends: baseline\n"
        "battlefield:\n"
        "  russian_momentum: {dist: normal, mean: 0.8, sd: 0.2}\n"
        "  volatility: {dist: triangular, low: 0.5, mode: 1, high: 2}\n"
        "  regroup: {dist: beta, a: 2, b: 5}\n"
        "  observation_noise: {dist: uniform, low: 0.1, high: 0.3}\n"
        "donors:\n"
        "  - {name: Canada, amount_gbp_m: {dist: normal, mean: 1300, sd: 800}, week: 0}\n"
        "timeline:\n"
        "  - {week: 3, set: {actors.us.pressure_on_russia: {dist: uniform, low: 0.3, high: 0.6}}}"
        "\n",
        encoding="utf-8",
    )
    factors = {f.name: f for f in scenario_factors(load_scenario(str(path)).scenario)}
    # normal: mean ± 2 sd, clipped to the field's range [-1, 1]
    assert (factors[MOMENTUM].low, factors[MOMENTUM].high) == pytest.approx((0.4, 1.0))
    assert (factors["battlefield.volatility"].low, factors["battlefield.volatility"].high) == (
        0.5,
        2,
    )
    assert (factors["battlefield.regroup"].low, factors["battlefield.regroup"].high) == (0, 1)
    assert factors["battlefield.observation_noise"].high == pytest.approx(0.3)
    assert (factors["donors.0.amount_gbp_m"].low, factors["donors.0.amount_gbp_m"].high) == (
        0,
        pytest.approx(2900),
    )
    timeline = factors["timeline.0.actors.us.pressure_on_russia"]
    assert (timeline.low, timeline.high) == pytest.approx((0.3, 0.6))
    assert factors[MOMENTUM].stated == "normal(0.8, sd 0.2)"


def test_sample_point_fixes_values_in_red_lines_donors_and_timeline(tmp_path):
    path = tmp_path / "events.yaml"
    path.write_text(
        "name: events\nextends: baseline\n"
        "timeline:\n"
        "  - {week: 9, set: {actors.us.pressure_on_russia: 0.9}}\n"
        "  - {week: 2, set: {actors.us.pressure_on_russia: 0.5}}\n",
        encoding="utf-8",
    )
    builder = PointBuilder(load_scenario(str(path)))
    point = builder.scenario(
        {
            "actors.ukraine.red_lines.territory.max": 0.85,
            "donors.1.amount_gbp_m": 500.0,
            "timeline.0.actors.us.pressure_on_russia": 0.25,  # week 2, the first event in time
            DUMMY: 0.7,
        }
    )
    assert point.actors.ukraine.red_lines["territory"].max == 0.85
    assert point.donors[1].amount_gbp_m == 500.0
    assert [e.set["actors.us.pressure_on_russia"] for e in point.timeline] == [0.25, 0.9]


def test_every_distribution_of_the_baseline_is_analysed_plus_a_dummy():
    scenario = load_scenario("baseline").scenario
    uncertain = {k for k, v in stated_values(scenario).items() if isinstance(v, Dist)}
    names = [f.name for f in with_dummy(scenario_factors(scenario))]
    assert set(names[:-1]) == uncertain
    assert MOMENTUM in names
    assert names[-1] == DUMMY


def test_a_point_fixes_a_private_resolve_as_its_true_value_and_keeps_the_others_prior():
    # The baseline's resolves are private: drawn per run, and the other sides' prior. Fixing
    # the scenario's number would make Russia's resolve common knowledge; a point fixes only
    # the truth (a week-0 event), so Ukraine and the US still hold the stated prior.
    loaded = load_scenario("baseline", ["simulation.weeks=2"])
    private = list(private_resolves(loaded.scenario))
    assert private == ["actors.russia.resolve", "actors.ukraine.resolve"]
    builder = PointBuilder(loaded, private)
    fixed = ConflictModel(builder.scenario({"actors.russia.resolve": 0.75}), n=256)
    stated = ConflictModel(loaded.scenario, n=256)
    np.testing.assert_array_equal(fixed.types["russia"], stated.types["russia"])
    assert np.ptp(fixed.types["russia"]) > 0.1  # a spread of types: the prior is not a point
    fixed.step()
    np.testing.assert_allclose(fixed.russia.resolve, 0.75, rtol=1e-6)
    # Ukraine's resolve, not fixed at this point, is still drawn per run.
    assert np.ptp(fixed.ukraine.resolve) > 0.1
    # Every point of the study carries the same events, so they share their random streams.
    other = builder.scenario({"actors.ukraine.resolve": 0.7})
    assert [sorted(e.set) for e in other.timeline] == [sorted(e.set) for e in fixed.config.timeline]


def test_a_resolve_given_as_a_number_is_fixed_in_place():
    loaded = load_scenario("baseline", ["actors.russia.resolve=0.8"])
    assert list(private_resolves(loaded.scenario)) == ["actors.ukraine.resolve"]
    point = PointBuilder(loaded).scenario({"actors.russia.resolve": 0.6})
    assert point.actors.russia.resolve == 0.6 and point.timeline == []


# --------------------------------------------------------------------------- common random numbers


def test_same_point_gives_identical_runs_and_the_dummy_changes_nothing():
    loaded = load_scenario("baseline", ["simulation.weeks=8"])
    builder = PointBuilder(loaded)
    first = evaluate_point(builder.scenario({DUMMY: 0.0}), 500)
    again = evaluate_point(builder.scenario({DUMMY: 1.0}), 500)
    assert first == again
    moved = evaluate_point(builder.scenario({MOMENTUM: 0.1}), 500)
    assert moved.counts != first.counts


# --------------------------------------------------------------------------- indices


@pytest.mark.slow
@pytest.mark.parametrize(("method", "samples"), [("morris", 4), ("sobol", 8)])
def test_dummy_index_is_zero_and_below_every_real_driver(method, samples):
    # Purpose-built: three parameters that all move the chance that the war goes on.
    loaded = load_scenario(
        "baseline", ["simulation.weeks=12", "escalation.weekly_hazard=0", "simulation.seed=7"]
    )
    # Ranges chosen so each carries a fair share of the variance (measured: Sobol ST 0.12 to
    # 0.35, Morris mu* 0.16 to 0.53), well above the 0.02 asserted below.
    specs = [
        ("actors.russia.resolve", 0.2, 0.9),
        ("actors.ukraine.resolve", 0.55, 0.8),
        ("battlefield.front_value", 0.005, 0.04),
    ]
    doc = _study(loaded, specs, method, samples)
    key, conf = main_index(method)
    indices = doc["outputs"]["war_continues"]["indices"]
    dummy = indices[DUMMY]
    real = [indices[name][key] for name, _, _ in specs]
    assert abs(dummy[key]) < 1e-9 and dummy[conf] < 1e-9
    assert min(real) > 0.02
    assert all(dummy[key] < value for value in real)
    if method == "sobol":
        assert {"S1", "S1_conf", "ST", "ST_conf"} <= set(dummy)
        assert all(math.isfinite(indices[n]["ST_conf"]) for n, _, _ in specs)


@pytest.mark.slow
def test_the_true_resolves_drive_the_chance_of_settlement_in_the_default_study():
    # The default list is every distribution of the baseline, the private resolves included.
    # DESIGN §2: a more resolved side settles less. The study varies each resolve's true value
    # while the other sides keep their prior, so a more resolved Russia (or Ukraine) than the
    # others think holds out: the tornado's high end settles less than its low end, and the
    # Morris screening puts both resolves clearly above the dummy.
    loaded = load_scenario("baseline")
    # The resolves and one other default driver, to keep the study to a few dozen points.
    wanted = ("actors.russia.resolve", "actors.ukraine.resolve", "battlefield.russian_momentum")
    factors = [f for f in scenario_factors(loaded.scenario) if f.name in wanted]
    assert len(factors) == len(wanted)
    doc = run_study(loaded, factors, StudySettings("morris", 4), tornado=True)
    entry = doc["outputs"]["settlement"]
    swing = {row["parameter"]: row for row in entry["tornado"]}
    for side in ("russia", "ukraine"):
        name = f"actors.{side}.resolve"
        low, high = swing[name]["low"], swing[name]["high"]
        assert high["ci95"][1] < low["ci95"][0], (name, low, high)
        assert entry["indices"][name]["mu_star"] > entry["indices"][DUMMY]["mu_star"] + 0.05
    assert any("actors.russia.resolve is private" in note for note in doc["notes"])


# --------------------------------------------------------------------------- command line


def test_sobol_sample_size_must_be_a_power_of_two(tmp_path, invoke):
    result = invoke(
        [
            "sensitivity",
            "baseline",
            "--method",
            "sobol",
            "--samples",
            "48",
            "--out",
            str(tmp_path / "s"),
        ],
    )
    assert result.exit_code == 2
    assert "power of two" in result.output and "32 or 64" in result.output
    assert _folders(tmp_path) == []


@pytest.mark.parametrize(
    ("param", "message"),
    [
        (f"{MOMENTUM}=0:2", "between -1 and 1"),
        ("battlefield.momentun=0:1", "has no such key"),
        ("ceasefire.length_weeks=2:8", "not a continuous number"),
        ("battlefield.volatility", "KEY=LOW:HIGH"),
    ],
)
def test_bad_param_is_refused_with_one_message_and_exit_2(tmp_path, param, message, invoke):
    result = invoke(["sensitivity", "baseline", "--param", param, "--out", str(tmp_path / "s")])
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output
    assert _folders(tmp_path) == []


def test_range_that_breaks_a_rule_fails_before_running_and_leaves_nothing(tmp_path, invoke):
    # Russia's neutrality red line is min 0.8, so a max below 0.8 is a red line that cannot hold.
    result = invoke(
        [
            "sensitivity",
            "baseline",
            "--param",
            "actors.russia.red_lines.neutrality.max=0.5:1",
            "--out",
            str(tmp_path / "s"),
        ],
    )
    assert result.exit_code == 2
    assert "is above its max" in result.output and "sample point" in result.output
    assert "Traceback" not in result.output
    assert _folders(tmp_path) == []


def test_scenario_without_distributions_asks_for_params(tmp_path, invoke):
    data = load_scenario("baseline").scenario.model_dump(mode="json", exclude_none=True)
    data["simulation"].pop("start_date")  # JSON turns the date into a string YAML would quote

    def fix(node, path=""):
        if isinstance(node, dict) and "dist" in node:
            from simulator.scenario.paths import field_bounds

            bounds = field_bounds(path)
            dist = as_dist(node)
            return dist.mean_value(bounds.low if bounds else 0.0, bounds.high if bounds else None)
        if isinstance(node, dict):
            return {k: fix(v, f"{path}.{k}" if path else k) for k, v in node.items()}
        if isinstance(node, list):
            return [fix(v, path) for v in node]
        return node

    path = tmp_path / "fixed.yaml"
    path.write_text(yaml.safe_dump(fix(data)), encoding="utf-8")
    result = invoke(["sensitivity", str(path), "--out", str(tmp_path / "s")])
    assert result.exit_code == 2
    assert "no uncertain parameters" in result.output and "--param" in result.output
    assert _folders(tmp_path) == ["fixed.yaml"]


def test_study_folder_holds_indices_tornado_charts_and_report(tmp_path, invoke):
    out = tmp_path / "study"
    result = invoke(
        [
            "sensitivity",
            "baseline",
            "--param",
            f"{MOMENTUM}=0:0.9",
            "--param",
            "actors.russia.resolve=0.3:1",
            "--samples",
            "2",
            "--set",
            "simulation.weeks=8",
            "--set",
            "escalation.weekly_hazard=0",
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "war_continues" in result.output and "not a forecast" in result.output
    said = " ".join(result.output.split())
    assert (
        "median_agreement_week: median week of first agreement, runs without one counted at "
        "week 8" in said
    )  # the study's own median, not the compare and sweep one over the runs with one
    assert "war_continues: share of runs whose outcome is war_continues" in said
    assert "mu* (Morris): the average size of the output's change" in said
    assert _folders(tmp_path) == ["study"]  # no half-written sibling left behind
    doc = json.loads((out / "sensitivity.json").read_text())
    assert doc["method"] == "morris" and doc["runs_per_point"] == BLOCK_SIZE
    assert [p["name"] for p in doc["parameters"]] == [MOMENTUM, "actors.russia.resolve", "dummy"]
    assert list(doc["outputs"]) == [*OUTCOMES, "settlement", "agreement", MEDIAN_WEEK]
    base = {k: doc["outputs"][k]["base"]["count"] for k in doc["outputs"] if k != MEDIAN_WEEK}
    assert base["settlement"] == base["comprehensive_settlement"] + base["settlement_collapsed"]
    assert base["agreement"] == base["settlement"] + sum(
        base[k] for k in ("ceasefire_holding", "ceasefire_collapsed")
    )
    assert doc["outputs"]["agreement"]["label"].startswith("share of runs with any agreement: ")
    assert "counted as week 8 (the horizon)" in doc["outputs"][MEDIAN_WEEK]["label"]
    for output, entry in doc["outputs"].items():
        assert set(entry["indices"]) == {MOMENTUM, "actors.russia.resolve", "dummy"}
        assert {"mu_star", "mu_star_conf", "sigma"} <= set(entry["indices"]["dummy"])
        for kind in ("tornado", "indices"):
            for ext in ("png", "svg"):
                assert (out / f"{kind}-{output}.{ext}").stat().st_size > 1000
    # A Russia more resolved than the others believe holds out: the war goes on more often.
    swing = {row["parameter"]: row for row in doc["outputs"]["war_continues"]["tornado"]}
    resolve = swing["actors.russia.resolve"]
    assert resolve["high"]["ci95"][0] > resolve["low"]["ci95"][1]
    base = doc["outputs"]["war_continues"]["base"]
    assert base["ci95"][0] <= base["value"] <= base["ci95"][1]
    report = (out / "report.html").read_text()
    assert report.count("data:image/png;base64,") == 2 * len(OUTPUTS)  # charts inline
    assert "war_continues: each parameter alone at the ends of its range" in report
    assert "not a forecast" in report
    for draw in (tornado_chart, index_chart):
        chart = draw(doc, "war_continues", STYLES["slides"])
        texts = " ".join(t.get_text() for t in chart.findobj(Text))
        assert "illustrative model output, not a forecast" in texts and "seed" in texts
        assert "Share of runs (%)" in texts or "Morris index" in texts
    assert "negsim sensitivity baseline --param" in report  # the command that reproduces it
    assert "Base scenario and its provenance" in report
    rows = (out / "points.csv").read_text().splitlines()
    assert rows[0].split(",")[:3] == [MOMENTUM, "actors.russia.resolve", "dummy"]
    assert len(rows) == 1 + doc["points"]
    # The folder can be redrawn from sensitivity.json alone, for print.
    (out / "report.html").unlink()
    written = redraw(out, "paper")
    assert out / "report.html" in written and (out / "indices-escalation.svg").is_file()


def test_workers_and_a_dask_cluster_give_the_same_study_as_one_process():
    from distributed import Client, LocalCluster

    loaded = load_scenario("baseline", ["simulation.weeks=6"])
    # A private resolve too: its points carry week-0 events, which must not depend on workers.
    factors = param_factors(
        loaded.scenario, [(MOMENTUM, 0.0, 0.9), ("actors.russia.resolve", 0.3, 1.0)]
    )
    one = run_study(loaded, factors, StudySettings("morris", 2, 600, 1))
    two = run_study(loaded, factors, StudySettings("morris", 2, 600, 2))
    with (
        LocalCluster(
            n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None
        ) as cluster,
        Client(cluster),
    ):
        dask = run_study(
            loaded, factors, StudySettings("morris", 2, 600, dask=cluster.scheduler_address)
        )
    for other in (two, dask):
        assert other["design"] == one["design"]
        assert other["outputs"] == one["outputs"]


def test_the_cli_offers_every_output_the_study_reports():
    from simulator.analysis import OUTPUTS
    from simulator.cli import SENSITIVITY_OUTPUTS

    assert tuple(SENSITIVITY_OUTPUTS) == OUTPUTS
