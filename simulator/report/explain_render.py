"""The told story of one run as a document: terminal text, Markdown (``explain.md``) or JSON.

Each renderer takes the told records of ``simulator.report.explain_text.story_records``; folded
weeks are left out of the text and the Markdown (their quiet line stands for them) and kept in
the JSON.
"""

from __future__ import annotations

import textwrap

from simulator import __version__
from simulator.report.json_text import json_text
from simulator.report.palette import DISCLAIMER_LINE

WIDTH = 80
"""Terminal text is wrapped to this many columns."""

FOOTER = DISCLAIMER_LINE


def render_text(records: list[dict], width: int = WIDTH) -> str:
    """The story for a terminal: weeks as headings, lines wrapped to ``width`` columns."""
    lines: list[str] = []
    for r in records:
        if r.get("folded"):
            continue
        kind = r["kind"]
        if kind in ("header", "brief", "outcome"):
            if lines and kind != "brief":
                lines.append("")
            lines.extend(textwrap.wrap(r["text"], width, subsequent_indent="  "))
            if kind == "brief":
                lines.append("")
        elif kind == "week":
            lines.append(r["text"])
        elif kind == "quiet":
            lines.extend(textwrap.wrap(r["text"], width, subsequent_indent="    "))
        else:
            lines.extend(
                textwrap.wrap(r["text"], width, initial_indent="  ", subsequent_indent="    ")
            )
    lines.append(FOOTER)
    return "\n".join(lines) + "\n"


def render_markdown(records: list[dict], chart: str | None = None) -> str:
    """The story as Markdown (``explain.md``), with the timeline chart when one was drawn."""
    header = records[0]
    out = [
        f"# Run {header['run']} of '{header['scenario']}', told week by week",
        "",
        header["text"],
        "",
    ]
    outcome = records[-1]
    out += [f"**{outcome['text']}**", ""]
    if chart:
        out += [f"![Timeline of run {header['run']}]({chart})", ""]
    for r in records[1:-1]:
        if r.get("folded"):
            continue
        if r["kind"] == "week":
            out += ["", f"## {r['text']}", ""]
        elif r["kind"] == "brief":
            out += [r["text"], ""]
        elif r["kind"] == "quiet":
            out += ["", f"*{r['text']}*", ""]
        else:
            out.append(f"- {r['text']}")
    out += ["", f"*{FOOTER} negsim {__version__}.*", ""]
    return "\n".join(out)


def render_json(records: list[dict]) -> str:
    """The records as one JSON list."""
    return json_text(records, indent=1, ensure_ascii=False)
