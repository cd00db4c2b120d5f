"""``report.html``: one self-contained page per folder, opened without a network, fit to a screen.

The browser tests open the compare, sweep and run reports in Debian's Chromium at 1280×800 and
at a 1024 px projector's width, all in one browser session.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from simulator.report.compare_report import differing_parameters
from simulator.report.palette import OUTCOME_LABELS
from simulator.report.parameters import parameter_rows
from simulator.report.value_words import distribution_words, number, value_words
from simulator.rules.outcomes import OUTCOMES
from simulator.scenario import load_scenario, shipped_scenarios
from tests.browser import VIEWPORT, launch, need_chromium


@pytest.fixture(scope="module")
def no_chart_run(tmp_path_factory, invoke) -> Path:
    out = tmp_path_factory.mktemp("report") / "run"
    result = invoke(
        [
            "run",
            "baseline",
            "--runs",
            "500",
            "--set",
            "actors.russia.resolve=0.75",
            "--no-charts",
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    return out


def html_of(folder: Path) -> str:
    return (folder / "report.html").read_text(encoding="utf-8")


def test_report_needs_no_network(no_chart_run):
    page = html_of(no_chart_run)
    assert not re.search(r"""src\s*=\s*["']?(https?:)?//""", page)
    # a link to a source is followed only when clicked, and sends no referrer
    assert not re.search(r"""<(?!a\s)[^>]*href\s*=\s*["']?(https?:)?//""", page)
    links = re.findall(r"<a\s[^>]*>", page)
    assert all('rel="noopener noreferrer"' in link for link in links)
    assert "<script" not in page
    assert "<link" not in page
    assert "@import" not in page


def test_report_holds_summary_assumptions_and_the_reproducing_command(no_chart_run):
    page = html_of(no_chart_run)
    for label in OUTCOME_LABELS.values():
        assert f"<td>{label}</td>" in page
    assert "95 % interval" in page
    assert "Model assumptions" in page
    assert "not a forecast" in page
    assert (
        f'<pre class="command">negsim run baseline --runs 500 --set actors.russia.resolve=0.75 '
        f"--out {no_chart_run} --no-charts</pre>"
    ) in page
    assert "negsim run scenario.yaml --out NEW_FOLDER" in page


def test_report_lists_the_six_outcomes_in_order_and_the_new_metrics_in_plain_words(no_chart_run):
    page = html_of(no_chart_run)
    positions = [page.index(f"<td>{OUTCOME_LABELS[name]}</td>") for name in OUTCOMES]
    assert positions == sorted(positions)
    for name, words in (
        ("truce_week", "week of the first partial truce"),
        ("truce_weeks", "weeks a partial truce was in force"),
        ("belief.russia_about_ukraine", "Russia&#x27;s final mean belief about Ukraine&#x27;s"),
        ("belief.ukraine_about_russia", "Ukraine&#x27;s final mean belief about Russia&#x27;s"),
        ("terms.armed_forces", "Armed forces term of the signed settlement"),
    ):
        assert re.search(rf"<tr><td[^>]*>{re.escape(name)}</td><td[^>]*>{words}", page), name
    assert "terms are over the runs that signed a settlement" in page


def test_report_gives_the_week_0_answers_to_the_ceasefire_and_the_partial_truce(no_chart_run):
    page = html_of(no_chart_run)
    ceasefire = re.search(r"the US 30-day ceasefire proposal: Ukraine accepts in ([\d.]+) %", page)
    assert float(ceasefire.group(1)) >= 95.0  # the article: Ukraine agreed
    assert re.search(
        r"the partial truce on strikes on energy infrastructure: Ukraine accepts in [\d.]+ % "
        r"of runs, Russia in [\d.]+ %",
        page,
    )


def test_parameters_show_where_each_value_came_from(no_chart_run):
    page = html_of(no_chart_run)
    row = re.search(r"<tr><td>battlefield.kursk_russian_control</td>(.*?)</tr>", page).group(1)
    assert "scenarios/baseline.yaml:" in row
    assert "article:" in row and "86%" in row  # the comment on that line of the file
    resolve = re.search(r"<tr><td>actors.russia.resolve</td>(.*?)</tr>", page).group(1)
    assert "0.75" in resolve and "command line" in resolve
    uncertain = re.search(r"<tr><td>battlefield.russian_momentum</td>(.*?)</tr>", page).group(1)
    assert "triangular 0.3–0.7, most likely 0.5" in uncertain


def test_without_charts_the_report_says_how_to_draw_them(no_chart_run):
    assert "negsim chart draws them" in html_of(no_chart_run)
    assert not list(no_chart_run.glob("*.png"))


# --- values as a person reads them --------------------------------------------------------------


def rows_of(name: str) -> dict[str, dict[str, str]]:
    return {r["path"]: r for r in parameter_rows(load_scenario(name))}


def line_of(name: str, start: str) -> str:
    """``scenarios/NAME.yaml:N``: the first line of the shipped file that starts with ``start``."""
    lines = shipped_scenarios()[name].read_text(encoding="utf-8").splitlines()
    number = next(i for i, line in enumerate(lines, 1) if line.lstrip().startswith(start))
    return f"scenarios/{name}.yaml:{number}"


def test_values_read_as_the_yaml_writes_them():
    assert [value_words(True), value_words(False)] == ["true", "false"]
    assert number(0.1 + 0.2) == "0.3"  # no float noise
    assert [number(1300.0), number(500.0), number(0.0012), number(20250313)] == [
        "1,300",
        "500",
        "0.0012",
        "20250313",
    ]
    assert distribution_words({"dist": "uniform", "low": 0.7, "high": 0.9}) == "uniform 0.7–0.9"
    base = rows_of("baseline")
    assert base["actors.us.aid_paused"]["value"] == "true"
    assert base["actors.russia.resolve"]["value"] == "uniform 0.7–0.9"
    assert base["actors.russia.weariness_thousands"]["value"] == "500"


@pytest.mark.parametrize("name", sorted(shipped_scenarios()))
def test_no_shipped_scenario_shows_python_booleans_or_raw_json(name):
    for path, row in rows_of(name).items():
        assert not re.search(r"\b(True|False|None)\b", row["value"]), (path, row["value"])
        assert not re.search(r"[{}\[\]]", row["value"]), (path, row["value"])


def test_each_donor_is_a_row_with_the_source_written_beside_it_in_the_yaml():
    base = rows_of("baseline")
    assert [base[f"donors.{i}"]["value"] for i in range(3)] == [
        "Canada: £1,300 m in week 0, at the front from week 4",
        "Finland: £167 m in week 0, at the front from week 4",
        "Sweden: £107 m in week 0, at the front from week 4",
    ]
    assert base["donors.0"]["origin"] == line_of("baseline", "- {name: Canada,")
    assert (
        base["donors.0"]["note"] == 'article: "Transferred £1.3 billion from frozen Russian assets"'
    )
    assert "donors" not in base
    surge = rows_of("european_aid_surge")["donors.5"]  # written over three lines
    assert surge["value"].startswith("Other European donors: uniform £1,000–£5,000 m in week 8")
    assert "after the 6 March 2025 EU summit" in surge["note"]
    assert "take about two months to become deliveries" in surge["note"]


def test_a_timeline_event_is_one_row_in_words_with_its_comments():
    event = rows_of("us_pressure")["timeline.0"]
    assert event["value"] == "from week 8: actors.us.pressure_on_russia = uniform 0.7–0.9"
    assert "the threatened sanctions are imposed" in event["note"]
    assert "imposed sanctions weigh more than the threat" in event["note"]
    assert rows_of("baseline")["timeline"] == {
        "path": "timeline",
        "value": "none",
        "origin": line_of("baseline", "timeline:"),
        "note": "article: no scheduled events",
    }


def test_a_value_on_the_line_below_its_key_takes_the_comment_of_that_key():
    line = rows_of("baseline")["actors.ukraine.red_lines.territory.max"]
    assert line["value"] == "uniform 0.82–0.9"
    assert line["note"].startswith("assumption: Kyiv would not cede much ground it still holds")


def test_the_comparison_matches_donors_by_name_and_compares_exact_values():
    page = differing_parameters([load_scenario("baseline"), load_scenario("european_aid_surge")])
    rows = re.findall(r"<tr><td>(.*?)</td>(.*?)</tr>", page)
    donors = [cells for label, cells in rows if label == "donors"]
    assert len(donors) == 3  # Canada, Finland and Sweden are the same in both: no row
    assert all(cells.startswith("<td><i>no such donor</i></td>") for cells in donors)
    assert "£1.6 billion for more than 5,000 air-defence missiles" in donors[0]
    assert "True" not in page and "False" not in page
    same = differing_parameters([load_scenario("baseline"), load_scenario("baseline")])
    assert same == "<p>The scenarios have identical parameters.</p>"


# --- the pages in a browser, at 1280 px and on a 1024 px projector ------------------------------

WIDTHS = (VIEWPORT["width"], 1024)
MEASURE = """() => {
  document.querySelectorAll('details').forEach(d => { d.open = true; });
  const box = el => {
    const r = el.getBoundingClientRect();
    return {left: r.left, right: r.right};
  };
  const command = document.querySelector('pre.command');
  return {
    viewport: document.documentElement.clientWidth,
    page: document.documentElement.scrollWidth,
    command: {text: command.innerText, scroll: command.scrollWidth, client: command.clientWidth,
              ...box(command)},
    tables: [...document.querySelectorAll('.table-wrap')].map(
      w => ({full: !!w.querySelector('table.full'), scroll: w.scrollWidth, client: w.clientWidth})),
    cells: [...document.querySelectorAll('th, td')].map(c => c.innerText),
    rows: [...document.querySelectorAll('tr')].map(tr => [...tr.cells].map(c => c.innerText)),
    images: [...document.querySelectorAll('img')].map(box),
  };
}"""


@pytest.fixture(scope="module")
def folders(tmp_path_factory, invoke, baseline_folder) -> dict[str, tuple[Path, str]]:
    """A comparison of shipped scenarios (in a folder with a long name), a sweep, a run."""
    tmp = tmp_path_factory.mktemp("pages")
    compare = tmp / ("classroom_comparison_of_the_shipped_scenarios_for_the_projector_" * 2)
    sweep = tmp / "sweep"
    commands = {
        "compare": [
            "compare",
            "baseline",
            "us_pressure",
            "european_aid_surge",
            "war_of_attrition_long_haul",
            "--runs",
            "100",
            "--out",
            str(compare),
        ],
        "sweep": [
            "sweep",
            "us_pressure",
            "--param",
            "actors.us.aid_paused",
            "--values",
            "true,false",
            "--runs",
            "100",
            "--out",
            str(sweep),
        ],
    }
    out = {"run": (baseline_folder, f"negsim run baseline --runs 1000 --out {baseline_folder}")}
    for kind, args in commands.items():
        result = invoke(args)
        assert result.exit_code == 0, result.output
        folder = compare if kind == "compare" else sweep
        out[kind] = (folder, shlex.join(["negsim", *args]))
    return out


@pytest.fixture(scope="module")
def shown(folders) -> dict[tuple[str, int], dict]:
    """What each page shows at each width, measured in one Chromium session."""
    need_chromium()
    pytest.importorskip("playwright.sync_api", reason="playwright is in the dev extra")
    from playwright.sync_api import sync_playwright

    measured = {}
    with sync_playwright() as pw:
        browser = launch(pw)
        try:
            page = browser.new_page(viewport=VIEWPORT)
            for kind, (folder, _) in folders.items():
                for width in WIDTHS:
                    page.set_viewport_size({"width": width, "height": VIEWPORT["height"]})
                    page.goto((folder / "report.html").as_uri())
                    measured[kind, width] = page.evaluate(MEASURE)
        finally:
            browser.close()
    return measured


def test_no_page_is_wider_than_a_projector(shown):
    for (kind, width), seen in shown.items():
        assert seen["page"] <= seen["viewport"], (kind, width, seen["page"])
        for img in seen["images"]:
            assert img["left"] >= 0 and img["right"] <= seen["viewport"], (kind, width)


def test_parameter_tables_wrap_their_text_instead_of_scrolling(shown):
    for (kind, width), seen in shown.items():
        for wrap in seen["tables"]:
            if wrap["full"] or kind == "compare":
                assert wrap["scroll"] <= wrap["client"], (kind, width, wrap)


def test_the_reproduce_command_is_whole_and_inside_its_box(shown, folders):
    for (kind, width), seen in shown.items():
        box = seen["command"]
        assert box["scroll"] <= box["client"], (kind, width)
        assert box["left"] >= 0 and box["right"] <= seen["viewport"], (kind, width)
        assert " ".join(box["text"].split()) == folders[kind][1], (kind, width)


def test_no_cell_shows_a_python_boolean(shown):
    for (kind, width), seen in shown.items():
        for text in seen["cells"]:
            assert not re.search(r"\b(True|False)\b", text), (kind, width, text)
    assert ["true"] in [row[:1] for row in shown["sweep", 1024]["rows"]]  # the swept values


def test_donor_rows_show_their_sources(shown):
    rows = shown["compare", VIEWPORT["width"]]["rows"]
    listed = [row for row in rows if row[0].startswith("donors.")]
    assert len(listed) == 3 * 3 + 6  # every scenario's own table: one row per donor
    for row in listed:
        assert re.match(r"(article|source|assumption): ", row[3]), row
    canada = next(row for row in listed if row[1].startswith("Canada"))
    assert canada[1] == "Canada: £1,300 m in week 0, at the front from week 4"
    assert "Transferred £1.3 billion from frozen Russian assets" in canada[3]
    missiles = next(row for row in rows if row[0] == "donors" and "missiles" in row[3])
    assert missiles[1:3] == ["no such donor", "no such donor"]
    assert "£1.6 billion for more than 5,000 air-defence missiles" in missiles[3]
