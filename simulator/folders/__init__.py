"""The folders layer: the folders a user gets, written whole or not at all.

Run and study folders are staged beside their destination and renamed only when complete; the
runs table is written block by block; finished folders are read back for ``chart`` and
``explain``.

May import: report, analysis, montecarlo, scenario, rules; pyarrow imported late.
"""

from simulator.folders.compare import compare_to_folder
from simulator.folders.discover import discover_to_folder
from simulator.folders.explain import explain_target, write_outputs
from simulator.folders.forecast import read_forecast
from simulator.folders.forecast_run import forecast_to_folder
from simulator.folders.run import run_finish, run_to_folder
from simulator.folders.run_charts import draw_run_charts
from simulator.folders.run_report import (
    finish_run_folder,
    redraw_run_folder,
    write_run_report,
)
from simulator.folders.sensitivity import study_to_folder
from simulator.folders.sweep import sweep_to_folder

__all__ = [
    "compare_to_folder",
    "discover_to_folder",
    "draw_run_charts",
    "explain_target",
    "finish_run_folder",
    "forecast_to_folder",
    "read_forecast",
    "redraw_run_folder",
    "run_finish",
    "run_to_folder",
    "study_to_folder",
    "sweep_to_folder",
    "write_outputs",
    "write_run_report",
]
