"""Paired comparison of scenarios on common random numbers (``negsim compare``).

Every scenario runs with the same master seed and number of runs, so run i of each scenario
draws the same weekly dice and the same uncertain-parameter streams: a difference between
scenarios comes from the scenarios, not from luck. Differences are therefore estimated run by
run: for outcome k, d_i = 1[scenario B's run i ends in k] - 1[reference's run i ends in k], with
the 95 % interval mean(d) ± 1.96 sd(d) / sqrt(n) (a paired interval, much narrower than two
independent intervals when the scenarios share most of their randomness). Two identical
scenarios give d_i = 0 for every run, hence a difference and interval of exactly zero.

Beside the six outcomes, two derived indicators are compared the same way: "settlement" (a
settlement was signed: comprehensive_settlement or settlement_collapsed) and "agreement" (any
of the four outcomes with an agreement). Each scenario also carries the median week of first
agreement and of first settlement, over the runs that had one (``agreement_week`` and
``settlement_week``; the document's ``definitions`` spell out every derived name).
"""

from __future__ import annotations

from simulator import __version__
from simulator.analysis.paired_runs import ScenarioRuns, collect_runs
from simulator.analysis.statistics import (
    DERIVED,
    INDICATORS,
    median_interval,
    paired_difference,
    proportion,
    study_definitions,
)
from simulator.rules import OUTCOMES
from simulator.scenario import Loaded, load_scenario


def scenario_block(runs: ScenarioRuns) -> dict:
    """One scenario's part of ``comparison.json``."""
    return {
        "label": runs.label,
        "name": runs.loaded.scenario.name,
        "source": runs.loaded.source,
        "scenario_sha256": runs.loaded.sha256,
        "weeks": runs.loaded.scenario.simulation.weeks,
        "outcomes": {k: proportion(runs.indicator(k)) for k in OUTCOMES},
        **{k: proportion(runs.indicator(k)) for k in DERIVED},
        "agreement_week": median_interval(runs.agreement_week),
        "settlement_week": median_interval(runs.settlement_week),
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
        "definitions": study_definitions(),
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


def run_comparison(loadeds: list[Loaded], labels: list[str], workers: int) -> list[ScenarioRuns]:
    """Run every scenario in turn (each with the same seed and runs) and keep its runs."""
    return [
        collect_runs(loaded, label, workers) for loaded, label in zip(loadeds, labels, strict=True)
    ]
