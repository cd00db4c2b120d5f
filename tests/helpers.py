"""Helpers for statistical tests: simulate blocks, paired differences with 95 % intervals.

Test modules import these by name (``from helpers import simulate``); the shared fixtures (one
baseline run folder, the ``negsim`` command in-process) live in ``conftest.py``.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from simulator.engine.model import BLOCK_SIZE, ConflictModel
from simulator.folders.forecast import read_forecast
from simulator.montecarlo.blocks import n_blocks, used_in_block
from simulator.montecarlo.records import run_records
from simulator.montecarlo.tally import Z95
from simulator.report import CHARTS, forecast_stems
from simulator.rules.outcomes import AGREEMENT_CODES, SETTLEMENT_CODES
from simulator.scenario.loader import load_scenario

SCENARIOS = Path(__file__).parent / "scenarios"


def chart_stems(folder: Path) -> list[str]:
    """The stems of every chart a run folder has: the run charts, then one per forecast question."""
    doc = read_forecast(folder)
    return [*CHARTS, *(forecast_stems(doc).values() if doc is not None else ())]


def scenario(name: str, *overrides: str):
    """A purpose-built test scenario (tests/scenarios/NAME.yaml) or a shipped one."""
    path = SCENARIOS / f"{name}.yaml"
    return load_scenario(str(path) if path.exists() else name, list(overrides)).scenario


def simulate(
    config, runs: int = 2 * BLOCK_SIZE, watch=None, snapshot_week: int | None = None
) -> dict[str, np.ndarray]:
    """Per-run records of ``runs`` worlds; ``watch(model, week)`` may add its own columns.

    With ``snapshot_week`` the records are taken after that many weeks instead of at the
    scenario's horizon.

    ``watch`` is called every week and returns a dict of per-world arrays, which are
    combined across weeks with logical OR (for "ever happened" questions).
    """
    parts: list[dict[str, np.ndarray]] = []
    for block in range(n_blocks(runs)):
        seen: dict[str, np.ndarray] = {}

        def observer(model, week, seen=seen):
            for key, value in watch(model, week).items():
                seen[key] = seen.get(key, np.zeros(model.n, dtype=bool)) | value

        model = ConflictModel(config, block=block, observer=observer if watch else None)
        for _ in range(config.simulation.weeks if snapshot_week is None else snapshot_week):
            model.step()
        used = used_in_block(runs, block)
        records = run_records(model, used)
        records |= {key: value[:used] for key, value in seen.items()}
        parts.append(records)
    return {key: np.concatenate([p[key] for p in parts]) for key in parts[0]}


def paired_difference(a: np.ndarray, b: np.ndarray) -> tuple[float, float, float]:
    """Mean of ``b - a`` over paired runs, with its 95 % interval (common random numbers)."""
    diff = np.asarray(b, dtype=float) - np.asarray(a, dtype=float)
    half = Z95 * diff.std(ddof=1) / np.sqrt(diff.size)
    return float(diff.mean()), float(diff.mean() - half), float(diff.mean() + half)


def mean_difference(a: np.ndarray, b: np.ndarray) -> tuple[float, float, float]:
    """Difference of means ``mean(b) - mean(a)`` of unpaired samples, with a Welch 95 % interval."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    half = Z95 * np.sqrt(a.var(ddof=1) / a.size + b.var(ddof=1) / b.size)
    diff = b.mean() - a.mean()
    return float(diff), float(diff - half), float(diff + half)


def agreement(records: dict[str, np.ndarray]) -> np.ndarray:
    """Runs that ended in any agreement: a settlement (held or not) or a ceasefire."""
    return np.isin(records["outcome"], AGREEMENT_CODES)


def settlement(records: dict[str, np.ndarray]) -> np.ndarray:
    """Runs that signed a settlement (held at the horizon or broke down)."""
    return np.isin(records["outcome"], SETTLEMENT_CODES)


def first_agreement_week(records: dict[str, np.ndarray], horizon: int) -> np.ndarray:
    """Week of the first ceasefire or settlement, counting runs with none as the horizon."""
    weeks = [records[c] for c in ("ceasefire_week", "settlement_week")]
    first = np.min([np.where(w >= 0, w, horizon) for w in weeks], axis=0)
    return first.astype(float)


def settlement_week(records: dict[str, np.ndarray], horizon: int) -> np.ndarray:
    """Week of the first settlement, counting runs with none as the horizon."""
    return np.where(records["settlement_week"] >= 0, records["settlement_week"], horizon).astype(
        float
    )


def page_texts(box) -> str:
    """Every HTML text and attribute of a rendered Solara page (its widget tree), as one string.

    Attributes are written ``key=value`` (``data-testid=dx-sentence``); HTML keeps its quotes.
    """
    import ipywidgets  # the dashboard extra

    out, todo = [], [box]
    while todo:
        widget = todo.pop()
        out.append(str(getattr(widget, "unsafe_innerHTML", "")))
        attributes = getattr(widget, "attributes", None) or {}
        out.append(" ".join(f"{k}={v}" for k, v in attributes.items()))
        todo.extend(
            c for c in getattr(widget, "children", ()) or () if isinstance(c, ipywidgets.Widget)
        )
    return " ".join(out)
