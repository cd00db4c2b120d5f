"""The dashboard's "Which assumptions lead there?" view: the top box in the sentence of discover.

On ``neutrality_threshold_drawn`` a settlement is signed exactly where Ukraine's neutrality red
line (drawn uniform on 0–1) reaches Russia's 0.9, so the box is "that line ≥ 0.90". The page
shows the sentence and numbers ``discovery_box.top_box`` gives for the levers as set, refuses an
outcome it does not offer with one short line, and never shows a box found under other levers
as this one's. Headless (``solara.render``) and in Chromium (one dashboard server).
"""

from __future__ import annotations

import html
import time
from pathlib import Path

import pytest

from simulator.dashboard.discovery_box import top_box
from simulator.dashboard.levers import LEVERS, default_settings
from simulator.dashboard.picker import loaded_scenario
from simulator.dashboard.settings import overrides, scenario_with
from simulator.report import INDICATOR_LABELS
from tests.browser import VIEWPORT, DashboardProcess, launch, need_chromium, wait_for_outcomes
from tests.helpers import page_texts

THRESHOLD = str(Path(__file__).parent / "scenarios" / "neutrality_threshold_drawn.yaml")
LINE = "actors.ukraine.red_lines.neutrality.max"
OUTCOME = "comprehensive_settlement"


@pytest.fixture(scope="module")
def threshold():
    return loaded_scenario(THRESHOLD)


def test_the_top_box_restricts_the_drawn_red_line_near_its_threshold_and_nothing_else(threshold):
    box = top_box(threshold, OUTCOME)
    assert [r.parameter for r in box.restrictions] == [LINE]
    (line,) = box.restrictions
    assert (
        line.low_restricted
        and not line.high_restricted
        and line.low == pytest.approx(0.9, abs=0.02)
    )
    assert "Ukraine's red line on neutrality (the most it accepts) ≥ 0.90" in box.sentence


def test_an_outcome_no_run_ends_in_gets_a_line_in_the_pages_words_not_a_box(threshold):
    from simulator.dashboard.app_discovery import no_box_text

    box = top_box(threshold, "war_continues")
    assert box.problem is not None and not box.restrictions
    assert no_box_text(box) == (
        "No run ends in “War continues” (0 of 2,000) with the levers as set, so no box of "
        "assumptions can tell runs apart: pick another outcome or move the levers."
    )


def _shown(box, text: str, seconds: float = 60.0) -> str:
    """The page's texts once ``text`` is among them (the box is found in a thread)."""
    deadline = time.monotonic() + seconds
    while text not in (texts := page_texts(box)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert text in texts, f"not on the page in {seconds:g} s: {text}"
    return texts


@pytest.fixture
def discovery_view(threshold):
    """The page on the discovery view of the threshold scenario, put back afterwards."""
    from simulator.dashboard import app, app_discovery

    before = app.picked.value, app.settings.value, app.view.value
    kept = app_discovery.outcome.value, app_discovery.refused.value
    app.picked.value = THRESHOLD
    app.settings.value = default_settings(threshold)
    app.view.value = app_discovery.TITLE
    yield app, app_discovery
    app.picked.value, app.settings.value, app.view.value = before
    app_discovery.outcome.value, app_discovery.refused.value = kept


def test_the_view_refuses_hostile_outcomes_and_shows_the_box_of_the_levers_as_set(
    discovery_view, threshold
):
    import solara

    app, view = discovery_view
    box, page = solara.render(app.Page(), handle_error=False)
    try:
        start = view.outcome.value
        for hostile in ("<script>", OUTCOME, None, ["x"], {"a": 1}, 3):  # a name is not a label
            view.pick_outcome(hostile)
            assert view.refused.value == "Not taken: the page offers no such outcome"
            assert view.outcome.value == start
        assert "Not taken: the page offers no such outcome" in page_texts(box)
        view.pick_outcome(INDICATOR_LABELS[OUTCOME])
        assert view.outcome.value == OUTCOME and view.refused.value is None
        assert "data-testid=dx-sentence" not in page_texts(box)  # nothing runs before the button

        view.find(threshold, app.settings.value)
        expected = top_box(threshold, OUTCOME)
        texts = _shown(box, html.escape(expected.sentence))
        assert f"data-density={expected.density!r}" in texts
        assert f"data-parameter='{LINE}'" in texts and "not a cause in the world" in texts

        lever = next(lever for lever in LEVERS if lever.kind == "slider")
        moved = {**app.settings.value, lever.key: lever.high}
        assert overrides(threshold, moved)  # the lever changes the scenario
        app.settings.value = moved
        texts = page_texts(box)
        assert "data-testid=dx-stale" in texts and html.escape(expected.sentence) not in texts
    finally:
        page.close()  # a page left open would go on drawing when later tests move the levers


@pytest.fixture(scope="module")
def server():
    pytest.importorskip("playwright.sync_api", reason="playwright is in the dev extra")
    need_chromium()
    dashboard = DashboardProcess(THRESHOLD)
    yield dashboard
    dashboard.stop()


def test_the_teacher_picks_an_outcome_presses_the_button_and_reads_the_box(server, threshold):
    from playwright.sync_api import sync_playwright

    expected = top_box(scenario_with(threshold, {}), OUTCOME)
    with sync_playwright() as pw:
        browser = launch(pw)
        try:
            page = browser.new_page(viewport=VIEWPORT)
            page.goto(server.url)
            wait_for_outcomes(page)
            page.locator(".view-switch button", has_text="Which assumptions?").click()
            page.locator(".dx-outcome").click()
            page.locator(".v-overlay .v-list-item", has_text=INDICATOR_LABELS[OUTCOME]).click()
            page.locator(".dx-find").click()
            sentence = page.locator("[data-testid=dx-sentence]")
            sentence.wait_for(timeout=60_000)
            assert sentence.inner_text().strip() == expected.sentence
            assert float(sentence.get_attribute("data-density")) == expected.density
            assert int(sentence.get_attribute("data-n")) == expected.n
            numbers = page.locator("[data-testid=dx-numbers]").inner_text()
            assert f"{100 * expected.coverage:.1f} %" in numbers
            assert f"{expected.n:,}" in numbers
        finally:
            browser.close()
