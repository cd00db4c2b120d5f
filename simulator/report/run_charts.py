"""The six charts of a run folder, drawn only from what the folder keeps.

Everything comes from ``summary.json``, ``weekly.npz`` (per-week fixed-bin histograms and
counts, plus the histograms of settled terms and weeks of aid pause) and ``scenario.yaml``,
so ``negsim chart RUN_DIR`` redraws exactly the charts ``negsim run`` drew. Matplotlib is
imported inside the drawing functions (``negsim run --no-charts`` never imports it), figures are
built with ``matplotlib.figure.Figure`` and the Agg renderer, never pyplot: no display, no
global figure state.

Week axes show the week index w (0 = the week that starts on ``simulation.start_date``) and, on
top, the calendar date that week starts; values are read at the end of week w's negotiations.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from simulator.folders.run_folder import OutputError
from simulator.montecarlo.tally import Weekly
from simulator.report.figures import (
    BAND_LABEL,
    add_date_axis,
    finish_figure,
    footer_text,
    new_figure,
    save_figure,
    steps,
    style_of,
    wilson_band,
)
from simulator.report.palette import (
    ACTOR_COLOURS,
    ACTOR_LABELS,
    ACTOR_MARKERS,
    BATTLEFIELD_COLOUR,
    CEASEFIRE_COLOUR,
    CEASEFIRE_SHADE,
    DEFAULT_STYLE,
    ISSUE_LABELS,
    OUTCOME_COLOURS,
    OUTCOME_LABELS,
    SETTLEMENT_COLOUR,
    Style,
)
from simulator.rules.negotiation import ISSUES
from simulator.rules.outcomes import OUTCOMES
from simulator.scenario.config import Scenario, ScenarioError, load_scenario, validate_document
from simulator.scenario.yaml12 import load_with_marks

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure


@dataclass
class RunData:
    """What a run folder keeps for its charts."""

    folder: Path
    summary: dict
    weekly: Weekly
    arrays: dict[str, np.ndarray]
    scenario: Scenario

    @classmethod
    def load(cls, folder: Path | str) -> RunData:
        """Read a finished run folder; ``OutputError`` names what is missing."""
        folder = Path(folder)
        needed = ("summary.json", "weekly.npz", "scenario.yaml")
        missing = [name for name in needed if not (folder / name).is_file()]
        if missing:
            raise OutputError(
                f"{folder} is not a finished run folder: {', '.join(missing)} missing "
                "(a run folder holds summary.json, weekly.npz and scenario.yaml)"
            )
        summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
        with np.load(folder / "weekly.npz") as npz:
            arrays = {key: npz[key] for key in npz.files}
        if "final.terms.ceasefire" not in arrays or "hist.russia.table_value" not in arrays:
            raise OutputError(
                f"{folder / 'weekly.npz'} lacks the aggregates the charts need (written by an "
                "older negsim); run the scenario again to chart it"
            )
        weekly = Weekly.from_arrays(arrays)
        scenario = read_resolved_scenario(folder / "scenario.yaml")
        return cls(folder, summary, weekly, arrays, scenario)

    @property
    def name(self) -> str:
        """Scenario name."""
        return self.summary["scenario"]

    @property
    def runs(self) -> int:
        """Number of Monte Carlo runs."""
        return int(self.summary["runs"])

    @property
    def start_date(self) -> dt.date:
        """Calendar date of week 0."""
        return dt.date.fromisoformat(self.summary.get("start_date", "2025-03-13"))

    def footer(self) -> str:
        """The footer every chart carries, because charts get cropped and shared."""
        return footer_text(self.name, self.runs, self.summary["seed"], self.summary["version"])


def read_resolved_scenario(path: Path) -> Scenario:
    """The validated scenario of a run folder's ``scenario.yaml``.

    The resolved file may hold ``start_date`` as a quoted ISO string (a JSON dump); it is read
    back as a date, so folders written either way chart the same.
    """
    try:
        return load_scenario(path).scenario
    except ScenarioError:
        data, _ = load_with_marks(path.read_text(encoding="utf-8"), str(path))
        start = (data.get("simulation") or {}).get("start_date")
        if not isinstance(start, str):
            raise
        data["simulation"]["start_date"] = dt.date.fromisoformat(start)
        return validate_document(data, {}, str(path))


def week_axis(ax: Axes, data: RunData) -> None:
    """Week index below, calendar dates above."""
    ax.set_xlim(0, data.weekly.weeks)
    ax.set_xlabel("Week of the simulation (weeks)")
    add_date_axis(ax, data.start_date)


def _share_step(ax, weeks, counts, runs, colour, dash, label, alpha, label_band) -> None:
    """A weekly share of runs (%) as a step line over its 95 % Wilson band."""
    low, high = wilson_band(counts, runs)
    ax.fill_between(
        weeks,
        steps(low),
        steps(high),
        step="post",
        color=colour,
        alpha=alpha,
        linewidth=0,
        label="95 % interval" if label_band else None,
    )
    ax.step(
        weeks,
        steps(100.0 * counts / runs),
        where="post",
        color=colour,
        linestyle=dash,
        label=label,
    )


def _run_title(data: RunData, what: str, extra: str = "") -> str:
    return f"{data.name}: {what} ({data.runs:,} runs{extra})"


# --------------------------------------------------------------------------- 1. outcomes


def outcome_chart(data: RunData, style: Style) -> Figure:
    """A bar per outcome with its 95 % Wilson interval."""
    fig, axes = new_figure(style)
    ax = axes[0, 0]
    outcomes = data.summary["outcomes"]
    tops = []
    for i, name in enumerate(OUTCOMES):
        row = outcomes[name]
        p = 100.0 * row["probability"]
        low, high = (100.0 * v for v in row["ci95"])
        ax.bar(i, p, width=0.7, color=OUTCOME_COLOURS[name], edgecolor="black", linewidth=0.6)
        ax.errorbar(
            i,
            p,
            yerr=[[p - low], [high - p]],
            fmt="none",
            ecolor="black",
            elinewidth=style.line * 0.8,
            capsize=style.font * 0.5,
            label="95 % interval (Wilson)" if i == 0 else None,
        )
        ax.annotate(
            f"{p:.1f} %",
            (i, high),
            xytext=(0, 4),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=style.font * 0.9,
        )
        tops.append(high)
    ax.set_xticks(range(len(OUTCOMES)), [OUTCOME_LABELS[k].replace(" ", "\n", 1) for k in OUTCOMES])
    ax.set_ylim(0, min(100.0, max(tops) * 1.18 + 3.0))
    ax.set_ylabel("Share of runs (%)")
    ax.set_xlabel(f"Outcome at the horizon (week {data.summary['weeks']})")
    ax.grid(axis="x", visible=False)
    ax.legend(loc="upper left")
    finish_figure(fig, _run_title(data, "outcomes"), data.footer(), style)
    return fig


# --------------------------------------------------------------------------- 2. timing


def agreement_timing_chart(data: RunData, style: Style) -> Figure:
    """Cumulative share of runs with a first ceasefire and with a settlement, by week."""
    fig, axes = new_figure(style)
    ax = axes[0, 0]
    weeks = np.arange(data.weekly.weeks + 1)
    series = (
        ("first_ceasefire", "First ceasefire agreed", CEASEFIRE_COLOUR, "-"),
        ("settled", "Comprehensive settlement", SETTLEMENT_COLOUR, "--"),
    )
    for i, (key, label, colour, dash) in enumerate(series):
        _share_step(ax, weeks, data.weekly.counts[key], data.runs, colour, dash, label, 0.3, i == 0)
    ax.set_ylim(0, 100)
    ax.set_ylabel("Runs with an agreement by this week (%)")
    week_axis(ax, data)
    ax.legend(loc="upper left")
    finish_figure(fig, _run_title(data, "time to agreement"), data.footer(), style)
    return fig


# --------------------------------------------------------------------------- 3. terms


def hist_quantiles(counts: np.ndarray, edges: np.ndarray, qs) -> list[float]:
    """Quantiles of a fixed-bin histogram (bin centres)."""
    cum = np.cumsum(counts)
    total = cum[-1]
    centres = 0.5 * (edges[:-1] + edges[1:])
    return [float(centres[np.searchsorted(cum, q * total - 1e-9)]) for q in qs]


def spread(value) -> tuple[float, float, float]:
    """Mean and a sensible range of a fixed number or a distribution on [0, 1]."""
    if isinstance(value, int | float):
        return float(value), float(value), float(value)
    kind = value.dist
    if kind in ("uniform", "triangular"):
        return value.mean_value(0.0, 1.0), value.low, value.high
    if kind == "normal":
        return value.mean, max(0.0, value.mean - 2 * value.sd), min(1.0, value.mean + 2 * value.sd)
    a, b = value.a, value.b
    mean = a / (a + b)
    sd = float(np.sqrt(a * b / ((a + b) ** 2 * (a + b + 1))))
    return mean, max(0.0, mean - 2 * sd), min(1.0, mean + 2 * sd)


def terms_chart(data: RunData, style: Style) -> Figure:
    """Each issue's settled terms (settlements only), with actors' ideal points and red lines."""
    fig, axes = new_figure(style)
    ax = axes[0, 0]
    n = int(data.summary["outcomes"]["comprehensive_settlement"]["count"])
    rows = {issue: len(ISSUES) - 1 - j for j, issue in enumerate(ISSUES)}  # first issue on top
    labelled = False
    for issue, y in rows.items():
        counts = data.arrays[f"final.terms.{issue}"]
        if counts.sum() == 0:
            continue
        edges = data.arrays[f"final_edges.terms.{issue}"]
        p10, p25, p50, p75, p90 = hist_quantiles(counts, edges, (0.1, 0.25, 0.5, 0.75, 0.9))
        ax.hlines(y, p10, p90, color=SETTLEMENT_COLOUR, linewidth=style.line)
        ax.barh(
            y,
            max(p75 - p25, 0.004),
            left=p25,
            height=0.34,
            color=SETTLEMENT_COLOUR,
            edgecolor="black",
            linewidth=0.6,
            label=f"Settled terms, n = {n:,} (box 25–75 %, line 10–90 %)" if not labelled else None,
        )
        ax.vlines(
            p50,
            y - 0.17,
            y + 0.17,
            color="black",
            linewidth=style.line,
            label="Median settled term" if not labelled else None,
        )
        labelled = True
    actors = data.scenario.actors
    for key in ("us", "russia", "ukraine"):
        actor = getattr(actors, key)
        c = ACTOR_COLOURS[key]
        for j, issue in enumerate(ISSUES):
            y = rows[issue] + 0.32
            mean, low, high = spread(getattr(actor.ideal, issue))
            if high > low:
                ax.hlines(y, low, high, color=c, linewidth=style.line * 0.8)
            ax.plot(
                mean,
                y,
                ACTOR_MARKERS[key],
                color=c,
                markersize=style.font * 0.6,
                markeredgecolor="white",
                linestyle="none",
                label=f"{ACTOR_LABELS[key]} ideal" if j == 0 else None,
            )
        red_labelled = False
        for issue, line in getattr(actor, "red_lines", {}).items():
            y = rows[issue]
            for bound, arrow in (("min", ">"), ("max", "<")):
                value = getattr(line, bound)
                if value is None:
                    continue
                mean, low, high = spread(value)
                if high > low:
                    ax.fill_betweenx(
                        [y - 0.45, y + 0.45], low, high, color=c, alpha=0.15, linewidth=0
                    )
                ax.vlines(
                    mean, y - 0.45, y + 0.45, color=c, linestyle=":", linewidth=style.line * 1.2
                )
                ax.plot(
                    mean,
                    y - 0.36,
                    arrow,
                    color=c,
                    markersize=style.font * 0.55,
                    linestyle="none",
                    label=f"{ACTOR_LABELS[key]} red line (▶ min, ◀ max)"
                    if not red_labelled
                    else None,
                )
                red_labelled = True
    if n == 0:
        ax.text(
            0.5,
            len(ISSUES) / 2 - 0.5,
            "No run ended in a comprehensive settlement",
            ha="center",
            va="center",
            fontsize=style.font * 1.1,
            bbox={"facecolor": "white", "edgecolor": "#888888"},
        )
    ax.set_xlim(-0.03, 1.03)
    ax.set_ylim(-0.55, len(ISSUES) - 0.5 + 0.3)
    ax.set_yticks(list(rows.values()), [ISSUE_LABELS[i] for i in rows])
    ax.set_xlabel("Position on the issue (0 = Ukraine's preferred pole, 1 = Russia's)")
    ax.set_ylabel("Issue")
    ax.grid(axis="y", visible=False)
    handles, labels = ax.get_legend_handles_labels()
    order = sorted(
        range(len(labels)), key=lambda i: (not labels[i].startswith(("Settled", "Median")), i)
    )
    ax.legend(
        [handles[i] for i in order],
        [labels[i] for i in order],
        loc="upper center",
        bbox_to_anchor=(0.45, -0.14),
        ncol=3,
        fontsize=style.font * 0.65,
    )
    title = f"{data.name}: settled terms (n = {n:,} settlements of {data.runs:,} runs)"
    finish_figure(fig, title, data.footer(), style)
    return fig


# --------------------------------------------------------------------------- 4. battlefield


def shade_ceasefires(ax: Axes, data: RunData, label: bool) -> None:
    """Shade each week by the share of runs under a ceasefire (darker = more runs)."""
    share = data.weekly.counts["ceasefire_active"] / max(data.runs, 1)
    for w, s in enumerate(share):
        if s > 0.005:
            ax.axvspan(w, w + 1, color=CEASEFIRE_SHADE, alpha=0.75 * float(s), linewidth=0)
    if label:
        ax.axvspan(
            0,
            0,
            color=CEASEFIRE_SHADE,
            alpha=0.6,
            linewidth=0,
            label="Ceasefire in force (darker = more runs)",
        )


def fan(ax: Axes, data: RunData, variable: str, scale: float, colour: str, label: str) -> None:
    """Median and 10–90 % band of a weekly variable, as steps over weeks."""
    band = data.weekly.band(variable) * scale
    weeks = np.arange(data.weekly.weeks + 1)
    ax.fill_between(
        weeks,
        steps(band[0]),
        steps(band[2]),
        step="post",
        color=colour,
        alpha=0.25,
        linewidth=0,
        label=BAND_LABEL,
    )
    ax.step(weeks, steps(band[1]), where="post", color=colour, label=label)


def battlefield_chart(data: RunData, style: Style) -> Figure:
    """Kursk control and territory held by week: median, 10–90 % band, ceasefires shaded."""
    fig, axes = new_figure(style, 2, 1, sharex=True)
    kursk, territory = axes[0, 0], axes[1, 0]
    shade_ceasefires(kursk, data, label=True)
    shade_ceasefires(territory, data, label=False)
    fan(kursk, data, "kursk_control", 100.0, BATTLEFIELD_COLOUR, "Median")
    fan(territory, data, "territory_change", 1.0, BATTLEFIELD_COLOUR, "Median")
    kursk.set_ylabel("Kursk salient\nheld by Russia (%)")
    kursk.set_ylim(0, 102)
    territory.set_ylabel("Change in claimed\nregions held by\nRussia (pp)")
    territory.axhline(0, color="black", linewidth=0.8)
    kursk.legend(loc="best", fontsize=style.font * 0.75)
    # one week axis below the lower panel, one date axis above the upper (shared x)
    kursk.set_xlim(0, data.weekly.weeks)
    add_date_axis(kursk, data.start_date)
    territory.set_xlabel("Week of the simulation (weeks)")
    finish_figure(fig, _run_title(data, "battlefield"), data.footer(), style)
    return fig


# --------------------------------------------------------------------------- 5. bargaining


def bargaining_chart(data: RunData, style: Style) -> Figure:
    """Outside options, aspirations and the US package's value, by week, for each party."""
    fig, axes = new_figure(style, 1, 2, sharey=True)
    weeks = np.arange(data.weekly.weeks + 1)
    for col, key in enumerate(("russia", "ukraine")):
        ax = axes[0, col]
        colour = ACTOR_COLOURS[key]
        series = [
            (f"{key}.aspiration", "Aspiration (utility it demands)", colour, "-"),
            (f"{key}.outside", "Outside option (value of fighting on)", colour, "--"),
            (
                f"{key}.table_value",
                "Value of the US package on the table",
                ACTOR_COLOURS["us"],
                ":",
            ),
        ]
        for i, (variable, label, c, dash) in enumerate(series):
            if f"hist.{variable}" not in data.arrays:
                continue
            band = data.weekly.band(variable)
            ax.fill_between(
                weeks,
                steps(band[0]),
                steps(band[2]),
                step="post",
                color=c,
                alpha=0.15 if i else 0.25,
                linewidth=0,
                label=BAND_LABEL if i == 0 else None,
            )
            ax.step(
                weeks,
                steps(band[1]),
                where="post",
                color=c,
                linestyle=dash,
                label=f"{label}, median",
            )
        ax.set_title(ACTOR_LABELS[key], color=colour, fontweight="bold")
        week_axis(ax, data)
        ax.legend(loc="best", fontsize=style.font * 0.7)
    axes[0, 0].set_ylabel("Utility (1 = the party's ideal package)")
    fig.text(
        0.5,
        0.05,
        "The bargaining range is open for a party when the US package is worth "
        "more than both its aspiration and its outside option.",
        ha="center",
        fontsize=style.font * 0.7,
        style="italic",
    )
    fig.get_layout_engine().set(rect=(0.0, 0.08, 1.0, 0.92))
    finish_figure(fig, _run_title(data, "outside options and aspirations"), data.footer(), style)
    return fig


# --------------------------------------------------------------------------- 6. US aid


def us_aid_chart(data: RunData, style: Style) -> Figure:
    """Share of runs with US aid paused and with US aid reaching the front; weeks paused."""
    fig, axes = new_figure(style, 1, 2, gridspec_kw={"width_ratios": [3, 2]})
    ax, hist_ax = axes[0, 0], axes[0, 1]
    weeks = np.arange(data.weekly.weeks + 1)
    colour = ACTOR_COLOURS["us"]
    paused = data.weekly.counts["aid_paused"]
    delivered_hist = data.weekly.hists["us_aid_delivered"]
    bins = delivered_hist.shape[1]
    delivered = delivered_hist[:, bins // 2 :].sum(axis=1)  # supply is 0/1 per run and week
    for i, (counts, label, dash) in enumerate(
        (
            (paused, "US aid paused (decision)", "-"),
            (delivered, "US aid reaching the front (after the lag)", "--"),
        )
    ):
        _share_step(ax, weeks, counts, data.runs, colour, dash, label, 0.2, i == 0)
    ax.set_ylim(0, 102)
    ax.set_ylabel("Share of runs (%)")
    week_axis(ax, data)
    ax.legend(loc="best", fontsize=style.font * 0.75)

    counts = data.arrays["final.aid_paused_weeks"]
    edges = data.arrays["final_edges.aid_paused_weeks"]
    share = 100.0 * counts / max(counts.sum(), 1)
    hist_ax.bar(
        edges[:-1], share, width=1.0, align="edge", color=colour, alpha=0.45, label="Runs (%)"
    )
    row = data.summary["metrics"]["aid_paused_weeks"]
    if row["p50"] is not None:
        hist_ax.axvline(
            row["p50"] + 0.5,
            color=colour,
            linestyle="--",
            linewidth=style.line,
            label=f"Median {row['p50']:.0f} weeks (10–90 %: {row['p10']:.0f}–{row['p90']:.0f})",
        )
    hist_ax.set_xlim(0, data.weekly.weeks + 1)
    hist_ax.set_xlabel("US aid pause per run (weeks)")
    hist_ax.set_ylabel("Share of runs (%)")
    hist_ax.legend(loc="best", fontsize=style.font * 0.7)
    finish_figure(fig, _run_title(data, "US military aid"), data.footer(), style)
    return fig


# --------------------------------------------------------------------------- drawing a folder

CHARTS: dict[str, tuple[str, Callable[[RunData, Style], Figure]]] = {
    "outcomes": ("Outcome distribution", outcome_chart),
    "agreement_timing": ("Time to agreement", agreement_timing_chart),
    "settled_terms": ("Settled terms", terms_chart),
    "battlefield": ("Battlefield fan chart", battlefield_chart),
    "bargaining_range": ("Outside options and aspirations", bargaining_chart),
    "us_aid": ("US aid", us_aid_chart),
}
"""File stem -> (caption, drawing function), in the order a class should see them."""


def build_run_figures(
    folder: Path | str, style: str = DEFAULT_STYLE, only: tuple[str, ...] | None = None
) -> dict[str, Figure]:
    """The charts of a run folder (all, or those in ``only``) as figures, for tests or notebooks."""
    import matplotlib

    data = RunData.load(folder)
    chosen = style_of(style)
    with matplotlib.rc_context(chosen.rc()):
        return {
            stem: draw(data, chosen)
            for stem, (_, draw) in CHARTS.items()
            if only is None or stem in only
        }


def draw_run_charts(folder: Path | str, style: str = DEFAULT_STYLE) -> list[Path]:
    """Draw the six charts of a run folder as PNG and SVG beside its ``summary.json``."""
    import matplotlib

    folder = Path(folder)
    chosen = style_of(style)
    data = RunData.load(folder)
    written: list[Path] = []
    for stem, (_, draw) in CHARTS.items():
        with matplotlib.rc_context(chosen.rc()):
            fig = draw(data, chosen)
        written += save_figure(fig, folder, stem, chosen)
    return written
