"""`negsim explain`: one run told week by week, true to its runs.csv row and to the rules."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import numpy as np
import pytest
from matplotlib.legend import Legend

from simulator.analysis.explain_week import inferred_before, week_records, world_before
from simulator.analysis.replay import Story, replay, replay_many
from simulator.engine.model import BLOCK_SIZE, ConflictModel
from simulator.folders.run import run_to_folder
from simulator.montecarlo import locate
from simulator.report.explain_chart import timeline_figure
from simulator.report.explain_narration import narrate_week
from simulator.report.explain_render import render_text
from simulator.report.explain_text import story_records
from simulator.report.explain_words import PACKAGE_OF, fmt, parse_shown
from simulator.report.figures import style_of
from simulator.report.palette import DPI, OUTCOME_LABELS
from simulator.rules import negotiation as neg
from simulator.rules.negotiation import ISSUES
from simulator.rules.outcomes import OUTCOMES
from simulator.scenario.loader import load_scenario
from tests.layout import layout_problems

LATE_RUN = BLOCK_SIZE + 52  # lives in block 1
RUNS = BLOCK_SIZE + 152  # two blocks
CASES = {
    "baseline": ("baseline", []),
    "no_russian_red_line_more_pressure": (
        "baseline",
        [
            "actors.russia.red_lines.neutrality=null",
            "actors.us.pressure_growth=0.05",
            "simulation.seed=7",
        ],
    ),
    "fragile_and_timeline": (
        "baseline",
        [
            "ceasefire.monitoring=0.8",
            "settlement.breakdown_hazard=0.03",
            "escalation.weekly_hazard=0.01",
            "simulation.seed=11",
            "timeline=[{week: 3, set: {actors.us.aid_paused: false}}]",
        ],
    ),
}
MARGIN_TRACKS = ("ceasefire", "ceasefire_aid_halt", "truce")


def _rows(folder: Path) -> list[dict[str, str]]:
    with (folder / "runs.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def folders(tmp_path_factory) -> dict[str, Path]:
    """A finished run folder (runs.csv, two blocks of runs) per case."""
    out = {}
    for name, (scenario, sets) in CASES.items():
        loaded = load_scenario(scenario, [*sets, f"simulation.runs={RUNS}"])
        folder = tmp_path_factory.mktemp("runs") / name
        run_to_folder(loaded, folder, False, 1, "csv")
        out[name] = folder
    return out


def _sample(rows: list[dict[str, str]]) -> list[int]:
    """Run 0, a run of block 1, the first run of every outcome and the first with a truce."""
    picks = {0, LATE_RUN}
    for outcome in OUTCOMES:
        first = next((int(r["run"]) for r in rows if r["outcome"] == outcome), None)
        if first is not None:
            picks.add(first)
    truce = next((int(r["run"]) for r in rows if r["truce_week"]), None)
    if truce is not None:
        picks.add(truce)
    return sorted(picks)


@pytest.fixture(scope="module")
def stories(folders) -> list[tuple[str, dict[str, str], Story, list[dict]]]:
    out = []
    for name, folder in folders.items():
        rows = _rows(folder)
        scenario, sets = CASES[name]
        runs = _sample(rows)
        for run, story in zip(runs, replay_many(load_scenario(scenario, sets), runs), strict=True):
            out.append((name, rows[run], story, story_records(story)))
    return out


def _float(text: str) -> float | None:
    return None if text == "" else float(text)


def _kinds(records: list[dict], kind: str) -> list[dict]:
    return [r for r in records if r["kind"] == kind]


def test_explained_runs_cover_settlements_breakdowns_ceasefires_escalation_and_both_blocks(
    stories,
):
    outcomes = {story.outcome for _, _, story, _ in stories}
    assert {"comprehensive_settlement", "settlement_collapsed", "escalation"} <= outcomes
    assert outcomes & {"ceasefire_holding", "ceasefire_collapsed"}
    assert any(story.run >= BLOCK_SIZE for _, _, story, _ in stories)
    assert any(_kinds(records, "truce_start") for *_, records in stories)


def test_explained_run_matches_its_row_in_runs_csv(stories):
    for name, row, story, records in stories:
        where = f"{name} run {story.run}"
        assert story.outcome == row["outcome"], where
        for column in ("ceasefire_week", "settlement_week", "truce_week", "truce_weeks"):
            assert story.row[column] == _float(row[column]), f"{where}: {column}"
        for column in ("belief.russia_about_ukraine", "belief.ukraine_about_russia"):
            assert story.row[column] == pytest.approx(float(row[column]), rel=1e-5), where
        for issue in ISSUES:
            theirs = _float(row[f"terms.{issue}"])
            mine = story.row[f"terms.{issue}"]
            assert (mine is None) == (theirs is None), where
            if mine is not None:
                assert mine == pytest.approx(theirs, rel=1e-5), where
        outcome = records[-1]
        assert outcome["kind"] == "outcome"
        assert outcome["outcome"] == row["outcome"], where


def test_a_signed_settlements_terms_in_the_story_are_the_runs_csv_terms_of_that_run(stories):
    for name, row, story, records in stories:
        where = f"{name} run {story.run}"
        settlements = _kinds(records, "settlement")
        first_week = _float(row["settlement_week"])
        if first_week is None:
            assert not settlements, where
            continue
        first = settlements[0]
        assert first["week"] == first_week, where
        assert first["package_of"] in ("us", "russia", "ukraine"), where
        for issue in ISSUES:
            assert first["terms"][issue] == pytest.approx(float(row[f"terms.{issue}"]), rel=1e-5)
        terms = records[-1]["terms"]
        assert terms == {k: pytest.approx(float(row[f"terms.{k}"]), rel=1e-5) for k in ISSUES}
        # whose package was signed is the package proposed that week
        proposal = next(
            r
            for r in records
            if r["kind"] == "proposal"
            and r["week"] == first_week
            and r["track"] == ("settlement" if first["package_of"] == "us" else "counter")
            and r["proposer"] == first["package_of"]
        )
        assert proposal["package"] == first["terms"], where


def test_breakdowns_resume_the_war_and_match_the_outcome(stories):
    for name, row, story, records in stories:
        where = f"{name} run {story.run}"
        signed = [r["week"] for r in _kinds(records, "settlement")]
        broke = [r["week"] for r in _kinds(records, "breakdown")]
        assert len(broke) in (len(signed), len(signed) - 1), where
        for s, b in zip(signed, broke, strict=False):
            assert s < b, where
        if row["outcome"] == "comprehensive_settlement":
            assert len(signed) == len(broke) + 1, where
        if row["outcome"] == "settlement_collapsed":
            assert broke and len(signed) == len(broke), where
            # the war resumes: the week after the breakdown there is fighting and talks
            after = [r for r in records if r["week"] == broke[-1] + 1 and not r.get("folded")]
            assert not after or any(r["kind"] == "proposal" for r in after), where
        for r in _kinds(records, "settlement_status"):  # the settlement holds meanwhile
            assert any(s < r["week"] for s in signed), where


def test_story_events_agree_with_runs_csv_weeks(stories):
    for name, row, story, records in stories:
        where = f"{name} run {story.run}"
        starts = [r["week"] for r in records if r["kind"] == "ceasefire_start"]
        first = _float(row["ceasefire_week"])
        assert (starts[0] if starts else None) == first, where
        truces = [r["week"] for r in records if r["kind"] == "truce_start"]
        assert (truces[0] if truces else None) == _float(row["truce_week"]), where
        if row["outcome"] == "escalation":
            assert any(r["kind"] == "escalation" for r in records), where
        brief = records[1]
        label = OUTCOME_LABELS[story.outcome].lower()
        assert brief["kind"] == "brief" and brief["text"].endswith(f"Outcome: {label}.")
        if first is not None:
            assert f"from week {int(first)}" in brief["text"], where


def _rule_holds(record: dict, numbers: dict[str, float]) -> bool:
    if record["track"] in MARGIN_TRACKS:
        return numbers["margin"] >= 0.0
    worth = numbers["value"] + neg.VALUE_TOLERANCE >= numbers["fight"]
    return worth and record["within_red_lines"] and not record["bluffed"]


def test_every_decision_states_its_numbers_and_agrees_with_the_rule(stories):
    decisions = rejections = 0
    for name, _, story, records in stories:
        for r in records:
            if r["kind"] != "decision":
                continue
            decisions += 1
            rejections += not r["accepted"]
            where = f"{name} run {story.run} week {r['week']}: {r['text']}"
            # the numbers as printed are in the sentence...
            for shown in r["shown"].values():
                assert shown in r["text"], where
            # ... and, as printed and as computed, give the answer the rule gives
            printed = {k: parse_shown(v) for k, v in r["shown"].items()}
            if r["track"] in MARGIN_TRACKS:
                raw = {"margin": r["margin"]}
            else:
                raw = {"value": r["value"], "fight": r["fight_value"]}
                assert r["margin"] == pytest.approx(r["value"] - r["fight_value"], abs=1e-12)
                assert printed["value"] >= printed["fight"] or not r["accepted"], where
            assert _rule_holds(r, raw) == r["accepted"], where
            assert _rule_holds(r, printed) == r["accepted"], where
    assert rejections > 100 and decisions > rejections


def test_a_crossed_red_line_is_named_and_visibly_crossed(stories):
    named = 0
    for name, _, story, records in stories:
        for r in records:
            red = r.get("red_line") if r["kind"] == "decision" else None
            if red is None:
                continue
            named += 1
            where = f"{name} run {story.run} week {r['week']}: {r['text']}"
            found = re.search(rf"{red['issue']} at ([0-9.]+) crosses its red line", r["text"])
            assert found, where
            value = float(found[1])
            if red.get("meaning"):  # Russia's territory floor, by name
                assert red["line"] == "min: front" and r["party"] == "russia", where
                assert "never give back ground it holds" in r["text"], where
                limit = float(re.search(r"it holds ([0-9.]+)\)", r["text"])[1])
            else:
                found = re.search(r"red line of (?:at least|at most) ([0-9.]+)", r["text"])
                limit = float(found[1])
            assert value < limit if red["bound"] == "at least" else value > limit, where
            assert not r["accepted"], where
    assert named > 0


def test_week_0_of_the_baseline_ukraine_accepts_and_russia_rejects_the_30_day_ceasefire():
    story = replay(load_scenario("baseline"), 0)
    week0 = [r for r in story_records(story) if r["week"] == 0 and r["kind"] == "decision"]
    us_offer = {r["party"]: r for r in week0 if r["track"] == "ceasefire"}
    ukraine, russia = us_offer["ukraine"], us_offer["russia"]
    assert ukraine["accepted"] and ukraine["margin"] > 0
    assert not russia["accepted"] and russia["margin"] < 0
    assert ukraine["text"].startswith("Ukraine accepts the ceasefire")
    assert russia["text"].startswith("Russia rejects the ceasefire")
    assert "regroup" in russia["text"] and russia["shown"]["margin"].startswith("−")
    assert ukraine["shown"]["margin"].startswith("+")


def test_beliefs_move_with_battles_and_rejections_and_are_shown_against_the_truth(stories):
    moved_by_rejection = 0
    for name, row, story, records in stories:
        truth = {
            "russia": float(
                row.get("param.actors.ukraine.resolve") or story.series.truth["russia"]
            ),
            "ukraine": float(
                row.get("param.actors.russia.resolve") or story.series.truth["ukraine"]
            ),
        }
        previous: dict[str, float] = {}
        for r in records:
            if r["kind"] != "belief":
                continue
            where = f"{name} run {story.run} week {r['week']}: {r['text']}"
            assert r["truth"] == pytest.approx(truth[r["party"]], rel=1e-5), where
            assert f"{r['truth']:.3f}" in r["text"], where
            # the week starts from where the last one ended (no belief moves between weeks)
            if r["party"] in previous:
                assert r["before"] == pytest.approx(previous[r["party"]], abs=1e-12), where
            previous[r["party"]] = r["after"]
            assert r["after"] == pytest.approx(
                r["before"] + r["battle_shift"] + r["rejection_shift"]
            )
            if r["battle"] is None:  # no fighting, nothing learnt from the front
                assert r["battle_shift"] == 0.0, where
            # a rejection is evidence against the types that would have said yes: the other
            # side can only look more resolved, never less
            assert r["rejection_shift"] >= -1e-12, where
            if not r["rejections"]:
                assert r["rejection_shift"] == pytest.approx(0.0, abs=1e-12), where
            elif r["rejection_shift"] >= 0.0005:  # told in full or short, with its number
                moved_by_rejection += 1
                shift = fmt(r["rejection_shift"], 3, True)
                assert re.search(rf"(no to .* moved it|rejections) \{shift}", r["text"]), where
    assert moved_by_rejection > 0


def test_the_records_follow_the_engines_answers_in_every_world_of_a_block():
    """For many worlds, not just the explained ones: red lines and bluffs as the engine saw."""
    scenario = load_scenario("baseline").scenario
    checked = 0
    before: dict = {}

    def observe(model, ws):
        nonlocal checked
        for w in range(200):
            start = before[w]
            records = week_records(model, ws, w, start)
            before[w] = world_before(model, w)
            for r in records:
                if r["kind"] != "decision" or r["track"] in MARGIN_TRACKS:
                    continue
                party = model.russia if r["party"] == "russia" else model.ukraine
                package = np.array([[r["package"][k] for k in ISSUES]])
                within = neg.within_red_lines(
                    package, party.current_low()[w : w + 1], party.high[w : w + 1], party.lined
                )[0]
                assert r["within_red_lines"] == bool(within)
                if r["track"] == "settlement":
                    assert r["accepted"] == bool(ws.table_accept[r["party"]][w])
                    if r["bluffed"]:
                        assert ws.bluffed[r["party"]][w]
                checked += 1

    model = ConflictModel(scenario, block=0, observer=observe)
    before.update({w: world_before(model, w) for w in range(200)})
    for _ in range(16):
        model.step()
    assert checked > 1000


def test_without_the_previous_week_the_start_of_a_week_is_inferred_as_documented():
    scenario = load_scenario(
        "baseline", ["ceasefire.violation_hazard=0.3", "escalation.weekly_hazard=0.02"]
    ).scenario
    compared = 0
    before: dict = {}

    def observe(model, ws):
        nonlocal compared
        for w in range(400):
            true, guess = before[w], inferred_before(model, ws, w)
            before[w] = world_before(model, w)
            assert guess.live == true.live and guess.settled == true.settled
            ended = bool(ws.settled_now[w] or ws.escalated_now[w])
            if not ended:  # the documented exception: a deal or escalation ended it this week
                assert guess.ceasefire == true.ceasefire and guess.truce == true.truce
            if true.cooloff != 1 and not true.ceasefire:  # the other: a cool-off's last week
                assert guess.cooloff == true.cooloff
            compared += 1

    model = ConflictModel(scenario, block=0, observer=observe)
    before.update({w: world_before(model, w) for w in range(400)})
    for _ in range(30):
        model.step()
    assert compared == 400 * 30


def test_the_header_names_the_run_as_typed_and_the_outcome_the_horizon_as_the_charts(stories):
    for name, _, story, records in stories:
        runs = story.loaded.scenario.simulation.runs
        header, outcome = records[0]["text"], records[-1]["text"]
        if story.run < runs:
            assert f"run {story.run:,} of {runs:,};" in header, name
        else:  # a run past the scenario's own count: say how to make it
            said = f"run {story.run:,} (the scenario makes {runs:,} runs; this one needs --runs "
            assert f"{said}{story.run + 1:,})" in header, name
        assert "block" not in header and "world" not in header  # in the JSON, not the words
        weeks = story.loaded.scenario.simulation.weeks
        text = render_text(records)
        assert "horizon (week" not in text
        if story.outcome != "escalation":
            assert f"the horizon (after {weeks} weeks)" in outcome, outcome
        assert outcome.startswith(f"Outcome: {OUTCOME_LABELS[story.outcome].lower()}")


def _weeks_at_peace(records: list[dict]) -> set[int]:
    """Weeks in which the war was over by the week's end: signed, holding, escalated."""
    peace, settled = set(), False
    for r in records:
        if r["kind"] == "settlement":
            settled = True
        elif r["kind"] == "breakdown":
            settled = False
        if r["week"] is not None and (settled or r["kind"] == "escalation"):
            peace.add(r["week"])
    return peace


def test_no_us_pressure_or_front_is_told_once_the_war_is_over(stories):
    pressures = 0
    for name, _, story, records in stories:
        peace = _weeks_at_peace(records)
        for r in records:
            where = f"{name} run {story.run} week {r['week']}: {r.get('text')}"
            if r["kind"] == "pressure":
                pressures += 1
                assert r["week"] not in peace, where
                held = {"ceasefire": "the ceasefire", "settlement": "the US package"}
                said = " and ".join(held[k] for k in r["held_out_on"])
                assert f"Russia said no to {said}, which Ukraine accepted" in r["text"], where
            if r["kind"] == "donor" and r["week"] in peace:
                assert "front" not in r["text"], where
            if r["kind"] == "aid" and r["week"] in peace:
                assert "front" not in r["text"], where
    assert pressures > 0


def test_the_outcome_names_the_settlement_the_run_ends_with(signing_stories):
    _, records = signing_stories[2]  # the US package broke down, Russia's counter holds
    outcome = records[-1]["text"]
    last = _last_signed(records)
    assert f"{PACKAGE_OF['russia']}, signed in week {last['week']}, holds at the horizon" in (
        outcome.replace("\n", " ")
    )
    assert "Before it, the US package signed in week 1 broke down in week 34" in outcome
    assert "runs.csv keeps the first settlement's week and terms" in outcome


def test_donor_aid_delivered_under_a_settlement_folds_into_its_stretch(signing_stories):
    story, records = signing_stories[0]  # the US package signed in week 0, donors land week 4
    quiet = [r for r in records if r["kind"] == "quiet"]
    assert [r["weeks"] for r in quiet] == [[1, story.loaded.scenario.simulation.weeks - 1]]
    assert "donor aid delivered meanwhile: Canada, Finland and Sweden (week 4)" in quiet[0]["text"]


def test_text_fits_80_columns_and_folds_quiet_weeks(stories):
    folded_somewhere = False
    for _, _, _, records in stories:
        text = render_text(records)
        assert max(len(line) for line in text.splitlines()) <= 80
        assert text.rstrip().endswith("Illustrative model output, not a forecast.")
        for r in _kinds(records, "quiet"):
            first, last = r["weeks"]
            folded = {x["week"] for x in records if x.get("folded")}
            assert set(range(first, last + 1)) <= folded
            if last > first:
                folded_somewhere = True
                said = "(the settlement holds|.*no change in positions)"
                assert re.search(rf"Weeks {first}–{last}: {said}", r["text"]), r["text"]
        shown_weeks = [r["week"] for r in records if r["kind"] == "week"]
        folded_weeks = {r["week"] for r in records if r.get("folded")}
        # every week of the run is told exactly once, in full or folded
        assert not set(shown_weeks) & folded_weeks
    assert folded_somewhere


SIGNING_RUNS = {2: "us", 11: "ukraine", 481: "russia", 512: None}
"""Baseline runs ending with each kind of signing: run 2 the US package (week 0), run 11
Ukraine's counter-offer, run 481 Russia's counter-offer after the US package of week 1 broke
down, run 512 none (a ceasefire that lapsed)."""


@pytest.fixture(scope="module")
def signing_stories() -> list[tuple[Story, list[dict]]]:
    stories = replay_many(load_scenario("baseline"), list(SIGNING_RUNS))
    return [(story, story_records(story)) for story in stories]


def _last_signed(records: list[dict]) -> dict | None:
    return next((r for r in reversed(records) if r["kind"] == "settlement"), None)


@pytest.fixture(scope="module")
def charts(signing_stories) -> dict[tuple[int, str], object]:
    """The timeline figure of each signing story in each style."""
    return {
        (story.run, style): timeline_figure(story, records, style)
        for story, records in signing_stories
        for style in ("slides", "paper")
    }


def test_replaying_several_runs_at_once_tells_each_as_replaying_it_alone(signing_stories):
    alone = replay(load_scenario("baseline"), 481)
    together, records = signing_stories[2]
    assert alone.row == together.row
    assert story_records(alone) == records


def test_the_chosen_runs_end_with_each_kind_of_signing(signing_stories):
    ends = {story.run: _last_signed(records) for story, records in signing_stories}
    assert {run: r and r["package_of"] for run, r in ends.items()} == SIGNING_RUNS
    assert sum(r["kind"] == "settlement" for r in signing_stories[2][1]) == 2  # re-signed


def _crossing_lines(fig, renderer) -> list[str]:
    """Labels inside a plotting area that a drawn line passes through."""
    found = []
    for ax in fig.axes:
        for text in ax.texts:
            box = text.get_window_extent(renderer)
            for line in ax.lines:
                if line.get_linestyle() in ("None", "", " ") or not line.get_visible():
                    continue
                path = line.get_transform().transform_path(line.get_path())
                if path.intersects_bbox(box, filled=False):
                    found.append(f"a line strikes '{text.get_text()}'")
    return found


@pytest.mark.parametrize("style", ["slides", "paper"])
def test_the_chart_fits_its_style_with_no_text_overlapping_or_struck_through(
    signing_stories, charts, style
):
    look = style_of(style)
    for story, _ in signing_stories:
        fig = charts[story.run, style]
        assert tuple(fig.get_size_inches()) == look.size
        assert layout_problems(fig) == [], f"run {story.run}"  # inside, no overlap, legends in
        renderer = fig.canvas.get_renderer()  # as laid out and drawn by layout_problems
        assert _crossing_lines(fig, renderer) == [], f"run {story.run}"
        page = fig.bbox
        for legend in fig.findobj(Legend):
            box = legend.get_window_extent(renderer)
            assert page.x0 <= box.x0 and box.x1 <= page.x1 and page.y0 <= box.y0 <= box.y1
            for text in legend.get_texts():  # the style's legend size, projector-sized
                assert text.get_fontsize() == pytest.approx(look.font * 0.85)
        labels = [t for ax in fig.axes for t in ax.texts]
        assert all(t.get_fontsize() >= look.font * 0.85 for t in labels)
    if style == "slides":
        assert look.size[0] * 9 == pytest.approx(look.size[1] * 16)  # a 16:9 slide


def _strip_texts(fig) -> list[str]:
    return [t.get_text() for ax in fig.axes for t in ax.texts]


def test_the_chart_shows_the_package_signed_last_whose_it_was_and_the_beliefs(
    signing_stories, charts
):
    for story, records in signing_stories:
        fig = charts[story.run, "slides"]
        where = f"run {story.run}"
        beliefs = next(ax for ax in fig.axes if ax.get_title() == "Beliefs about resolve")
        drawn = [list(line.get_ydata()) for line in beliefs.lines]
        for key in ("russia", "ukraine"):
            assert story.series.belief[key] in drawn, where
            assert [story.series.truth[key]] * 2 in drawn, where  # the truth, a horizontal line
        package = next(ax for ax in fig.axes if ax.child_axes)  # the terms on its right
        title = package.get_title().replace("\n", " ").lower()
        values = [t.get_text() for t in package.child_axes[0].get_yticklabels()]
        last = _last_signed(records)
        if last is None:
            offer = [r for r in records if r["kind"] == "proposal" and r["track"] == "settlement"]
            assert title.startswith("no settlement signed"), where
            assert values == [f"{offer[-1]['package'][k]:.2f}" for k in ISSUES], where
            continue
        assert title == f"signed in week {last['week']}: {PACKAGE_OF[last['package_of']]}".lower()
        assert values == [f"{last['terms'][k]:.2f}" for k in ISSUES], where
        # every signing is on the strip, named by whose package it was
        signed = [r for r in records if r["kind"] == "settlement"]
        said = [t for t in _strip_texts(fig) if "signed" in t]
        assert len(said) == len(signed), where
        assert any(PACKAGE_OF[last["package_of"]].removeprefix("the ") in t for t in said), where


def test_a_ceasefire_and_its_end_are_named_on_the_strip(signing_stories, charts):
    story, _ = signing_stories[3]
    said = " · ".join(_strip_texts(charts[story.run, "paper"]))
    assert "ceasefire, aid halted" in said and "ceasefire lapses" in said


def test_cli_outcome_picks_the_first_run_with_that_outcome(folders, invoke):
    folder = folders["baseline"]
    rows = _rows(folder)
    for outcome in ("war_continues", "comprehensive_settlement"):
        first = next(int(r["run"]) for r in rows if r["outcome"] == outcome)
        result = invoke(["explain", str(folder), "--outcome", outcome, "--json"])
        assert result.exit_code == 0, result.output
        records = json.loads(result.stdout)
        assert records[0]["run"] == first
        assert records[-1]["outcome"] == outcome
        assert "warning" not in result.stderr


def test_cli_scenario_run_and_seed_replay_that_run(folders, invoke):
    rows = _rows(folders["no_russian_red_line_more_pressure"])
    args = [
        "explain",
        "baseline",
        "--seed",
        "7",
        "--run",
        str(LATE_RUN),
        "--json",
        "--set",
        "actors.russia.red_lines.neutrality=null",
        "--set",
        "actors.us.pressure_growth=0.05",
    ]
    result = invoke(args)
    assert result.exit_code == 0, result.output
    records = json.loads(result.stdout)
    assert (records[0]["block"], records[0]["world"]) == locate(LATE_RUN) == (1, 52)
    assert records[-1]["outcome"] == rows[LATE_RUN]["outcome"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["{folder}", "--outcome", "peace_in_our_time"], "unknown outcome 'peace_in_our_time'"),
        (["{missing}", "--outcome", "war_continues"], "does not exist"),
        (["baseline", "--outcome", "war_continues"], "needs a finished run folder"),
        (["{folder}", "--set", "actors.us.capability=0.9"], "cannot be used with a run folder"),
        (["{folder}", "--run", "1", "--outcome", "escalation"], "either --run or --outcome"),
    ],
)
def test_cli_bad_requests_get_one_clear_message_and_exit_2(
    folders, tmp_path, args, message, invoke
):
    args = [a.format(folder=folders["baseline"], missing=tmp_path / "no-such-run") for a in args]
    result = invoke(["explain", *args])
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_cli_outcome_absent_from_the_folder_exits_2(tmp_path, invoke):
    folder = tmp_path / "small"
    loaded = load_scenario("baseline", ["simulation.runs=20", "escalation.weekly_hazard=0"])
    run_to_folder(loaded, folder, False, 1, "csv")
    result = invoke(["explain", str(folder), "--outcome", "escalation"])
    assert result.exit_code == 2
    assert "no run ended in 'escalation'" in result.stderr


def test_cli_warns_when_the_folder_disagrees_with_the_replay(folders, tmp_path, invoke):
    folder = tmp_path / "tampered"
    folder.mkdir()
    for name in ("scenario.yaml", "summary.json"):
        (folder / name).write_bytes((folders["baseline"] / name).read_bytes())
    rows = _rows(folders["baseline"])[:5]
    true_outcome = rows[0]["outcome"]
    rows[0]["outcome"] = "war_continues" if true_outcome != "war_continues" else "escalation"
    with (folder / "runs.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    result = invoke(["explain", str(folder), "--run", "0"])
    assert result.exit_code == 0
    assert "differs from" in result.stderr and f"outcome {true_outcome}" in result.stderr


def test_cli_out_writes_markdown_json_and_the_timeline_chart(tmp_path, invoke):
    out = tmp_path / "story"
    result = invoke(["explain", "baseline", "--run", "3", "--out", str(out)])
    assert result.exit_code == 0, result.output
    names = {p.name for p in out.iterdir()}
    assert names == {"explain.md", "explain.json", "explain_timeline.png", "explain_timeline.svg"}
    markdown = (out / "explain.md").read_text(encoding="utf-8")
    records = json.loads((out / "explain.json").read_text(encoding="utf-8"))
    assert markdown.startswith("# Run 3 of 'baseline'")
    assert records[-1]["text"] in markdown and "explain_timeline.png" in markdown
    svg = (out / "explain_timeline.svg").read_text(encoding="utf-8")
    for words in (
        "illustrative model output, not a forecast",
        "Ceasefire: pause − war",
        "US package: deal − war",
        "Beliefs about resolve",
        "Momentum",
        "run 3 of 1,000",
    ):
        assert words in svg
    png = (out / "explain_timeline.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    slides = style_of("slides")
    assert (width, height) == (round(slides.size[0] * DPI), round(slides.size[1] * DPI))


def test_narrate_week_tells_the_dashboard_each_week_and_stops_after_the_run_ends():
    scenario = load_scenario("baseline", ["escalation.weekly_hazard=0.2"]).scenario
    told: list[list[str]] = []
    model = ConflictModel(
        scenario, block=0, n=64, observer=lambda m, w: told.append(narrate_week(m, w, 5))
    )
    model.run_all()
    assert all(isinstance(line, str) for lines in told for line in lines)
    assert any(line.startswith("Russia rejects the ceasefire") for line in told[0])
    assert any(line.startswith("Beliefs: Russia reckons Ukraine's resolve") for line in told[0])
    assert bool(model.escalated[5])
    ended = next(
        i for i, lines in enumerate(told) if any("escalation breaks out" in line for line in lines)
    )
    assert all(lines == [] for lines in told[ended + 1 :])
    assert np.all([len(lines) > 0 for lines in told[: ended + 1]])
