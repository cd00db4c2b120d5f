"""The HTML tables of the dashboard page, built as strings without any web framework.

Stable ``data-testid`` attributes (``p-<outcome>``, ``margin-<party>``) let the browser tests and
screen readers read the numbers from the page.
"""

from __future__ import annotations

import html

from simulator.dashboard.one_run import WeekView
from simulator.dashboard.outlook import Outlook
from simulator.report import ISSUE_LABELS, OUTCOME_COLOURS, OUTCOME_LABELS
from simulator.rules import ISSUES


def outcome_table_html(now: Outlook, before: Outlook | None) -> str:
    """The outcome table, readable from the DOM (``data-testid="p-<outcome>"``)."""
    head = (
        f"<tr><th>outcome<br>({now.runs:,} runs)</th><th class='num'>share</th>"
        "<th class='num'>95 % interval (%)</th>"
        + ("<th class='num'>before</th><th class='num'>change (points)</th>" if before else "")
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
        if before:
            old = before.probability(row.name)
            cells += (
                f"<td class='num' data-testid='before-{row.name}'>{old:.1%}</td>"
                f"<td class='num' style='white-space: nowrap'>"
                f"{(row.probability - old) * 100:+.1f}</td>"
            )
        rows.append(f"<tr data-outcome='{row.name}'>{cells}</tr>")
    return f"<table class='negsim-table' data-testid='outcomes'>{head}{''.join(rows)}</table>"


def margin_table(view: WeekView) -> str:
    """Each party: what the package on the table is worth to it, what it needs, the margins."""
    rows = []
    for party in ("russia", "ukraine"):
        rows.append(
            f"<tr><td>{party.capitalize()}</td>"
            f"<td class='num'>{view.table_value[party]:.3f}</td>"
            f"<td class='num'>{view.needs[party]:.3f}</td>"
            f"<td class='num' data-testid='margin-{party}'>"
            f"{view.settlement_margin[party]:+.3f}</td>"
            f"<td class='num'>{view.ceasefire_margin[party]:+.3f}</td></tr>"
        )
    return (
        "<table class='negsim-table'><tr><th>party</th><th class='num'>package worth</th>"
        "<th class='num'>needs</th><th class='num'>margin</th>"
        "<th class='num'>ceasefire margin</th></tr>" + "".join(rows) + "</table>"
    )


def offer_table(view: WeekView) -> str:
    """The offer on the table, issue by issue, from Ukraine's pole (0) to Russia's (1)."""
    cells = "".join(
        f"<tr><td>{ISSUE_LABELS[issue]}</td><td class='num'>{value:.2f}</td></tr>"
        for issue, value in zip(ISSUES, view.table, strict=True)
    )
    return (
        "<table class='negsim-table'><tr><th>offer on the table</th>"
        f"<th class='num'>0 Ukraine … 1 Russia</th></tr>{cells}</table>"
    )
