"""Global sensitivity analysis: which uncertain assumptions drive the outcome probabilities.

A study fixes the analysed parameters at each point of a SALib design (Morris trajectories or a
Saltelli/Sobol sample), runs the scenario ``R`` times per point with the same master seed
(common random numbers: run i sees the same dice at every point), and hands the outputs to
SALib for the indices. Outputs are the five outcome probabilities and the median week of first
agreement. A one-at-a-time sweep (each parameter at its low and high end, the rest as in the
scenario) feeds the tornado charts. A ``dummy`` parameter the model never reads rides along in
every design as the usual control: its index shows the floor below which an index means nothing.

Decisions where the issue is silent (see also ``docs/sensitivity.md``):

- Parameters are sampled uniformly over their range, whatever the shape of the scenario's
  distribution: the indices say how much the output moves across the plausible range.
- The range of a distribution is its support: uniform and triangular ``low..high``, normal
  ``mean ± 2 sd`` clipped to the field's allowed range, beta the field's whole range.
- "Median week of first agreement" counts runs without any agreement (no ceasefire and no
  settlement) at the horizon, so it is defined at every point; when more than half of the runs
  never agree it equals the horizon.
- Morris mu* is in output units (probability, or weeks) per the parameter's full range.
"""

from __future__ import annotations

import contextlib
import copy
import json
import math
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from simulator import __version__
from simulator.analysis.compare import median_interval
from simulator.engine.model import BLOCK_SIZE
from simulator.folders.run_folder import default_out, resolved_yaml, staged_folder
from simulator.montecarlo.executor import ordered_map
from simulator.montecarlo.runner import BlockResult, run_monte_carlo
from simulator.montecarlo.tally import wilson_interval
from simulator.report.palette import DEFAULT_STYLE
from simulator.report.progress import Progress
from simulator.rules.outcomes import OUTCOMES
from simulator.scenario.config import (
    Loaded,
    Scenario,
    ScenarioError,
    field_bounds,
    flat_leaves,
    schema_has_path,
    validate_document,
)
from simulator.scenario.distributions import Beta, Dist, Normal, Triangular, Uniform

METHODS = ("morris", "sobol")
DUMMY = "dummy"
"""Name of the control parameter that the model never reads."""
MEDIAN_WEEK = "median_agreement_week"
OUTPUTS: tuple[str, ...] = (*OUTCOMES, MEDIAN_WEEK)
DEFAULT_SAMPLES = {"morris": 10, "sobol": 64}
DEFAULT_RUNS_PER_POINT = BLOCK_SIZE
MORRIS_LEVELS = 4
RESAMPLES = 200
TOP = 5


# --------------------------------------------------------------------------- parameters


@dataclass(frozen=True)
class Factor:
    """One analysed parameter: its dotted path, range, and how the scenario states it."""

    name: str
    low: float
    high: float
    stated: str  # how the scenario gives it: "uniform(0.3, 0.7)", "0.2", "never read"
    source: str  # "distribution", "--param" or "dummy"


def parse_param_spec(text: str) -> tuple[str, float, float]:
    """Parse ``KEY=LOW:HIGH``; raise ``ValueError`` with a message a user can act on."""
    key, eq, span = text.partition("=")
    low_text, colon, high_text = span.partition(":")
    if not (eq and colon and key.strip()):
        raise ValueError(
            f"'{text}' must look like KEY=LOW:HIGH (e.g. battlefield.volatility=0.5:2)"
        )
    try:
        low, high = float(low_text), float(high_text)
    except ValueError:
        raise ValueError(f"'{text}': LOW and HIGH must be numbers") from None
    if not (math.isfinite(low) and math.isfinite(high)) or not low < high:
        raise ValueError(f"'{text}': LOW must be a number below HIGH")
    return key.strip(), low, high


def _schema_path(name: str) -> str:
    """The schema field behind a parameter name (``timeline.3.actors.x`` -> ``actors.x``)."""
    parts = name.split(".")
    return ".".join(parts[2:]) if parts[0] == "timeline" else name


def describe(value) -> str:
    """A short human description of a fixed value or a distribution."""
    if isinstance(value, Uniform):
        return f"uniform({value.low:g}, {value.high:g})"
    if isinstance(value, Triangular):
        return f"triangular({value.low:g}, {value.mode:g}, {value.high:g})"
    if isinstance(value, Normal):
        return f"normal({value.mean:g}, sd {value.sd:g})"
    if isinstance(value, Beta):
        return f"beta({value.a:g}, {value.b:g})"
    if isinstance(value, float | int) and not isinstance(value, bool):
        return f"{value:g}"
    return "not set" if value is None else str(value)


def dist_range(dist: Dist, low: float, high: float | None) -> tuple[float, float]:
    """The range a distribution spans on a field allowing ``[low, high]``."""
    if isinstance(dist, Uniform | Triangular):
        return float(dist.low), float(dist.high)
    if isinstance(dist, Normal):
        hi = dist.mean + 2 * dist.sd if high is None else min(high, dist.mean + 2 * dist.sd)
        return max(low, dist.mean - 2 * dist.sd), hi
    if isinstance(dist, Beta) and high is not None:
        return float(low), float(high)
    raise ValueError(f"cannot take a range of {describe(dist)} on [{low}, {high}]")


def _as_dist(value) -> Dist | None:
    """A distribution given inline in a timeline event is still a plain dict there."""
    if isinstance(value, Dist):
        return value
    if isinstance(value, dict) and "dist" in value:
        kinds = {"uniform": Uniform, "normal": Normal, "triangular": Triangular, "beta": Beta}
        return kinds[value["dist"]](**value)
    return None


def stated_values(scenario: Scenario) -> dict[str, object]:
    """Every parameter a study may vary, by the name the engine draws it under, as stated."""
    values = {
        path: value
        for path, value in flat_leaves(scenario).items()
        if path not in ("donors", "timeline")
    }
    for i, donor in enumerate(scenario.donors):
        values[f"donors.{i}.amount_gbp_m"] = donor.amount_gbp_m
    for i, event in enumerate(scenario.timeline):
        for dotted, value in event.set.items():
            values[f"timeline.{i}.{dotted}"] = _as_dist(value) or value
    return values


def scenario_factors(scenario: Scenario) -> list[Factor]:
    """The scenario's uncertain parameters (given as distributions) over their ranges."""
    factors = []
    for name, value in stated_values(scenario).items():
        if not isinstance(value, Dist):
            continue
        bounds = field_bounds(_schema_path(name))
        low, high = dist_range(value, bounds.low, bounds.high) if bounds else (0.0, 0.0)
        if low < high:  # a degenerate distribution is a fixed number in disguise
            factors.append(Factor(name, float(low), float(high), describe(value), "distribution"))
    return factors


def param_factors(scenario: Scenario, specs: Iterable[tuple[str, float, float]]) -> list[Factor]:
    """Factors from ``--param KEY=LOW:HIGH``; raise ``ScenarioError`` for a key or range refused."""
    stated = stated_values(scenario)
    factors: list[Factor] = []
    for key, low, high in specs:
        if key == DUMMY:
            raise ScenarioError(
                f"'{DUMMY}' is the control every study carries already", key=key, file="--param"
            )
        if any(f.name == key for f in factors):
            raise ScenarioError("is given twice", key=key, file="--param")
        schema = _schema_path(key)
        known = key in stated or (
            not key.startswith(("timeline.", "donors.")) and schema_has_path(tuple(key.split(".")))
        )
        bounds = field_bounds(schema) if known else None
        if bounds is None:
            what = "has no such key" if not known else "is not a continuous number"
            raise ScenarioError(
                f"the scenario {what}; --param takes a continuous parameter of the scenario "
                "(see `negsim show`), e.g. battlefield.russian_momentum=0.2:0.8",
                key=key,
                file="--param",
            )
        if low < bounds.low or (bounds.high is not None and high > bounds.high):
            allowed = (
                f"between {bounds.low:g} and {bounds.high:g}"
                if bounds.high is not None
                else f">= {bounds.low:g}"
            )
            raise ScenarioError(
                f"range {low:g}:{high:g} leaves the allowed values ({allowed})",
                key=key,
                file="--param",
            )
        factors.append(Factor(key, low, high, describe(stated.get(key)), "--param"))
    return factors


def with_dummy(factors: Sequence[Factor]) -> list[Factor]:
    """The factors plus the control parameter that nothing reads."""
    return [*factors, Factor(DUMMY, 0.0, 1.0, "never read", "dummy")]


# --------------------------------------------------------------------------- sample points


class PointBuilder:
    """Builds the validated scenario of one sample point: the base with some values fixed."""

    def __init__(self, loaded: Loaded):
        self.loaded = loaded
        events = loaded.raw.get("timeline") or []
        # Scenario.timeline is sorted by week (stable): map its index back to the file's order.
        self.event_index = sorted(range(len(events)), key=lambda j: events[j]["week"])

    def scenario(self, values: dict[str, float]) -> Scenario:
        """The base scenario with each named parameter fixed; raises ``ScenarioError``."""
        raw = copy.deepcopy(self.loaded.raw)
        for name, value in values.items():
            if name != DUMMY:
                self._set(raw, name, float(value))
        try:
            return validate_document(raw, self.loaded.origin, self.loaded.source)
        except ScenarioError as exc:
            fixed = ", ".join(f"{k}={v:g}" for k, v in values.items() if k != DUMMY)
            raise ScenarioError(f"{exc} (at the sample point {fixed})") from None

    def _set(self, raw: dict, name: str, value: float) -> None:
        parts = name.split(".")
        if parts[0] == "timeline":
            event = raw["timeline"][self.event_index[int(parts[1])]]
            event["set"][".".join(parts[2:])] = value
            return
        node = raw
        for part in parts[:-1]:
            if isinstance(node, list):
                node = node[int(part)]
                continue
            child = node.get(part)
            if not isinstance(child, dict | list):
                child = {}
                node[part] = child
            node = child
        node[parts[-1]] = value


# --------------------------------------------------------------------------- evaluation


@dataclass
class PointResult:
    """What one sample point produced: outcome counts and the median week of first agreement."""

    runs: int
    counts: list[int]
    agreements: int
    median_week: float
    median_ci: tuple[float, float]  # 95 % order-statistic interval of the median

    def outputs(self) -> np.ndarray:
        """The study's outputs at this point, in ``OUTPUTS`` order."""
        return np.array([*(c / self.runs for c in self.counts), self.median_week])


def evaluate_point(scenario: Scenario, runs: int) -> PointResult:
    """Run one point ``runs`` times with the scenario's seed (the same dice at every point)."""
    firsts: list[np.ndarray] = []
    horizon = scenario.simulation.weeks

    def on_block(result: BlockResult) -> None:
        rec = result.records
        cease, settle = rec["ceasefire_week"], rec["settlement_week"]
        never = np.int64(horizon)
        first = np.minimum(np.where(cease >= 0, cease, never), np.where(settle >= 0, settle, never))
        firsts.append(first)

    tally = run_monte_carlo(scenario, runs, 1, on_block, keep_records=True)
    median = median_interval(np.concatenate(firsts))  # every run counts (none: the horizon)
    return PointResult(
        runs=tally.runs,
        counts=[int(c) for c in tally.outcomes],
        agreements=int(np.count_nonzero(np.concatenate(firsts) < horizon)),
        median_week=median["median"],
        median_ci=tuple(median["ci95"]),
    )


def iter_points(
    scenarios: Sequence[Scenario], runs: int, workers: int = 1, dask: str | None = None
) -> Iterator[PointResult]:
    """Yield every point's result in order, through the executor (here, pool or Dask).

    Parallel work is spread over points (one task per point, each running the block runner in
    one process), since a point is usually a single block. Results do not depend on where a
    point ran. Close the iterator (or let an exception pass) to stop the workers.
    """
    tasks = [(scenario, runs) for scenario in scenarios]
    return ordered_map(evaluate_point, tasks, workers, dask, name="point")


def evaluate_points(
    scenarios: Sequence[Scenario],
    runs: int,
    workers: int = 1,
    on_point: Callable[[], None] | None = None,
    dask: str | None = None,
) -> list[PointResult]:
    """Every point's result, in order; ``on_point`` is called as each one arrives."""
    results: list[PointResult] = []
    with contextlib.closing(iter_points(scenarios, runs, workers, dask)) as points:
        for result in points:
            results.append(result)
            if on_point:
                on_point()
    return results


# --------------------------------------------------------------------------- design and indices


def design_problem(method: str, samples: int) -> str | None:
    """What is wrong with a design size, or None (Sobol needs a power of two)."""
    if method not in METHODS:
        return f"method must be one of {', '.join(METHODS)} (got {method!r})"
    if method == "sobol" and (samples < 2 or samples & (samples - 1)):
        lower = 1 << max(1, samples.bit_length() - 1)
        return (
            f"Sobol sample sizes must be a power of two (2, 4, 8, ..., 64, ...); got {samples}, "
            f"try {lower} or {lower * 2}"
        )
    if method == "morris" and samples < 2:
        return f"Morris needs at least 2 trajectories (got {samples})"
    return None


def salib_problem(factors: Sequence[Factor]) -> dict:
    """The SALib problem definition of a list of factors."""
    return {
        "num_vars": len(factors),
        "names": [f.name for f in factors],
        "bounds": [[f.low, f.high] for f in factors],
    }


def sample_design(method: str, factors: Sequence[Factor], samples: int, seed: int) -> np.ndarray:
    """The SALib sample matrix (one row per point) for the method."""
    problem = salib_problem(factors)
    rng = np.random.default_rng(seed)
    if method == "morris":
        from SALib.sample import morris

        return morris.sample(problem, samples, num_levels=MORRIS_LEVELS, seed=rng)
    from SALib.sample import sobol

    return sobol.sample(problem, samples, calc_second_order=False, seed=rng)


def analyse(
    method: str, factors: Sequence[Factor], X: np.ndarray, Y: np.ndarray, seed: int
) -> dict[str, dict[str, float]]:
    """SALib indices of one output, by parameter name (a constant output gives zeros)."""
    problem = salib_problem(factors)
    keys = (
        ("mu_star", "mu_star_conf", "sigma", "mu")
        if method == "morris"
        else ("S1", "S1_conf", "ST", "ST_conf")
    )
    if np.ptp(Y) == 0:
        return {f.name: dict.fromkeys(keys, 0.0) for f in factors}
    rng = np.random.default_rng(seed)
    with np.errstate(divide="ignore", invalid="ignore"):
        if method == "morris":
            from SALib.analyze import morris

            result = morris.analyze(
                problem, X, Y, num_resamples=RESAMPLES, num_levels=MORRIS_LEVELS, seed=rng
            )
        else:
            from SALib.analyze import sobol

            result = sobol.analyze(
                problem, Y, calc_second_order=False, num_resamples=RESAMPLES, seed=rng
            )
    return {
        f.name: {k: float(np.asarray(result[k], dtype=float)[i]) for k in keys}
        for i, f in enumerate(factors)
    }


def main_index(method: str) -> tuple[str, str]:
    """The index a study ranks by, and its confidence half-width."""
    return ("mu_star", "mu_star_conf") if method == "morris" else ("ST", "ST_conf")


def ranking(method: str, indices: dict[str, dict[str, float]]) -> list[dict]:
    """Parameters from the strongest driver down, each flagged if it clears the dummy's noise.

    A parameter is ``above_noise`` when the lower end of its index's 95 % interval lies above
    the upper end of the dummy's.
    """
    key, conf = main_index(method)
    dummy = indices[DUMMY]
    floor = _finite(dummy[key]) + _finite(dummy[conf])
    rows = []
    for name, row in indices.items():
        value = _finite(row[key])
        rows.append(
            {
                "parameter": name,
                key: value,
                "above_noise": name != DUMMY and value - _finite(row[conf]) > floor,
            }
        )
    return sorted(rows, key=lambda r: (-r[key], r["parameter"]))


def _finite(x: float) -> float:
    return x if math.isfinite(x) else 0.0


# --------------------------------------------------------------------------- the study


@dataclass
class StudySettings:
    """How a study is run (method, design size, runs per point, workers)."""

    method: str = "morris"
    samples: int | None = None
    runs_per_point: int = DEFAULT_RUNS_PER_POINT
    workers: int = 1
    dask: str | None = None  # address of a Dask scheduler: points run there

    def __post_init__(self):
        if self.samples is None:
            self.samples = DEFAULT_SAMPLES[self.method]


def run_study(
    loaded: Loaded,
    factors: Sequence[Factor],
    settings: StudySettings,
    on_point: Callable[[], None] | None = None,
    tornado: bool = True,
) -> dict:
    """Run the design and (optionally) the one-at-a-time sweep; return ``sensitivity.json``.

    ``factors`` are the real parameters; the dummy is added here. Every point and the sweep are
    validated before anything runs, so a bad range fails fast.
    """
    problem = design_problem(settings.method, settings.samples)
    if problem:
        raise ValueError(problem)
    check_factors(loaded, factors)
    all_factors = with_dummy(factors)
    seed = loaded.scenario.simulation.seed
    X = sample_design(settings.method, all_factors, settings.samples, seed)
    names = [f.name for f in all_factors]
    builder = PointBuilder(loaded)
    oat = _oat_points(factors) if tornado else []
    scenarios = [builder.scenario(v) for v in oat]
    scenarios += [builder.scenario(dict(zip(names, row, strict=True))) for row in X]
    started = time.perf_counter()
    results = evaluate_points(
        scenarios, settings.runs_per_point, settings.workers, on_point, settings.dask
    )
    elapsed = time.perf_counter() - started
    oat_results, design_results = results[: len(oat)], results[len(oat) :]
    Y = np.array([r.outputs() for r in design_results])

    outputs = {}
    for j, output in enumerate(OUTPUTS):
        indices = analyse(settings.method, all_factors, X, Y[:, j], seed)
        entry = {
            "kind": "weeks" if output == MEDIAN_WEEK else "probability",
            "constant": bool(np.ptp(Y[:, j]) == 0),
            "design_range": [float(Y[:, j].min()), float(Y[:, j].max())],
            "indices": indices,
            "ranking": ranking(settings.method, indices),
        }
        if tornado:
            entry["base"] = _point_value(oat_results[0], j, loaded.scenario.simulation.weeks)
            entry["tornado"] = _tornado(factors, oat_results, j, loaded.scenario.simulation.weeks)
        outputs[output] = entry

    sim = loaded.scenario.simulation
    runs = settings.runs_per_point
    notes = [
        "Common random numbers: every point is run with the same seed, so run i sees the same "
        "dice everywhere and differences between points come from the parameters.",
        "The dummy parameter is never read by the model: its index is the noise floor.",
        "Parameters are sampled uniformly over their ranges.",
        f"{MEDIAN_WEEK}: runs with no agreement count as week {sim.weeks} (the horizon).",
    ]
    if runs % BLOCK_SIZE:
        notes.append(
            f"Each point simulates whole blocks of {BLOCK_SIZE} worlds; {runs} runs per point "
            f"use {runs / (-(-runs // BLOCK_SIZE) * BLOCK_SIZE):.0%} of the work done."
        )
    return {
        "scenario": loaded.scenario.name,
        "source": loaded.source,
        "scenario_sha256": loaded.sha256,
        "version": __version__,
        "method": settings.method,
        "samples": settings.samples,
        "points": len(design_results),
        "tornado_points": len(oat_results),
        "runs_per_point": runs,
        "total_runs": runs * len(results),
        "seed": sim.seed,
        "weeks": sim.weeks,
        "start_date": sim.start_date.isoformat(),
        "index": main_index(settings.method)[0],
        "parameters": [asdict(f) for f in all_factors],
        "outputs": outputs,
        "notes": notes,
        "elapsed_seconds": round(elapsed, 1),
        "design": {
            "columns": [*names, *OUTPUTS],
            "rows": [[*map(float, x), *map(float, y)] for x, y in zip(X, Y, strict=True)],
        },
    }


def check_factors(loaded: Loaded, factors: Sequence[Factor]) -> None:
    """A study needs at least one real parameter; raise ``ScenarioError`` otherwise."""
    if not factors:
        raise ScenarioError(
            "has no uncertain parameters (none is given as a distribution); "
            "name some with --param KEY=LOW:HIGH",
            file=loaded.source,
        )


def _oat_points(factors: Sequence[Factor]) -> list[dict[str, float]]:
    """Base scenario, then each parameter at its low end and at its high end."""
    points: list[dict[str, float]] = [{}]
    for f in factors:
        points += [{f.name: f.low}, {f.name: f.high}]
    return points


def _point_value(result: PointResult, j: int, weeks: int) -> dict:
    """One output at one point, with its 95 % interval (Wilson, or order statistics)."""
    if OUTPUTS[j] == MEDIAN_WEEK:
        return {
            "value": result.median_week,
            "ci95": list(result.median_ci),
            "runs": result.runs,
            "agreements": result.agreements,
            "horizon": weeks,
        }
    count = result.counts[j]
    low, high = wilson_interval(count, result.runs)
    return {
        "value": round(count / result.runs, 6),
        "count": count,
        "runs": result.runs,
        "ci95": [round(low, 6), round(high, 6)],
    }


def _tornado(factors: Sequence[Factor], results: Sequence[PointResult], j: int, weeks: int):
    """One-at-a-time swings of output ``j``, largest first."""
    rows = []
    for i, f in enumerate(factors):
        low = _point_value(results[1 + 2 * i], j, weeks)
        high = _point_value(results[2 + 2 * i], j, weeks)
        rows.append(
            {
                "parameter": f.name,
                "low": {"at": f.low, **low},
                "high": {"at": f.high, **high},
                "swing": round(abs(high["value"] - low["value"]), 6),
            }
        )
    return sorted(rows, key=lambda r: (-r["swing"], r["parameter"]))


# --------------------------------------------------------------------------- folder and text


def count_points(method: str, n_factors: int, samples: int, tornado: bool = True) -> int:
    """How many scenario points a study runs (design plus one-at-a-time sweep)."""
    k = n_factors + 1  # the dummy
    design = samples * (k + 1) if method == "morris" else samples * (k + 2)
    return design + (1 + 2 * n_factors if tornado else 0)


def study_to_folder(
    loaded: Loaded,
    factors: Sequence[Factor],
    settings: StudySettings,
    out: Path | None,
    overwrite: bool = False,
    featured: str = "war_continues",
    command: str | None = None,
    style: str = DEFAULT_STYLE,
) -> tuple[Path, str]:
    """Run a study and write its folder (json, design csv, charts, report); return folder, text.

    The folder is staged: on any error or Ctrl-C nothing half-written is left behind.
    """
    from simulator.report.parameters import parameter_rows
    from simulator.report.sensitivity_charts import draw_charts, write_report

    check_factors(loaded, factors)
    out = Path(out) if out is not None else default_out(Path(loaded.source).stem + "-sensitivity")
    with staged_folder(out, overwrite) as stage:
        progress = Progress(
            count_points(settings.method, len(factors), settings.samples), "sample points"
        )
        try:
            doc = run_study(loaded, factors, settings, progress.advance)
        finally:
            progress.close()
        doc |= {"featured": featured, "command": command, "provenance": parameter_rows(loaded)}
        doc = _clean(doc)
        (stage / "scenario.yaml").write_text(resolved_yaml(loaded), encoding="utf-8")
        (stage / "sensitivity.json").write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
        _write_design_csv(stage / "points.csv", doc["design"])
        write_report(doc, stage, draw_charts(doc, stage, style))
    return out, format_study(doc)


def _write_design_csv(path: Path, design: dict) -> None:
    lines = [",".join(design["columns"])]
    lines += [",".join(f"{v:.6g}" for v in row) for row in design["rows"]]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _clean(value):
    """JSON-safe: NaN and infinities become null, floats rounded to 6 significant places."""
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    if isinstance(value, float):
        return float(f"{value:.6g}") if math.isfinite(value) else None
    return value


def _num(x: float | None, width: int = 8) -> str:
    return f"{'n/a':>{width}}" if x is None else f"{x:{width}.3f}"


def format_study(doc: dict) -> str:
    """Top drivers of each output as plain text for the terminal."""
    key = doc["index"]
    label = {"mu_star": "mu*", "ST": "ST"}[key]
    conf = f"{key}_conf"
    lines = [
        f"{doc['scenario']}: {doc['method']} study, {doc['points']} design points"
        f" + {doc['tornado_points']} one-at-a-time points, {doc['runs_per_point']} runs each, "
        f"seed {doc['seed']}",
    ]
    for output, entry in doc["outputs"].items():
        base = entry.get("base")
        head = f"\n{output}"
        if base and output != MEDIAN_WEEK:
            head += (
                f" (base {base['value']:.3f}, 95% [{base['ci95'][0]:.3f}, {base['ci95'][1]:.3f}])"
            )
        elif base:
            head += (
                f" (base week {base['value']:g}, 95% [{base['ci95'][0]:g}, {base['ci95'][1]:g}];"
                f" {base['agreements']}/{base['runs']} runs agree)"
            )
        lines.append(head)
        if entry["constant"]:
            lines.append("  constant across the design: no parameter moves it")
            continue
        dummy = entry["indices"][DUMMY]
        shown = [r for r in entry["ranking"] if r["parameter"] != DUMMY][:TOP]
        for rank, row in enumerate(shown, 1):
            idx = entry["indices"][row["parameter"]]
            flag = "" if row["above_noise"] else "  (within noise)"
            value = f"{label} {_num(idx[key])} ± {_num(idx[conf], 0)}"
            lines.append(f"  {rank}. {row['parameter']:<44}{value}{flag}")
        lines.append(
            f"     {'dummy (noise floor)':<44}{label} {_num(dummy[key])} ± {_num(dummy[conf], 0)}"
        )
    lines.append("\nIllustrative model output, not a forecast.")
    return "\n".join(lines)
