"""The dashboard layer: the classroom page.

Headless logic and figures (``levers``, ``settings``, ``pinned``, ``saved``, ``charts``,
``run_chart``, ``look``, ``images``, ``one_run``, ``class_forecast``) and the server that runs
Solara on loopback (``server``); Solara itself only in ``app`` and its views ``app_*``, which
this package does not import.

May import: analysis, montecarlo, engine, scenario, report, rules.
"""

from simulator.dashboard.picker import loaded_source
from simulator.dashboard.server import DashboardError, serve

__all__ = [
    "DashboardError",
    "loaded_source",
    "serve",
]
