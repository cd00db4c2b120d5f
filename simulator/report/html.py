"""``report.html``: one self-contained page per run, compare or sweep folder.

The page opens without a network: charts are inline (base64 PNG), styles are inline, nothing is
fetched. It holds the charts, the summary table with intervals, the scenario's parameters with
their provenance (file and line, and the comment on that line: ``article:``, ``source:`` or
``assumption:``), a paragraph on the model's assumptions, and the command that reproduces it.
Provenance is kept in ``provenance.json`` so ``negsim chart`` can rebuild the page later.
"""

from __future__ import annotations

import base64
import html
import json
import shlex
from pathlib import Path
from typing import Any

import click

from simulator import __version__
from simulator.scenario.config import Loaded, flat_leaves, scenarios_dir
from simulator.report.palette import DISCLAIMER, OUTCOME_LABELS

MODEL_ASSUMPTIONS = (
    "negsim is an agent-based model of the United States, Russia and Ukraine bargaining over six "
    "issues (ceasefire, neutrality, territory, Western aid, sanctions, security guarantees), each "
    "a number from 0 (Ukraine's preferred pole) to 1 (Russia's). Each actor values a package as "
    "one minus the salience-weighted distance from its ideal point, and compares it with its "
    "outside option: the value of fighting on, read from a noisy and biased belief about the "
    "front, minus the resolve-weighted cost of war. Russia and Ukraine accept a settlement only "
    "when it is worth at least their current aspiration and their outside option and crosses "
    "none of their red lines; aspirations fall over time toward the outside option (Boulware, "
    "linear or conceder tactics). An interim ceasefire is judged separately: the side with "
    "momentum loses part of its edge during a pause. The US mediates: it proposes, holds the aid "
    "and pressure levers, and does not veto. Every run draws the uncertain parameters from "
    "their stated distributions and the weekly battlefield shocks from its own random stream; "
    "the Monte Carlo spread therefore reflects what the scenario leaves uncertain, not the "
    "likelihood of real events. The numbers are calibrated by assumption, not estimated from "
    f"data: this is {DISCLAIMER}."
)

CSS = """
body { font-family: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; margin: 2em auto;
       max-width: 1100px; padding: 0 1em; color: #111; line-height: 1.45; }
h1 { font-size: 1.7em; margin-bottom: 0.2em; } h2 { border-bottom: 2px solid #ddd; }
table { border-collapse: collapse; margin: 0.5em 0 1.5em; font-size: 0.92em; }
th, td { border: 1px solid #ccc; padding: 0.25em 0.6em; text-align: left; vertical-align: top; }
th { background: #f2f2f2; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
figure { margin: 1em 0 2em; } figure img { width: 100%; height: auto; border: 1px solid #eee; }
figcaption { font-style: italic; color: #444; }
pre { background: #f6f6f6; padding: 0.8em; overflow-x: auto; }
.note { color: #555; font-size: 0.9em; } .disclaimer { font-weight: bold; color: #8a3b00; }
"""


# --------------------------------------------------------------------------- building blocks


def esc(value: Any) -> str:
    """HTML-escaped text."""
    return html.escape(str(value))


def table(headers: list[str], rows: list[list[Any]], numeric: set[int] = frozenset()) -> str:
    """An HTML table; columns in ``numeric`` are right-aligned."""
    head = "".join(f"<th>{esc(h)}</th>" for h in headers)
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="num">{esc(c)}</td>' if i in numeric else f"<td>{esc(c)}</td>"
            for i, c in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def figure(path: Path, caption: str) -> str:
    """A chart inlined as a base64 PNG (no network, no sibling file needed)."""
    data = base64.b64encode(path.read_bytes()).decode("ascii")
    return (
        f'<figure><img alt="{esc(caption)}" src="data:image/png;base64,{data}">'
        f"<figcaption>{esc(caption)}</figcaption></figure>"
    )


def page(title: str, subtitle: str, sections: list[tuple[str, str]]) -> str:
    """A whole self-contained HTML page."""
    body = "".join(f"<section><h2>{esc(h)}</h2>{content}</section>" for h, content in sections)
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(title)}</title><style>{CSS}</style></head><body>"
        f"<h1>{esc(title)}</h1><p>{esc(subtitle)}</p>"
        f'<p class="disclaimer">Illustrative model output, not a forecast.</p>{body}'
        f'<p class="note">Made with negsim {esc(__version__)}.</p></body></html>\n'
    )


def percent(p: float) -> str:
    """A probability as a percentage with one decimal."""
    return f"{100.0 * p:.1f} %"


def interval(ci: list[float]) -> str:
    """A 95 % interval of a probability, in percent."""
    return f"{100.0 * ci[0]:.1f} – {100.0 * ci[1]:.1f} %"


def reproduce_section(command: str | None, extra: str = "") -> str:
    """The exact command, in a block a reader can copy."""
    text = command or "(not recorded)"
    return f"<pre>{esc(text)}</pre>{extra}"


# --------------------------------------------------------------------------- provenance


def command_line(ctx: click.Context) -> str:
    """The command that produced this folder, rebuilt from the parsed options of ``ctx``."""
    parts = ["negsim", ctx.info_name or ""]
    for param in ctx.command.params:
        value = ctx.params.get(param.name)
        if isinstance(param, click.Argument):
            parts += [str(v) for v in (value if isinstance(value, tuple | list) else [value])]
            continue
        if value is None or value is False or value == () or str(value) == str(param.default):
            continue
        flag = param.opts[0]
        if getattr(param, "is_flag", False):
            parts.append(flag)
        elif getattr(param, "multiple", False):
            for item in value:
                parts += [flag, str(item)]
        elif isinstance(value, list):  # a parsed list option such as sweep's --values
            parts += [flag, ",".join(str(v) for v in value)]
        else:
            parts += [flag, str(value)]
    return shlex.join(parts)


def _comment_on(place: str, cache: dict[str, list[str]]) -> str:
    """The ``# ...`` comment on a ``file:line`` (where shipped scenarios state their sources)."""
    file, _, line = place.rpartition(":")
    if not line.isdigit():
        return ""
    if file not in cache:
        try:
            cache[file] = Path(file).read_text(encoding="utf-8").splitlines()
        except OSError:
            cache[file] = []
    lines = cache[file]
    index = int(line) - 1
    if not 0 <= index < len(lines):
        return ""
    text = lines[index]
    quote = None
    for i, ch in enumerate(text):
        if ch in "'\"" and quote in (None, ch):
            quote = None if quote else ch
        elif ch == "#" and quote is None and (i == 0 or text[i - 1] in " \t"):
            return text[i + 1 :].strip()
    return ""


def _short_place(place: str) -> str:
    """``file:line`` with a shipped scenario's path shown as ``scenarios/<name>.yaml``."""
    file, _, line = place.rpartition(":")
    path = Path(file)
    shipped = scenarios_dir().resolve()
    if path.resolve().parent == shipped:
        return f"scenarios/{path.name}:{line}"
    return place


def _show(value: Any) -> str:
    if hasattr(value, "model_dump"):
        data = value.model_dump(mode="json")
        kind = data.pop("dist", "")
        return f"{kind}(" + ", ".join(f"{k}={v}" for k, v in data.items()) + ")"
    if isinstance(value, list):
        return json.dumps(
            [v.model_dump(mode="json") if hasattr(v, "model_dump") else v for v in value],
            ensure_ascii=False,
        )
    return str(value)


def parameter_rows(loaded: Loaded) -> list[dict[str, str]]:
    """Every resolved parameter with where it came from and the comment that justifies it."""
    cache: dict[str, list[str]] = {}
    rows = []
    for path, value in flat_leaves(loaded.scenario).items():
        if value is None or path in ("description", "extends"):
            continue
        key = tuple(path.split("."))
        place = loaded.origin.get(key)
        if place is None:  # a leaf inside a list or mapping: take the nearest recorded parent
            for n in range(len(key) - 1, 0, -1):
                place = loaded.origin.get(key[:n])
                if place:
                    break
        if place is None:
            origin, note = "schema default", ""
        elif place == "--set":
            origin, note = "command line (--set, --runs, --seed or --weeks)", ""
        else:
            origin, note = _short_place(place), _comment_on(place, cache)
            own = Path(place.rpartition(":")[0]).resolve()
            if loaded.chain and own != Path(loaded.chain[0]).resolve():
                origin += " (parent, through extends)"
        rows.append({"path": path, "value": _show(value), "origin": origin, "note": note})
    return rows


def write_provenance(folder: Path, loaded: Loaded, command: str | None) -> None:
    """``provenance.json``: command, source and each parameter's origin (for report.html)."""
    doc = {
        "command": command,
        "source": loaded.source,
        "parameters": parameter_rows(loaded),
    }
    (folder / "provenance.json").write_text(
        json.dumps(doc, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )


def parameters_section(rows: list[dict[str, str]]) -> str:
    """The parameter table with provenance."""
    return (
        '<p class="note">Origin is the file and line each value was read from (or --set, or the '
        "schema's default); the note is the comment on that line, which states the article's "
        "words, a <code>source:</code> or an <code>assumption:</code>.</p>"
        + table(
            ["parameter", "value", "origin", "note"],
            [[r["path"], r["value"], r["origin"], r["note"]] for r in rows],
        )
    )


# --------------------------------------------------------------------------- run report


def outcome_rows(outcomes: dict) -> list[list[str]]:
    """Rows of an outcome table: name, probability, 95 % interval, count."""
    return [
        [
            OUTCOME_LABELS.get(k, k),
            percent(v["probability"]),
            interval(v["ci95"]),
            f"{v['count']:,}",
        ]
        for k, v in outcomes.items()
    ]


def metric_rows(metrics: dict) -> list[list[str]]:
    """Rows of the metrics table: n, mean, p10, median, p90."""

    def fmt(v):
        return "–" if v is None else f"{v:.3g}"

    return [
        [name, f"{m['n']:,}", fmt(m["mean"]), fmt(m["p10"]), fmt(m["p50"]), fmt(m["p90"])]
        for name, m in metrics.items()
    ]


def run_report(folder: Path) -> str:
    """The HTML of a run folder's report."""
    from simulator.report.run_charts import CHARTS

    summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    prov_path = folder / "provenance.json"
    prov = json.loads(prov_path.read_text(encoding="utf-8")) if prov_path.is_file() else {}
    charts = (
        "".join(
            figure(folder / f"{stem}.png", caption)
            for stem, (caption, _) in CHARTS.items()
            if (folder / f"{stem}.png").is_file()
        )
        or '<p class="note">Charts were not drawn (--no-charts); negsim chart draws them.</p>'
    )
    first = summary["first_week_responses"]
    summary_html = (
        table(
            ["outcome", "probability", "95 % interval", "runs"],
            outcome_rows(summary["outcomes"]),
            {1, 3},
        )
        + f"<p>Week 0, the US 30-day ceasefire proposal: Ukraine accepts in "
        f"{percent(first['ukraine_accepts'])} of runs, Russia in "
        f"{percent(first['russia_accepts'])}.</p>"
        + table(
            ["metric", "n", "mean", "p10", "median", "p90"],
            metric_rows(summary["metrics"]),
            {1, 2, 3, 4, 5},
        )
        + '<p class="note">Probabilities carry 95 % Wilson intervals; metrics are over the runs '
        "where they apply (n), terms over comprehensive settlements only.</p>"
    )
    reproduce = reproduce_section(
        prov.get("command"),
        '<p class="note">The folder\'s <code>scenario.yaml</code> is the fully resolved scenario: '
        "<code>negsim run scenario.yaml --out NEW_FOLDER</code> reproduces the same numbers "
        "(same seed, same runs).</p>",
    )
    sections = [
        ("Charts", charts),
        ("Summary", summary_html),
        ("Model assumptions", f"<p>{esc(MODEL_ASSUMPTIONS)}</p>"),
        ("Parameters and their provenance", parameters_section(prov.get("parameters", []))),
        ("Reproduce", reproduce),
    ]
    subtitle = (
        f"{summary.get('description', '')} — {summary['runs']:,} runs, {summary['weeks']} weeks "
        f"from {summary.get('start_date', '?')}, seed {summary['seed']}, "
        f"scenario sha256 {summary.get('scenario_sha256', '?')[:12]}…"
    )
    return page(f"negsim run: {summary['scenario']}", subtitle, sections)


def write_run_report(folder: Path) -> Path:
    """Write ``report.html`` of a run folder."""
    path = Path(folder) / "report.html"
    path.write_text(run_report(Path(folder)), encoding="utf-8")
    return path


def finish_run_folder(folder: Path, loaded: Loaded, command: str | None, style: str | None) -> None:
    """After a run: provenance, the charts (unless ``style`` is None) and ``report.html``."""
    write_provenance(folder, loaded, command)
    if style is not None:
        from simulator.report.run_charts import draw_run_charts

        draw_run_charts(folder, style)
    write_run_report(folder)


# --------------------------------------------------------------------------- compare report


def _details(summary: str, content: str) -> str:
    return f"<details><summary>{esc(summary)}</summary>{content}</details>"


def differing_parameters(loadeds: list[Loaded]) -> str:
    """A table of the parameters whose values differ between scenarios, with provenance."""
    tables = [{r["path"]: r for r in parameter_rows(lo)} for lo in loadeds]
    paths = list(dict.fromkeys(p for t in tables for p in t))
    skip = ("name", "simulation.runs", "simulation.seed")
    rows = []
    for path in paths:
        cells = [t.get(path) for t in tables]
        values = [c["value"] if c else "(absent)" for c in cells]
        if path in skip or len(set(values)) == 1:
            continue
        row = [path]
        for c in cells:
            row.append("(absent)" if c is None else f"{c['value']}  [{c['origin']}] {c['note']}")
        rows.append(row)
    headers = ["parameter", *(lo.scenario.name for lo in loadeds)]
    if not rows:
        return "<p>The scenarios have identical parameters.</p>"
    return table(headers, rows)


def write_comparison_report(folder: Path, loadeds: list[Loaded]) -> Path:
    """``report.html`` of a comparison folder."""
    doc = json.loads((folder / "comparison.json").read_text(encoding="utf-8"))
    charts = "".join(
        figure(folder / f"{stem}.png", caption)
        for stem, caption in (
            ("comparison", "Outcome probabilities per scenario, with 95 % intervals"),
            ("differences", "Paired differences against the first scenario"),
        )
        if (folder / f"{stem}.png").is_file()
    )
    labels = [s["label"] for s in doc["scenarios"]]
    keys = [*OUTCOME_LABELS, "agreement"]

    def prob(s, k):
        row = s["agreement"] if k == "agreement" else s["outcomes"][k]
        return f"{percent(row['probability'])} ({interval(row['ci95'])})"

    probs = table(
        ["outcome", *labels],
        [
            [OUTCOME_LABELS.get(k, "any agreement"), *(prob(s, k) for s in doc["scenarios"])]
            for k in keys
        ],
    )
    weeks = table(
        ["scenario", "runs with an agreement", "median week of first agreement", "95 % interval"],
        [
            [
                s["label"],
                f"{s['agreement_week']['n']:,}",
                "–"
                if s["agreement_week"]["median"] is None
                else f"{s['agreement_week']['median']:g}",
                "–"
                if s["agreement_week"]["median"] is None
                else "{:g} – {:g}".format(*s["agreement_week"]["ci95"]),
            ]
            for s in doc["scenarios"]
        ],
    )
    diff_rows = []
    for d in doc["paired_differences"]:
        for k in keys:
            row = d["outcomes"][k]
            low, high = row["ci95"]
            diff_rows.append(
                [
                    f"{d['scenario']} − {d['reference']}",
                    OUTCOME_LABELS.get(k, "any agreement"),
                    f"{100 * row['difference']:+.1f}",
                    f"{100 * low:+.1f} to {100 * high:+.1f}",
                    "yes" if low > 0 or high < 0 else "no",
                    f"{row['other_only']:,} / {row['reference_only']:,}",
                ]
            )
    diffs = table(
        [
            "pair",
            "outcome",
            "difference (pp)",
            "95 % paired interval (pp)",
            "excludes 0",
            "runs where only the other / only the reference has it",
        ],
        diff_rows,
        {2, 3},
    ) + (
        '<p class="note">Paired: run i of every scenario uses the same random numbers, so each '
        "difference is the mean of per-run differences and its interval is the paired 95 % "
        "interval (mean ± 1.96 sd / √n).</p>"
    )
    params = differing_parameters(loadeds) + "".join(
        _details(f"All parameters of {lab}", parameters_section(parameter_rows(lo)))
        for lab, lo in zip(labels, loadeds, strict=True)
    )
    sections = [
        ("Charts", charts),
        ("Outcome probabilities", probs + weeks),
        (f"Paired differences vs {doc['reference']}", diffs),
        ("Model assumptions", f"<p>{esc(MODEL_ASSUMPTIONS)}</p>"),
        ("Parameters that differ, with provenance", params),
        ("Reproduce", reproduce_section(doc.get("command"))),
    ]
    subtitle = (
        f"{' vs '.join(labels)}: {doc['runs']:,} paired runs per scenario, seed {doc['seed']} "
        "(common random numbers)."
    )
    path = folder / "report.html"
    path.write_text(page("negsim compare", subtitle, sections), encoding="utf-8")
    return path


# --------------------------------------------------------------------------- sweep report


def write_sweep_report(folder: Path, base: Loaded) -> Path:
    """``report.html`` of a sweep folder."""
    doc = json.loads((folder / "sweep.json").read_text(encoding="utf-8"))
    charts = (
        figure(folder / "sweep.png", f"Outcome probabilities against {doc['param']}")
        if (folder / "sweep.png").is_file()
        else ""
    )
    keys = [*OUTCOME_LABELS, "agreement"]
    rows = []
    for r in doc["rows"]:
        w = r["agreement_week"]
        week = (
            "–"
            if w["median"] is None
            else "{:g} ({:g} – {:g}), n = {:,}".format(w["median"], *w["ci95"], w["n"])
        )
        rows.append(
            [
                r["value"],
                *(f"{percent(r[k]['probability'])} ({interval(r[k]['ci95'])})" for k in keys),
                week,
            ]
        )
    results = table(
        [
            doc["param"],
            *(OUTCOME_LABELS.get(k, "any agreement") for k in keys),
            "median week of first agreement (95 % interval)",
        ],
        rows,
    ) + (
        '<p class="note">Every value runs with the same seed (common random numbers); '
        "probabilities carry 95 % Wilson intervals. The same table is in sweep.csv.</p>"
    )
    params = (
        f"<p>Swept: <code>{esc(doc['param'])}</code> set to each value for every run (a "
        "distribution in the scenario is replaced by the fixed value). The other parameters:</p>"
        + parameters_section(parameter_rows(base))
    )
    sections = [
        ("Chart", charts),
        ("Results", results),
        ("Model assumptions", f"<p>{esc(MODEL_ASSUMPTIONS)}</p>"),
        ("Parameters and their provenance", params),
        ("Reproduce", reproduce_section(doc.get("command"))),
    ]
    subtitle = (
        f"Scenario {doc['scenario']}: {doc['param']} over {len(doc['values'])} values, "
        f"{doc['runs']:,} runs per value, seed {doc['seed']}."
    )
    path = folder / "report.html"
    path.write_text(page(f"negsim sweep: {doc['param']}", subtitle, sections), encoding="utf-8")
    return path
