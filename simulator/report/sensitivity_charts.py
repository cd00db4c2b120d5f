"""Charts and report page of a sensitivity study: tornado and index bar charts, ``report.html``.

Everything is drawn from ``sensitivity.json`` alone (``redraw`` rebuilds a study folder's charts
and page without rerunning), with the shared chart helpers of ``simulator.report.run_charts`` (footer,
PNG + SVG output, slide or paper style) and page helpers of ``simulator.report.html``, in the
Okabe–Ito colour-blind-safe palette.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from simulator.analysis.sensitivity import DUMMY, MEDIAN_WEEK, OUTPUTS
from simulator.report.palette import DEFAULT_STYLE, DISCLAIMER, OKABE_ITO, OUTCOME_LABELS, Style

if TYPE_CHECKING:
    from matplotlib.figure import Figure

LOW_COLOUR = OKABE_ITO["blue"]
HIGH_COLOUR = OKABE_ITO["vermillion"]
DUMMY_COLOUR = OKABE_ITO["grey"]
SIGMA_COLOUR = OKABE_ITO["orange"]
S1_COLOUR = OKABE_ITO["sky_blue"]


def output_title(output: str) -> str:
    """How an output is named in titles."""
    if output == MEDIAN_WEEK:
        return "the median agreement week"
    return f"P({OUTCOME_LABELS[output].lower()})"


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
    from matplotlib.figure import Figure

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
    from simulator.report.figures import finish_figure

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
    from simulator.report.figures import finish_figure

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
    import matplotlib

    from simulator.report.figures import save_figure, style_of

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


# --------------------------------------------------------------------------- report.html


def _fmt(x) -> str:
    return "–" if x is None else f"{x:.3g}"


def _output_section(doc: dict, output: str, charts: dict[str, Path]) -> str:
    from simulator.report.html import esc, figure, interval, percent, table

    entry = doc["outputs"][output]
    key = doc["index"]
    parts = []
    base = entry.get("base")
    if base and output != MEDIAN_WEEK:
        parts.append(
            f"<p>Scenario as stated: {percent(base['value'])} ({interval(base['ci95'])}, "
            f"n = {base['runs']:,}).</p>"
        )
    elif base:
        low, high = base.get("ci95", (None, None))
        ci = "" if low is None else f"95 % interval {low:g}–{high:g}; "
        parts.append(
            f"<p>Scenario as stated: week {base['value']:g} ({ci}{base['agreements']:,} of "
            f"{base['runs']:,} runs agree within {base['horizon']} weeks, the others count as "
            f"week {base['horizon']}).</p>"
        )
    if "tornado" in charts:
        parts.append(
            figure(charts["tornado"], f"{output}: each parameter alone at the ends of its range")
        )
    if "indices" in charts:
        parts.append(figure(charts["indices"], f"{output}: {doc['method']} indices"))
    columns = ["mu*", "± 95 %", "sigma"] if key == "mu_star" else ["ST", "± 95 %", "S1", "± 95 %"]
    fields = (
        ["mu_star", "mu_star_conf", "sigma"]
        if key == "mu_star"
        else ["ST", "ST_conf", "S1", "S1_conf"]
    )
    rows = []
    for rank, row in enumerate(entry["ranking"], 1):
        idx = entry["indices"][row["parameter"]]
        name = "dummy (never read)" if row["parameter"] == DUMMY else row["parameter"]
        rows.append(
            [rank, name, *(_fmt(idx[f]) for f in fields), "yes" if row["above_noise"] else "no"]
        )
    numeric = set(range(2, 2 + len(fields)))
    parts.append(table(["rank", "parameter", *columns, "clears the dummy"], rows, numeric))
    return f"<h3 id='{esc(output)}'>{esc(output)}</h3>" + "".join(parts)


def report_html(doc: dict, charts: dict[str, dict[str, Path]]) -> str:
    """The study's page, built with the same helpers as the run, compare and sweep reports."""
    from simulator.report.html import MODEL_ASSUMPTIONS, esc, page, reproduce_section, table
    from simulator.report.parameters import parameters_section

    featured = doc.get("featured", "war_continues")
    order = [featured, *(o for o in OUTPUTS if o != featured)]
    index = "μ* (Morris)" if doc["index"] == "mu_star" else "total-order ST (Sobol)"
    reading = (
        f"<p>Parameters are ranked by {esc(index)}. A parameter <b>clears the dummy</b> when the "
        "lower end of its index's 95 % interval lies above the upper end of the dummy's: below "
        "that, the index cannot be told from noise.</p><ul>"
        + "".join(f"<li>{esc(n)}</li>" for n in doc["notes"])
        + "</ul>"
    )
    params = table(
        ["parameter", "in the scenario", "low", "high", "from"],
        [
            [p["name"], p["stated"], f"{p['low']:g}", f"{p['high']:g}", p["source"]]
            for p in doc["parameters"]
        ],
        {2, 3},
    )
    sections = [
        (
            "Which assumptions drive the outcome",
            reading + "".join(_output_section(doc, o, charts.get(o, {})) for o in order),
        ),
        ("Parameters analysed and their ranges", params),
        ("Model assumptions", f"<p>{esc(MODEL_ASSUMPTIONS)}</p>"),
    ]
    if doc.get("provenance"):
        sections.append(("Base scenario and its provenance", parameters_section(doc["provenance"])))
    sections.append(("Reproduce", reproduce_section(doc.get("command"))))
    subtitle = (
        f"Scenario {doc['scenario']}: {doc['method']} study, {doc['points']} design points and "
        f"{doc['tornado_points']} one-at-a-time points, {doc['runs_per_point']:,} runs per point, "
        f"seed {doc['seed']}, {doc['weeks']} weeks from {doc['start_date']}."
    )
    return page(f"negsim sensitivity: {doc['scenario']}", subtitle, sections)


def write_report(doc: dict, folder: Path, charts: dict[str, dict[str, Path]]) -> Path:
    """Write the study folder's ``report.html``."""
    path = Path(folder) / "report.html"
    path.write_text(report_html(doc, charts), encoding="utf-8")
    return path


def redraw(folder: Path | str, style: str = DEFAULT_STYLE) -> list[Path]:
    """Redraw a finished study folder's charts and page from its ``sensitivity.json``."""
    folder = Path(folder)
    doc = json.loads((folder / "sensitivity.json").read_text(encoding="utf-8"))
    charts = draw_charts(doc, folder, style)
    page = write_report(doc, folder, charts)
    return [*(p for kinds in charts.values() for p in kinds.values()), page]
