"""The dashboard's charts as a room sees them: inside the figure, no overlaps, large enough type.

Text and legends inside the figure, no label on another, and type large enough for the place
each chart has on the page at 1280×800.

The browser test (``test_dashboard.py``) measures the same on the page in Chromium; here every
figure of both looks is checked from matplotlib's own text extents, for the baseline and for a
scenario with a long name.
"""

from __future__ import annotations

import itertools

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.text import Text

from simulator.dashboard.charts import (
    Compared,
    beliefs_figure,
    ideals,
    outcome_figure,
    states_figure,
    terms_figure,
)
from simulator.dashboard.images import SVG_PX_PER_PT, chart_image, shown_texts
from simulator.dashboard.levers import default_settings
from simulator.dashboard.look import CLASSROOM, LOOKS, PRESENTATION
from simulator.dashboard.one_run import OneRun
from simulator.dashboard.outlook import outlook_for
from simulator.dashboard.pinned import Pin, now_label, pin_label, pin_now
from simulator.dashboard.run_chart import one_run_figure
from simulator.scenario.loader import load_scenario

PLACE_PX = {"classroom": {"outcomes": 500, "beliefs": 455, "one_run": 555}, "presentation": 930}
"""Width in CSS pixels each chart is shown at on a 1280×800 page (measured in Chromium)."""


@pytest.fixture(scope="module")
def figures():
    """Every figure of the page, in both looks, for the baseline and a long-named scenario."""
    out = []
    for name in ("baseline", "war_of_attrition_long_haul"):
        loaded = load_scenario(name)
        start = default_settings(loaded)
        now = outlook_for(loaded, {**start, "aid_paused": False})
        pinned = outlook_for(loaded, start)
        labels = (
            now_label(name, loaded, {**start, "aid_paused": False}, Pin("baseline")),
            pin_label(Pin(name), loaded),
        )
        shown = Compared(now, pinned, *labels)
        one = OneRun(loaded.scenario, 3)
        for _ in range(10):
            one.step()
        for look in LOOKS.values():
            for kind, fig in (
                ("outcomes", outcome_figure(shown, look)),
                ("outcomes", states_figure(shown, look)),
                ("beliefs", beliefs_figure(shown, look)),
                ("beliefs", terms_figure(shown, ideals(loaded.scenario), look)),
                ("one_run", one_run_figure(one, look, labels[0])),
            ):
                FigureCanvasAgg(fig).draw()  # lays it out, as saving it would
                out.append((f"{name}/{look.name}/{fig.get_suptitle()[:30]}", look, kind, fig))
    return out


def _box(artist, fig):
    return artist.get_window_extent(fig.canvas.get_renderer())


def test_every_text_and_legend_stays_inside_its_figure(figures):
    for label, _look, _kind, fig in figures:
        frame = fig.bbox
        for text in shown_texts(fig):
            box = _box(text, fig)
            assert box.x0 >= frame.x0 - 1 and box.x1 <= frame.x1 + 1, (label, text.get_text())
            assert box.y0 >= frame.y0 - 1 and box.y1 <= frame.y1 + 1, (label, text.get_text())
        legends = [*fig.legends, *(ax.get_legend() for ax in fig.axes if ax.get_legend())]
        for legend in legends:
            box = _box(legend, fig)
            assert frame.x0 - 1 <= box.x0 and box.x1 <= frame.x1 + 1, label
            assert frame.y0 - 1 <= box.y0 and box.y1 <= frame.y1 + 1, label


def _texts_that_may_not_touch(fig) -> list[Text]:
    """Titles, labels, tick labels, value labels, the footer: every text but legend entries."""
    inside_legends = {
        id(t)
        for lg in [*fig.legends, *(ax.get_legend() for ax in fig.axes)]
        if lg is not None
        for t in lg.get_texts()
    }
    return [t for t in shown_texts(fig) if id(t) not in inside_legends]


def test_no_two_texts_of_a_figure_overlap(figures):
    for label, _look, _kind, fig in figures:
        texts = _texts_that_may_not_touch(fig)
        boxes = [(t, _box(t, fig)) for t in texts]
        for (a, box_a), (b, box_b) in itertools.combinations(boxes, 2):
            overlap_x = min(box_a.x1, box_b.x1) - max(box_a.x0, box_b.x0)
            overlap_y = min(box_a.y1, box_b.y1) - max(box_a.y0, box_b.y0)
            assert overlap_x <= 1 or overlap_y <= 1, (label, a.get_text(), b.get_text())


def test_chart_text_is_at_least_14_px_in_presentation_and_12_on_the_page(figures):
    for label, look, kind, fig in figures:
        place = PLACE_PX[look.name]
        shown_px = place if isinstance(place, int) else place[kind]
        image = chart_image(fig)
        natural_px = fig.get_figwidth() * 72 * SVG_PX_PER_PT  # the SVG's width in CSS pixels
        rendered = image.font_px * shown_px / natural_px
        least = 14.0 if look is PRESENTATION else 12.0
        assert rendered >= least, (label, round(rendered, 1))


def test_a_chart_image_says_its_smallest_text_and_its_legend(figures):
    _, look, _, fig = next(f for f in figures if f[1] is CLASSROOM)
    image = chart_image(fig)
    assert image.font_px == pytest.approx(look.small_pt * 96 / 72)
    attributes = image.attributes("chart-outcomes")
    assert attributes["src"].startswith("data:image/svg+xml;base64,")
    assert attributes["data-series"].split(" | ") == list(image.series)
    assert "now: your changes" in image.series or "now: war_of" in " ".join(image.series)
    assert image.alt.startswith("Outcome after")


def test_the_pin_starts_as_the_shipped_scenario_and_says_what_it_holds():
    loaded = load_scenario("baseline")
    start = default_settings(loaded)
    moved = {**start, "us_pressure": 0.7, "aid_paused": False}
    assert pin_now("baseline", loaded, start) == Pin("baseline")  # nothing changed: as shipped
    assert pin_label(Pin("baseline"), loaded) == "pinned: baseline"
    assert now_label("baseline", loaded, start, Pin("baseline")) == "now: baseline"
    assert now_label("baseline", loaded, moved, Pin("baseline")) == "now: your changes"
    pin = pin_now("baseline", loaded, moved)
    assert pin_label(pin, loaded) == "pinned: baseline with 2 changes"
    assert pin.settings_at(loaded, 250)["runs"] == 250  # a pin runs at the page's runs
    other = load_scenario("us_pressure")
    moved_other = {**default_settings(other), "us_bias": 0.5}
    assert now_label("us_pressure", other, moved_other, Pin("baseline")) == (
        "now: us_pressure with your changes"
    )
