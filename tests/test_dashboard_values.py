"""The dashboard page at its edges: exact intervals, levers at their bounds, what a page may send.

Also: sessions that do not wait for each other, and short messages instead of tracebacks.
"""

from __future__ import annotations

import io
import threading
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st
from matplotlib.figure import Figure

from simulator.dashboard.charts import (
    Compared,
    beliefs_figure,
    ideals,
    outcome_figure,
    states_figure,
    terms_figure,
)
from simulator.dashboard.levers import (
    LEVERS,
    RUN_CHOICES,
    RefusedValueError,
    accepted,
    default_settings,
    ends,
)
from simulator.dashboard.look import CLASSROOM, LOOKS
from simulator.dashboard.notices import RELOAD, short_message
from simulator.dashboard.one_run import OneRun
from simulator.dashboard.outlook import RunCache, outlook_for
from simulator.dashboard.picker import loaded_scenario, reload_problem
from simulator.dashboard.run_chart import one_run_figure
from simulator.dashboard.settings import overrides, scenario_with, set_args
from simulator.dashboard.shared_cache import SharedCache
from simulator.dashboard.tables import belief_table, offer_table, value_table
from simulator.montecarlo.runner import run_monte_carlo
from simulator.montecarlo.tally import wilson_interval
from simulator.scenario.errors import ScenarioError
from simulator.scenario.library import shipped_scenarios
from simulator.scenario.loader import load_scenario
from tests.helpers import page_texts

RUNS = 250  # the smallest choice the page offers: enough to reach every edge quickly


@pytest.fixture(scope="module")
def baseline():
    return load_scenario("baseline")


# --- exact intervals ---------------------------------------------------------------------------


@given(n=st.integers(1, 10**7), data=st.data())
def test_wilson_bounds_are_ordered_inside_0_1_and_hold_the_share(n, data):
    count = data.draw(st.one_of(st.sampled_from([0, 1, n - 1, n]), st.integers(0, n)))
    count = min(max(count, 0), n)
    low, high = wilson_interval(count, n)
    assert 0.0 <= low <= count / n <= high <= 1.0


@pytest.mark.parametrize("n", [1, 2, 7, 250, 1000, 20000, 10**7])
def test_wilson_interval_is_exact_at_the_edges(n):
    assert wilson_interval(0, n)[0] == 0.0
    assert wilson_interval(n, n)[1] == 1.0
    assert wilson_interval(0, n)[1] > 0.0 and wilson_interval(n, n)[0] < 1.0


def test_wilson_interval_refuses_a_count_outside_0_to_n():
    with pytest.raises(ValueError, match="between 0 and n"):
        wilson_interval(11, 10)
    assert wilson_interval(0, 0) == (0.0, 1.0)


# --- every chart draws for every lever at its bounds --------------------------------------------


def _extreme_settings(loaded):
    start = {**default_settings(loaded), "runs": RUNS}
    out = []
    for lever in LEVERS:
        for value in ends(lever, loaded):
            out.append((f"{lever.key}={value}", {**start, lever.key: value}))
    for name, pick in (("all low", 0), ("all high", 1)):
        out.append((name, {**start, **{lv.key: ends(lv, loaded)[pick] for lv in LEVERS}}))
    for name, parity in (("alternating", 0), ("alternating other way", 1)):
        moved = {lv.key: ends(lv, loaded)[(i + parity) % 2] for i, lv in enumerate(LEVERS)}
        out.append((name, {**start, **moved}))
    return out


def _draw_all(loaded, settings, before, render):
    """Build every figure of the page; ``render`` also plays the run out and draws them to PNG.

    Those drawn in full come in both looks, with and without a pinned outlook; no figure may
    warn (warnings are errors), so a legend with nothing labelled in it fails here.
    """
    now = outlook_for(loaded, settings)
    run = OneRun(scenario_with(loaded, overrides(loaded, settings)), RUNS - 1)
    figures = []
    looks = list(LOOKS.values()) if render else [CLASSROOM]
    for look in looks:
        pairs = (Compared(now, before, "now", "pinned"), Compared(now))
        for shown in pairs if render else pairs[:1]:
            figures += [
                outcome_figure(shown, look),
                states_figure(shown, look),
                beliefs_figure(shown, look),
                terms_figure(shown, ideals(loaded.scenario), look),
            ]
        figures.append(one_run_figure(run, look))  # nothing stepped yet
    for _ in range(6):
        run.step()
    figures.append(one_run_figure(run))
    if render:  # to the horizon: settled weeks draw no margins, only beliefs
        while run.step() is not None:
            pass
        figures.append(one_run_figure(run))
    for view in (run.history[0], run.history[-1]):
        for table in (value_table(view), belief_table(view), offer_table(view)):
            assert "nan" not in table.lower()
    for figure in figures:
        assert isinstance(figure, Figure)
        if render:
            figure.savefig(io.BytesIO(), format="png", dpi=20)
    return now


def test_every_chart_draws_for_every_lever_at_its_bounds_and_their_combinations():
    # A 16-week horizon reaches every edge a lever can push the charts to (a whole block is
    # simulated per setting, so the full year would cost a minute for the same checks).
    short = load_scenario("baseline", ["simulation.weeks=16"])
    before = None
    cases = _extreme_settings(short)
    for number, (name, settings) in enumerate(cases):
        render = number >= len(cases) - 4  # the combinations of extremes are drawn in full
        try:
            before = _draw_all(short, settings, before, render)
        except Exception as exc:  # pragma: no cover - names the failing setting
            raise AssertionError(f"a chart failed with {name}: {exc!r}") from exc


@pytest.mark.parametrize(("key", "value"), [("escalation", 0.0), ("russian_momentum", -1.0)])
def test_the_levers_of_the_bug_report_draw_the_outcome_chart(baseline, key, value):
    settings = {**default_settings(baseline), "runs": RUNS, key: value}
    now = outlook_for(baseline, settings)
    assert all(r.low <= r.probability <= r.high for r in now.rows)
    outcome_figure(Compared(now)).savefig(io.BytesIO(), format="png", dpi=30)


@pytest.mark.parametrize("name", sorted(shipped_scenarios()))
def test_the_changes_applied_in_memory_match_loading_with_set(name):
    loaded = load_scenario(name)
    for _, settings in _extreme_settings(loaded)[::3]:
        changes = overrides(loaded, settings)
        assert scenario_with(loaded, changes) == load_scenario(name, set_args(changes)).scenario


# --- what a page may send -----------------------------------------------------------------------


def test_a_slider_takes_values_on_its_grid_and_snaps_browser_float_noise():
    assert accepted("us_pressure", 0.30000000000000004) == 0.3
    assert accepted("us_pressure", 1) == 1.0
    assert accepted("russian_momentum", -1.0) == -1.0
    assert accepted("escalation", 0.0) == 0.0
    assert accepted("escalation", 0.007) == 0.007
    assert accepted("kursk_control", 0.86) == 0.86
    assert accepted("observation_noise", 2.0) == 2.0
    assert accepted("russia_optimism", -0.35) == -0.35
    assert accepted("guarantees", 0.7000000000000001) == 0.7


def test_a_slider_also_takes_the_scenarios_own_value_off_its_grid(baseline):
    start = default_settings(baseline)["russian_momentum"]
    assert accepted("russian_momentum", start, start) == start


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("us_pressure", 1.05),  # out of range
        ("us_pressure", -0.05),
        ("escalation", 0.021),
        ("donor_aid", 1e308),
        ("russian_momentum", -1.5),
        ("us_pressure", 0.333),  # off the grid
        ("kursk_control", 0.865),
        ("observation_noise", 2.05),  # beyond the slider, though the schema allows up to 5
        ("russia_optimism", -1.05),
        ("ukraine_resolve", 1.05),
        ("us_bias", 0.333),
        ("settlement_monitoring", float("nan")),
        ("guarantees", "0.5"),
        ("truce_offered", 0),
        ("truce_offered", "false"),
        ("sequencing", "both"),  # a menu takes only what it offers
        ("sequencing", "Ceasefire_First"),
        ("sequencing", ""),
        ("sequencing", 0),
        ("sequencing", None),
        ("sequencing", True),
        ("sequencing", ["ceasefire_first"]),
        ("sequencing", {"value": "ceasefire_first"}),
        ("sequencing", "ceasefire_first " * 1000),
        ("us_pressure", float("nan")),  # not a finite number
        ("us_pressure", float("inf")),
        ("us_pressure", "0.5"),  # wrong type
        ("us_pressure", None),
        ("us_pressure", [0.5]),
        ("us_pressure", {"value": 0.5}),
        ("us_pressure", True),
        ("aid_paused", 1),
        ("aid_paused", "true"),
        ("aid_paused", None),
        ("aid_resumes", 0),  # a week lever: a whole week from 1 to the horizon
        ("aid_resumes", 53),
        ("aid_resumes", 12.5),
        ("aid_resumes", "12"),
        ("aid_resumes", True),
        ("aid_resumes", None),
        ("aid_resumes", float("nan")),
        ("aid_resumes", 10**12),
        ("no_such_lever", 0.5),  # a setting the page does not have
        ("__class__", 0.5),
    ],
)
def test_a_lever_refuses_what_the_page_does_not_offer(key, value):
    with pytest.raises(RefusedValueError):
        accepted(key, value, 52 if key == "aid_resumes" else None)


def test_the_aid_week_lever_takes_a_whole_week_up_to_the_horizon_only():
    assert accepted("aid_resumes", 1, 52) == 1
    assert accepted("aid_resumes", 12.0, 52) == 12
    assert accepted("aid_resumes", 52, 52) == 52  # the horizon: no date, no event
    assert accepted("aid_resumes", 80, 104) == 80
    with pytest.raises(RefusedValueError, match="whole week"):
        accepted("aid_resumes", 80, 52)
    with pytest.raises(RefusedValueError):
        accepted("aid_resumes", 10)  # no horizon to check against: refused


def test_a_switch_takes_yes_or_no():
    assert accepted("aid_paused", True) is True
    assert accepted("aid_paused", False) is False
    assert accepted("truce_offered", False) is False


def test_a_menu_takes_one_of_its_choices_by_name_or_by_the_label_it_shows():
    assert accepted("sequencing", "settlement_first") == "settlement_first"
    assert accepted("sequencing", "a settlement") == "settlement_first"
    assert accepted("sequencing", "a ceasefire") == "ceasefire_first"


@pytest.mark.parametrize("value", [str(r) for r in RUN_CHOICES] + list(RUN_CHOICES))
def test_runs_take_the_offered_choices_as_text_or_number(value):
    assert accepted("runs", value) == int(value)


@pytest.mark.parametrize(
    "value",
    [
        1_500_000,
        "1500000",
        0,
        "0",
        -1,
        "-1000",
        1000.5,
        1000.0,
        True,
        "abc",
        "1e6",
        None,
        "9" * 5000,
        float("nan"),
        [1000],
        2**64,
    ],
)
def test_runs_refuse_anything_not_offered(value):
    with pytest.raises(RefusedValueError, match="runs must be one of"):
        accepted("runs", value)


def test_a_refused_value_leaves_the_page_at_its_last_good_value(baseline):
    from simulator.dashboard import app  # Solara: only for this test

    good = {**default_settings(app.current_loaded()), "runs": RUNS}
    app.settings.value = good
    for key, value in [
        ("runs", "1500000"),
        ("runs", 0),
        ("escalation", -0.001),
        ("russian_momentum", float("nan")),
        ("aid_paused", "yes"),
        ("sequencing", "neither"),
        ("truce_offered", None),
        ("aid_resumes", 0),
        ("aid_resumes", 53),
        ("nope", 1),
    ]:
        app.change(key, value)
        assert app.settings.value == good, (key, value)
    app.pick("no such scenario")
    app.present("yes")
    assert app.settings.value == good and app.presenting.value is False
    app.change("escalation", 0.0)
    assert app.settings.value["escalation"] == 0.0
    assert app.problem.value is None


# --- sessions do not wait for each other --------------------------------------------------------


class SlowFirst:
    """A Monte Carlo runner that holds the run with seed 111 until released."""

    def __init__(self):
        self.started = threading.Event()
        self.release = threading.Event()
        self.calls: list[int] = []

    def __call__(self, scenario, runs):
        """Record the run, hold it if it is the slow one, then simulate."""
        self.calls.append(scenario.simulation.seed)
        if scenario.simulation.seed == 111:
            self.started.set()
            assert self.release.wait(30)
        return run_monte_carlo(scenario, runs)


def _scenario(baseline, seed):
    return lambda: scenario_with(baseline, {"simulation.seed": seed})


def test_a_second_settings_key_is_served_while_a_first_is_computing(baseline):
    slow = SlowFirst()
    cache = RunCache(simulate=slow)
    results = {}
    first = threading.Thread(
        target=lambda: results.setdefault("a", cache.get(("a",), _scenario(baseline, 111), RUNS))
    )
    first.start()
    assert slow.started.wait(30)
    t = time.perf_counter()
    other = cache.get(("b",), _scenario(baseline, 222), RUNS)
    assert time.perf_counter() - t < 20 and other.seed == 222
    assert "a" not in results  # the first is still running
    slow.release.set()
    first.join(30)
    assert results["a"].seed == 111


def test_the_same_settings_asked_twice_at_once_run_once(baseline):
    slow = SlowFirst()
    cache = RunCache(simulate=slow)
    got = []
    threads = [
        threading.Thread(
            target=lambda: got.append(cache.get(("a",), _scenario(baseline, 111), RUNS))
        )
        for _ in range(3)
    ]
    for thread in threads:
        thread.start()
    assert slow.started.wait(30)
    time.sleep(0.2)
    slow.release.set()
    for thread in threads:
        thread.join(30)
    assert slow.calls == [111] and len(got) == 3 and got[0] is got[1] is got[2]


def test_a_failed_run_is_not_kept_and_the_next_request_runs_again(baseline):
    calls = []

    def flaky(scenario, runs):
        calls.append(runs)
        if len(calls) == 1:
            raise RuntimeError("worker died")
        return run_monte_carlo(scenario, runs)

    cache = RunCache(simulate=flaky)
    with pytest.raises(RuntimeError):
        cache.get(("a",), _scenario(baseline, 5), RUNS)
    assert cache.get(("a",), _scenario(baseline, 5), RUNS).runs == RUNS
    assert cache.peek(("a",)) is not None


# --- short messages, and a scenario file edited while the page runs -----------------------------


def test_a_page_message_is_short_and_names_no_server_folder():
    problem = ScenarioError("must be at most 1", file="/home/teacher/secret/place/my.yaml", key="x")
    text = short_message(problem)
    assert "my.yaml" in text and "/home" not in text and "secret" not in text
    bug = ZeroDivisionError("division by zero in /srv/negsim/simulator/dashboard/outlook.py")
    text = short_message(bug)
    assert "ZeroDivisionError" in text and "/srv" not in text and "Traceback" not in text
    assert len(short_message(ScenarioError("x" * 5000))) <= 300
    assert "\x1b" not in short_message(ScenarioError("name \x1b]0;owned\x07 here"))


def test_an_edited_scenario_file_keeps_its_last_good_version_until_it_loads_again(
    tmp_path, baseline
):
    path = tmp_path / "class.yaml"
    path.write_text("extends: baseline\nname: class\nescalation:\n  weekly_hazard: 0.004\n")
    loaded = loaded_scenario(str(path))
    assert loaded.scenario.escalation.weekly_hazard == 0.004
    path.write_text("extends: baseline\nname: class\nescalation: [unfinished\n")
    again = loaded_scenario(str(path))
    assert again is loaded
    problem = reload_problem(str(path))
    assert isinstance(problem, ScenarioError)
    message = short_message(problem, RELOAD)
    assert "class.yaml" in message and str(tmp_path) not in message
    # the next lever move still runs, on the last good scenario
    moved = {**default_settings(again), "runs": RUNS, "us_pressure": 0.9}
    assert outlook_for(again, moved).runs == RUNS
    path.write_text("extends: baseline\nname: class\nescalation:\n  weekly_hazard: 0.006\n")
    fixed = loaded_scenario(str(path))
    assert fixed.scenario.escalation.weekly_hazard == 0.006
    assert reload_problem(str(path)) is None


def test_a_failing_run_shows_a_short_message_and_the_next_lever_move_recovers(monkeypatch):
    import solara

    from simulator.dashboard import app, outlook

    calls = []

    def fails_once(scenario, runs):
        calls.append(runs)
        if len(calls) == 1:
            raise ZeroDivisionError("division by zero in /srv/negsim/secret.py")
        return run_monte_carlo(scenario, runs)

    monkeypatch.setattr(outlook.CACHE, "simulate", fails_once)
    monkeypatch.setattr(outlook.CACHE, "kept", SharedCache(outlook.CACHE_SIZE))
    app.settings.value = {**default_settings(app.current_loaded()), "runs": RUNS}
    box, _ = solara.render(app.Page(), handle_error=False)
    texts = page_texts(box)
    assert "internal problem (ZeroDivisionError)" in texts
    assert (
        "Traceback" not in texts and "/srv" not in texts and "data-testid='outcomes'" not in texts
    )
    app.change("us_pressure", 0.9)
    texts = page_texts(box)
    assert "data-testid='outcomes'" in texts and "internal problem" not in texts
