"""The dashboard's discovery box: for the outcome a teacher picks, PRIM's top box in one sentence.

Headless (no Solara): the page calls ``top_box(scenario, outcome)`` and shows ``sentence`` with
the numbers beside it. The scenario is run in memory (no file is written), its runs' drawn
parameters go to the same ``analysis.discover`` as ``negsim discover``, and the first box (the
knee of the peeling trajectory) is worded by the same ``report.box_sentence``. Results are kept
for the ``SIZE`` most recent (scenario, outcome, runs), so switching back is instant.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np

from simulator.analysis import DiscoveryError, check_outcome, discover, outcome_cases
from simulator.dashboard.shared_cache import SharedCache
from simulator.montecarlo import BlockResult, run_monte_carlo
from simulator.report import box_sentence
from simulator.scenario import Loaded, Scenario

DEFAULT_RUNS = 2000
"""Runs behind the box: enough for PRIM's 5 % steps (100 runs each), about two seconds."""
SIZE = 16
"""Results kept, least recently used dropped first."""


@dataclass(frozen=True)
class Restriction:
    """One limit of the box: the parameter (path and words), its range kept, its quasi-p."""

    parameter: str
    low: float
    high: float
    low_restricted: bool
    high_restricted: bool
    quasi_p: float | None


@dataclass(frozen=True)
class TopBox:
    """The top box of an outcome, or why there is none (``problem``; ``sentence`` says it too).

    Shares are 0–1: ``density`` (of the box's runs, with its 95 % Wilson interval),
    ``coverage`` (of the runs with the outcome), ``base_rate`` (of all ``runs``); ``n`` runs lie
    in the box. Without a box the numbers are those of all runs and ``restrictions`` is empty.
    """

    outcome: str
    sentence: str
    runs: int
    base_rate: float
    density: float
    density_ci95: tuple[float, float]
    coverage: float
    n: int
    restrictions: tuple[Restriction, ...] = ()
    problem: str | None = None


KEPT: SharedCache[TopBox] = SharedCache(SIZE)
"""Top boxes shared by every session; one search at a time (each imports and runs PRIM)."""


def _key(scenario: Scenario, outcome: str, runs: int) -> tuple:
    digest = hashlib.sha256(scenario.model_dump_json().encode("utf-8")).hexdigest()
    return digest, outcome, runs


def _runs(scenario: Scenario, runs: int) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """The drawn parameters and outcome codes of ``runs`` runs, in memory."""
    blocks: list[dict[str, np.ndarray]] = []

    def keep(result: BlockResult) -> None:
        blocks.append(result.records)

    run_monte_carlo(scenario, runs, 1, keep, keep_records=True)
    records = {name: np.concatenate([b[name] for b in blocks]) for name in blocks[0]}
    inputs = {k.removeprefix("param."): v for k, v in records.items() if k.startswith("param.")}
    return inputs, records["outcome"]


def _find(scenario: Scenario, outcome: str, runs: int) -> TopBox:
    inputs, outcomes = _runs(scenario, runs)
    try:
        doc = discover(inputs, outcomes, outcome)
    except DiscoveryError as exc:
        cases = outcome_cases(outcomes, outcome)
        share = float(np.count_nonzero(cases)) / cases.size
        text = str(exc).removeprefix(f"--outcome {outcome}: ")
        return TopBox(
            outcome=outcome,
            sentence=text[:1].upper() + text[1:],
            runs=runs,
            base_rate=share,
            density=share,
            density_ci95=(share, share),
            coverage=1.0,
            n=runs,
            problem=str(exc),
        )
    box = doc["boxes"][0]
    restrictions = tuple(
        Restriction(
            r["parameter"],
            r["low"],
            r["high"],
            r["low_restricted"],
            r["high_restricted"],
            r["quasi_p"],
        )
        for r in box["restrictions"]
    )
    low, high = box["density_ci95"]
    return TopBox(
        outcome=outcome,
        sentence=box_sentence(box, doc),
        runs=doc["runs"],
        base_rate=doc["base_rate"],
        density=box["density"],
        density_ci95=(low, high),
        coverage=box["coverage"],
        n=box["n"],
        restrictions=restrictions,
    )


def top_box(scenario: Scenario | Loaded, outcome: str, runs: int = DEFAULT_RUNS) -> TopBox:
    """The knee box of ``outcome`` over ``runs`` runs of ``scenario`` (recalled when kept).

    ``outcome`` is one of ``analysis.INDICATORS``; an unknown one raises ``DiscoveryError``.
    """
    scenario = scenario.scenario if isinstance(scenario, Loaded) else scenario
    check_outcome(outcome)
    return KEPT.get(_key(scenario, outcome, runs), lambda: _find(scenario, outcome, runs))
