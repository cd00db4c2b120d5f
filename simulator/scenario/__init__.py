"""The scenario layer: the scenario language, from YAML text to a validated ``Scenario``.

YAML 1.2 loading with line marks, the pydantic schema and its ranges, distributions, ``extends``,
``--set``, errors that name file:line and key, provenance of every value, the JSON Schema and key
reference, the library of shipped scenarios, and the forecast question files beside them.

May import: rules; pydantic and PyYAML.
"""

from simulator.scenario.actors import FRONT
from simulator.scenario.distributions import (
    Beta,
    Dist,
    Distribution,
    Normal,
    Triangular,
    Uniform,
    draw_block,
)
from simulator.scenario.errors import ScenarioError
from simulator.scenario.library import one_line_description, scenarios_dir, shipped_scenarios
from simulator.scenario.loader import Loaded, load_scenario, validate_document
from simulator.scenario.overrides import check_override_path, check_single_value_path
from simulator.scenario.paths import field_bounds, flat_leaves, schema_has_path
from simulator.scenario.provenance import show_text
from simulator.scenario.question_loader import (
    LoadedQuestion,
    is_question_file,
    load_questions,
    question_json_schema_text,
    questions_dir,
    shipped_questions,
)
from simulator.scenario.questions import MEASURES, Question
from simulator.scenario.reference import reference_markdown, scenario_json_schema_text
from simulator.scenario.schema import Scenario
from simulator.scenario.text import terminal_safe
from simulator.scenario.yaml12 import YamlProblem, load_value, load_with_marks

__all__ = [
    "FRONT",
    "MEASURES",
    "Beta",
    "Dist",
    "Distribution",
    "Loaded",
    "LoadedQuestion",
    "Normal",
    "Question",
    "Scenario",
    "ScenarioError",
    "Triangular",
    "Uniform",
    "YamlProblem",
    "check_override_path",
    "check_single_value_path",
    "draw_block",
    "field_bounds",
    "flat_leaves",
    "is_question_file",
    "load_questions",
    "load_scenario",
    "load_value",
    "load_with_marks",
    "one_line_description",
    "question_json_schema_text",
    "questions_dir",
    "reference_markdown",
    "scenario_json_schema_text",
    "scenarios_dir",
    "schema_has_path",
    "shipped_questions",
    "shipped_scenarios",
    "show_text",
    "terminal_safe",
    "validate_document",
]
