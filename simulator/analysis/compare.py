"""Paired comparison of scenarios on common random numbers (``negsim compare``).

Every scenario runs with the same master seed and number of runs, so run i of each scenario
draws the same weekly dice and the same uncertain-parameter streams: a difference between
scenarios comes from the scenarios, not from luck. Differences are therefore estimated run by
run: for outcome k, d_i = 1[scenario B's run i ends in k] - 1[reference's run i ends in k], with
the 95 % interval mean(d) ± 1.96 sd(d) / sqrt(n) (a paired interval, much narrower than two
independent intervals when the scenarios share most of their randomness). Two identical
scenarios give d_i = 0 for every run, hence a difference and interval of exactly zero.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from simulator import __version__
from simulator.folders.run_folder import default_out, resolved_yaml, staged_folder
from simulator.montecarlo.runner import BlockResult, run_monte_carlo
from simulator.montecarlo.tally import Z95, wilson_interval
from simulator.report.palette import (
    AGREEMENT,
    AGREEMENT_LABEL,
    DEFAULT_STYLE,
    OUTCOME_COLOURS,
    OUTCOME_LABELS,
)
from simulator.rules.outcomes import AGREEMENT_CODES, OUTCOMES
from simulator.scenario.config import Loaded, load_scenario

INDICATORS = (*OUTCOMES, AGREEMENT)


@dataclass
class ScenarioRuns:
    """One scenario's per-run outcome codes and first-agreement weeks (-1: none), in run order."""

    label: str
    loaded: Loaded
    outcome: np.ndarray
    agreement_week: np.ndarray

    def indicator(self, name: str) -> np.ndarray:
        """Per-run 0/1 of an outcome (or of any agreement)."""
        if name == AGREEMENT:
            return np.isin(self.outcome, AGREEMENT_CODES)
        return self.outcome == OUTCOMES.index(name)


def collect_runs(loaded: Loaded, label: str, workers: int = 1) -> ScenarioRuns:
    """Run a scenario and keep, per run, its outcome and its week of first agreement."""
    scenario = loaded.scenario
    outcomes: list[np.ndarray] = []
    weeks: list[np.ndarray] = []

    def keep(result: BlockResult) -> None:
        records = result.records
        outcomes.append(np.asarray(records["outcome"], dtype=np.int8))
        weeks.append(first_agreement_week(records["ceasefire_week"], records["settlement_week"]))

    run_monte_carlo(scenario, scenario.simulation.runs, workers, keep, keep_records=True)
    return ScenarioRuns(label, loaded, np.concatenate(outcomes), np.concatenate(weeks))


def first_agreement_week(ceasefire_week: np.ndarray, settlement_week: np.ndarray) -> np.ndarray:
    """Week of the first ceasefire or settlement, whichever came first (-1: neither)."""
    big = np.iinfo(np.int64).max
    c = np.where(ceasefire_week >= 0, ceasefire_week, big)
    s = np.where(settlement_week >= 0, settlement_week, big)
    first = np.minimum(c, s)
    return np.where(first == big, -1, first).astype(np.int64)


def proportion(indicator: np.ndarray) -> dict:
    """Count, probability and 95 % Wilson interval of a 0/1 array."""
    n = int(indicator.size)
    count = int(np.count_nonzero(indicator))
    low, high = wilson_interval(count, n)
    return {
        "count": count,
        "probability": round(count / n, 6) if n else 0.0,
        "ci95": [round(low, 6), round(high, 6)],
    }


def paired_difference(reference: np.ndarray, other: np.ndarray) -> dict:
    """Mean of per-run differences ``other - reference`` with its paired 95 % interval."""
    d = other.astype(np.float64) - reference.astype(np.float64)
    n = int(d.size)
    mean = float(d.mean()) if n else 0.0
    sd = float(d.std(ddof=1)) if n > 1 else 0.0
    half = Z95 * sd / np.sqrt(n) if n else 0.0
    return {
        "difference": round(mean, 6),
        "ci95": [round(mean - half, 6), round(mean + half, 6)],
        "reference_only": int(np.count_nonzero(d < 0)),
        "other_only": int(np.count_nonzero(d > 0)),
        "n": n,
    }


def median_interval(weeks: np.ndarray) -> dict:
    """Median of the weeks with an agreement and its 95 % order-statistic interval."""
    x = np.sort(weeks[weeks >= 0])
    n = int(x.size)
    if n == 0:
        return {"n": 0, "median": None, "ci95": [None, None]}
    half = Z95 * np.sqrt(n) / 2.0
    low = int(np.clip(np.floor(n / 2.0 - half), 0, n - 1))
    high = int(np.clip(np.ceil(n / 2.0 + half), 0, n - 1))
    return {"n": n, "median": float(np.median(x)), "ci95": [float(x[low]), float(x[high])]}


def scenario_block(runs: ScenarioRuns) -> dict:
    """One scenario's part of ``comparison.json``."""
    return {
        "label": runs.label,
        "name": runs.loaded.scenario.name,
        "source": runs.loaded.source,
        "scenario_sha256": runs.loaded.sha256,
        "weeks": runs.loaded.scenario.simulation.weeks,
        "outcomes": {k: proportion(runs.indicator(k)) for k in OUTCOMES},
        AGREEMENT: proportion(runs.indicator(AGREEMENT)),
        "agreement_week": median_interval(runs.agreement_week),
    }


def comparison_document(all_runs: list[ScenarioRuns], runs: int, seed: int) -> dict:
    """``comparison.json``: each scenario's probabilities and the paired differences."""
    reference = all_runs[0]
    differences = []
    for other in all_runs[1:]:
        differences.append(
            {
                "scenario": other.label,
                "reference": reference.label,
                "outcomes": {
                    k: paired_difference(reference.indicator(k), other.indicator(k))
                    for k in INDICATORS
                },
            }
        )
    return {
        "runs": runs,
        "seed": seed,
        "version": __version__,
        "method": (
            "common random numbers: the same seed for every scenario, so run i of each uses the "
            "same random streams; differences are means of per-run differences of outcome "
            "indicators with paired 95 % normal intervals; probabilities carry 95 % Wilson "
            "intervals"
        ),
        "reference": reference.label,
        "scenarios": [scenario_block(r) for r in all_runs],
        "paired_differences": differences,
    }


def unique_labels(loadeds: list[Loaded]) -> list[str]:
    """Scenario names, numbered where the same name appears twice."""
    labels: list[str] = []
    for loaded in loadeds:
        name = loaded.scenario.name
        label, k = name, 2
        while label in labels:
            label, k = f"{name} ({k})", k + 1
        labels.append(label)
    return labels


def load_for_comparison(
    names: list[str], runs: int | None, seed: int | None
) -> tuple[list[Loaded], int, int]:
    """Load every scenario with one seed and one number of runs (the first scenario's default)."""
    first = load_scenario(names[0]).scenario.simulation
    seed = first.seed if seed is None else seed
    runs = first.runs if runs is None else runs
    overrides = [f"simulation.seed={seed}", f"simulation.runs={runs}"]
    return [load_scenario(name, overrides) for name in names], runs, seed


def compare_to_folder(
    names: list[str],
    runs: int | None,
    seed: int | None,
    workers: int,
    out: Path | None,
    overwrite: bool,
    command: str | None,
    style: str = DEFAULT_STYLE,
) -> tuple[Path, str]:
    """Run the scenarios paired, write the comparison folder; return it and a text table."""
    loadeds, runs, seed = load_for_comparison(names, runs, seed)
    labels = unique_labels(loadeds)
    stem = "compare-" + "-".join(Path(n).stem for n in names)[:80]
    out = Path(out) if out is not None else default_out(stem)
    with staged_folder(out, overwrite) as stage:
        all_runs = []
        for i, (loaded, label) in enumerate(zip(loadeds, labels, strict=True), start=1):
            all_runs.append(collect_runs(loaded, label, workers))
            path = stage / f"scenario-{i}-{Path(loaded.source).stem}.yaml"
            path.write_text(resolved_yaml(loaded), encoding="utf-8")
        doc = comparison_document(all_runs, runs, seed)
        doc["command"] = command
        (stage / "comparison.json").write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
        draw_comparison_charts(stage, style)
        from simulator.report.compare_report import write_comparison_report

        write_comparison_report(stage, loadeds)
    return out, format_comparison(doc)


# --------------------------------------------------------------------------- text and charts


def _pct(p: float) -> str:
    return f"{100.0 * p:5.1f}"


COLUMNS_PER_TABLE = 3  # scenarios side by side in the terminal, so lines stay readable


def _table(title: str, columns: list[str], cell) -> list[str]:
    """Rows of indicators, columns of scenarios, split into blocks of a few columns."""
    width = max(22, *(len(c) + 2 for c in columns))
    lines: list[str] = []
    for start in range(0, len(columns), COLUMNS_PER_TABLE):
        chunk = list(range(start, min(start + COLUMNS_PER_TABLE, len(columns))))
        lines += ["", title, f"{'outcome':<28}" + "".join(f"{columns[j]:>{width}}" for j in chunk)]
        for key in INDICATORS:
            lines.append(f"{key:<28}" + "".join(f"{cell(j, key):>{width}}" for j in chunk))
    return lines


def format_comparison(doc: dict) -> str:
    """Probabilities per scenario and paired differences, as terminal text."""
    scenarios = doc["scenarios"]

    def probability(j: int, key: str) -> str:
        row = scenarios[j][AGREEMENT] if key == AGREEMENT else scenarios[j]["outcomes"][key]
        low, high = row["ci95"]
        return f"{_pct(row['probability'])} [{_pct(low)},{_pct(high)}]"

    diffs = doc["paired_differences"]

    def difference(j: int, key: str) -> str:
        row = diffs[j]["outcomes"][key]
        low, high = row["ci95"]
        mark = "*" if low > 0 or high < 0 else " "
        return f"{100 * row['difference']:+6.1f} [{100 * low:+5.1f},{100 * high:+5.1f}]{mark}"

    lines = [
        f"Paired comparison: {doc['runs']:,} runs per scenario, seed {doc['seed']} "
        "(common random numbers)",
        *_table("Probability, % [95 % interval]", [s["label"] for s in scenarios], probability),
    ]
    if diffs:
        lines += _table(
            f"Paired difference vs {doc['reference']}, percentage points [95 % paired interval]",
            [d["scenario"] for d in diffs],
            difference,
        )
        lines.append("* the interval excludes zero")
    lines.append("Illustrative model output, not a forecast.")
    return "\n".join(lines)


def comparison_footer(doc: dict) -> str:
    """Footer of the comparison charts."""
    from simulator.report.figures import footer_text

    labels = [s["label"] for s in doc["scenarios"]]
    names = " vs ".join(labels)
    if len(names) > 60:  # keep the footer on one line; the full list is in comparison.json
        names = f"{labels[0]} vs {len(labels) - 1} others (comparison.json)"
    return footer_text(names, doc["runs"], doc["seed"], doc["version"], " per scenario")


def wrap_name(name: str, width: int = 14) -> str:
    """A scenario name broken after underscores so tick labels do not run into each other."""
    lines, line = [], ""
    for part in name.split("_"):
        piece = part if not line else f"_{part}"
        if line and len(line) + len(piece) > width:
            lines.append(line + "_")
            piece = part
            line = ""
        line += piece
    return "\n".join([*lines, line])


def comparison_chart(doc: dict, style):
    """Grouped bars: for each scenario, one bar per outcome (fixed outcome colours), with CIs."""
    from simulator.report.figures import finish_figure, new_figure

    fig, axes = new_figure(style)
    ax = axes[0, 0]
    scenarios = doc["scenarios"]
    k = len(OUTCOMES)
    width = 0.8 / k
    for j, name in enumerate(OUTCOMES):
        xs = np.arange(len(scenarios)) + (j - (k - 1) / 2) * width
        ps = np.array([100.0 * s["outcomes"][name]["probability"] for s in scenarios])
        lows = np.array([100.0 * s["outcomes"][name]["ci95"][0] for s in scenarios])
        highs = np.array([100.0 * s["outcomes"][name]["ci95"][1] for s in scenarios])
        ax.bar(
            xs,
            ps,
            width=width * 0.95,
            color=OUTCOME_COLOURS[name],
            edgecolor="black",
            linewidth=0.5,
            label=OUTCOME_LABELS[name],
        )
        ax.errorbar(
            xs,
            ps,
            yerr=[ps - lows, highs - ps],
            fmt="none",
            ecolor="black",
            elinewidth=style.line * 0.6,
            capsize=style.font * 0.25,
            label="95 % interval (Wilson)" if j == 0 else None,
        )
    ax.set_xticks(np.arange(len(scenarios)), [wrap_name(s["label"]) for s in scenarios])
    ax.set_xlabel("Scenario (same random streams in every scenario)")
    ax.set_ylabel("Share of runs (%)")
    ax.set_ylim(0, 100)
    ax.grid(axis="x", visible=False)
    handles, labels = ax.get_legend_handles_labels()
    last = labels.index("95 % interval (Wilson)")  # outcomes first, the interval key last
    order = [i for i in range(len(labels)) if i != last] + [last]
    ax.legend(
        [handles[i] for i in order],
        [labels[i] for i in order],
        loc="upper left",
        ncol=3,
        fontsize=style.font * 0.7,
    )
    title = f"Outcomes by scenario ({doc['runs']:,} paired runs each)"
    finish_figure(fig, title, comparison_footer(doc), style)
    return fig


def differences_chart(doc: dict, style):
    """Paired differences against the reference, per outcome, with 95 % paired intervals."""
    from simulator.report.figures import finish_figure, new_figure

    fig, axes = new_figure(style)
    ax = axes[0, 0]
    diffs = doc["paired_differences"]
    markers = ("o", "s", "D", "^", "v", "P", "X")
    rows = list(INDICATORS)
    m = max(len(diffs), 1)
    for j, d in enumerate(diffs):
        offset = ((m - 1) / 2 - j) * 0.7 / m  # first scenario on top within each row
        for i, key in enumerate(rows):
            row = d["outcomes"][key]
            y = len(rows) - 1 - i + offset
            x = 100.0 * row["difference"]
            low, high = (100.0 * v for v in row["ci95"])
            colour = OUTCOME_COLOURS.get(key, "black")
            ax.errorbar(
                x,
                y,
                xerr=[[x - low], [high - x]],
                fmt=markers[j % len(markers)],
                color=colour,
                ecolor=colour,
                markersize=style.font * 0.55,
                markeredgecolor="black",
                capsize=style.font * 0.25,
            )
    ax.axvline(0, color="black", linewidth=0.8)
    labels = [OUTCOME_LABELS.get(k, AGREEMENT_LABEL) for k in rows]
    ax.set_yticks(range(len(rows)), labels[::-1])
    ax.set_xlabel(f"Difference vs {doc['reference']} (percentage points)")
    ax.set_ylabel("Outcome")
    ax.grid(axis="y", visible=False)
    if diffs:
        from matplotlib.lines import Line2D

        handles = [
            Line2D(
                [],
                [],
                marker=markers[j % len(markers)],
                color="black",
                linestyle="none",
                markerfacecolor="white",
                markersize=style.font * 0.55,
            )
            for j in range(len(diffs))
        ]
        ax.legend(
            handles,
            [d["scenario"] for d in diffs],  # each minus the reference, as the axis says
            loc="upper center",
            bbox_to_anchor=(0.4, -0.14),  # below the axis: the points may be anywhere
            ncol=min(3, len(diffs)),
            fontsize=style.font * 0.7,
        )
    title = (
        f"Paired differences vs {doc['reference']}, 95 % paired intervals ({doc['runs']:,} runs)"
    )
    finish_figure(fig, title, comparison_footer(doc), style)
    return fig


def draw_comparison_charts(folder: Path, style: str = DEFAULT_STYLE) -> list[Path]:
    """``comparison.png/svg`` and ``differences.png/svg`` from ``comparison.json``."""
    import matplotlib

    from simulator.report.figures import save_figure, style_of

    doc = json.loads((folder / "comparison.json").read_text(encoding="utf-8"))
    chosen = style_of(style)
    written = []
    for stem, draw in (("comparison", comparison_chart), ("differences", differences_chart)):
        with matplotlib.rc_context(chosen.rc()):
            fig = draw(doc, chosen)
        written += save_figure(fig, folder, stem, chosen)
    return written
