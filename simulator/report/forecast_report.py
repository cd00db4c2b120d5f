"""The forecast in HTML: the section of a run folder's ``report.html``.

Per question: its chart, a table of the bins (the model with its 95 % interval, each crowd at
each date, what happened), the scores with the best marked and how they are defined, and the
sources. Question titles, bin labels, crowd names and URLs come from YAML files anyone may
write, so every one is escaped, and only an ``http``/``https`` address becomes a link (with
``rel="noopener noreferrer"``); any other is shown as text.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from simulator.report.forecast_words import (
    INTERVAL_WORDS,
    MODEL_NAME,
    NOT_FITTED,
    best,
    crowd_label,
    crowd_percent,
    day,
    model_interval,
    model_percent,
    score_number,
    score_rows,
    scores_meaning,
)
from simulator.report.html import (
    Html,
    esc,
    figure,
    table,
)

SECTION_HEADING = "The model beside the forecasters"
"""The heading the run page gives the section."""
LINKED_SCHEMES = ("http", "https")
CHART_CAPTION = (
    "The model's probability of each bin (grey bar, whisker: its 95 % interval) beside each "
    "crowd's published forecast (a marker per crowd and date); the shaded row is what happened."
)


def link(url: object, text: object | None = None) -> str:
    """An escaped link to ``url`` if it is an http(s) address, else the escaped text of it."""
    address = str(url or "")
    shown = esc(address if text is None else text)
    try:
        parts = urlsplit(address)
    except ValueError:
        return shown
    if parts.scheme.lower() not in LINKED_SCHEMES or not parts.netloc:
        return shown
    return f'<a href="{esc(address)}" rel="noopener noreferrer">{shown}</a>'


def _status(question: dict) -> str:
    """What happened, why the question was annulled, or that it is open."""
    annulled = question.get("annulled")
    if annulled:
        source = annulled.get("source")
        cited = f" Source: {link(source)}." if source else ""
        return (
            f'<p class="disclaimer">Annulled ({esc(day(annulled.get("date", "")))}): '
            f"{esc(annulled.get('why', '').rstrip('.'))}. No scores: the question did not "
            f"resolve.{cited}</p>"
        )
    resolution = question.get("resolution")
    if not resolution:
        return "<p>Not resolved yet: no scores.</p>"
    return (
        f"<p><strong>What happened: {esc(resolution.get('bin', ''))}</strong> (resolved "
        f"{esc(day(resolution.get('date', '')))}; source: {link(resolution.get('source'))}).</p>"
    )


def _bins_table(question: dict) -> str:
    """Bin | model % (95 % interval) | each crowd at each date | what happened."""
    crowds = question.get("crowds") or []
    resolution = question.get("resolution") or {}
    happened = None if question.get("annulled") else resolution.get("bin")
    rows = []
    for b in question["bins"]:
        mark = Html("<strong>yes</strong>") if b["label"] == happened else ""
        model = f"{model_percent(b['model'])} ({model_interval(b['model'])})"
        shares = [crowd_percent((c.get("probabilities") or {}).get(b["label"])) for c in crowds]
        rows.append([b["label"], model, *shares, mark])
    headers = ["bin", f"{MODEL_NAME}, % (95 % interval)", *map(crowd_label, crowds)]
    return table([*headers, "what happened"], rows, set(range(1, len(headers))))


def _scores_table(question: dict, floor: float | None) -> str:
    """Who, date, Brier, log score, probability given to what happened; the best in bold."""
    rows = score_rows(question)
    if not rows:
        return ""
    brier, log = best(rows, "brier"), best(rows, "log")

    def shown(i: int, value: float | None, winners: set[int]) -> str | Html:
        text = score_number(value)
        return Html(f"<strong>{esc(text)} (best)</strong>") if i in winners else text

    body = []
    for i, (who, date, s) in enumerate(rows):
        p = s.get("probability")
        below = floor is not None and isinstance(p, int | float) and p < floor
        given = crowd_percent(p) + (" (below the floor)" if below else "")
        body.append(
            [who, date or "–", shown(i, s.get("brier"), brier), shown(i, s.get("log"), log), given]
        )
    headers = [
        "who",
        "forecast of",
        "Brier score",
        "log score",
        "probability given to what happened",
    ]
    return table(headers, body, {2, 3, 4}) + f'<p class="note">{esc(scores_meaning(floor))}</p>'


def _sources(question: dict) -> str:
    """The question's and each crowd's source, linked where the address is http(s)."""
    items = [f"<li>The question: {link(question.get('source'))}</li>"]
    items += [
        f"<li>{esc(crowd_label(c))}: {link(c.get('source'))}</li>"
        for c in question.get("crowds") or []
    ]
    return f"<p>Sources:</p><ul>{''.join(items)}</ul>"


def question_html(question: dict, image: str | None, doc: dict) -> str:
    """One question: title, chart, what happened, bins table, scores and sources."""
    counted = question.get("counted_runs")
    measure = question.get("measure_text")
    counts = (
        f'<p class="note">The model counts {esc(measure)}'
        + (f", over {counted:,} of the {doc['runs']:,} runs" if isinstance(counted, int) else "")
        + ".</p>"
        if measure
        else ""
    )
    chart = ""
    if image and Path(image).is_file():
        chart = figure(Path(image), CHART_CAPTION)
    scores = "" if question.get("annulled") else _scores_table(question, doc.get("log_floor"))
    wording = question.get("wording")
    rule = f"<p><strong>How it resolves:</strong> {esc(wording)}</p>" if wording else ""
    return (
        f"<h3>{esc(question['title'])}</h3>{rule}{counts}{_status(question)}{chart}"
        f"{_bins_table(question)}{scores}{_sources(question)}"
    )


def forecast_section(doc: dict, images: dict[str, str] | None = None) -> str:
    """The forecast's section body (the page puts it under ``SECTION_HEADING``).

    ``images`` maps a question's id to its chart's PNG path (``save_forecast_charts``); a
    question without one is shown without a chart.
    """
    images = images or {}
    parts = [f'<p class="note">{esc(INTERVAL_WORDS)} {esc(NOT_FITTED)}</p>']
    for question in doc.get("questions", []):
        if question.get("bins"):
            parts.append(question_html(question, images.get(str(question.get("id"))), doc))
    skipped = doc.get("skipped") or []
    if skipped:
        items = "".join(
            f"<li>{esc(s.get('title', ''))} (<code>{esc(s.get('id', ''))}</code>): "
            f"{esc(s.get('why', ''))}</li>"
            for s in skipped
        )
        parts.append(f"<h3>Questions not answered here</h3><ul>{items}</ul>")
    return "".join(parts)
