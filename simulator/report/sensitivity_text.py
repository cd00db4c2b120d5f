"""The terminal text of a sensitivity study: the top drivers of each output and the noise floor.

Each output is headed by what it is in plain words (its ``label`` in ``sensitivity.json``) and
its value in the scenario as stated; a key under the lists says what the index and "within
noise" mean, in the output's units.
"""

from __future__ import annotations

from simulator.analysis import DUMMY, MEDIAN_WEEK, MEDIAN_WEEKS, indicator_label
from simulator.report.palette import DISCLAIMER_LINE
from simulator.report.study_words import wrap

TOP = 5

INDEX_KEYS = {
    "mu_star": (
        "mu* (Morris): the average size of the output's change when the parameter alone "
        "takes a step, scaled to the parameter's whole range: in shares of runs (0 to 1) or in "
        "weeks per the whole range, so it exceeds 1 where a share changes steeply; ± its 95 % "
        "interval."
    ),
    "ST": (
        "ST (Sobol, total order): the share of the output's variance (0 to 1) due to the "
        "parameter, alone and in its interactions with the others; ± its 95 % interval."
    ),
}
"""What each ranking index means, for the key under the lists."""


def _num(x: float | None, width: int = 8) -> str:
    return f"{'n/a':>{width}}" if x is None else f"{x:{width}.3f}"


def output_head(doc: dict, output: str, entry: dict) -> list[str]:
    """An output's name, what it is, and its value in the scenario as stated."""
    weeks = doc["weeks"]
    if output == MEDIAN_WEEK:
        label = MEDIAN_WEEKS[MEDIAN_WEEK].words(weeks)[0]
    else:
        label = entry.get("label") or indicator_label(output)
        label = label.split(":")[0]  # the definition is in the report and the glossary
    lines = ["", *wrap(f"{output}: {label}")]
    base = entry.get("base")
    if base and output != MEDIAN_WEEK:
        low, high = base["ci95"]
        lines.append(
            f"  as stated: {base['value']:.3f} of the runs [95 % interval {low:.3f}, {high:.3f}]"
        )
    elif base:
        low, high = base["ci95"]
        lines.append(
            f"  as stated: week {base['value']:g} [95 % interval {low:g}, {high:g}]; "
            f"{base['agreements']:,} of {base['runs']:,} runs have one"
        )
    return lines


def format_study(doc: dict) -> str:
    """Top drivers of each output as plain text for the terminal."""
    key = doc["index"]
    label = {"mu_star": "mu*", "ST": "ST"}[key]
    conf = f"{key}_conf"
    lines = wrap(
        f"{doc['scenario']}: {doc['method']} study, {doc['points']} design points"
        f" + {doc['tornado_points']} one-at-a-time points, {doc['runs_per_point']} runs each, "
        f"seed {doc['seed']}"
    )
    for output, entry in doc["outputs"].items():
        lines += output_head(doc, output, entry)
        if entry["constant"]:
            lines.append("  constant across the design: no parameter moves it")
            continue
        dummy = entry["indices"][DUMMY]
        shown = [r for r in entry["ranking"] if r["parameter"] != DUMMY][:TOP]
        for rank, row in enumerate(shown, 1):
            idx = entry["indices"][row["parameter"]]
            flag = "" if row["above_noise"] else "  (within noise)"
            value = f"{label} {_num(idx[key])} ± {_num(idx[conf], 0)}"
            lines.append(f"  {rank}. {row['parameter']:<39}{value}{flag}")
        lines.append(
            f"     {'dummy (noise floor)':<39}{label} {_num(dummy[key])} ± {_num(dummy[conf], 0)}"
        )
    lines += [
        "",
        *wrap(INDEX_KEYS[key]),
        *wrap(
            "(within noise): the parameter's interval reaches the dummy's, a parameter the "
            "model never reads, so its effect cannot be told from chance."
        ),
        *wrap(
            f"{MEDIAN_WEEK} is not the median week of compare and sweep: "
            f"{MEDIAN_WEEKS[MEDIAN_WEEK].words(doc['weeks'])[1]}."
        ),
        DISCLAIMER_LINE,
    ]
    return "\n".join(lines)
