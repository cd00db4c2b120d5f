"""Charts of a sensitivity study: the tornado and index bar charts of every output.

Everything is drawn from ``sensitivity.json`` alone (so a study folder can be redrawn without
rerunning), with the shared chart helpers of ``simulator.report.figures`` (footer, PNG + SVG
output, slide or paper style), in the Okabe–Ito colour-blind-safe palette. Probabilities are
drawn in percent (Morris effects in percentage points), as in every other negsim chart, and
each chart says in a caption what its bars mean.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from simulator.analysis import DUMMY, MEDIAN_WEEK, MEDIAN_WEEKS, OUTPUTS, SETTLEMENT
from simulator.report.figures import finish_figure, save_figure, style_of, wrap_to_width
from simulator.report.label_room import widen_for_labels
from simulator.report.palette import (
    DEFAULT_STYLE,
    DISCLAIMER,
    INDICATOR_LABELS,
    OKABE_ITO,
    Style,
)
from simulator.report.run_data import changes_text
from simulator.rules import AGREEMENT

if TYPE_CHECKING:
    from matplotlib.figure import Figure

LOW_COLOUR = OKABE_ITO["blue"]
HIGH_COLOUR = OKABE_ITO["vermillion"]
DUMMY_COLOUR = OKABE_ITO["grey"]
SIGMA_COLOUR = OKABE_ITO["orange"]
S1_COLOUR = OKABE_ITO["sky_blue"]
BAND_COLOUR = OKABE_ITO["grey"]
AXIS_SHARE = 0.6
"""Share of the figure's width an axis label may take (the parameter names take the rest)."""

TITLE_NAMES = {SETTLEMENT: "any settlement", AGREEMENT: "any agreement"}
"""Short names of the derived indicators in titles (their full labels are too long there)."""

TORNADO_CAPTION = (
    "Each bar: the output with one parameter alone at the low (blue) or high (red) end of its "
    "range, every other one as the scenario states. Grey band: the 95 % interval of the "
    "scenario as stated; a bar end inside it may be chance. One at a time, so blind to "
    "interactions (the Morris σ and the Sobol ST show those)."
)
MORRIS_CAPTION = (
    "Elementary effect: how much the output changes when one parameter alone moves one step "
    "(⅔ of its range), scaled to its whole range. μ* (bar): the mean size of those effects "
    "over the study's trajectories, how much the parameter matters. σ (diamond): their "
    "spread; σ near μ* or above means the effect depends on the other parameters "
    "(interactions) or bends. Dummy: a parameter the model never reads, the noise floor."
)
SOBOL_CAPTION = (
    "S1 (first order): the share of the output's variance this parameter explains alone. "
    "ST (total): the share it explains with all its interactions; ST well above S1 means "
    "interactions. Lines: 95 % bootstrap intervals; with a small sample they are wide and S1 "
    "can dip below 0: read the intervals, not the digits."
)


def percent(output: str) -> bool:
    """Whether an output is a probability, drawn in percent (the other: a week)."""
    return output != MEDIAN_WEEK


def output_title(output: str) -> str:
    """How an output is named in titles."""
    if output == MEDIAN_WEEK:
        return "the median week of first agreement"
    return f"P({TITLE_NAMES.get(output) or INDICATOR_LABELS[output].lower()})"


def output_axis(output: str, weeks: int) -> str:
    """Axis wording of an output, with its unit (the median week with its one definition)."""
    if output == MEDIAN_WEEK:
        name, _ = MEDIAN_WEEKS[MEDIAN_WEEK].words(weeks)
        return name[0].upper() + name[1:]
    return f"Share of runs (%): {INDICATOR_LABELS[output].lower()}"


def value_text(output: str, value: float) -> str:
    """A tornado value as the runs support it: percent to one decimal, or a week."""
    if percent(output):
        return f"{100.0 * value:.1f} %"
    return f"week {value:g}"


def footer(doc: dict) -> str:
    """Scenario (and its ``--set`` changes), design, runs, seed, version and the disclaimer."""
    changes = changes_text([str(c) for c in doc.get("changes") or []])
    changed = f" (changed: {changes})" if changes else ""
    return (
        f"Scenario: {doc['scenario']}{changed} · {doc['method']} study, {doc['points']} + "
        f"{doc['tornado_points']} points × {doc['runs_per_point']:,} runs · seed {doc['seed']} · "
        f"negsim {doc['version']} · {DISCLAIMER}"
    )


def _v(x) -> float:
    """An index value for drawing (null in the JSON, where SALib gave NaN, draws nothing)."""
    return float("nan") if x is None else x


def _figure(rows: int, style: Style) -> Figure:
    """A constrained-layout figure tall enough for ``rows`` parameter rows, with a footer strip."""
    from matplotlib.figure import Figure  # noqa: PLC0415 - matplotlib only when drawing

    width, height = style.size
    per_row = 0.42 * style.font / 14.0
    fig = Figure(figsize=(width, max(height, per_row * rows + 2.6)), layout="constrained")
    fig.get_layout_engine().set(rect=(0.0, 0.04, 1.0, 0.96))
    return fig


def _label(ax, value: float, y: int, right: bool, text: str, style: Style):
    """A value label beside a bar end, outward (right of it or left of it)."""
    return ax.annotate(
        text,
        (value, y),
        xytext=(4 if right else -4, 0),
        textcoords="offset points",
        va="center",
        ha="left" if right else "right",
        fontsize=style.font * 0.7,
    )


def _row_labels(ax, row: dict, y: int, base: float, scale: float, output: str, style: Style):
    """The labels of one tornado row: one per side of the base, or one for both ends.

    Ends on the same side of the base (or one at the base) share one label at the outer end,
    and ends that read the same once rounded are written once, so no two labels meet.
    """
    low, high = row["low"]["value"], row["high"]["value"]
    low_text, high_text = value_text(output, low), value_text(output, high)
    if low_text == high_text:
        at = max(low, high) if max(low, high) >= base else min(low, high)
        return [_label(ax, scale * at, y, at >= base, f"{low_text} at both ends", style)]
    if (low - base) * (high - base) >= 0:
        right = max(low, high) > base
        outer = max(low, high) if right else min(low, high)
        text = f"low {low_text} · high {high_text}"
        return [_label(ax, scale * outer, y, right, text, style)]
    return [
        _label(ax, scale * low, y, low > base, low_text, style),
        _label(ax, scale * high, y, high > base, high_text, style),
    ]


def tornado_chart(doc: dict, output: str, style: Style) -> Figure:
    """One-at-a-time swing of ``output`` with each parameter at its low and high end.

    The scenario as stated is the vertical line, its 95 % interval a grey band the axis
    always shows whole, so a swing is read against the noise of the runs.
    """
    entry = doc["outputs"][output]
    rows = list(reversed(entry["tornado"]))  # largest swing on top
    scale = 100.0 if percent(output) else 1.0
    base = entry["base"]["value"]
    fig = _figure(len(rows), style)
    ax = fig.subplots()
    colours = {"low": LOW_COLOUR, "high": HIGH_COLOUR}
    labels = []
    for y, row in enumerate(rows):
        # Farther end first, so a nearer end on the same side stays visible on top of it.
        ends = sorted(("low", "high"), key=lambda end: -abs(row[end]["value"] - base))
        for end in ends:
            ax.barh(
                y,
                scale * (row[end]["value"] - base),
                left=scale * base,
                height=0.6,
                color=colours[end],
                label=f"parameter at its {end} end" if y == 0 else None,
                zorder=2,
            )
        labels += [(ax, t) for t in _row_labels(ax, row, y, base, scale, output, style)]
    ci = entry["base"].get("ci95")
    if ci:
        ax.axvspan(
            scale * ci[0],
            scale * ci[1],
            color=BAND_COLOUR,
            alpha=0.3,
            linewidth=0,
            zorder=1,
            label=f"its 95 % interval: {value_text(output, ci[0])} to {value_text(output, ci[1])}",
        )
    ax.axvline(
        scale * base,
        color=OKABE_ITO["black"],
        linewidth=1.2,
        zorder=3,
        label=f"scenario as stated: {value_text(output, base)}",
    )
    ax.set_yticks(
        range(len(rows)),
        [f"{r['parameter']}\n{r['low']['at']:.3g} → {r['high']['at']:.3g}" for r in rows],
        fontsize=style.font * 0.75,
    )
    ax.set_ylim(-0.6, len(rows) - 0.4)
    ends = [scale * r[end]["value"] for r in rows for end in ("low", "high")]
    span = [*ends, scale * base, *(scale * c for c in ci or [])]
    pad = 0.05 * (max(span) - min(span) or 1.0)
    ax.set_xlim(min(span) - pad, max(span) + pad)
    ax.set_xlabel(
        wrap_to_width(fig, output_axis(output, doc["weeks"]), style.font, share=AXIS_SHARE)
    )
    ax.set_ylabel("parameter (low → high end)")
    ax.grid(axis="y", visible=False)
    handles, names = ax.get_legend_handles_labels()
    order = sorted(range(len(names)), key=lambda i: not names[i].startswith("scenario"))
    ax.legend(
        [handles[i] for i in order],
        [names[i] for i in order],
        loc="lower center",
        bbox_to_anchor=(0.5, 1.0),
        ncols=2,
        frameon=False,
        fontsize=style.font * 0.8,
    )
    widen_for_labels(fig, labels)
    title = f"What moves {output_title(output)}? One parameter at a time"
    finish_figure(fig, title, footer(doc), style, caption=TORNADO_CAPTION)
    return fig


def index_chart(doc: dict, output: str, style: Style) -> Figure:
    """Morris mu* and sigma, or Sobol S1 and ST with 95 % intervals, strongest driver on top."""
    entry = doc["outputs"][output]
    key = doc["index"]
    names = [r["parameter"] for r in reversed(entry["ranking"])]
    idx = entry["indices"]
    fig = _figure(len(names), style)
    ax = fig.subplots()
    ys = list(range(len(names)))
    if key == "mu_star":
        scale = 100.0 if percent(output) else 1.0  # a change of a probability: points
        for is_dummy, colour, label in (
            (False, LOW_COLOUR, "μ*: mean size of the elementary effects (95 % interval)"),
            (True, DUMMY_COLOUR, "dummy (never read): the noise floor"),
        ):
            rows = [y for y, n in zip(ys, names, strict=True) if (n == DUMMY) == is_dummy]
            ax.barh(
                rows,
                [scale * _v(idx[names[y]]["mu_star"]) for y in rows],
                height=0.6,
                color=colour,
                xerr=[scale * _v(idx[names[y]]["mu_star_conf"]) for y in rows],
                capsize=3,
                label=label,
            )
        ax.scatter(
            [scale * _v(idx[n]["sigma"]) for n in names],
            ys,
            marker="D",
            zorder=3,
            s=style.font * 2.5,
            color=SIGMA_COLOUR,
            edgecolor=OKABE_ITO["black"],
            label="σ: spread of the elementary effects",
        )
        units = "percentage points of runs" if percent(output) else "weeks"
        xlabel = f"Morris index ({units} across the parameter's whole range)"
        ax.set_xlabel(wrap_to_width(fig, xlabel, style.font, share=AXIS_SHARE))
        method, caption = "Morris", MORRIS_CAPTION
    else:
        ax.barh(
            [y + 0.2 for y in ys],
            [_v(idx[n]["ST"]) for n in names],
            height=0.38,
            color=HIGH_COLOUR,
            xerr=[_v(idx[n]["ST_conf"]) for n in names],
            capsize=3,
            label="total-order ST (95 % interval)",
        )
        ax.barh(
            [y - 0.2 for y in ys],
            [_v(idx[n]["S1"]) for n in names],
            height=0.38,
            color=S1_COLOUR,
            xerr=[_v(idx[n]["S1_conf"]) for n in names],
            capsize=3,
            label="first-order S1 (95 % interval)",
        )
        xlabel = "Sobol index (share of the output's variance, 0–1)"
        ax.set_xlabel(wrap_to_width(fig, xlabel, style.font, share=AXIS_SHARE))
        method, caption = "Sobol", SOBOL_CAPTION
    ax.set_yticks(
        ys, ["dummy (never read)" if n == DUMMY else n for n in names], fontsize=style.font * 0.75
    )
    ax.set_ylabel("parameter")
    ax.grid(axis="y", visible=False)
    ax.axvline(0, color=OKABE_ITO["black"], linewidth=0.8)
    title = f"Which assumptions drive {output_title(output)}? ({method})"
    if entry["constant"]:
        title += ": constant, nothing moves it"
    ax.legend(
        loc="lower center",
        bbox_to_anchor=(0.5, 1.0),
        ncols=1,
        frameon=False,
        fontsize=style.font * 0.8,
    )
    finish_figure(fig, title, footer(doc), style, caption=caption)
    return fig


CHART_KINDS = {"tornado": tornado_chart, "indices": index_chart}
"""Each chart of an output by file-name prefix (``tornado-escalation.png``)."""


def study_charts(doc: dict) -> list[tuple[str, str]]:
    """The (kind, output) of every chart a study draws: a tornado only where it was run."""
    return [
        (kind, output)
        for output in OUTPUTS
        for kind in CHART_KINDS
        if kind != "tornado" or "tornado" in doc["outputs"][output]
    ]


def study_figure(doc: dict, kind: str, output: str, style: str = DEFAULT_STYLE) -> Figure:
    """One chart of the study as a figure, drawn in the style's type sizes."""
    import matplotlib  # noqa: PLC0415 - matplotlib only when drawing

    chosen = style_of(style)
    with matplotlib.rc_context(chosen.rc()):
        return CHART_KINDS[kind](doc, output, chosen)


def draw_charts(doc: dict, folder: Path, style: str = DEFAULT_STYLE) -> dict[str, dict[str, Path]]:
    """Tornado and index charts of every output as PNG and SVG; their PNG paths by output."""
    chosen = style_of(style)
    charts: dict[str, dict[str, Path]] = {output: {} for output in OUTPUTS}
    for kind, output in study_charts(doc):
        fig = study_figure(doc, kind, output, style)
        png, _svg = save_figure(fig, folder, f"{kind}-{output}", chosen)
        charts[output][kind] = png
    return charts
