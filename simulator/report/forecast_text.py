"""Terminal text of a forecast: per question the bins, the model and each crowd, then the scores.

Within 80 columns: a question's bins are rows (labels wrapped), the model's share with its 95 %
interval and one column per crowd at its date, keyed by a letter under the table; with more
crowds than fit, each bin lists the crowds under it instead. User text (titles, bin labels,
crowd names) passes through ``terminal_safe``, so no escape sequence reaches the terminal; our
own words are plain ASCII.
"""

from __future__ import annotations

import string
import textwrap

from simulator.report.forecast_words import (
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
from simulator.report.palette import DISCLAIMER_LINE
from simulator.report.study_words import WIDTH, wrap
from simulator.scenario import terminal_safe

INDENT = "   "
MODEL_COLUMN = 19
"""Width of the model's column: "48.8 (46.6-51.0)" and a gap."""
CROWD_COLUMN = 7
"""Width of one crowd's column: "100" or "15.5" and a gap."""
HAPPENED_COLUMN = 4
"""Width of the column marking what happened ("<-")."""
LABEL_COLUMNS = (18, 40)
"""Narrowest and widest bin-label column; with less room the crowds go under each bin."""
SCORE_COLUMNS = (8, 11, 11)
"""Widths of the Brier, log score and "gave what happened" columns."""


def _safe(text: object) -> str:
    """User text on one terminal line: control characters shown as escapes."""
    return terminal_safe(str(text), multiline=False)


def _lines(text: str, width: int) -> list[str]:
    """Text wrapped into a column ``width`` wide (a word longer than it breaks)."""
    return textwrap.wrap(text, width, break_on_hyphens=False) or [""]


def _percent(p: object) -> str:
    """A share in percent without the sign (the header says %): "1", "15.5", "-" if none."""
    return crowd_percent(p if isinstance(p, int | float) else None).removesuffix(" %")


def _model_cell(model: dict) -> str:
    """The model's share and its 95 % interval in percent: "48.8 (46.6-51.0)"."""
    share = model_percent(model).removesuffix(" %")
    return f"{share} ({model_interval(model, '-').removesuffix(' %')})"


def _table(question: dict, happened: str | None) -> list[str]:
    """Bins as rows, the model and one lettered column per crowd, what happened marked."""
    crowds = question.get("crowds") or []
    fixed = len(INDENT) + MODEL_COLUMN + CROWD_COLUMN * len(crowds) + HAPPENED_COLUMN
    room = min(WIDTH - fixed, LABEL_COLUMNS[1])
    if len(crowds) > len(string.ascii_uppercase) or room < LABEL_COLUMNS[0]:
        return _blocks(question, happened)
    keys = string.ascii_uppercase[: len(crowds)]
    crowd_heads = "".join(f"{k:>{CROWD_COLUMN}}" for k in keys)
    lines = [
        INDENT + f"{'':<{room}}{'model, %':<{MODEL_COLUMN}}" + crowd_heads,
        INDENT
        + f"{'bin':<{room}}{'(95 % interval)':<{MODEL_COLUMN}}"
        + "".join(f"{'%':>{CROWD_COLUMN}}" for _ in keys),
    ]
    for b in question["bins"]:
        label = _lines(_safe(b["label"]), room - 2)
        shares = "".join(
            f"{_percent((c.get('probabilities') or {}).get(b['label'])):>{CROWD_COLUMN}}"
            for c in crowds
        )
        mark = "  <-" if b["label"] == happened else ""
        lines.append(INDENT + f"{label[0]:<{room}}{_model_cell(b['model']):<{MODEL_COLUMN}}")
        lines[-1] += shares + mark
        lines += [INDENT + line for line in label[1:]]
    if happened is not None:
        lines.append(INDENT + "<- what happened")
    for key, crowd in zip(keys, crowds, strict=True):
        lines += wrap(f"{key} = {_safe(crowd_label(crowd))}", INDENT)
    return lines


def _blocks(question: dict, happened: str | None) -> list[str]:
    """Each bin with the model and, under it, every crowd (for questions with many crowds)."""
    names = [f"{MODEL_NAME} (95 % interval)"]
    names += [_safe(crowd_label(c)) for c in question.get("crowds") or []]
    name_width = min(max(map(len, names)) + 2, WIDTH - len(INDENT) - 2 - MODEL_COLUMN)
    lines = []
    for b in question["bins"]:
        mark = "  <- what happened" if b["label"] == happened else ""
        lines += wrap(_safe(b["label"]) + mark, INDENT)
        rows = [(f"{MODEL_NAME} (95 % interval)", f"{_model_cell(b['model'])} %")]
        for crowd in question.get("crowds") or []:
            p = (crowd.get("probabilities") or {}).get(b["label"])
            rows.append((_safe(crowd_label(crowd)), crowd_percent(p)))
        for name, value in rows:
            names = _lines(name, name_width - 1)
            lines += [f"{INDENT}  {line}" for line in names[:-1]]
            lines.append(f"{INDENT}  {names[-1]:<{name_width}}{value}")
    return lines


def _scores(question: dict, floor: float | None) -> list[str]:
    """The scores table (lowest marked *), or why there are none."""
    rows = score_rows(question)
    if not rows:
        return [INDENT + "No scores."]
    brier, log = best(rows, "brier"), best(rows, "log")
    w_brier, w_log, w_gave = SCORE_COLUMNS
    name_width = WIDTH - len(INDENT) - sum(SCORE_COLUMNS)
    lines = [
        INDENT + f"{'':<{name_width}}{'':>{w_brier}}{'':>{w_log}}{'gave what':>{w_gave - 1}}",
        INDENT + f"{'who':<{name_width}}{'Brier':>{w_brier - 1}} {'log score':>{w_log - 1}} "
        f"{'happened':>{w_gave - 1}}",
    ]
    for i, (who, date, s) in enumerate(rows):
        names = _lines(_safe(f"{who}, {date}" if date else who), name_width - 1)
        b = score_number(s.get("brier")) + ("*" if i in brier else " ")
        g = score_number(s.get("log")) + ("*" if i in log else " ")
        given = crowd_percent(s.get("probability")) + ("+" if _floored(s, floor) else " ")
        lines += [INDENT + line for line in names[:-1]]
        lines.append(
            INDENT + f"{names[-1]:<{name_width}}{b:>{w_brier}}{g:>{w_log}}{given:>{w_gave}}"
        )
    key = "* lowest, the best score."
    if any(_floored(s, floor) for _, _, s in rows):
        key += " + below the floor: its log score is the floor's."
    return [*lines, *wrap(f"{key} {scores_meaning(floor)}", INDENT)]


def _floored(scores: dict, floor: float | None) -> bool:
    """Whether a log score was taken at the floor (the probability given was below it)."""
    p = scores.get("probability")
    return bool(floor) and isinstance(p, int | float) and p < floor


def question_text(question: dict, number: int, floor: float | None) -> list[str]:
    """One question: title, source, what the model counts, the table, the outcome, the scores."""
    lines = textwrap.wrap(f"{number}. {_safe(question['title'])}", WIDTH, subsequent_indent=INDENT)
    lines += wrap(f"Source: {_safe(question.get('source', ''))}", INDENT)
    if question.get("measure_text"):
        counted = question.get("counted_runs")
        of = f" ({counted:,} runs counted)" if isinstance(counted, int) else ""
        lines += wrap(f"The model counts: {question['measure_text']}{of}.", INDENT)
    annulled = question.get("annulled")
    resolution = question.get("resolution")
    happened = None if annulled or not resolution else resolution.get("bin")
    lines.append("")
    lines += _table(question, happened)
    lines.append("")
    if annulled:
        reason = _safe(annulled.get("why", "")).rstrip(".")
        why = f"Annulled ({day(annulled.get('date', ''))}): {reason}."
        lines += wrap(why + " No scores: the question did not resolve.", INDENT)
        return lines
    if not resolution:
        return [*lines, INDENT + "Not resolved yet: no scores."]
    lines += wrap(
        f"What happened: {_safe(resolution.get('bin'))} (resolved "
        f"{day(resolution.get('date', ''))}; {_safe(resolution.get('source', ''))}).",
        INDENT,
    )
    return [*lines, "", *_scores(question, floor)]


def format_forecast(doc: dict) -> str:
    """The forecast document as terminal text of at most 80 columns."""
    changes = doc.get("changes") or []
    changed = f" + {len(changes)} change{'s' if len(changes) > 1 else ''}" if changes else ""
    lines = wrap(
        f"Forecast questions: the model ({_safe(doc['scenario'])}{changed}, {doc['runs']:,} runs "
        f"from {day(doc.get('start_date', '?'))}, seed {doc['seed']}) beside the forecasters."
    )
    for i, question in enumerate(doc.get("questions", []), start=1):
        lines += ["", *question_text(question, i, doc.get("log_floor"))]
    for skipped in doc.get("skipped") or []:
        title = f"Skipped: {_safe(skipped.get('title', ''))} ({_safe(skipped.get('id', ''))})"
        lines += ["", *textwrap.wrap(title, WIDTH, subsequent_indent=INDENT)]
        lines += wrap(f"Why: {_safe(skipped.get('why', ''))}", INDENT)
    lines += ["", *wrap(NOT_FITTED), DISCLAIMER_LINE]
    return "\n".join(line.rstrip() for line in lines)


def forecast_note(doc: dict, scenario: str) -> str:
    """The lines ``negsim run`` adds under its table: which questions its forecast answers."""
    answered = [_safe(q.get("id", "")) for q in doc.get("questions", [])]
    text = (
        f"Forecast questions answered in forecast.json and report.html: {', '.join(answered)}."
        if answered
        else "No forecast question applies to this run."
    )
    skipped = doc.get("skipped") or []
    if skipped:
        names = ", ".join(_safe(s.get("id", "")) for s in skipped)
        them = "them" if len(skipped) > 1 else "it"
        text += f" Not answered here: {names} (negsim forecast {_safe(scenario)} answers {them})."
    return "\n".join(textwrap.wrap(text, WIDTH, break_on_hyphens=False))  # ids stay whole
