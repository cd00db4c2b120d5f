"""Charts of a sensitivity study: the tornado and index bar charts of every output.

Everything is drawn from ``sensitivity.json`` alone (so a study folder can be redrawn without
rerunning), with the shared chart helpers of ``simulator.report.figures`` (footer, PNG + SVG
output, slide or paper style), in the Okabe–Ito colour-blind-safe palette.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from simulator.analysis import DUMMY, MEDIAN_WEEK, OUTPUTS, SETTLEMENT
from simulator.report.compare_charts import INDICATOR_LABELS
from simulator.report.figures import finish_figure, save_figure, style_of
from simulator.report.palette import DEFAULT_STYLE, DISCLAIMER, OKABE_ITO, Style
from simulator.rules import AGREEMENT

if TYPE_CHECKING:
    from matplotlib.figure import Figure

LOW_COLOUR = OKABE_ITO["blue"]
HIGH_COLOUR = OKABE_ITO["vermillion"]
DUMMY_COLOUR = OKABE_ITO["grey"]
SIGMA_COLOUR = OKABE_ITO["orange"]
S1_COLOUR = OKABE_ITO["sky_blue"]


TITLE_NAMES = {SETTLEMENT: "any settlement", AGREEMENT: "any agreement"}
"""Short names of the derived indicators in titles (their full labels are too long there)."""


def output_title(output: str) -> str:
    """How an output is named in titles."""
    if output == MEDIAN_WEEK:
        return "the median agreement week"
    return f"P({TITLE_NAMES.get(output) or INDICATOR_LABELS[output].lower()})"


def output_axis(output: str) -> str:
    """Axis wording of an output, with its unit."""
    if output == MEDIAN_WEEK:
        return "median week of first agreement (weeks from the start)"
    return f"P({output}) (share of runs)"


def footer(doc: dict) -> str:
    """Scenario, design, runs, seed, version and the disclaimer, on one line."""
    return (
        f"Scenario: {doc['scenario']} · {doc['method']} study, {doc['points']} + "
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
    fig = Figure(figsize=(width, max(height, per_row * rows + 2.2)), layout="constrained")
    fig.get_layout_engine().set(rect=(0.0, 0.04, 1.0, 0.96))
    return fig


def _label(ax, value: float, y: int, base: float, text: str, style: Style) -> None:
    right = value >= base
    ax.annotate(
        text,
        (value, y),
        xytext=(4 if right else -4, 0),
        textcoords="offset points",
        va="center",
        ha="left" if right else "right",
        fontsize=style.font * 0.7,
    )


def tornado_chart(doc: dict, output: str, style: Style) -> Figure:
    """One-at-a-time swing of ``output`` with each parameter at its low and high end."""
    entry = doc["outputs"][output]
    rows = list(reversed(entry["tornado"]))  # largest swing on top
    base = entry["base"]["value"]
    fig = _figure(len(rows), style)
    ax = fig.subplots()
    colours = {"low": LOW_COLOUR, "high": HIGH_COLOUR}
    for y, row in enumerate(rows):
        # Farther end first, so a nearer end on the same side stays visible on top of it.
        ends = sorted(("low", "high"), key=lambda end: -abs(row[end]["value"] - base))
        for end in ends:
            ax.barh(
                y,
                row[end]["value"] - base,
                left=base,
                height=0.6,
                color=colours[end],
                label=f"parameter at its {end} end" if y == 0 else None,
            )
        low, high = row["low"]["value"], row["high"]["value"]
        if low == high:
            _label(ax, low, y, base, f"{low:.3g} at both ends", style)
        elif (low - base) * (high - base) > 0:  # both on one side: one label at the outer end
            far = row[ends[0]]["value"]
            _label(ax, far, y, base, f"low {low:.3g} · high {high:.3g}", style)
        else:
            _label(ax, low, y, base, f"{low:.3g}", style)
            _label(ax, high, y, base, f"{high:.3g}", style)
    ci = entry["base"].get("ci95")
    unit = " weeks" if output == MEDIAN_WEEK else ""
    band = f"{unit} (95 % CI {ci[0]:.3g}–{ci[1]:.3g})" if ci else unit
    ax.axvline(
        base, color=OKABE_ITO["black"], linewidth=1.2, label=f"scenario as stated: {base:.3g}{band}"
    )
    ax.set_yticks(
        range(len(rows)),
        [f"{r['parameter']}\n{r['low']['at']:.3g} → {r['high']['at']:.3g}" for r in rows],
        fontsize=style.font * 0.75,
    )
    ax.set_xlabel(output_axis(output))
    ax.set_ylabel("parameter (low → high end)")
    ax.grid(axis="y", visible=False)
    ax.margins(x=0.18)
    finish_figure(
        fig, f"What moves {output_title(output)}? One parameter at a time", footer(doc), style
    )
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=1, frameon=False)
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
    units = "weeks" if output == MEDIAN_WEEK else "probability"
    if key == "mu_star":
        for is_dummy, colour, label in (
            (False, LOW_COLOUR, "μ*: mean |elementary effect| (95 % interval)"),
            (True, DUMMY_COLOUR, "dummy (never read): the noise floor"),
        ):
            rows = [y for y, n in zip(ys, names, strict=True) if (n == DUMMY) == is_dummy]
            ax.barh(
                rows,
                [_v(idx[names[y]]["mu_star"]) for y in rows],
                height=0.6,
                color=colour,
                xerr=[_v(idx[names[y]]["mu_star_conf"]) for y in rows],
                capsize=3,
                label=label,
            )
        ax.scatter(
            [_v(idx[n]["sigma"]) for n in names],
            ys,
            marker="D",
            zorder=3,
            s=style.font * 2.5,
            color=SIGMA_COLOUR,
            edgecolor=OKABE_ITO["black"],
            label="σ: spread of the effects (interactions)",
        )
        ax.set_xlabel(f"Morris index ({units} across the parameter's range)")
        method = "Morris"
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
        ax.set_xlabel("Sobol index (share of the output's variance, 0–1)")
        method = "Sobol"
    ax.set_yticks(
        ys, ["dummy (never read)" if n == DUMMY else n for n in names], fontsize=style.font * 0.75
    )
    ax.set_ylabel("parameter")
    ax.grid(axis="y", visible=False)
    ax.axvline(0, color=OKABE_ITO["black"], linewidth=0.8)
    title = f"Which assumptions drive {output_title(output)}? ({method})"
    if entry["constant"]:
        title += ": constant, nothing moves it"
    finish_figure(fig, title, footer(doc), style)
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=1, frameon=False)
    return fig


def draw_charts(doc: dict, folder: Path, style: str = DEFAULT_STYLE) -> dict[str, dict[str, Path]]:
    """Tornado and index charts of every output as PNG and SVG; their PNG paths by output."""
    import matplotlib  # noqa: PLC0415 - matplotlib only when drawing

    chosen = style_of(style)
    charts: dict[str, dict[str, Path]] = {}
    for output in OUTPUTS:
        kinds = {"indices": index_chart}
        if "tornado" in doc["outputs"][output]:
            kinds = {"tornado": tornado_chart, **kinds}
        charts[output] = {}
        for kind, draw in kinds.items():
            with matplotlib.rc_context(chosen.rc()):
                fig = draw(doc, output, chosen)
            png, _svg = save_figure(fig, folder, f"{kind}-{output}", chosen)
            charts[output][kind] = png
    return charts
