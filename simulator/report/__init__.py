"""The report layer: what a person reads — terminal text, charts, HTML pages, the palette.

It never runs the engine and never picks a folder: it is given documents and the paths to draw
into. Matplotlib is imported inside the drawing functions, so a run without charts never loads it.

May import: analysis, montecarlo (tally types), scenario, rules; matplotlib inside functions.
"""

from simulator.report.compare_charts import draw_comparison_charts
from simulator.report.compare_report import write_comparison_report
from simulator.report.compare_text import format_comparison
from simulator.report.discovery_charts import draw_discovery_charts
from simulator.report.discovery_report import write_discovery_report
from simulator.report.discovery_sentence import box_sentence, parameter_label, with_sentences
from simulator.report.discovery_text import format_discovery
from simulator.report.explain_chart import draw_timeline
from simulator.report.explain_narration import narrate_week
from simulator.report.explain_render import render_json, render_markdown, render_text
from simulator.report.explain_text import story_records
from simulator.report.figures import save_figure, style_of
from simulator.report.forecast_chart import draw_forecasts, forecast_stems, save_forecast_charts
from simulator.report.forecast_report import forecast_section
from simulator.report.forecast_text import forecast_note, format_forecast
from simulator.report.json_text import finite_or_null, json_text
from simulator.report.palette import (
    ACTOR_COLOURS,
    ACTOR_LABELS,
    ACTOR_MARKERS,
    BATTLEFIELD_COLOUR,
    CEASEFIRE_COLOUR,
    CEASEFIRE_SHADE,
    DEFAULT_STYLE,
    DISCLAIMER,
    INDICATOR_LABELS,
    ISSUE_LABELS,
    OUTCOME_COLOURS,
    OUTCOME_LABELS,
    SETTLEMENT_COLOUR,
    STATE_COLOURS,
    STATE_LABELS,
    STYLES,
    TRUCE_COLOUR,
    TRUCE_LABEL,
)
from simulator.report.parameters import parameter_rows
from simulator.report.progress import Progress, Step
from simulator.report.run_charts import CHARTS, draw_run_figure
from simulator.report.run_data import STATES, RunData
from simulator.report.run_report import run_report
from simulator.report.sensitivity_charts import draw_charts
from simulator.report.sensitivity_report import write_report
from simulator.report.sensitivity_text import format_study
from simulator.report.sweep_charts import draw_sweep_chart
from simulator.report.sweep_report import write_sweep_report
from simulator.report.sweep_text import format_sweep
from simulator.report.terminal import format_summary

__all__ = [
    "ACTOR_COLOURS",
    "ACTOR_LABELS",
    "ACTOR_MARKERS",
    "BATTLEFIELD_COLOUR",
    "CEASEFIRE_COLOUR",
    "CEASEFIRE_SHADE",
    "CHARTS",
    "DEFAULT_STYLE",
    "DISCLAIMER",
    "INDICATOR_LABELS",
    "ISSUE_LABELS",
    "OUTCOME_COLOURS",
    "OUTCOME_LABELS",
    "SETTLEMENT_COLOUR",
    "STATES",
    "STATE_COLOURS",
    "STATE_LABELS",
    "STYLES",
    "TRUCE_COLOUR",
    "TRUCE_LABEL",
    "Progress",
    "RunData",
    "Step",
    "box_sentence",
    "draw_charts",
    "draw_comparison_charts",
    "draw_discovery_charts",
    "draw_forecasts",
    "draw_run_figure",
    "draw_sweep_chart",
    "draw_timeline",
    "finite_or_null",
    "forecast_note",
    "forecast_section",
    "forecast_stems",
    "format_comparison",
    "format_discovery",
    "format_forecast",
    "format_study",
    "format_summary",
    "format_sweep",
    "json_text",
    "narrate_week",
    "parameter_label",
    "parameter_rows",
    "render_json",
    "render_markdown",
    "render_text",
    "run_report",
    "save_figure",
    "save_forecast_charts",
    "story_records",
    "style_of",
    "with_sentences",
    "write_comparison_report",
    "write_discovery_report",
    "write_report",
    "write_sweep_report",
]
