"""The dashboard's "Class forecast" view in headless Chromium: commit, reveal, compare, download.

One dashboard server for the module (``negsim dashboard baseline --port 0``), as in
``test_dashboard``; without /usr/bin/chromium the test is skipped outside CI and fails in CI.
"""

from __future__ import annotations

import pytest
import yaml

from simulator.dashboard.class_forecast import count_forecast, question_by_id
from simulator.dashboard.levers import DEFAULT_RUNS
from simulator.scenario.loader import load_scenario
from tests.browser import DashboardProcess, launch, need_chromium, offline_tab, wait_for_outcomes

pytest.importorskip("playwright.sync_api", reason="playwright is in the dev extra")

QUESTION = "rfi-first-bilateral-ceasefire"
HANDS = (3, 5, 0, 12)  # a show of hands per bin: 20 hands


@pytest.fixture(scope="module")
def server():
    dashboard = DashboardProcess("baseline")
    yield dashboard
    dashboard.stop()


@pytest.fixture
def page(server):
    need_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = launch(pw)
        tab = offline_tab(browser)
        tab.goto(server.url)
        wait_for_outcomes(tab)
        yield tab
        browser.close()


def shown(page, row: str) -> list[float]:
    """The probabilities a row of the comparison shows, bin by bin (from the DOM)."""
    cells = page.locator(f"[data-testid=cf-{row}] td[data-bin]")
    return [float(cells.nth(i).get_attribute("data-probability")) for i in range(cells.count())]


def test_class_commits_by_show_of_hands_then_sees_model_and_crowds_side_by_side(page, tmp_path):
    question = question_by_id(QUESTION)
    page.locator(".view-switch button", has_text="Class forecast").click()
    page.locator("[data-testid=cf-title]").wait_for(timeout=30_000)
    assert page.locator("[data-testid=class-comparison]").count() == 0  # nothing shown yet
    page.locator(".cf-mode button", has_text="Show of hands").click()
    for i, hands in enumerate(HANDS):
        box = page.locator(f".cf-entry-{i} input")
        box.fill(str(hands))
        box.press("Tab")
    page.get_by_text("20 hands in all").wait_for(timeout=10_000)
    page.locator(".cf-reveal").click()
    page.locator("[data-testid=class-comparison]").wait_for(timeout=60_000)

    assert shown(page, "class") == pytest.approx([h / 20 for h in HANDS], abs=1e-6)
    scenario = load_scenario("baseline").scenario
    model = count_forecast(scenario, question, DEFAULT_RUNS)
    assert shown(page, "model") == pytest.approx(
        [b["model"]["probability"] for b in model["bins"]], abs=1e-6
    )
    for i, crowd in enumerate(sorted(question.crowds, key=lambda c: c.date)):
        assert shown(page, f"crowd-{i}") == pytest.approx(list(crowd.probabilities.values()))
    happened = page.locator("th.cf-happened").inner_text()
    assert question.resolution.bin in happened and "happened" in happened
    # Brier of the class: (0.15)² + (0.25)² + 0 + (0.6 − 1)² = 0.245
    brier = page.locator("[data-testid=cf-class]").get_attribute("data-brier")
    assert float(brier) == pytest.approx(0.245)
    assert page.locator(".cf-entry-0 input").count() == 0  # the class's numbers are committed

    with page.expect_download() as download:
        page.locator("[data-testid=cf-download]").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    doc = yaml.safe_load(saved.read_text(encoding="utf-8"))
    assert saved.name == f"class-forecast-{QUESTION}.yaml"
    assert doc["question"]["id"] == QUESTION and doc["question"]["title"] == question.title
    assert doc["class"]["entered_as"] == "hands"
    assert list(doc["class"]["entries"].values()) == list(HANDS)
    assert page.outside_requests == []
