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
    """The exact command, in a block a reader can copy."""
    text = command or "(not recorded)"
    return f"<pre>{esc(text)}</pre>{extra}"
