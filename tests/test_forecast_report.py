"""What a person reads of a forecast: the chart per question, the HTML section and the terminal.

Each test builds its own small ``forecast.json`` document (the shape the analysis layer
writes): a resolved question with four crowds at two dates, an annulled conditional question,
and, for layout, a long-titled question with six bins. Question titles, crowd names and source
addresses are user text from YAML files, so the tests feed them hostile values too.
"""

from __future__ import annotations

import copy
import math
import re

import pytest

from simulator.report import (
    draw_forecasts,
    forecast_section,
    format_forecast,
    run_report,
    save_forecast_charts,
)
from simulator.report.forecast_words import model_percent
from tests.layout import layout_problems

EARLY, MID, LATE, NEVER = (
    "Before April 1, 2025",
    "Between April 1, 2025 and June 30, 2025",
    "Between July 1, 2025 and December 31, 2025",
    "Not before 2026",
)
DAYS = {"2025-03-31": "31 Mar 2025", "2025-05-08": "8 May 2025"}
LONG_TITLE = (
    "If talks continue through the summer, in which period will the first general ceasefire "
    "between Russia and Ukraine that is announced by both governments take effect, according "
    "to the resolution sources named in the question?"
)
SIX_BINS = (
    "Before April 1, 2025",
    "Between April 1, 2025 and June 30, 2025",
    "Between July 1, 2025 and September 30, 2025",
    "Between October 1, 2025 and December 31, 2025",
    "Between January 1, 2026 and June 30, 2026",
    "Not before July 1, 2026",
)


def _bin(label: str, p: float, runs: int) -> dict:
    half = 1.96 * math.sqrt(p * (1 - p) / runs)
    return {
        "label": label,
        "model": {"probability": p, "ci95": [max(p - half, 0.0), min(p + half, 1.0)]},
    }


def _crowd(name: str, date: str, ps: list[float], labels) -> dict:
    return {
        "name": name,
        "date": date,
        "source": "https://example.org/forecasts",
        "probabilities": dict(zip(labels, ps, strict=True)),
    }


def _brier(ps: dict, happened: str) -> float:
    return sum((p - (label == happened)) ** 2 for label, p in ps.items())


def _scores(bins: list[dict], crowds: list[dict], happened: str, floor: float) -> dict:
    model = {b["label"]: b["model"]["probability"] for b in bins}
    everyone = {"model": model} | {f"{c['name']} {c['date']}": c["probabilities"] for c in crowds}
    return {
        key: {
            "brier": _brier(ps, happened),
            "log": -math.log(max(ps[happened], floor)),
            "probability": ps[happened],
        }
        for key, ps in everyone.items()
    }


def forecast_doc() -> dict:
    """A resolved question (four crowds, two dates), an annulled one, and a skipped one."""
    labels = (EARLY, MID, LATE, NEVER)
    bins = [_bin(label, p, 2000) for label, p in zip(labels, (0.05, 0.2, 0.25, 0.5), strict=True)]
    crowds = [
        _crowd("Metaculus", "2025-03-31", [0.01, 0.2, 0.3, 0.49], labels),
        _crowd("Metaculus", "2025-05-08", [0.0, 0.1, 0.25, 0.65], labels),
        _crowd("RAND Forecasting Initiative", "2025-03-31", [0.02, 0.18, 0.3, 0.5], labels),
        _crowd("Glimt", "2025-03-31", [0.03, 0.22, 0.35, 0.4], labels),
    ]
    resolved = {
        "id": "first-ceasefire",
        "title": "When will a bilateral ceasefire go into effect?",
        "source": "https://example.org/questions/1",
        "measure_text": "the date the first bilateral ceasefire or settlement took effect",
        "counted_runs": 2000,
        "bins": bins,
        "crowds": crowds,
        "resolution": {"bin": NEVER, "date": "2026-01-01", "source": "https://example.org/r"},
        "annulled": None,
        "scores": _scores(bins, crowds, NEVER, 0.001),
    }
    annulled = {
        "id": "ceasefire-duration",
        "title": "If a ceasefire goes into effect in 2025, how long will it last?",
        "source": "https://example.org/questions/2",
        "measure_text": "days the first ceasefire lasted, in runs where one began in 2025",
        "counted_runs": 700,
        "bins": [_bin("Less than 30 days", 0.3, 700), _bin("30 days or more", 0.7, 700)],
        "crowds": [],
        "resolution": None,
        "annulled": {
            "date": "2026-01-01",
            "why": "no bilateral ceasefire took effect in 2025, so the condition was not met",
            "source": "https://example.org/a",
        },
        "scores": {},
    }
    return {
        "scenario": "baseline",
        "start_date": "2025-03-13",
        "runs": 2000,
        "weeks": 68,
        "seed": 7,
        "changes": [],
        "log_floor": 0.001,
        "questions": [resolved, annulled],
        "skipped": [{"id": "late-one", "title": "A later question", "why": "needs 90 weeks"}],
    }


def crowded_doc() -> dict:
    """A long-titled question with six bins and three platforms at two dates each."""
    doc = forecast_doc()
    shares = [0.02, 0.08, 0.15, 0.2, 0.25, 0.3]
    bins = [_bin(label, p, 2000) for label, p in zip(SIX_BINS, shares, strict=True)]
    crowds = [
        _crowd(name, date, [0.01, 0.05, 0.1, 0.2, 0.3, 0.34][:: 1 if i % 2 else -1], SIX_BINS)
        for i, (name, date) in enumerate(
            (n, d)
            for n in ("Metaculus", "RAND Forecasting Initiative", "Good Judgment Open")
            for d in ("2025-03-31", "2025-05-08")
        )
    ]
    question = {
        "id": "six-bins",
        "title": LONG_TITLE,
        "source": "https://example.org/questions/3",
        "counted_runs": 2000,
        "bins": bins,
        "crowds": crowds,
        "resolution": {"bin": SIX_BINS[4], "date": "2026-06-30", "source": "https://x.org"},
        "annulled": None,
        "scores": _scores(bins, crowds, SIX_BINS[4], 0.001),
    }
    doc["questions"].append(question)
    doc["changes"] = ["actors.us.pressure_on_russia=0.6"]
    return doc


@pytest.fixture(scope="module")
def figures() -> dict[str, dict]:
    """The charts of ``crowded_doc`` in both styles, by style and stem (drawn once)."""
    return {style: dict(draw_forecasts(crowded_doc(), style)) for style in ("slides", "paper")}


@pytest.mark.parametrize("style", ["slides", "paper"])
def test_every_forecast_chart_fits_with_no_text_overlapping_or_clipped(figures, style):
    drawn = figures[style]
    stems = ["forecast-first-ceasefire", "forecast-ceasefire-duration", "forecast-six-bins"]
    assert list(drawn) == stems
    for stem, fig in drawn.items():
        assert layout_problems(fig) == [], stem


def _ticks(fig) -> list[str]:
    return [t.get_text() for t in fig.axes[0].get_yticklabels()]


def test_the_bin_that_happened_is_marked_in_bold_and_in_the_legend(figures):
    fig = figures["slides"]["forecast-first-ceasefire"]
    ticks = fig.axes[0].get_yticklabels()
    marked = [t for t in ticks if "what happened" in t.get_text()]
    assert [t.get_text().split("\n")[0] for t in marked] == [NEVER]
    assert marked[0].get_fontweight() == "bold"
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert "What happened" in legend
    assert "What happened: Not before 2026" in fig.axes[0].get_title()


def test_the_legend_names_each_crowd_at_its_date_and_the_model_first(figures):
    fig = figures["paper"]["forecast-first-ceasefire"]
    legend = [t.get_text().replace("\n", " ") for t in fig.axes[0].get_legend().get_texts()]
    assert legend[0].startswith("negsim model")
    for name in (
        "Metaculus, 31 Mar 2025",
        "Metaculus, 8 May 2025",
        "RAND Forecasting Initiative, 31 Mar 2025",
        "Glimt, 31 Mar 2025",
    ):
        assert name in legend


def test_an_annulled_question_says_so_in_its_panel_and_marks_no_bin(figures):
    fig = figures["slides"]["forecast-ceasefire-duration"]
    assert fig.axes[0].get_title().startswith("Annulled")
    assert "condition was not" in fig.axes[0].get_title().replace("\n", " ")
    assert not any("what happened" in t for t in _ticks(fig))


def test_the_chart_says_what_the_interval_is_and_that_nothing_was_fitted(figures):
    fig = figures["slides"]["forecast-six-bins"]
    texts = " ".join(t.get_text().replace("\n", " ") for t in fig.texts)
    assert "95 % interval" in texts
    assert "not fitted to any of this" in texts
    assert "changed: actors.us.pressure_on_russia=0.6" in texts
    assert "not a forecast" in texts


def test_chart_files_are_named_by_question_with_only_safe_characters(tmp_path):
    doc = forecast_doc()
    doc["questions"][0]["id"] = "../../etc/pass wd"
    images, _ = save_forecast_charts(doc, tmp_path, "paper")
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "forecast-ceasefire-duration.png",
        "forecast-ceasefire-duration.svg",
        "forecast-etc-pass-wd.png",
        "forecast-etc-pass-wd.svg",
    ]
    assert images["../../etc/pass wd"] == str(tmp_path / "forecast-etc-pass-wd.png")


def hostile_doc() -> dict:
    doc = forecast_doc()
    question = doc["questions"][0]
    question["title"] = "<script>alert('title')</script> When?"
    question["crowds"][0]["name"] = '<img src=x onerror="alert(1)">'
    question["scores"] = {
        ('<img src=x onerror="alert(1)"> 2025-03-31' if k == "Metaculus 2025-03-31" else k): v
        for k, v in question["scores"].items()
    }
    question["crowds"][1]["source"] = "javascript:alert(document.cookie)"
    question["crowds"][2]["source"] = 'https://example.org/"><script>x</script>'
    return doc


def test_the_page_escapes_hostile_titles_and_crowd_names():
    page = forecast_section(hostile_doc(), None)
    assert "<script>" not in page
    assert "&lt;script&gt;alert(&#x27;title&#x27;)&lt;/script&gt; When?" in page
    assert "<img src=x" not in page
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in page


def test_only_http_sources_become_links_and_they_open_no_referrer():
    page = forecast_section(hostile_doc(), None)
    hrefs = re.findall(r'<a href="([^"]*)"([^>]*)>', page)
    assert hrefs, "the http(s) sources are links"
    assert all(h.startswith(("https://", "http://")) for h, _ in hrefs)
    assert all('rel="noopener noreferrer"' in rest for _, rest in hrefs)
    assert "javascript:alert(document.cookie)" in page  # shown, as text
    assert 'href="javascript' not in page.lower()


def _question_part(page: str, title: str) -> str:
    start = page.index(title)
    end = page.find("<h3>", start)
    return page[start : end if end >= 0 else len(page)]


def test_the_page_marks_what_happened_and_the_best_scores():
    page = forecast_section(forecast_doc(), None)
    part = _question_part(page, "When will a bilateral ceasefire go into effect?")
    assert "What happened: Not before 2026" in part
    never_row = re.search(r"<tr><td>Not before 2026</td>.*?</tr>", part).group(0)
    assert "<strong>yes</strong>" in never_row
    assert part.count("<strong>yes</strong>") == 1
    # Metaculus on 8 May gave what happened 65 %: the lowest Brier and log scores of all
    best_row = re.search(r"<tr><td>Metaculus</td><td>8 May 2025</td>.*?</tr>", part).group(0)
    assert best_row.count("(best)") == 2
    assert part.count("(best)") == 2
    assert "counted as 0.1 %" in part
    assert "0 is best, 2 worst" in part


def test_an_annulled_question_shows_why_and_no_scores_on_the_page():
    page = forecast_section(forecast_doc(), None)
    part = _question_part(page, "how long will it last?")
    assert "Annulled (1 Jan 2026): no bilateral ceasefire took effect in 2025" in part
    assert "Brier" not in part
    assert "A later question" in page and "needs 90 weeks" in page


def test_the_page_inlines_each_chart_it_is_given(tmp_path):
    doc = forecast_doc()
    images, _ = save_forecast_charts(doc, tmp_path, "paper")
    page = run_report(_summary(), {}, [], forecast=doc, forecast_images=images)
    assert page.count("data:image/png;base64,") == 2


def _summary() -> dict:
    outcome = {"probability": 0.5, "ci95": [0.4, 0.6], "count": 50}
    return {
        "scenario": "baseline",
        "runs": 100,
        "weeks": 68,
        "seed": 7,
        "start_date": "2025-03-13",
        "outcomes": {"war_continues": outcome, "escalation": outcome},
        "first_week_responses": {"ukraine_accepts": 1.0, "russia_accepts": 0.0},
        "metrics": {},
    }


def test_the_run_page_shows_the_forecast_only_when_given_one():
    plain = run_report(_summary(), {}, [])
    with_forecast = run_report(_summary(), {}, [], forecast=forecast_doc())
    assert "The model beside the forecasters" not in plain
    assert "The model beside the forecasters" in with_forecast
    assert "When will a bilateral ceasefire go into effect?" in with_forecast
    assert with_forecast.index("Summary") < with_forecast.index("beside the forecasters")


def _shows_label(label: str, text: str) -> bool:
    """Whether a bin label is in the text, its words in order, wrapped past only table cells."""
    between = r"\s+(?:[-\d.()%<]+\s+)*"
    return re.search(between.join(map(re.escape, label.split())), text) is not None


def test_the_terminal_lists_every_bin_and_every_crowd_within_80_columns():
    for doc in (forecast_doc(), crowded_doc()):
        text = format_forecast(doc)
        assert max(map(len, text.splitlines())) <= 80
        flat = " ".join(text.split())
        for question in doc["questions"]:
            for b in question["bins"]:
                assert _shows_label(b["label"], text), b["label"]
                assert model_percent(b["model"]).removesuffix(" %") in flat
            for crowd in question["crowds"]:
                assert f"{crowd['name']}, {DAYS[crowd['date']]}" in flat
        assert "illustrative model output, not a forecast" in text.lower()


def test_the_terminal_marks_what_happened_and_the_best_scores():
    text = format_forecast(forecast_doc())
    lines = text.splitlines()
    marked = [line for line in lines if line.rstrip().endswith("<-")]
    assert len(marked) == 1 and marked[0].strip().startswith(NEVER)
    best = [line for line in lines if "0.195*" in line]
    assert len(best) == 1 and best[0].strip().startswith("Metaculus, 8 May 2025")
    assert "What happened: Not before 2026" in " ".join(text.split())
    assert "0 is best, 2 worst" in " ".join(text.split())


def test_the_terminal_gives_why_an_annulled_question_has_no_scores():
    text = format_forecast(forecast_doc())
    part = text[text.index("how long will it last?") :]
    part = part[: part.index("Skipped")]
    assert "Annulled (1 Jan 2026): no bilateral ceasefire took effect" in " ".join(part.split())
    assert "No scores" in part and "Brier" not in part


def test_the_terminal_shows_control_characters_in_user_text_as_escapes():
    doc = forecast_doc()
    doc["questions"][0]["title"] = "When?\x1b]8;;https://evil\x07 now"
    doc["questions"][0]["crowds"][0]["name"] = "Meta\x1b[31mculus"
    text = format_forecast(doc)
    assert "\x1b" not in text and "\x07" not in text
    assert "\\x1b]8;;https://evil\\x07" in text


def test_a_wide_interval_shows_whole_percent_and_a_narrow_one_a_decimal():
    assert model_percent({"probability": 0.4876, "ci95": [0.466, 0.51]}) == "48.8 %"
    assert model_percent({"probability": 0.4876, "ci95": [0.39, 0.59]}) == "49 %"


def test_a_probability_below_the_floor_is_flagged_in_the_scores():
    doc = copy.deepcopy(forecast_doc())
    question = doc["questions"][0]
    question["resolution"]["bin"] = EARLY
    question["scores"] = _scores(question["bins"], question["crowds"], EARLY, 0.001)
    text = format_forecast(doc)
    zero = [line for line in text.splitlines() if line.strip().startswith("Metaculus, 8 May")]
    assert zero[-1].rstrip().endswith("0 %+")
    assert f"{-math.log(0.001):.3f}" in zero[-1]
    page = forecast_section(doc, None)
    assert "0 % (below the floor)" in page
