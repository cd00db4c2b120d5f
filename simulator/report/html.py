"""Building blocks of every ``report.html``: escaping, tables, inline figures, the page frame.

A page opens without a network: charts are inline (base64 PNG), styles are inline, nothing is
fetched. Provenance is kept in ``provenance.json`` so ``negsim chart`` can rebuild a page later.
"""

from __future__ import annotations

import base64
import html
from pathlib import Path
from typing import Any

from simulator import __version__
from simulator.report.palette import DISCLAIMER, DISCLAIMER_LINE
from simulator.report.value_words import number

MODEL_ASSUMPTIONS = (
    "negsim is an agent-based model of the United States, Russia and Ukraine built on the "
    "bargaining theory of war. A settlement covers six issues (neutrality, territory, armed "
    "forces, Western aid, sanctions, security guarantees), each a number from 0 (Ukraine's "
    "preferred pole) to 1 (Russia's); each actor values a package as one minus the "
    "salience-weighted distance from its ideal point. Each belligerent's resolve is drawn per "
    "run and is private: the other side and the US hold a belief over a few types of it, "
    "tilted by optimism, and update it by Bayes' rule from the noisy weekly battle result and, "
    "weakly (a side may bluff), from rejected offers. Each week a side compares the value of "
    "fighting on (the end state it expects from its beliefs, minus war costs that grow with "
    "casualties) with the value of the package on the table net of the risk that a settlement "
    "breaks down (lowered by monitoring and security guarantees); it accepts when the deal is "
    "worth at least as much and crosses none of its red lines. Nothing depends on a deadline "
    "or on the horizon. An interim ceasefire is weighed against fighting the same weeks, "
    "including the regroup it gives the other side and the US aid it brings back; a partial "
    "truce on energy strikes runs on its own track. The US mediates: it proposes the package "
    "most likely to be accepted, tilted toward its own interests, holds the aid and pressure "
    "levers, and does not veto. Every run draws the uncertain parameters from their stated "
    "distributions and the weekly battlefield shocks from its own random stream; the Monte "
    "Carlo spread therefore reflects what the scenario leaves uncertain, not the likelihood "
    "of real events. The numbers are calibrated by assumption, not estimated from data: this "
    f"is {DISCLAIMER}."
)

CSS = """
*, *::before, *::after { box-sizing: border-box; }
body { font-family: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; margin: 0 auto;
       max-width: 1100px; padding: 1.5em 1.25em 2em; color: #111; line-height: 1.45;
       overflow-wrap: break-word; }
h1 { font-size: 1.7em; margin-bottom: 0.2em; } h2 { border-bottom: 2px solid #ddd; }
.table-wrap { max-width: 100%; overflow-x: auto; margin: 0.5em 0 1.5em; }
table { border-collapse: collapse; font-size: 0.92em; max-width: 100%; }
th, td { border: 1px solid #ccc; padding: 0.25em 0.6em; text-align: left; vertical-align: top;
         overflow-wrap: break-word; }
table.full { width: 100%; table-layout: fixed; }
table.full th, table.full td, th.key, td.key { overflow-wrap: anywhere; }
th.key, td.key { min-width: 6em; }
th { background: #f2f2f2; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
table.many { font-size: 0.8em; } table.many th, table.many td { padding: 0.25em 0.3em; }
td .where { display: block; color: #555; font-size: 0.9em; margin-top: 0.2em; }
figure { margin: 1em 0 2em; }
figure img { display: block; width: 100%; max-width: 100%; height: auto; border: 1px solid #eee; }
figcaption { font-style: italic; color: #444; }
pre { background: #f6f6f6; padding: 0.8em; white-space: pre-wrap; overflow-wrap: anywhere; }
pre.command { font-size: 1.05em; border-left: 4px solid #8a3b00; user-select: all;
              -webkit-user-select: all; }
code { overflow-wrap: anywhere; }
.note { color: #555; font-size: 0.9em; } .disclaimer { font-weight: bold; color: #8a3b00; }
"""
"""One page style for every ``report.html``: it fits a 1024 px projector without scrolling
sideways. A table with set column widths is as wide as the page and breaks anything too long
for its cells; in other tables long keys and paths (``.key``) break anywhere and words at
spaces. A table scrolls inside its own box only as a last resort; the command wraps and charts
scale to the width."""

LONG_TOKEN = 16
"""Characters from which a key or path (``.``, ``_``, ``/`` inside) may break anywhere in a cell."""
MANY_COLUMNS = 8
"""Columns from which a table's type is smaller, so a sweep's table fits a projector."""


class Html(str):
    """Markup that ``table`` puts in a cell as it is: the caller has escaped its text."""


def esc(value: Any) -> str:
    """HTML-escaped text."""
    return html.escape(str(value))


def _is_key(token: str) -> bool:
    """Whether a word is a long dotted key, file path or name that has no place to break."""
    return len(token) >= LONG_TOKEN and any(ch in token for ch in "._/")


def cell(value: Any) -> str:
    """A table cell's text: ``true``/``false`` for booleans, numbers without float noise."""
    if isinstance(value, bool | float):
        return number(value)
    return str(value)


def table(
    headers: list[str],
    rows: list[list[Any]],
    numeric: set[int] = frozenset(),
    widths: tuple[str, ...] = (),
) -> str:
    """An HTML table that fits the page; ``numeric`` columns are right-aligned.

    ``widths`` (CSS widths, one per column) make the table as wide as the page, for tables
    with long text; the table sits in a box that scrolls sideways only if it still cannot fit.
    """

    def classes(text: str, num: bool) -> str:
        names = ["num"] if num else []
        if not widths and any(_is_key(token) for token in text.split()):
            names.append("key")
        return f' class="{" ".join(names)}"' if names else ""

    def td(i: int, c: Any) -> str:
        text = c if isinstance(c, Html) else esc(cell(c))
        return f"<td{classes(text, i in numeric)}>{text}</td>"

    head = "".join(f"<th{classes(str(h), False)}>{esc(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(td(i, c) for i, c in enumerate(row)) + "</tr>" for row in rows)
    cols = "".join(f'<col style="width:{w}">' for w in widths)
    kind = " ".join(
        name
        for name, yes in (("full", bool(widths)), ("many", len(headers) >= MANY_COLUMNS))
        if yes
    )
    opening = f'<table class="{kind}">' if kind else "<table>"
    opening += f"<colgroup>{cols}</colgroup>" if widths else ""
    return (
        f'<div class="table-wrap">{opening}<thead><tr>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table></div>"
    )


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
        f'<p class="disclaimer">{DISCLAIMER_LINE}</p>{body}'
        f'<p class="note">Made with negsim {esc(__version__)}.</p></body></html>\n'
    )


def percent(p: float) -> str:
    """A probability as a percentage with one decimal."""
    return f"{100.0 * p:.1f} %"


def interval(ci: list[float]) -> str:
    """A 95 % interval of a probability, in percent."""
    return f"{100.0 * ci[0]:.1f} – {100.0 * ci[1]:.1f} %"


def reproduce_section(command: str | None, extra: str = "") -> str:
    """The exact command on one line that wraps on screen; a click selects all of it to copy."""
    if not command:
        return f"<pre>(not recorded)</pre>{extra}"
    return (
        f'<pre class="command">{esc(command)}</pre>'
        '<p class="note">It is one line: breaks on the screen are only wrapping. Click the '
        "command to select all of it, copy it, and paste it into a terminal.</p>"
        f"{extra}"
    )
