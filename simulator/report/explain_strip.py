"""The "what happened" strip of the explain timeline: spans in force and labelled happenings.

Ceasefires, partial truces and settlements in force are bars along the strip's foot (the time
panels below are shaded in the same colours); each happening (a signing and whose package it
was, a breakdown, a ceasefire's start and end, aid resuming, Kursk, events, escalation) is a
marker with a short label in one of a few lanes above. Labels are placed from their measured
extents so that no two overlap and none leaves the strip; a label with no room left is dropped
in order of importance, its marker kept. The strip draws no line, so nothing strikes a label.
"""

from __future__ import annotations

from dataclasses import dataclass

from simulator.report.palette import (
    ACTOR_COLOURS,
    BATTLEFIELD_COLOUR,
    CEASEFIRE_SHADE,
    OKABE_ITO,
    OUTCOME_COLOURS,
    SETTLEMENT_COLOUR,
)

LANES = 4
"""Label lanes above the bars."""
BAND = 0.5
"""Height of the bar band, in label-lane heights."""
LANE_HEIGHT = 1.3
"""A lane's height in units of the label font size: room for the text and a gap."""
PAD_PT = 5.0
"""Gap kept between two labels in a lane, in points."""

SPAN_SHADES = {
    "ceasefire": (CEASEFIRE_SHADE, 0.45),
    "truce": (OKABE_ITO["black"], 0.12),
    "settled": (SETTLEMENT_COLOUR, 0.22),
}
"""Colour and opacity of each kind of span, on the strip and on the time panels."""
SIGNED = {
    "us": "signed: US package",
    "russia": "signed: Russia's counter-offer",
    "ukraine": "signed: Ukraine's counter-offer",
}
"""A signing's label: whose package it was (the US proposal or a side's counter-offer)."""
STRIP_SHADE_BOOST = 1.8
"""The strip's bars are drawn this much more opaque than the panels' shading."""


@dataclass(frozen=True)
class Happening:
    """One labelled happening on the strip: its week, words, marker and rank (0 = most important).

    ``fallbacks`` are shorter labels, tried in turn when the full one finds no room.
    """

    week: int
    text: str
    colour: str
    marker: str
    rank: int
    fallbacks: tuple[str, ...] = ()


def _event_text(said: str) -> tuple[str, str]:
    """A scheduled event's short label and colour (US aid paused or resumed is told as aid)."""
    dotted, _, value = said.partition(" = ")
    if dotted == "actors.us.aid_paused":
        resumed = value.strip().lower() in ("false", "0")
        return ("US aid resumes" if resumed else "US aid paused"), ACTOR_COLOURS["us"]
    leaf = dotted.rsplit(".", 1)[-1].replace("_", " ")
    return f"event: {leaf}", OKABE_ITO["grey"]


def happenings(records: list[dict]) -> list[Happening]:
    """The happenings of a story, from its records (folded weeks included), in week order."""
    out: list[Happening] = []
    donor_weeks: set[int] = set()
    seen: set[str] = set()
    for r in records:
        kind, week = r["kind"], r["week"]
        if week is None:
            continue
        if kind == "settlement":
            text = SIGNED[r["package_of"]]
            out.append(Happening(week, text, SETTLEMENT_COLOUR, "v", 0, ("signed",)))
        elif kind == "breakdown":
            colour = OUTCOME_COLOURS["settlement_collapsed"]
            out.append(Happening(week, "breaks down", colour, "v", 0))
        elif kind == "escalation":
            out.append(Happening(week, "escalation", OUTCOME_COLOURS["escalation"], "X", 0))
        elif kind == "ceasefire_start":
            text = "ceasefire, aid halted" if r["aid_halt"] else "ceasefire"
            colour = OUTCOME_COLOURS["ceasefire_holding"]
            out.append(Happening(week, text, colour, "v", 0, ("ceasefire",)))
        elif kind in ("violation", "lapse"):
            short = "collapses" if kind == "violation" else "lapses"
            colour = OUTCOME_COLOURS["ceasefire_collapsed"]
            out.append(Happening(week, f"ceasefire {short}", colour, "v", 0, (short,)))
        elif kind == "aid":
            out.append(Happening(week, "US aid resumes", ACTOR_COLOURS["us"], "v", 1))
        elif kind == "event":
            text, colour = _event_text(r["set"])
            out.append(Happening(week, text, colour, "v", 1))
        elif kind == "withdrawal":
            out.append(Happening(week, "Ukraine leaves Kursk", BATTLEFIELD_COLOUR, "v", 2))
        elif kind == "truce_start":
            rank = 4 if "truce" in seen else 3  # the first truce is named; later ones if room
            seen.add("truce")
            out.append(Happening(week, "energy truce", OKABE_ITO["black"], "v", rank))
        elif kind == "donor" and week not in donor_weeks:
            donor_weeks.add(week)
            out.append(Happening(week, "donor aid", OKABE_ITO["grey"], "v", 4))
    return _by_week(out)


def _by_week(found: list[Happening]) -> list[Happening]:
    """Happenings of the same week as one label, the most important first ("a · b").

    Its fallbacks drop the others, then shorten the first.
    """
    weeks: dict[int, list[Happening]] = {}
    for h in found:
        weeks.setdefault(h.week, []).append(h)
    out = []
    for week in sorted(weeks):
        group = sorted(weeks[week], key=lambda h: h.rank)
        head = group[0]
        if len(group) == 1:
            out.append(head)
            continue
        text = " · ".join(h.text for h in group)
        fallbacks = (head.text, *head.fallbacks)
        out.append(Happening(week, text, head.colour, head.marker, head.rank, fallbacks))
    return out


def spans(weeks: list[int], flags: list[bool]) -> list[tuple[float, float]]:
    """Runs of consecutive flagged weeks as (start, end) in week units (week w is [w, w + 1))."""
    out, start = [], None
    for week, on in zip(weeks, flags, strict=True):
        if on and start is None:
            start = week
        if not on and start is not None:
            out.append((float(start), float(week)))
            start = None
    if start is not None:
        out.append((float(start), float(weeks[-1] + 1)))
    return out


def strip_height_pt(font: float) -> float:
    """The strip's height in points for labels of ``font`` points."""
    return (LANES + BAND) * LANE_HEIGHT * font


def lane_y(lane: int) -> float:
    """The centre of a label lane, in the strip's axes coordinates (0 at the foot)."""
    return (BAND + lane + 0.5) / (LANES + BAND)


def draw_bars(ax, span_lists: dict[str, list[tuple[float, float]]]) -> None:
    """The spans in force as bars along the strip's foot."""
    top = BAND / (LANES + BAND)
    for kind, found in span_lists.items():
        colour, alpha = SPAN_SHADES[kind]
        for start, end in found:
            ax.axvspan(
                start,
                end,
                ymin=0.0,
                ymax=top,
                color=colour,
                lw=0,
                alpha=min(1.0, alpha * STRIP_SHADE_BOOST),
            )


def place_labels(ax, found: list[Happening], renderer, font: float, marker_size: float) -> list:
    """Put each happening's marker and label in a lane with room; return the labels.

    First every happening gets its shortest label, most important first, in the first lane
    with room (right of its marker, or left of it near the strip's right end); then, most
    important first, each label is lengthened to the longest form that still fits. A
    happening with no room even for its shortest label is left to the panels and the text.
    """
    place = _Placer(ax, renderer, font, marker_size)
    order = sorted(found, key=lambda h: (h.rank, h.week))
    spots: dict[int, tuple] = {}
    for i, h in enumerate(order):
        spot = place.find((h.fallbacks or (h.text,))[-1], h.week)
        if spot is not None:
            spots[i] = spot
            place.take(spot)
    for i, h in enumerate(order):
        if i not in spots:
            continue
        place.release(spots[i])
        for text in (h.text, *h.fallbacks):
            spot = place.find(text, h.week, first=spots[i][0])
            if spot is not None:
                break
        spot = spot or spots[i]
        spots[i] = spot
        place.take(spot)
    labels = []
    for i, (lane, text, side, _) in sorted(spots.items()):
        h = order[i]
        labels.append(place.draw(text, h.week, lane, side))
        ax.plot(
            h.week + 0.5,
            lane_y(lane),
            h.marker,
            color=h.colour,
            ms=marker_size,
            mec="black",
            mew=0.6,
            transform=ax.get_xaxis_transform(),
            clip_on=False,
        )
    return labels


class _Placer:
    """Lanes of the strip and the pixel spans already taken in each."""

    def __init__(self, ax, renderer, font: float, marker_size: float):
        self.ax, self.renderer, self.font = ax, renderer, font
        self.box = ax.get_window_extent(renderer)
        scale = renderer.points_to_pixels(1.0)
        self.pad, self.half = PAD_PT * scale, 0.6 * marker_size * scale
        self.offset = 0.6 * marker_size + 2.0  # points from the marker's centre to the text
        self.taken: list[list[tuple[float, float]]] = [[] for _ in range(LANES)]

    def draw(self, text: str, week: int, lane: int, side: int):
        """The label as an annotation of the strip (left out of the layout: it sits inside)."""
        label = self.ax.annotate(
            text,
            (week + 0.5, lane_y(lane)),
            xycoords=self.ax.get_xaxis_transform(),
            xytext=(side * self.offset, 0.0),
            textcoords="offset points",
            ha="left" if side > 0 else "right",
            va="center",
            fontsize=self.font,
            annotation_clip=False,
        )
        label.set_in_layout(False)
        return label

    def find(self, text: str, week: int, first: int = 0) -> tuple | None:
        """The first (lane, text, side, pixel span) where the label fits, or None.

        Lane ``first`` is tried before the others, from the foot up.
        """
        centre = self.ax.transData.transform((week + 0.5, 0.0))[0]
        for lane in dict.fromkeys((first, *range(LANES))):
            for side in (1, -1):
                label = self.draw(text, week, lane, side)
                extent = label.get_window_extent(self.renderer)
                label.remove()
                low = min(extent.x0, centre - self.half)
                high = max(extent.x1, centre + self.half)
                inside = (
                    self.box.x0 <= min(extent.x0, centre) <= max(extent.x1, centre) <= (self.box.x1)
                )
                free = all(high + self.pad <= a or b + self.pad <= low for a, b in self.taken[lane])
                if inside and free:
                    return lane, text, side, (low, high)
        return None

    def take(self, spot: tuple) -> None:
        self.taken[spot[0]].append(spot[3])

    def release(self, spot: tuple) -> None:
        self.taken[spot[0]].remove(spot[3])
