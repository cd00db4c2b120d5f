"""The page of a sensitivity study: ``report.html`` with charts, index tables and provenance.

Built from ``sensitivity.json`` and the drawn charts with the same page helpers of
``simulator.report.html`` as the run, compare and sweep reports.
"""

from __future__ import annotations

from pathlib import Path

from simulator.analysis import DUMMY, MEDIAN_WEEK, MEDIAN_WEEKS, OUTPUTS, indicator_label
from simulator.report.html import (
    MODEL_ASSUMPTIONS,
    esc,
    figure,
    interval,
    page,
    percent,
    reproduce_section,
    table,
)
from simulator.report.parameters import parameters_section


def _fmt(x) -> str:
    return "–" if x is None else f"{x:.3g}"


def _output_words(doc: dict, output: str, entry: dict) -> str:
    """What an output is and its unit, in the words of the study's one definitions."""
    morris = doc["index"] == "mu_star"
    if output == MEDIAN_WEEK:
        name, definition = MEDIAN_WEEKS[MEDIAN_WEEK].words(doc["weeks"])
        what, unit = f"{name}: {definition}", "weeks (week 0 is the start date)"
        per = "μ* in weeks per the parameter's whole range"
    else:
        what = entry.get("label") or indicator_label(output)
        unit, per = "a share of runs, 0 to 1 (shown in %)", "μ* in shares per its whole range"
    index = per if morris else "ST is a share of the output's variance, 0 to 1"
    return f"The {what}. Unit: {unit}; {index}."


def _output_section(doc: dict, output: str, charts: dict[str, Path]) -> str:
    entry = doc["outputs"][output]
    key = doc["index"]
    parts = [f"<p>{esc(_output_words(doc, output, entry))}</p>"]
    base = entry.get("base")
    if base and output != MEDIAN_WEEK:
        parts.append(
            f"<p>Scenario as stated: {percent(base['value'])} ({interval(base['ci95'])}, "
            f"n = {base['runs']:,}).</p>"
        )
    elif base:
        low, high = base.get("ci95", (None, None))
        ci = "" if low is None else f"95 % interval {low:g}–{high:g}; "
        parts.append(
            f"<p>Scenario as stated: week {base['value']:g} ({ci}{base['agreements']:,} of "
            f"{base['runs']:,} runs agree within {base['horizon']} weeks, the others count as "
            f"week {base['horizon']}).</p>"
        )
    if "tornado" in charts:
        parts.append(
            figure(charts["tornado"], f"{output}: each parameter alone at the ends of its range")
        )
    if "indices" in charts:
        parts.append(figure(charts["indices"], f"{output}: {doc['method']} indices"))
    columns = ["mu*", "± 95 %", "sigma"] if key == "mu_star" else ["ST", "± 95 %", "S1", "± 95 %"]
    fields = (
        ["mu_star", "mu_star_conf", "sigma"]
        if key == "mu_star"
        else ["ST", "ST_conf", "S1", "S1_conf"]
    )
    rows = []
    for rank, row in enumerate(entry["ranking"], 1):
        idx = entry["indices"][row["parameter"]]
        name = "dummy (never read)" if row["parameter"] == DUMMY else row["parameter"]
        rows.append(
            [rank, name, *(_fmt(idx[f]) for f in fields), "yes" if row["above_noise"] else "no"]
        )
    numeric = set(range(2, 2 + len(fields)))
    parts.append(table(["rank", "parameter", *columns, "clears the dummy"], rows, numeric))
    return f"<h3 id='{esc(output)}'>{esc(output)}</h3>" + "".join(parts)


def report_html(doc: dict, charts: dict[str, dict[str, Path]]) -> str:
    """The study's page, built with the same helpers as the run, compare and sweep reports."""
    featured = doc.get("featured", "war_continues")
    order = [featured, *(o for o in OUTPUTS if o != featured)]
    index = "μ* (Morris)" if doc["index"] == "mu_star" else "total-order ST (Sobol)"
    reading = (
        f"<p>Parameters are ranked by {esc(index)}. A parameter <b>clears the dummy</b> when the "
        "lower end of its index's 95 % interval lies above the upper end of the dummy's: below "
        "that, the index cannot be told from noise. Outputs: the share of runs ending in each "
        "of the six outcomes; <code>settlement</code>, a settlement signed (held or collapsed); "
        "<code>agreement</code>, any settlement or ceasefire; and "
        f"<code>{MEDIAN_WEEK}</code>, the "
        f"{esc(MEDIAN_WEEKS[MEDIAN_WEEK].words(doc['weeks'])[0])} (not the median of compare "
        "and sweep, which leaves out the runs without one). μ* is the average size of the "
        "output's change when the parameter alone takes a step, scaled to the parameter's whole "
        "range; ST is the share of the output's variance due to the parameter, its interactions "
        "included.</p><ul>" + "".join(f"<li>{esc(n)}</li>" for n in doc["notes"]) + "</ul>"
    )
    params = table(
        ["parameter", "in the scenario", "low", "high", "from"],
        [
            [p["name"], p["stated"], f"{p['low']:g}", f"{p['high']:g}", p["source"]]
            for p in doc["parameters"]
        ],
        {2, 3},
    )
    sections = [
        (
            "Which assumptions drive the outcome",
            reading + "".join(_output_section(doc, o, charts.get(o, {})) for o in order),
        ),
        ("Parameters analysed and their ranges", params),
        ("Model assumptions", f"<p>{esc(MODEL_ASSUMPTIONS)}</p>"),
    ]
    if doc.get("provenance"):
        sections.append(("Base scenario and its provenance", parameters_section(doc["provenance"])))
    sections.append(("Reproduce", reproduce_section(doc.get("command"))))
    subtitle = (
        f"Scenario {doc['scenario']}: {doc['method']} study, {doc['points']} design points and "
        f"{doc['tornado_points']} one-at-a-time points, {doc['runs_per_point']:,} runs per point, "
        f"seed {doc['seed']}, {doc['weeks']} weeks from {doc['start_date']}."
    )
    return page(f"negsim sensitivity: {doc['scenario']}", subtitle, sections)


def write_report(doc: dict, folder: Path, charts: dict[str, dict[str, Path]]) -> Path:
    """Write the study folder's ``report.html``."""
    path = Path(folder) / "report.html"
    path.write_text(report_html(doc, charts), encoding="utf-8")
    return path
