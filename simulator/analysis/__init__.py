"""The analysis layer: studies that turn runs into JSON-ready documents.

Compare, sweep, sensitivity and explain's replay and week records. No files, no matplotlib, no
click: what these return is data that ``report`` words and draws and ``folders`` writes.

May import: montecarlo, engine, scenario, rules; SALib imported late.
"""

from simulator.analysis.compare import (
    comparison_document,
    load_for_comparison,
    run_comparison,
    unique_labels,
)
from simulator.analysis.explain_story import story_outline
from simulator.analysis.explain_week import OWN_EDGE, WorldBefore, week_records, world_before
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
    "DEFAULT_RUNS_PER_POINT",
    "DEFINITIONS",
    "DERIVED_NAMES",
    "DUMMY",
    "INDICATORS",
    "MEDIAN_WEEK",
    "MEDIAN_WEEKS",
    "OUTPUTS",
    "OWN_EDGE",
    "SETTLEMENT",
    "ExplainError",
    "Factor",
    "MedianWeek",
    "Story",
    "StudySettings",
    "WorldBefore",
    "check_factors",
    "comparison_document",
    "count_points",
    "design_problem",
    "indicator_label",
    "load_for_comparison",
    "load_sweep",
    "numeric_axis",
    "param_factors",
    "parse_param_spec",
    "parse_values",
    "replay",
    "replay_many",
    "run_comparison",
    "run_study",
    "scenario_factors",
    "story_outline",
    "sweep_document",
    "sweep_rows",
    "unique_labels",
    "week_records",
    "world_before",
]
