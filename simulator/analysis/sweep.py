"""One-parameter sweeps (``negsim sweep``): outcome probabilities against a parameter's value.

Each value is set with the same mechanism as ``--set`` (so it is validated against the schema,
and a distribution in the scenario is replaced by the fixed value), and every value runs with
the same seed: the curves share their random streams (common random numbers), so they move
because of the parameter, not because of sampling noise.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np

from simulator import __version__
from simulator.analysis.compare import INDICATORS, collect_runs, median_interval, proportion
from simulator.folders.run_folder import default_out, resolved_yaml, staged_folder
from simulator.report.palette import (
    AGREEMENT,
    AGREEMENT_COLOUR,
    AGREEMENT_LABEL,
    DEFAULT_STYLE,
    OUTCOME_COLOURS,
    OUTCOME_LABELS,
)
from simulator.scenario.config import Loaded, ScenarioError, load_scenario, schema_has_path
from simulator.scenario.yaml12 import YamlProblem, load_value

MAX_VALUES = 101


def parse_values(text: str) -> list[str]:
    """``V1,V2,...`` or ``LOW:HIGH:STEPS`` (STEPS evenly spaced values, ends included)."""
    text = text.strip()
    if ":" in text and "," not in text:
        parts = text.split(":")
        if len(parts) != 3:
            raise ValueError(f"a range is LOW:HIGH:STEPS, e.g. 0:0.01:5 (got '{text}')")
        try:
            low, high = float(parts[0]), float(parts[1])
            steps = int(parts[2])
        except ValueError:
            raise ValueError(
                f"LOW and HIGH must be numbers and STEPS a whole number (got '{text}')"
            ) from None
        if not 2 <= steps <= MAX_VALUES:
            raise ValueError(f"STEPS must be between 2 and {MAX_VALUES} (got {steps})")
        values = np.linspace(low, high, steps)
        integral = all(float(v).is_integer() for v in (low, high)) and all(
            float(v).is_integer() for v in values
        )
        return [str(int(v)) if integral else f"{v:.10g}" for v in values]
    values = [v.strip() for v in text.split(",") if v.strip()]
    if not values:
        raise ValueError("give at least one value, e.g. --values 0.1,0.2,0.3 or 0:1:5")
    if len(values) > MAX_VALUES:
        raise ValueError(f"at most {MAX_VALUES} values (got {len(values)})")
    return values


def numeric_axis(values: list[str]) -> list[float] | None:
    """The values as numbers when every one is a number (else the axis is categorical)."""
    out = []
    for text in values:
        try:
            value = load_value(text)
        except YamlProblem:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            return None
        out.append(float(value))
    return out


def load_sweep(
    scenario: str,
    key: str,
    values: list[str],
    runs: int | None,
    seed: int | None,
    overrides: list[str],
) -> tuple[Loaded, list[Loaded]]:
    """The base scenario and one loaded scenario per value; every value is validated first."""
    base = load_scenario(scenario, overrides)
    sim = base.scenario.simulation
    fixed = [
        *overrides,
        f"simulation.seed={sim.seed if seed is None else seed}",
        f"simulation.runs={sim.runs if runs is None else runs}",
    ]
    base = load_scenario(scenario, fixed)
    if not schema_has_path(tuple(key.split("."))):
        load_scenario(scenario, [*fixed, f"{key}={values[0]}"])  # raises: no such key, did you mean
    loadeds = []
    for value in values:
        try:
            loadeds.append(load_scenario(scenario, [*fixed, f"{key}={value}"]))
        except ScenarioError as exc:
            raise ScenarioError(f"--values {value}: {exc}") from None
    return base, loadeds


def sweep_rows(key: str, values: list[str], loadeds: list[Loaded], workers: int) -> list[dict]:
    """Run every value; one row per value with probabilities, intervals and agreement week."""
    rows = []
    for value, loaded in zip(values, loadeds, strict=True):
        runs = collect_runs(loaded, value, workers)
        row: dict = {"value": value, "runs": int(runs.outcome.size)}
        for name in INDICATORS:
            row[name] = proportion(runs.indicator(name))
        row["agreement_week"] = median_interval(runs.agreement_week)
        rows.append(row)
    return rows


CSV_COLUMNS = (
    "value",
    "runs",
    *(f"{n}.{f}" for n in INDICATORS for f in ("probability", "ci95_low", "ci95_high")),
    "agreement_week.n",
    "agreement_week.median",
    "agreement_week.ci95_low",
    "agreement_week.ci95_high",
)


def write_sweep_csv(path: Path, key: str, rows: list[dict]) -> None:
    """``sweep.csv``: one row per value (probabilities with 95 % intervals, median week)."""
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow([key if c == "value" else c for c in CSV_COLUMNS])
        for row in rows:
            cells: list = [row["value"], row["runs"]]
            for name in INDICATORS:
                p = row[name]
                cells += [p["probability"], p["ci95"][0], p["ci95"][1]]
            week = row["agreement_week"]
            cells += [week["n"], week["median"], *week["ci95"]]
            writer.writerow(["" if c is None else c for c in cells])


def sweep_to_folder(
    scenario: str,
    key: str,
    values: list[str],
    runs: int | None,
    seed: int | None,
    overrides: list[str],
    workers: int,
    out: Path | None,
    overwrite: bool,
    command: str | None,
    style: str = DEFAULT_STYLE,
) -> tuple[Path, str]:
    """Run the sweep, write its folder (sweep.csv, sweep.json, charts, report); return it."""
    base, loadeds = load_sweep(scenario, key, values, runs, seed, overrides)
    sim = base.scenario.simulation
    out = Path(out) if out is not None else default_out(f"sweep-{Path(base.source).stem}-{key}")
    with staged_folder(out, overwrite) as stage:
        rows = sweep_rows(key, values, loadeds, workers)
        doc = {
            "scenario": base.scenario.name,
            "source": base.source,
            "param": key,
            "values": values,
            "numeric": numeric_axis(values) is not None,
            "runs": sim.runs,
            "seed": sim.seed,
            "weeks": sim.weeks,
            "version": __version__,
            "command": command,
            "rows": rows,
        }
        (stage / "sweep.json").write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
        write_sweep_csv(stage / "sweep.csv", key, rows)
        (stage / "scenario.yaml").write_text(resolved_yaml(base), encoding="utf-8")
        draw_sweep_chart(stage, style)
        from simulator.report.sweep_report import write_sweep_report

        write_sweep_report(stage, base)
    return out, format_sweep(doc)


def format_sweep(doc: dict) -> str:
    """The sweep as a terminal table."""
    key = doc["param"]
    width = max(12, len(key) + 2)
    short = {
        "comprehensive_settlement": "settle",
        "ceasefire_holding": "cf_hold",
        "ceasefire_collapsed": "cf_coll",
        "war_continues": "war",
        "escalation": "escal",
        AGREEMENT: "agree",
    }
    lines = [
        f"Sweep of {key} in {doc['scenario']}: {doc['runs']:,} runs per value, seed "
        f"{doc['seed']} (common random numbers)",
        "",
        f"{key:<{width}}"
        + "".join(f"{short[n]:>9}" for n in INDICATORS)
        + f"{'median week of agreement':>28}",
    ]
    for row in doc["rows"]:
        week = row["agreement_week"]
        median = (
            "-"
            if week["median"] is None
            else (
                f"{week['median']:.0f} [{week['ci95'][0]:.0f}-{week['ci95'][1]:.0f}] n={week['n']}"
            )
        )
        lines.append(
            f"{row['value']:<{width}}"
            + "".join(f"{100 * row[n]['probability']:>8.1f}%" for n in INDICATORS)
            + f"{median:>28}"
        )
    lines += [
        "",
        "Probabilities in % of runs; 95 % intervals in sweep.csv.",
        "Illustrative model output, not a forecast.",
    ]
    return "\n".join(lines)


def sweep_chart(doc: dict, style):
    """Outcome probabilities (lines, 95 % bands) and median week of agreement vs the value."""
    from simulator.report.figures import finish_figure, footer_text, new_figure

    fig, axes = new_figure(style, 2, 1, sharex=True, gridspec_kw={"height_ratios": [3, 2]})
    top, bottom = axes[0, 0], axes[1, 0]
    rows = doc["rows"]
    xs = numeric_axis(doc["values"]) if doc["numeric"] else list(range(len(rows)))
    for name in INDICATORS:
        colour = AGREEMENT_COLOUR if name == AGREEMENT else OUTCOME_COLOURS[name]
        label = AGREEMENT_LABEL if name == AGREEMENT else OUTCOME_LABELS[name]
        p = np.array([100.0 * r[name]["probability"] for r in rows])
        low = np.array([100.0 * r[name]["ci95"][0] for r in rows])
        high = np.array([100.0 * r[name]["ci95"][1] for r in rows])
        top.fill_between(xs, low, high, color=colour, alpha=0.2, linewidth=0)
        top.plot(
            xs,
            p,
            marker="o",
            color=colour,
            label=label,
            linestyle=":" if name == AGREEMENT else "-",
        )
    top.set_ylim(0, 100)
    top.set_ylabel("Share of runs (%)")
    top.legend(
        loc="center left",
        bbox_to_anchor=(1.01, 0.5),
        fontsize=style.font * 0.7,
        title="Outcome (bands: 95 %)",
        title_fontsize=style.font * 0.7,
    )

    have = [
        (x, r["agreement_week"])
        for x, r in zip(xs, rows, strict=True)
        if r["agreement_week"]["median"] is not None
    ]
    if have:
        wx = [x for x, _ in have]
        med = np.array([w["median"] for _, w in have])
        lo = np.array([w["ci95"][0] for _, w in have])
        hi = np.array([w["ci95"][1] for _, w in have])
        bottom.fill_between(
            wx,
            lo,
            hi,
            color=AGREEMENT_COLOUR,
            alpha=0.2,
            linewidth=0,
            label="95 % interval of the median",
        )
        bottom.plot(
            wx,
            med,
            marker="o",
            color=AGREEMENT_COLOUR,
            label="Median week of first agreement (runs with one)",
        )
        bottom.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), fontsize=style.font * 0.7)
    bottom.set_ylim(0, doc["weeks"])
    bottom.set_ylabel("Week of first\nagreement (weeks)")
    bottom.set_xlabel(f"{doc['param']} (value set for every run)")
    if not doc["numeric"]:
        bottom.set_xticks(xs, doc["values"])
    title = f"{doc['scenario']}: sweep of {doc['param']} ({doc['runs']:,} runs per value)"
    footer = footer_text(doc["scenario"], doc["runs"], doc["seed"], doc["version"], " per value")
    finish_figure(fig, title, footer, style)
    return fig


def draw_sweep_chart(folder: Path, style: str = DEFAULT_STYLE) -> list[Path]:
    """``sweep.png`` and ``sweep.svg`` from ``sweep.json``."""
    import matplotlib

    from simulator.report.figures import save_figure, style_of

    doc = json.loads((folder / "sweep.json").read_text(encoding="utf-8"))
    chosen = style_of(style)
    with matplotlib.rc_context(chosen.rc()):
        fig = sweep_chart(doc, chosen)
    return save_figure(fig, folder, "sweep", chosen)
