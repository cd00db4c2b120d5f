"""Whatever ``validate`` accepts, ``run`` runs, ``chart`` draws and ``validate`` reads back.

A property test over mutations of the baseline within the schema's ranges: values at the ends
of each range, distributions spanning a whole range, extreme horizons and dates, and odd (but
printable) names and descriptions. Each example runs ``negsim run --runs 200 --no-charts``,
``negsim chart`` and ``negsim validate`` of the run folder's ``scenario.yaml`` in-process.
"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, Phase, event, given, settings
from hypothesis import strategies as st

from simulator.scenario import field_bounds, flat_leaves, load_scenario
from simulator.scenario.schema import FIRST_DATE, LAST_DATE

BASELINE = load_scenario("baseline").scenario
CONTINUOUS = sorted(p for p in flat_leaves(BASELINE) if field_bounds(p) is not None)
WHOLE_NUMBERS = {
    # Up to three years: the 1,040-week bound itself is run by test_hostile_input, and shorter
    # horizons keep each example to a second or two (a block is always simulated whole).
    "simulation.weeks": (1, 156),
    "ceasefire.length_weeks": (1, 520),
    "ceasefire.cooloff_weeks": (0, 520),
    "battlefield.outlook_weeks": (1, 520),
    "battlefield.donor_spend_weeks": (1, 520),
    "actors.us.aid_lag_weeks": (0, 52),
    "actors.us.switch_after": (0, 1040),
    "beliefs.types": (1, 25),
    "partial_truce.length_weeks": (1, 520),
    "partial_truce.cooloff_weeks": (0, 520),
}
ODD_TEXT = st.text(
    st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"))
    | st.sampled_from("\"'#:{}[]&*!|>%@`-? \\"),
    max_size=40,
)


@st.composite
def continuous_value(draw, path: str):
    bounds = field_bounds(path)
    high = bounds.high
    choice = draw(st.sampled_from(["low", "high", "between", "uniform"]))
    if choice == "low":
        return bounds.low
    if choice == "high":
        return high
    if choice == "between":
        return draw(st.floats(bounds.low, high, allow_nan=False))
    return {"dist": "uniform", "low": bounds.low, "high": high}


@st.composite
def mutations(draw) -> dict[str, object]:
    changes: dict[str, object] = {}
    for path in draw(st.lists(st.sampled_from(CONTINUOUS), min_size=1, max_size=8, unique=True)):
        changes[path] = draw(continuous_value(path))
    for path in draw(st.lists(st.sampled_from(sorted(WHOLE_NUMBERS)), max_size=3, unique=True)):
        low, high = WHOLE_NUMBERS[path]
        changes[path] = draw(st.sampled_from([low, high, (low + high) // 2]))
    if draw(st.booleans()):
        day = draw(st.dates(FIRST_DATE, LAST_DATE) | st.sampled_from([FIRST_DATE, LAST_DATE]))
        changes["simulation.start_date"] = f"date:{day.isoformat()}-date"
    changes["name"] = draw(ODD_TEXT)
    changes["description"] = draw(ODD_TEXT | st.just("two\nlines\tand a tab"))
    if draw(st.booleans()):
        changes["donors"] = [
            {
                "name": draw(ODD_TEXT),
                "amount_gbp_m": draw(st.sampled_from([0.0, 1e6, 123.4])),
                "week": draw(st.sampled_from([0, 51, 1040])),
            }
        ]
    return changes


def scenario_text(changes: dict[str, object]) -> str:
    """A file extending the baseline: nested JSON (valid YAML 1.2) of the dotted changes."""
    doc: dict = {"extends": "baseline"}
    for path, value in changes.items():
        *parents, last = path.split(".")
        node = doc
        for part in parents:
            node = node.setdefault(part, {})
        node[last] = value
    text = json.dumps(doc, indent=1, ensure_ascii=False)  # YAML has no JSON surrogate pairs
    return text.replace('"date:', "").replace('-date"', "")  # dates are unquoted in YAML


@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    phases=(Phase.explicit, Phase.reuse, Phase.generate),  # each example takes seconds: no shrink
)
@given(mutations())
def test_every_scenario_validate_accepts_runs_charts_and_reads_back(invoke, changes):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "mutant.yaml"
        path.write_text(scenario_text(changes), encoding="utf-8")
        checked = invoke(["validate", str(path)])
        assert "Traceback" not in checked.output
        if checked.exit_code != 0:  # refused with a message: nothing more to promise
            assert checked.exit_code == 2 and checked.stderr.startswith("error: "), checked.output
            event("refused by validate")
            return
        event("accepted: run, chart, read back")
        out = Path(tmp) / "run"
        ran = invoke(["run", str(path), "--runs", "200", "--no-charts", "--out", str(out)])
        assert ran.exit_code == 0, (ran.output, ran.exception)
        charted = invoke(["chart", str(out)])
        assert charted.exit_code == 0, (charted.output, charted.exception)
        again = invoke(["validate", str(out / "scenario.yaml")])
        assert again.exit_code == 0, again.output
        reread = load_scenario(out / "scenario.yaml").scenario
        first = load_scenario(path).scenario
        written, given_ = (s.model_dump(exclude={"extends"}) for s in (reread, first))
        given_["simulation"]["runs"] = 200  # --runs is part of what the folder records
        assert written == given_
        assert isinstance(reread.simulation.start_date, dt.date)
