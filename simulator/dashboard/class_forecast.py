"""The class forecast: the class's numbers per bin, the model's answer, the crowds, the scores.

Before the model is revealed the teacher types, for each bin of a published question, either the
class's probability in percent or a show of hands. Either way the class's probability of a bin
is its entry divided by the sum of the entries (``class_forecast``): percentages that add up to
90 become shares of 90, and hands become the share of hands raised; a blank counts as 0. Every
value is checked first: a number (a dot or a comma for decimals, a trailing "%" allowed), finite,
not negative, at most 100 % or ``MAX_HANDS`` hands, whole for hands; anything else is refused
with one short line (``ClassForecastError``).

The model's answer is counted like ``negsim forecast`` counts it, under the page's current
settings (the levers as set) and its number of runs, with the horizon raised when a question
needs more weeks than the scenario; it is kept in a small shared cache (``ForecastCache``). The
class forecast is downloaded as YAML built in memory (``class_forecast_yaml``): the server keeps
nothing.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import html
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import yaml

from simulator import UserError, __version__
from simulator.analysis import (
    FORECAST_COLUMNS,
    LOG_FLOOR,
    ForecastTally,
    applicable,
    question_entry,
    scores,
)
from simulator.dashboard.levers import DEFAULT_RUNS
from simulator.dashboard.outlook import outlook_key
from simulator.dashboard.settings import overrides, scenario_with
from simulator.dashboard.shared_cache import SharedCache
from simulator.montecarlo import run_monte_carlo
from simulator.scenario import Loaded, LoadedQuestion, Question, load_questions, questions_dir

MODES = ("percent", "hands")
"""How the class's numbers are entered: probabilities in percent, or a show of hands per bin."""
MODE_LABELS = {"percent": "Percent", "hands": "Show of hands"}
MAX_HANDS = 1000
"""Most hands a bin can get: a lecture hall, not a stadium."""
MAX_CHARS = 20
"""Longest entry the page accepts (a number, not an essay)."""
CACHE_SIZE = 32
"""Model forecasts kept; each is a small dictionary."""

_NUMBER = re.compile(r"[0-9]+(?:[.,][0-9]+)?|[.,][0-9]+")


class ClassForecastError(UserError):
    """A value the class forecast cannot take: the page shows this one line and keeps the rest."""


@functools.lru_cache(maxsize=4)
def _questions(signature: tuple) -> tuple[LoadedQuestion, ...]:
    return tuple(load_questions())


def shipped() -> tuple[LoadedQuestion, ...]:
    """The shipped questions, read again when a question file changes."""
    files = sorted(questions_dir().glob("*.yaml"))
    return _questions(tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in files))


def question_by_id(question_id: Any) -> Question:
    """The shipped question with this id (``ClassForecastError`` for anything else)."""
    for item in shipped():
        if isinstance(question_id, str) and item.question.id == question_id:
            return item.question
    raise ClassForecastError("the page offers no such question")


def entry_value(text: Any, mode: str) -> float:
    """One entry as a number: blank is 0; refused unless a finite count or percentage in range."""
    if mode not in MODES:
        raise ClassForecastError("enter the class's numbers as percent or as a show of hands")
    if isinstance(text, bool) or not isinstance(text, str | int | float | None):
        raise ClassForecastError("each entry is a number")
    if isinstance(text, int | float):
        text = repr(text)
    cleaned = (text or "").strip().removesuffix("%").strip()
    if len(cleaned) > MAX_CHARS:
        raise ClassForecastError(f"an entry is a number of at most {MAX_CHARS} characters")
    if not cleaned:
        return 0.0
    if not _NUMBER.fullmatch(cleaned):
        kind = "a whole number of hands" if mode == "hands" else "a percentage"
        raise ClassForecastError(f"not a number: enter {kind}, 0 or more, such as 25")
    value = float(cleaned.replace(",", "."))
    if mode == "hands":
        if not value.is_integer() or value > MAX_HANDS:
            raise ClassForecastError(f"hands are counted in whole numbers, 0 to {MAX_HANDS:,}")
    elif value > 100:
        raise ClassForecastError("a percentage is 0 to 100")
    return value


@dataclass(frozen=True)
class ClassForecast:
    """The class's entries per bin, as typed, and the probabilities they make."""

    question_id: str
    mode: str
    entries: dict[str, float]
    probabilities: dict[str, float]

    @property
    def total(self) -> float:
        """The sum of the entries (percent points or hands)."""
        return sum(self.entries.values())

    def note(self) -> str:
        """How the entries became probabilities, in a sentence for the page."""
        total = self.total
        if self.mode == "hands":
            return f"{total:,.0f} hands in all: each bin's share of them is its probability."
        if abs(total - 100) < 0.5:
            return "The percentages add up to 100."
        return (
            f"The percentages add up to {total:g}, not 100: each is divided by {total:g}, "
            "so that they add up to 100."
        )


def class_forecast(question: Question, values: Mapping[str, Any], mode: str) -> ClassForecast:
    """The class's probabilities from its entries (each bin's entry over their sum).

    ``values`` maps bin labels to what the page sent; a label that is not a bin is refused, a bin
    left out counts as 0, and entries that sum to 0 are refused (there is nothing to share out).
    """
    if not isinstance(values, Mapping):
        raise ClassForecastError("the class forecast is one number per bin")
    labels = [b.label for b in question.bins]
    unknown = [k for k in values if k not in labels]
    if unknown:
        raise ClassForecastError("the question has no such bin")
    entries = {}
    for label in labels:
        try:
            entries[label] = entry_value(values.get(label), mode)
        except ClassForecastError as exc:
            raise ClassForecastError(f"{label}: {exc}") from None
    total = sum(entries.values())
    if total <= 0:
        what = "raise some hands" if mode == "hands" else "give some bin more than 0 %"
        raise ClassForecastError(f"enter the class's numbers first: {what}")
    return ClassForecast(
        question.id, mode, entries, {label: entries[label] / total for label in labels}
    )


@dataclass(frozen=True)
class Row:
    """One forecaster's line of the comparison: probabilities per bin and, once resolved, scores."""

    who: str
    kind: str  # "class", "model" or "crowd"
    date: str
    source: str | None
    probabilities: dict[str, float | None]
    scores: dict[str, float] | None
    ci95: dict[str, list] | None = None


def comparison_rows(
    question: Question, forecast: ClassForecast, model: Mapping | None
) -> list[Row]:
    """The class, the model (when revealed and it counted runs), then each crowd by date.

    Scores are ``analysis.scores`` of each forecaster's probabilities against the resolved bin;
    an open or annulled question has none.
    """
    realised = question.resolution.bin if question.resolution is not None else None

    def scored(probabilities: Mapping[str, float | None]) -> dict[str, float] | None:
        if realised is None or any(p is None for p in probabilities.values()):
            return None
        return scores(probabilities, realised)

    today = dt.date.today().isoformat()
    probs: dict[str, float | None] = dict(forecast.probabilities)
    rows = [Row("Class", "class", today, None, probs, scored(probs))]
    if model is not None and model.get("counted_runs"):
        probs = {b["label"]: b["model"]["probability"] for b in model["bins"]}
        ci95 = {b["label"]: b["model"]["ci95"] for b in model["bins"]}
        rows.append(Row("Model", "model", model["date"], None, probs, scored(probs), ci95))
    for crowd in sorted(question.crowds, key=lambda c: c.date):
        probs = {b.label: crowd.probabilities[b.label] for b in question.bins}
        rows.append(
            Row(crowd.name, "crowd", crowd.date.isoformat(), crowd.source, probs, scored(probs))
        )
    return rows


def best_rows(rows: Sequence[Row], score: str = "brier") -> set[int]:
    """Indices of the rows with the lowest score (ties share the honour); empty if unscored."""
    values = [r.scores[score] for r in rows if r.scores is not None]
    if not values:
        return set()
    low = min(values)
    return {
        i for i, r in enumerate(rows) if r.scores is not None and r.scores[score] <= low + 1e-12
    }


def forecast_weeks(scenario_weeks: int, question: Question, start: dt.date) -> int:
    """The horizon the model needs for the question: the scenario's, or longer."""
    return max(scenario_weeks, question.weeks_needed(start))


def model_changes(loaded: Loaded, settings: Mapping[str, Any], question: Question) -> dict:
    """The page's changes of the scenario (levers as set) and the horizon the question needs."""
    changes = {k: v for k, v in overrides(loaded, dict(settings)).items() if k != "simulation.runs"}
    sim = loaded.scenario.simulation
    weeks = forecast_weeks(sim.weeks, question, sim.start_date)
    if weeks != sim.weeks:
        changes["simulation.weeks"] = weeks
    return changes


def does_not_apply(loaded: Loaded, question: Question) -> str | None:
    """Why the model cannot answer the question from this scenario's start date (None if it can)."""
    start = loaded.scenario.simulation.start_date
    if question.applies_to(start):
        return None
    return (
        f"The model does not answer this question from {loaded.scenario.name}: the question was "
        f"open from {question.opened} to {question.closes}, and the scenario starts {start}."
    )


def count_forecast(scenario, question: Question, runs: int) -> dict:
    """The model's ``forecast.json`` entry for one question from ``runs`` runs of ``scenario``."""
    start = scenario.simulation.start_date
    item = LoadedQuestion(question, question.id)
    usable, skipped = applicable([item], start, scenario.simulation.weeks)
    if not usable:
        raise ClassForecastError(skipped[0]["why"])
    tally = ForecastTally(usable, start)
    run_monte_carlo(
        scenario, runs, on_block=lambda r: tally.add(r.records), keep_records=FORECAST_COLUMNS
    )
    return {
        **question_entry(question, tally.counts[0]),
        "runs": runs,
        "weeks": scenario.simulation.weeks,
        "scenario": scenario.name,
    }


class ForecastCache:
    """Model forecasts by (settings, question), shared by sessions (a ``SharedCache``).

    One forecast is counted at a time over all sessions (the page's outlooks have their own
    slots); a second request for a forecast being counted waits for it; a failed count is not
    kept.
    """

    def __init__(self, size: int = CACHE_SIZE, count: Callable[..., dict] = count_forecast):
        self.count = count
        self.kept: SharedCache[dict] = SharedCache(size, parallel=1)

    def get(self, key: tuple, make: Callable[[], tuple]) -> dict:
        """The forecast for ``key``: recalled, awaited, or counted now from ``make()``'s args."""
        return self.kept.get(key, lambda: self.count(*make()))


CACHE = ForecastCache()


def _question_hash(question: Question) -> str:
    return hashlib.sha256(question.model_dump_json().encode()).hexdigest()


def model_forecast(
    loaded: Loaded, settings: Mapping[str, Any], question: Question, cache: ForecastCache = CACHE
) -> dict:
    """The model's answer under the page's settings: bins with 95 % intervals, as forecast.json.

    Adds ``date`` (today), ``runs``, ``weeks``, ``scenario`` and ``changes`` (the keys the
    levers changed).
    """
    reason = does_not_apply(loaded, question)
    if reason is not None:
        raise ClassForecastError(reason)
    runs = int(settings.get("runs", DEFAULT_RUNS))
    changes = model_changes(loaded, settings, question)
    key = (*outlook_key(loaded, dict(settings))[0], question.id, _question_hash(question))
    found = cache.get(key, lambda: (scenario_with(loaded, changes), question, runs))
    levers = sorted(k for k in changes if k != "simulation.weeks")
    return {**found, "date": dt.date.today().isoformat(), "changes": levers}


def download_name(question: Question) -> str:
    """File name the browser saves the class forecast under."""
    return f"class-forecast-{question.id}.yaml"


def class_forecast_yaml(
    question: Question,
    forecast: ClassForecast,
    model: Mapping | None = None,
    day: dt.date | None = None,
) -> str:
    """The class forecast with its question as a YAML file, built in memory for the download.

    The question (id, title, source, bins), the class's entries and probabilities and the day;
    with the model's probabilities when it was revealed, and the resolution when known.
    """
    day = day or dt.date.today()
    doc: dict[str, Any] = {
        "question": {
            "id": question.id,
            "title": question.title,
            "source": question.source,
            "bins": [b.label for b in question.bins],
        },
        "class": {
            "date": day,
            "entered_as": forecast.mode,
            "entries": {k: _tidy(v) for k, v in forecast.entries.items()},
            "probabilities": {k: round(p, 4) for k, p in forecast.probabilities.items()},
        },
    }
    if model is not None and model.get("counted_runs"):
        doc["model"] = {
            "scenario": model.get("scenario"),
            "changed": list(model.get("changes", [])),
            "runs": model.get("runs"),
            "counted_runs": model["counted_runs"],
            "probabilities": {b["label"]: b["model"]["probability"] for b in model["bins"]},
        }
    if question.resolution is not None:
        r = question.resolution
        doc["resolution"] = {"bin": r.bin, "date": r.date, "source": r.source}
        doc["class"]["scores"] = scores(forecast.probabilities, r.bin)
    head = (
        f"# A class forecast saved from the negsim {__version__} dashboard on {day.isoformat()}.\n"
        "# probabilities: each bin's entry divided by the sum of the entries.\n"
    )
    return head + yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=100)


def _tidy(value: float) -> int | float:
    return int(value) if float(value).is_integer() else round(value, 4)


def percent(p: float | None) -> str:
    """A probability as the page shows it: whole percent, or one decimal when it has one."""
    if p is None or not math.isfinite(p):
        return "–"
    value = p * 100
    return f"{value:.0f} %" if abs(value - round(value)) < 0.05 else f"{value:.1f} %"


COLOURS = {"class": "#E69F00", "model": "#0072B2", "crowd": "#999999"}
"""Each forecaster's colour (Okabe–Ito): its bars in the table are a light tint of it."""
_TINTS = {"class": "#f7dca6", "model": "#b3d1e6", "crowd": "#e0e0e0"}


def link(url: str, text_html: str) -> str:
    """A link to a source that opens in a new tab and tells it nothing of the page."""
    href = html.escape(url, quote=True)
    return f"<a href='{href}' target='_blank' rel='noopener noreferrer'>{text_html}</a>"


def row_id(rows: Sequence[Row], index: int) -> str:
    """A row's stable name for tests: ``class``, ``model``, ``crowd-0``, ``crowd-1``..."""
    row = rows[index]
    if row.kind != "crowd":
        return row.kind
    return f"crowd-{sum(1 for r in rows[:index] if r.kind == 'crowd')}"


def comparison_table_html(question: Question, rows: Sequence[Row]) -> str:
    """Class, model and crowds side by side: a bar per bin, the bin that happened marked, scores.

    Readable from the DOM: ``cf-<row>`` rows with ``data-probability`` per bin cell
    (``data-bin``) and ``data-brier``, ``data-log`` on the row once resolved.
    """
    realised = question.resolution.bin if question.resolution is not None else None
    scored = realised is not None
    best = best_rows(rows)
    head = "<th>forecaster</th><th>date</th>"
    for b in question.bins:
        mark = " class='cf-happened'" if b.label == realised else ""
        tick = "<br><span class='cf-tick'>✓ happened</span>" if b.label == realised else ""
        head += f"<th{mark}>{html.escape(b.label)}{tick}</th>"
    if scored:
        head += (
            "<th class='num'>gave to what happened</th><th class='num'>Brier</th>"
            "<th class='num'>log</th>"
        )
    body = []
    for i, row in enumerate(rows):
        name = html.escape(row.who)
        if row.source:
            name = link(row.source, name)
        swatch = f"<span class='negsim-swatch' style='background:{COLOURS[row.kind]}'></span>"
        cells = (
            f"<td style='white-space: nowrap'>{swatch}{name}</td><td>{html.escape(row.date)}</td>"
        )
        for b in question.bins:
            p = row.probabilities[b.label]
            width = 0.0 if p is None else max(0.0, min(p, 1.0)) * 100
            tint = _TINTS[row.kind]
            bar = f"background: linear-gradient(to right, {tint} {width:.1f}%, #0000 {width:.1f}%)"
            extra = ""
            if row.ci95 is not None and row.ci95.get(b.label) and None not in row.ci95[b.label]:
                low, high = row.ci95[b.label]
                extra = f"<br><span class='cf-ci'>{low * 100:.1f}–{high * 100:.1f}</span>"
            mark = " cf-happened" if b.label == realised else ""
            cells += (
                f"<td class='num{mark}' style='{bar}' data-bin='{html.escape(b.label, quote=True)}'"
                f" data-probability='{'' if p is None else f'{p:.6f}'}'>{percent(p)}{extra}</td>"
            )
        data = f" data-testid='cf-{row_id(rows, i)}'"
        if row.scores is not None:
            s = row.scores
            win = " cf-best" if i in best else ""
            cells += (
                f"<td class='num'>{percent(s['probability'])}</td>"
                f"<td class='num{win}'>{s['brier']:.3f}</td><td class='num'>{s['log']:.2f}</td>"
            )
            data += f" data-brier='{s['brier']:.6f}' data-log='{s['log']:.6f}'"
        elif scored:
            cells += "<td></td><td></td><td></td>"
        body.append(f"<tr class='cf-{row.kind}'{data}>{cells}</tr>")
    return (
        "<table class='negsim-table cf-table' data-testid='class-comparison'>"
        f"<tr>{head}</tr>{''.join(body)}</table>"
    )


def record_html(question: Question) -> str:
    """What happened, with its source; or why the question was annulled; or that it is open."""
    r, a = question.resolution, question.annulled
    if r is not None:
        known = f"known {r.date}; {link(r.source, 'source')}"
        return f"What happened: <b>{html.escape(r.bin)}</b> ({known})."
    if a is not None:
        source = f" ({link(a.source, 'source')})" if a.source else ""
        why = html.escape(" ".join(a.why.split()).rstrip("."))
        return f"Annulled on {a.date}: {why}{source}. Nobody is scored."
    return "Not resolved yet: nobody is scored."


SCORES_NOTE = (
    "Lower is better. Brier: the sum over bins of (probability − outcome)², outcome 1 for the "
    "bin that happened: 0 is perfect, 2 the worst. Log: −ln of the probability given to what "
    f"happened (below {LOG_FLOOR * 100:g} % it counts as {LOG_FLOOR * 100:g} %). Bold: the best "
    "Brier score."
)
