"""`negsim explain`: one run told week by week, true to its runs.csv row and to the rules."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import numpy as np
import pytest

from simulator.analysis.explain_week import fight_value
from simulator.analysis.replay import Story, replay
from simulator.engine.model import BLOCK_SIZE, ConflictModel
from simulator.folders.run import run_to_folder
from simulator.montecarlo import locate
from simulator.report.explain_narration import narrate_week, told_record
from simulator.report.explain_render import render_text
from simulator.report.explain_text import story_records
from simulator.report.explain_words import fmt, parse_shown
from simulator.rules import negotiation as neg
from simulator.rules.negotiation import ISSUES
from simulator.rules.outcomes import OUTCOMES
from simulator.scenario.loader import load_scenario

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
    "monitored_and_timeline": (
        "baseline",
        [
            "ceasefire.monitoring=0.8",
            "escalation.weekly_hazard=0.01",
            "simulation.seed=11",
            "timeline=[{week: 3, set: {actors.us.aid_paused: false}}]",
        ],
    ),
}


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
    """Run 0, a run of block 1, and the first run of every outcome present."""
    picks = {0, LATE_RUN}
    for outcome in OUTCOMES:
        first = next((int(r["run"]) for r in rows if r["outcome"] == outcome), None)
        if first is not None:
            picks.add(first)
    return sorted(picks)


@pytest.fixture(scope="module")
def stories(folders) -> list[tuple[str, dict[str, str], Story, list[dict]]]:
    out = []
    for name, folder in folders.items():
        rows = _rows(folder)
        scenario, sets = CASES[name]
        loaded = load_scenario(scenario, sets)
        for run in _sample(rows):
            story = replay(loaded, run)
            out.append((name, rows[run], story, story_records(story)))
    return out


def _float(text: str) -> float | None:
    return None if text == "" else float(text)


def test_explained_runs_cover_every_outcome_and_both_blocks(stories):
    outcomes = {story.outcome for _, _, story, _ in stories}
    assert {
        "comprehensive_settlement",
        "ceasefire_holding",
        "ceasefire_collapsed",
        "escalation",
    } <= outcomes
    assert any(story.run >= BLOCK_SIZE for _, _, story, _ in stories)


def test_explained_run_matches_its_row_in_runs_csv(stories):
    for name, row, story, records in stories:
        where = f"{name} run {story.run}"
        assert story.outcome == row["outcome"], where
        assert story.row["ceasefire_week"] == _float(row["ceasefire_week"]), where
        assert story.row["settlement_week"] == _float(row["settlement_week"]), where
        for issue in ISSUES:
            theirs = _float(row[f"terms.{issue}"])
            mine = story.row[f"terms.{issue}"]
            assert (mine is None) == (theirs is None), where
            if mine is not None:
                assert mine == pytest.approx(theirs, rel=1e-5), where
        outcome = records[-1]
        assert outcome["kind"] == "outcome"
        assert outcome["outcome"] == row["outcome"], where


def test_story_events_agree_with_runs_csv_weeks_and_terms(stories):
    for name, row, story, records in stories:
        where = f"{name} run {story.run}"
        starts = [r["week"] for r in records if r["kind"] == "ceasefire_start"]
        first = _float(row["ceasefire_week"])
        assert (starts[0] if starts else None) == first, where
        settlements = [r for r in records if r["kind"] == "settlement"]
        if row["outcome"] == "comprehensive_settlement":
            assert len(settlements) == 1, where
            assert settlements[0]["week"] == _float(row["settlement_week"]), where
            for issue in ISSUES:
                assert settlements[0]["terms"][issue] == pytest.approx(
                    float(row[f"terms.{issue}"]), rel=1e-5
                ), where
        else:
            assert not settlements, where
        if row["outcome"] == "escalation":
            assert any(r["kind"] == "escalation" for r in records), where
        brief = records[1]
        assert brief["kind"] == "brief" and brief["text"].endswith(f"Outcome: {story.outcome}.")
        if first is not None:
            assert f"from week {int(first)}" in brief["text"], where


def _rule_holds(record: dict, numbers: dict[str, float]) -> bool:
    if record["track"] in ("ceasefire", "ceasefire_aid_halt"):
        return numbers["pause"] >= numbers["fight"]
    return (
        numbers["value"] >= numbers["aspiration"]
        and numbers["value"] >= numbers["outside"]
        and record["within_red_lines"]
    )


def test_every_decision_states_both_numbers_and_agrees_with_the_rule(stories):
    decisions = 0
    rejections = 0
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
            assert _rule_holds(r, printed) == r["accepted"], where
            if r["track"].startswith("ceasefire"):
                raw = {"pause": r["pause_value"], "fight": r["fight_value"]}
                assert r["pause_value"] - r["fight_value"] == pytest.approx(r["margin"], abs=1e-12)
            else:
                raw = {k: r[k] for k in ("value", "aspiration", "outside")}
            assert _rule_holds(r, raw) == r["accepted"], where
            if r.get("red_line") is not None:  # the red line is named, and visibly crossed
                red = r["red_line"]
                found = re.search(
                    rf"{red['issue']} at ([0-9.]+) crosses .*?red line \((at least|at most) "
                    rf"([0-9.]+)\)",
                    r["text"],
                )
                assert found, where
                value, bound, limit = float(found[1]), found[2], float(found[3])
                assert value < limit if bound == "at least" else value > limit, where
    assert rejections > 100 and decisions > rejections


def test_printed_fight_and_pause_values_are_those_of_the_negotiation_functions():
    """Fighting = front gain − weekly cost (+ Kursk ground); the bare pause = the regroup loss."""
    scenario = load_scenario("baseline").scenario
    checked = 0

    def observe(model, week):
        nonlocal checked
        p = model.p
        length = p["ceasefire.length_weeks"]
        for world in range(0, 40, 7):
            if not model.live[world]:
                continue
            for party in model.parties:
                belief = float(party.belief[world])
                front = float(np.broadcast_to(p["battlefield.front_value"], (model.n,))[world])
                kursk = np.broadcast_to(party.kursk_gain(length), (model.n,))[world]
                fight = (
                    neg.front_gain(party.sign, front, belief, length)
                    - float(party.cost[world]) * length
                    + kursk
                )
                assert fight_value(model, party, world) == pytest.approx(fight, abs=1e-12)
                regroup = float(np.broadcast_to(p["battlefield.regroup"], (model.n,))[world])
                pause = neg.front_gain(
                    party.sign, front, -regroup * belief, p["battlefield.outlook_weeks"]
                )
                margin = float(week.ceasefire_margin[party.key][world])
                assert pause - fight == pytest.approx(margin, abs=1e-12)
                checked += 1

    model = ConflictModel(scenario, block=0, observer=observe)
    for _ in range(12):
        model.step()
    assert checked > 100


def test_russia_rejects_the_bare_ceasefire_in_week_0_because_ukraine_would_regroup():
    story = replay(load_scenario("baseline"), 0)
    week0 = [told_record(r) for r in story.weeks[0]]
    russia = next(
        r
        for r in week0
        if r["kind"] == "decision" and r["party"] == "russia" and r["track"] == "ceasefire"
    )
    ukraine = next(
        r
        for r in week0
        if r["kind"] == "decision" and r["party"] == "ukraine" and r["track"] == "ceasefire"
    )
    assert not russia["accepted"] and ukraine["accepted"]
    assert russia["belief"] > 0 and "regroup" in russia["text"]
    assert f"momentum as {fmt(russia['belief'], 2, True)}" in russia["text"]


def test_text_fits_80_columns_and_folds_quiet_weeks(stories):
    folded_somewhere = False
    for _, _, _, records in stories:
        text = render_text(records)
        assert max(len(line) for line in text.splitlines()) <= 80
        assert text.rstrip().endswith("Illustrative model output, not a forecast.")
        quiet = [r for r in records if r["kind"] == "quiet"]
        for r in quiet:
            first, last = r["weeks"]
            folded = {x["week"] for x in records if x.get("folded")}
            assert set(range(first, last + 1)) <= folded
            if last > first:
                folded_somewhere = True
                assert re.search(rf"Weeks {first}–{last}: .*no change in positions", r["text"])
        shown_weeks = [r["week"] for r in records if r["kind"] == "week"]
        folded_weeks = {r["week"] for r in records if r.get("folded")}
        # every week of the run is told exactly once, in full or folded
        assert not set(shown_weeks) & folded_weeks
    assert folded_somewhere


def test_cli_outcome_picks_the_first_run_with_that_outcome(folders, invoke):
    folder = folders["baseline"]
    rows = _rows(folder)
    for outcome in ("ceasefire_holding", "comprehensive_settlement"):
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
        "Ceasefire track",
        "Settlement track",
        "Kursk",
    ):
        assert words in svg
    assert (out / "explain_timeline.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_narrate_week_tells_the_dashboard_each_week_and_stops_after_the_run_ends():
    scenario = load_scenario("baseline", ["escalation.weekly_hazard=0.2"]).scenario
    told: list[list[str]] = []
    model = ConflictModel(
        scenario, block=0, n=64, observer=lambda m, w: told.append(narrate_week(m, w, 5))
    )
    model.run_all()
    assert all(isinstance(line, str) for lines in told for line in lines)
    assert any("Russia rejects the ceasefire" in line for line in told[0])
    assert bool(model.escalated[5])
    ended = next(
        i for i, lines in enumerate(told) if any("escalation breaks out" in line for line in lines)
    )
    assert all(lines == [] for lines in told[ended + 1 :])
    assert np.all([len(lines) > 0 for lines in told[: ended + 1]])
