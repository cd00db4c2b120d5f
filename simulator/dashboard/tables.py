"""The HTML tables of the dashboard page, built as strings without any web framework.

Stable ``data-testid`` attributes (``p-<outcome>``, ``pinned-<outcome>``, ``share-<state>-<week>``,
``fight-<party>``, ``package-<party>``, ``margin-<party>``, ``belief-<party>``) let the browser
tests and screen readers read the numbers from the page.
"""

from __future__ import annotations

import html
import math

from simulator.dashboard.one_run import OTHER, PARTIES, OneRun, WeekView
from simulator.dashboard.outlook import (
    STATE_LABELS,
    STATES,
    TRUCE,
    Outlook,
    marked_weeks,
    state_shares,
)
from simulator.report import DISCLAIMER, ISSUE_LABELS, OUTCOME_COLOURS, OUTCOME_LABELS
from simulator.rules import ISSUES


def outcome_table_html(
    now: Outlook, pinned: Outlook | None, now_label: str = "now", pinned_label: str = "pinned"
) -> str:
    """The outcome table, readable from the DOM (``p-<outcome>``, ``pinned-<outcome>``)."""
    caption = html.escape(now_label) + (f" · {html.escape(pinned_label)}" if pinned else "")
    head = (
        f"<caption>{caption}</caption>"
        f"<tr><th>outcome<br>({now.runs:,} runs each)</th><th class='num'>now</th>"
        "<th class='num'>95 % interval (%)</th>"
        + ("<th class='num'>pinned</th><th class='num'>change (points)</th>" if pinned else "")
        + "</tr>"
    )
    rows = []
    for row in now.rows:
        cells = (
            f"<td style='white-space: nowrap'>"
            f"<span class='negsim-swatch' style='background:{OUTCOME_COLOURS[row.name]}'>"
            f"</span>{html.escape(OUTCOME_LABELS[row.name])}</td>"
            f"<td class='num' data-testid='p-{row.name}' data-probability='{row.probability:.6f}'"
            f" title='{row.count:,} of {now.runs:,} runs'><b>{row.probability:.1%}</b></td>"
            f"<td class='num' style='white-space: nowrap'>"
            f"{row.low * 100:.1f}–{row.high * 100:.1f}</td>"
        )
        if pinned:
            old = pinned.probability(row.name)
            cells += (
                f"<td class='num' data-testid='pinned-{row.name}' data-probability='{old:.6f}'>"
                f"{old:.1%}</td>"
                f"<td class='num' style='white-space: nowrap'>"
                f"{(row.probability - old) * 100:+.1f}</td>"
            )
        rows.append(f"<tr data-outcome='{row.name}'>{cells}</tr>")
    return f"<table class='negsim-table' data-testid='outcomes'>{head}{''.join(rows)}</table>"


def _week(value) -> str:
    return "–" if value is None else f"{value:.0f}"


def timing_note(now: Outlook) -> str:
    """Runs, time, and the week of the first ceasefire, settlement and partial truce (now)."""
    parts = []
    for metric, what in (
        ("ceasefire_week", "first ceasefire"),
        ("settlement_week", "settlement signed"),
        ("truce_week", "first partial truce"),
    ):
        d = now.tally.metrics[metric].describe()
        if not d["n"]:
            parts.append(f"no {what} in these runs")
            continue
        parts.append(
            f"{what} in {d['n']:,} runs, median week {_week(d['p50'])} "
            f"(10–90 %: {_week(d['p10'])}–{_week(d['p90'])})"
        )
    timing = "; ".join(parts)
    return (
        f"Now: {now.runs:,} runs in {now.seconds:.2f} s (seed {now.seed}). "
        f"{timing[:1].upper()}{timing[1:]}. Dashed lines and hatched bars: the pinned scenario. "
        f"<b>{DISCLAIMER.capitalize()}.</b>"
    )


def _num(value: float, fmt: str) -> str:
    """A number as the tables print it, or a dash where there is none (NaN)."""
    return "–" if math.isnan(value) else format(value, fmt)


def value_table(view: WeekView) -> str:
    """Each party this week: value of fighting on, value of the US package, margin, answer.

    The package's value is net of the risk that the settlement breaks down; a party accepts
    when it is at least the value of fighting on and no red line is crossed (unless it bluffs).
    """
    rows = []
    for party in PARTIES:
        if view.negotiating:
            answer = "accepts" if view.table_accept[party] else "rejects"
        else:
            answer = "settled" if view.settled else "–"
        ceasefire = (
            _num(view.ceasefire_margin[party], "+.3f") if view.ceasefire_offered else "not offered"
        )
        rows.append(
            f"<tr><td>{party.capitalize()}</td>"
            f"<td class='num' data-testid='fight-{party}'>{_num(view.fight_value[party], '.3f')}"
            "</td>"
            f"<td class='num' data-testid='package-{party}'>"
            f"{_num(view.table_value[party], '.3f')}</td>"
            f"<td class='num' data-testid='margin-{party}'>"
            f"{_num(view.deal_margin[party], '+.3f')}</td>"
            f"<td>{answer}</td>"
            f"<td class='num'>{ceasefire}</td></tr>"
        )
    return (
        "<table class='negsim-table' data-testid='values'><tr><th>this week</th>"
        "<th class='num'>fighting on</th><th class='num'>US package</th>"
        "<th class='num'>margin</th><th>package</th>"
        "<th class='num'>ceasefire margin</th></tr>" + "".join(rows) + "</table>"
    )


def belief_table(view: WeekView) -> str:
    """Each side's mean belief about the other's resolve, this week's move, and the truth."""
    rows = []
    for party in PARTIES:
        other = OTHER[party]
        moved = view.belief[party] - view.belief_before[party]
        rows.append(
            f"<tr><td>{party.capitalize()} about {other.capitalize()}</td>"
            f"<td class='num' data-testid='belief-{party}'>{view.belief[party]:.3f}</td>"
            f"<td class='num'>{moved:+.3f}</td>"
            f"<td class='num' data-testid='truth-{other}'>{view.resolve[other]:.3f}</td>"
            f"<td class='num'>{view.belief_error(party):+.3f}</td></tr>"
        )
    return (
        "<table class='negsim-table' data-testid='beliefs'><tr><th>belief about resolve</th>"
        "<th class='num'>mean</th><th class='num'>this week</th><th class='num'>truth</th>"
        "<th class='num'>error</th></tr>" + "".join(rows) + "</table>"
    )


def shares_table(now: Outlook) -> str:
    """Share of runs in each state after each quarter and at the horizon (``share-<state>-<w>``)."""
    shares = state_shares(now)
    marks = marked_weeks(now.weeks)
    head = "".join(f"<th class='num'>{w} wk</th>" for w in marks)
    rows = []
    for name in (*STATES, TRUCE):
        cells = "".join(
            f"<td class='num' data-testid='share-{name}-{w}'"
            f" title='95 % interval {shares[name + '.low'][w - 1]:.1%}–"
            f"{shares[name + '.high'][w - 1]:.1%}'>{shares[name][w - 1]:.0%}</td>"
            for w in marks
        )
        rows.append(f"<tr><td>{STATE_LABELS[name]}</td>{cells}</tr>")
    return (
        "<table class='negsim-table' data-testid='shares'><tr><th>runs after</th>"
        f"{head}</tr>{''.join(rows)}</table>"
    )


def offer_table(view: WeekView) -> str:
    """The package of the week, issue by issue, from Ukraine's pole (0) to Russia's (1).

    The US package on the table; in the week a settlement is signed, the signed package.
    """
    if view.signed:
        title, package = f"signed: {html.escape(view.signed)}", view.signed_terms
    elif view.table:
        title, package = "US package on the table", view.table
    else:
        why = "a settlement holds" if view.settled else "the run has ended"
        return f"<div class='negsim-note'>No package on the table this week: {why}.</div>"
    cells = "".join(
        f"<tr><td>{ISSUE_LABELS[issue]}</td><td class='num'>{value:.2f}</td></tr>"
        for issue, value in zip(ISSUES, package, strict=True)
    )
    return (
        f"<table class='negsim-table' data-testid='package'><tr><th>{title}</th>"
        f"<th class='num'>0 Ukraine … 1 Russia</th></tr>{cells}</table>"
    )


def story_note(one: OneRun) -> str:
    """What the one-run view's story and numbers mean, under the story."""
    return (
        f"Story: {html.escape(one.story_source)}. Margin = what the US "
        "package is worth to the party (net of the risk that the settlement "
        "breaks down) minus what fighting on over its outlook is worth to it; "
        "at or above 0 it accepts, unless the package crosses a red line or it "
        "bluffs. Beliefs: each side's mean estimate of the other's private "
        "resolve, moved by each week's battle and by rejections. "
        f"{DISCLAIMER.capitalize()}."
    )
