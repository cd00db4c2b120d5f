"""The analysis layer: studies that turn runs into JSON-ready documents.

Compare, sweep, sensitivity, explain's replay and week records, and the forecast of published
questions with its scores. No files, no matplotlib, no
click: what these return is data that ``report`` words and draws and ``folders`` writes.

May import: montecarlo, engine, scenario, rules; SALib imported late.
"""

from simulator.analysis.compare import (
    comparison_document,
    load_for_comparison,
    run_comparison,
    unique_labels,
)
from simulator.analysis.discovery import (
    DEFAULT_MIN_COVERAGE,
    MIN_RUNS,
    DiscoveryError,
    check_outcome,
    check_request,
    discover,
    outcome_cases,
    outcome_name,
    widened_overrides,
)
from simulator.analysis.explain_story import story_outline
from simulator.analysis.explain_week import OWN_EDGE, WorldBefore, week_records, world_before
from simulator.analysis.forecast import (
    FORECAST_COLUMNS,
    ForecastTally,
    agreement_weeks,
    applicable,
    question_entry,
    run_bins,
)
from simulator.analysis.forecast_scores import LOG_FLOOR, brier_score, log_score, scores
from simulator.analysis.replay import ExplainError, Story, replay, replay_many
from simulator.analysis.sensitivity import (
    DEFAULT_RUNS_PER_POINT,
    MEDIAN_WEEK,
    OUTPUTS,
    StudySettings,
    check_factors,
    run_study,
)
from simulator.analysis.sensitivity_design import count_points, design_problem
from simulator.analysis.sensitivity_factors import (
    DUMMY,
    Factor,
    param_factors,
    parse_param_spec,
    scenario_factors,
)
from simulator.analysis.statistics import (
    DEFINITIONS,
    DERIVED_NAMES,
    INDICATORS,
    MEDIAN_WEEKS,
    SETTLEMENT,
    MedianWeek,
    indicator_label,
)
from simulator.analysis.sweep import (
    load_sweep,
    numeric_axis,
    parse_values,
    sweep_document,
    sweep_rows,
)

__all__ = [
    "DEFAULT_MIN_COVERAGE",
    "DEFAULT_RUNS_PER_POINT",
    "DEFINITIONS",
    "DERIVED_NAMES",
    "DUMMY",
    "FORECAST_COLUMNS",
    "INDICATORS",
    "LOG_FLOOR",
    "MEDIAN_WEEK",
    "MEDIAN_WEEKS",
    "MIN_RUNS",
    "OUTPUTS",
    "OWN_EDGE",
    "SETTLEMENT",
    "DiscoveryError",
    "ExplainError",
    "Factor",
    "ForecastTally",
    "MedianWeek",
    "Story",
    "StudySettings",
    "WorldBefore",
    "agreement_weeks",
    "applicable",
    "brier_score",
    "check_factors",
    "check_outcome",
    "check_request",
    "comparison_document",
    "count_points",
    "design_problem",
    "discover",
    "indicator_label",
    "load_for_comparison",
    "load_sweep",
    "log_score",
    "numeric_axis",
    "outcome_cases",
    "outcome_name",
    "param_factors",
    "parse_param_spec",
    "parse_values",
    "question_entry",
    "replay",
    "replay_many",
    "run_bins",
    "run_comparison",
    "run_study",
    "scenario_factors",
    "scores",
    "story_outline",
    "sweep_document",
    "sweep_rows",
    "unique_labels",
    "week_records",
    "widened_overrides",
    "world_before",
]
