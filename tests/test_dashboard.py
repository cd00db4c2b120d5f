"""End-to-end tests of ``negsim dashboard`` in headless Chromium (Debian's package + Playwright).

One dashboard server is started for the module (``negsim dashboard baseline --port 0``); each
test opens its own page, so each has a fresh session. The Ctrl-C test stops that server; a
later test (in any order) gets a new one. Without /usr/bin/chromium the browser
tests are skipped outside CI and fail in CI (``CI`` set), where ``.ci/run`` installs it.
"""

from __future__ import annotations

import socket

import pytest

from simulator.dashboard.one_run import OneRun
from simulator.montecarlo.runner import run_monte_carlo
from simulator.rules.outcomes import OUTCOMES
from simulator.scenario.loader import load_scenario
from tests.browser import (
    DashboardProcess,
    launch,
    need_chromium,
    offline_tab,
    press_on_lever,
    probability,
    wait_for_change,
    wait_for_outcomes,
)

pytest.importorskip("playwright.sync_api", reason="playwright is in the dev extra")


class Servers:
    """One running dashboard for the module, started again if a test stopped it."""

    def __init__(self):
        self.dashboard: DashboardProcess | None = None

    def current(self) -> DashboardProcess:
        """The running dashboard."""
        if self.dashboard is None or self.dashboard.proc.poll() is not None:
            self.dashboard = DashboardProcess("baseline")
        return self.dashboard


@pytest.fixture(scope="module")
def servers():
    holder = Servers()
    yield holder
    if holder.dashboard is not None:
        holder.dashboard.stop()


@pytest.fixture
def server(servers):
    return servers.current()


@pytest.fixture(scope="module")
def browser():
    need_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = launch(pw)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, server):
    tab = offline_tab(browser)
    failed: list[str] = []
    tab.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    tab.on("requestfailed", lambda r: failed.append(f"failed {r.url}"))
    tab.failed_requests = failed
    tab.goto(server.url)
    wait_for_outcomes(tab)
    yield tab
    tab.context.close()


def baseline_tally(overrides=(), runs: int = 1000):
    return run_monte_carlo(load_scenario("baseline", list(overrides)).scenario, runs)


def baseline_share(outcome: str, overrides=(), runs: int = 1000) -> float:
    return int(baseline_tally(overrides, runs).outcomes[OUTCOMES.index(outcome)]) / runs


def shown_text(page, testid: str) -> str:
    return page.locator(f"[data-testid='{testid}']").inner_text().strip()


def pick_from_menu(page, key: str, label: str) -> None:
    """Open a lever's menu and pick the choice shown as ``label``."""
    page.locator(f".lever-{key} .v-select").click()
    page.locator(".v-overlay .v-list-item", has_text=label).click()


def test_page_loads_offline_with_every_outcome_and_its_interval(page):
    shares = [probability(page, name) for name in OUTCOMES]
    assert sum(shares) == pytest.approx(1.0, abs=1e-5)
    assert probability(page, "war_continues") == pytest.approx(
        baseline_share("war_continues"), abs=1e-9
    )
    table = page.locator("[data-testid=outcomes]").inner_text()
    assert "95 % interval" in table and "War continues" in table
    assert "Settlement collapsed" in table
    tally = baseline_tally()
    for state in ("at_war", "ceasefire_active", "settled", "escalated", "truce_active"):
        for weeks in (13, 52):
            share = tally.weekly.counts[state][weeks - 1] / tally.runs
            assert shown_text(page, f"share-{state}-{weeks}") == f"{share:.0%}", (state, weeks)
    sidebar = page.locator(".negsim-controls").inner_text().lower()
    for gone in ("concession", "aspiration", "outside option", "mediation step"):
        assert gone not in sidebar
    # the picker names the scenario and says what it is; the shipped one is pinned to compare
    assert page.locator(".scenario-picker").inner_text().strip().endswith("baseline")
    assert "object" not in page.locator(".scenario-picker").inner_text().lower()
    assert shown_text(page, "scenario-description").startswith("State of play in mid-March 2025")
    assert "pinned: baseline" in shown_text(page, "pinned")
    assert "not a forecast" in page.content().lower()
    assert page.outside_requests == [], "the page must work with no network"
    assert page.failed_requests == [], "every asset is served locally (solara-assets)"


def test_moving_us_pressure_changes_the_probability_of_war_continuing(page):
    before = probability(page, "war_continues")
    expected = baseline_share("war_continues", ["actors.us.pressure_on_russia=0"])
    assert expected != before, "precondition: the lever has an effect in the engine"

    press_on_lever(page, "us_pressure", "Home")  # US pressure on Russia to 0
    shown = wait_for_change(page, "war_continues", before)

    assert shown == pytest.approx(expected, abs=1e-9)
    pinned = page.locator("[data-testid=pinned-war_continues]")
    assert pinned.inner_text() == f"{before:.1%}"  # the shipped baseline stays pinned
    assert "US pressure on Russia: 0.00" in page.locator(".lever-us_pressure").inner_text()
    press_on_lever(page, "us_pressure", "End")  # a second move: the pin is still the baseline
    wait_for_change(page, "war_continues", shown)
    assert float(pinned.get_attribute("data-probability")) == pytest.approx(before, abs=1e-9)


def test_one_run_view_advances_a_week_per_click(page):
    page.get_by_text("One run, week by week").click()
    week = page.locator("[data-testid=one-run-week]")
    week.wait_for()
    assert week.get_attribute("data-week") == "0"

    page.locator(".step-week").click()
    page.wait_for_selector("[data-testid=one-run-week][data-week='1']")
    assert "week 0" in week.inner_text()
    story = page.locator("[data-testid=one-run-story] li")
    story.first.wait_for()  # the week number can render before the story beside it
    assert story.count() >= 1
    one = OneRun(load_scenario("baseline").scenario, 0)
    view = one.step()
    for party in ("russia", "ukraine"):  # this week's values and beliefs, as the engine has them
        assert shown_text(page, f"fight-{party}") == f"{view.fight_value[party]:.3f}"
        assert shown_text(page, f"package-{party}") == f"{view.table_value[party]:.3f}"
        assert shown_text(page, f"margin-{party}") == f"{view.deal_margin[party]:+.3f}"
        assert shown_text(page, f"belief-{party}") == f"{view.belief[party]:.3f}"
        assert shown_text(page, f"truth-{party}") == f"{view.resolve[party]:.3f}"
    assert "aspiration" not in page.locator("[data-testid=values]").inner_text().lower()

    page.locator(".step-week").click()
    page.wait_for_selector("[data-testid=one-run-week][data-week='2']")
    assert "week 1" in week.inner_text()


def test_the_truce_switch_and_the_sequencing_menu_rerun_the_monte_carlo(page):
    assert shown_text(page, "share-truce_active-13") != "0%", "precondition: truces happen"
    page.locator(".lever-truce_offered input").click()
    page.wait_for_function(
        "() => document.querySelector(\"[data-testid='share-truce_active-13']\")"
        ".innerText.trim() === '0%'",
        timeout=30_000,
    )
    page.wait_for_function(
        "() => document.body.innerText.toLowerCase()"
        ".includes('no first partial truce in these runs')",
        timeout=30_000,
    )

    pick_from_menu(page, "sequencing", "a settlement")
    page.get_by_text("actors.us.sequencing").wait_for()
    expected = baseline_share(
        "war_continues", ["partial_truce.offered=false", "actors.us.sequencing=settlement_first"]
    )
    page.wait_for_function(
        "(p) => Math.abs(parseFloat(document.querySelector("
        "\"[data-testid='p-war_continues']\").dataset.probability) - p) < 1e-9",
        arg=expected,
        timeout=30_000,
    )
    assert "US pushes first for" in page.locator(".lever-sequencing").inner_text()


def test_saved_yaml_is_a_scenario_that_reproduces_the_page(page, tmp_path):
    press_on_lever(page, "russian_momentum", "End")  # Russia advancing as fast as possible
    page.get_by_text("Changed from the scenario: battlefield.russian_momentum").wait_for()
    shown = probability(page, "war_continues")

    with page.expect_download() as download:
        page.locator("[data-testid=save-yaml]").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)

    loaded = load_scenario(saved)  # raises ScenarioError if the file does not validate
    text = saved.read_text(encoding="utf-8")
    assert '# article: "Paused additional military aid to Ukraine"' in text  # sources kept
    assert "set in the dashboard" in text.split("russian_momentum:")[1].splitlines()[0]
    momentum = loaded.scenario.battlefield.russian_momentum
    assert momentum.mean_value(-1.0, 1.0) > 0.9
    tally = run_monte_carlo(loaded.scenario, loaded.scenario.simulation.runs)
    assert int(tally.outcomes[OUTCOMES.index("war_continues")]) / tally.runs == pytest.approx(
        shown, abs=1e-9
    )


CHART_TEXT_PX = """() => [...document.querySelectorAll('img.negsim-chart')].map(img => ({
    id: img.dataset.testid,
    px: parseFloat(img.dataset.fontPx) * img.getBoundingClientRect().width / img.naturalWidth,
    series: img.dataset.series.split(' | ')}))"""
"""Each chart's smallest text as shown: its size in the image times shown over natural width."""


def charts_drawn(page, count: int) -> list[dict]:
    """The page's charts once ``count`` of them have loaded, with their text size as shown."""
    page.wait_for_function(
        "(n) => [...document.querySelectorAll('img.negsim-chart')]"
        ".filter(i => i.complete && i.naturalWidth > 0).length >= n",
        arg=count,
        timeout=30_000,
    )
    return page.evaluate(CHART_TEXT_PX)


def test_presentation_mode_has_14_px_chart_text_and_compares_with_the_pinned_baseline(page, server):
    on_page = charts_drawn(page, 4)
    assert min(c["px"] for c in on_page) >= 12.0, on_page  # readable on the page too
    page.locator(".presentation-switch input").click()
    page.locator(".negsim-presenting").wait_for()
    assert page.locator(".lever-us_bias").count() == 0  # fewer levers
    before = probability(page, "war_continues")
    press_on_lever(page, "aid_resumes", "Home")  # a timeline event: US aid resumes in week 1
    shown = wait_for_change(page, "war_continues", before)
    event = 'timeline=[{"week": 1, "set": {"actors.us.aid_paused": false}}]'
    assert shown == pytest.approx(baseline_share("war_continues", [event]), abs=1e-9)
    assert "US aid resumes in week 1" in page.locator(".lever-aid_resumes").inner_text()

    page.wait_for_timeout(500)  # the charts follow the table
    charts = charts_drawn(page, 4)
    assert {c["id"] for c in charts} >= {"chart-outcomes", "chart-states", "chart-terms"}
    for chart in charts:  # 1280×800, presentation mode: text a back row can read
        assert chart["px"] >= 14.0, chart
    outcomes = next(c for c in charts if c["id"] == "chart-outcomes")
    assert outcomes["series"] == ["now: your changes", "pinned: baseline"]
    states = next(c for c in charts if c["id"] == "chart-states")
    assert {"now: your changes", "pinned: baseline"} <= set(states["series"])
    for name in OUTCOMES:  # both distributions, each as the engine gives it
        pinned = page.locator(f"[data-testid=pinned-{name}]").get_attribute("data-probability")
        assert float(pinned) == pytest.approx(baseline_share(name), abs=1e-6), name
    assert probability(page, "war_continues") == pytest.approx(shown, abs=1e-9)

    page.locator(".pin-these").click()  # compare from now on with these settings
    page.get_by_text("pinned: baseline with 1 change").first.wait_for()
    assert float(
        page.locator("[data-testid=pinned-war_continues]").get_attribute("data-probability")
    ) == pytest.approx(shown, abs=1e-9)
    assert "No artists with labels" not in "".join(server.lines)


def test_ctrl_c_stops_the_dashboard_and_frees_its_port(server):
    code = server.interrupt()  # as a teacher's Ctrl-C in the terminal would
    assert code == 0, "".join(server.lines)
    assert "stopped" in "".join(server.lines)
    assert "Traceback" not in "".join(server.lines)  # the terminal a teacher reads stays clean
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", server.port))  # nothing listens there any more
