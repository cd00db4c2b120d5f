"""Schema of a forecast question file: a published question, its bins, crowds and resolution.

A question is data beside the scenarios (``scenarios/questions/*.yaml``), never part of one: it
changes no parameter and no ``scenario_sha256``. Its ``measure`` says how a model run answers it,
from the run's first bilateral agreement (a general ceasefire or a settlement); the bins must be
exclusive and exhaustive so that every counted run falls in exactly one.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import re
from typing import Annotated, Literal

from pydantic import AfterValidator, Field

from simulator.scenario.fields import Name, Strict, Text
from simulator.scenario.schema import FIRST_DATE, LAST_DATE

MEASURES = ("agreement_start", "agreement_duration", "agreement_lasting")
"""How a run answers a question (see ``Question.measure``)."""
MAX_URL_CHARS = 500
SUM_TOLERANCE = 0.03
"""How far a crowd's published probabilities may sum from 1 (they are rounded when published)."""
APPLIES_DAYS = 31
"""A question applies to a run that starts while it is open or up to this many days before."""


def _check_url(value: str) -> str:
    text = value.strip()
    if not text.startswith(("https://", "http://")):
        raise ValueError(f"must be a web address starting with https:// (got {text[:60]!r})")
    if len(text) > MAX_URL_CHARS or any(c.isspace() or ord(c) < 32 for c in text):
        raise ValueError(
            f"must be one web address without spaces, at most {MAX_URL_CHARS} characters"
        )
    return text


def _check_id(value: str) -> str:
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]{0,79}", value):
        raise ValueError(
            "must be lowercase letters, digits and hyphens (at most 80), such as "
            f"rfi-ceasefire-start (got {value[:60]!r})"
        )
    return value


Url = Annotated[str, AfterValidator(_check_url), Field(description="a web address (https://...)")]
Date = Annotated[dt.date, Field(ge=FIRST_DATE, le=LAST_DATE, description="a date, 2025-03-18")]
Days = Annotated[int, Field(ge=0, le=7300, description="days (at most 20 years)")]


class Bin(Strict):
    """One answer of a question: a label as published and the interval it covers.

    Date bins (``agreement_start``) cover ``[from, before)``; day bins (``agreement_duration``)
    cover ``[min_days, max_days)``; a missing end is open. ``agreement_lasting`` bins are the
    two labels ``Yes`` and ``No`` and take no bounds.
    """

    label: Name("the answer as the question published it")
    from_: Date | None = Field(None, alias="from", description="first date of the bin")
    before: Date | None = Field(None, description="the day after the bin's last date")
    min_days: Days | None = None
    max_days: Days | None = None


class Given(Strict):
    """The condition of a conditional duration question."""

    starts_before: Date


class Lasting(Strict):
    """A yes/no question: did the first agreement last ``min_days``, starting in time?"""

    min_days: Annotated[int, Field(ge=1, le=7300, description="days the agreement must last")]
    starts_before: Date
    completed_by: Date | None = Field(None, description="the days must be over by this date")


class Crowd(Strict):
    """A forecasting platform's aggregate forecast at one date, as published."""

    name: Name("platform, e.g. Metaculus")
    date: Date
    source: Url
    probabilities: dict[
        Annotated[str, Field(max_length=200)],
        Annotated[float, Field(ge=0.0, le=1.0, description="probability 0 to 1")],
    ]


class Resolution(Strict):
    """What happened: the bin, when it was known, and the source that says so."""

    bin: Name("the label of the bin that happened")
    date: Date
    source: Url


class Annulled(Strict):
    """A conditional question whose condition was not met: it resolves to nothing."""

    date: Date
    why: Text("why the question was annulled")
    source: Url | None = None


class Question(Strict):
    """A published forecasting question, how the model answers it, the crowds and the record."""

    id: Annotated[
        str,
        AfterValidator(_check_id),
        Field(description="lowercase letters, digits and hyphens, e.g. rfi-ceasefire-start"),
    ]
    title: Name("the question's title as published")
    source: Url
    also_posted: list[Url] = Field(default_factory=list, max_length=10)
    opened: Date
    closes: Date
    wording: Text("the resolution criteria, faithfully summarised")
    measure: Literal["agreement_start", "agreement_duration", "agreement_lasting"]
    given: Given | None = None
    lasting: Lasting | None = None
    bins: list[Bin] = Field(min_length=2, max_length=20)
    crowds: list[Crowd] = Field(default_factory=list, max_length=60)
    resolution: Resolution | None = None
    annulled: Annulled | None = None
    notes: Text("what could not be found, and approximations") = ""

    def problems(self) -> list[tuple[tuple, str]]:
        """What the schema alone cannot check, each with the key it is about.

        The bins follow the measure and cover every run once; crowds name every bin; the
        resolution is a bin. The loader places each problem at its file and line.
        """
        found: list[tuple[tuple, str]] = []
        if self.closes < self.opened:
            found.append((("closes",), f"is before opened ({self.opened})"))
        wanted = {"agreement_duration": "given", "agreement_lasting": "lasting"}
        for measure, key in wanted.items():
            present = getattr(self, key) is not None
            if present != (self.measure == measure):
                found.append(
                    (
                        (key,) if present else ("measure",),
                        f"'{key}' belongs with measure {measure}, and only with it; "
                        f"this question's measure is {self.measure}",
                    )
                )
        labels = [b.label for b in self.bins]
        if len(set(labels)) != len(labels):
            found.append((("bins",), "two bins have the same label; name each answer once"))
        check = {
            "agreement_start": _check_date_bins,
            "agreement_duration": _check_day_bins,
            "agreement_lasting": _check_yes_no,
        }[self.measure]
        found += check(self.bins)
        for i, crowd in enumerate(self.crowds):
            found += [(("crowds", i, *loc), text) for loc, text in _check_crowd(crowd, labels)]
        if self.resolution is not None and self.resolution.bin not in labels:
            found.append(
                (
                    ("resolution", "bin"),
                    f"'{self.resolution.bin}' is not a bin label; the labels are: "
                    + ", ".join(labels),
                )
            )
        if self.resolution is not None and self.annulled is not None:
            found.append((("annulled",), "a question is resolved or annulled, not both"))
        return found

    def horizon_date(self) -> dt.date:
        """The last date a run must reach for every counted run to fall in one bin."""
        if self.measure == "agreement_start":
            ends = [d for b in self.bins for d in (b.from_, b.before) if d is not None]
            return max(ends)
        if self.measure == "agreement_duration":
            days = [d for b in self.bins for d in (b.min_days, b.max_days) if d is not None]
            return self.given.starts_before + dt.timedelta(days=max(days))
        last = self.lasting.completed_by or self.lasting.starts_before
        return max(last, self.lasting.starts_before + dt.timedelta(days=self.lasting.min_days))

    def weeks_needed(self, start: dt.date) -> int:
        """Weeks a run starting on ``start`` needs to answer this question for every run."""
        return max(1, math.ceil((self.horizon_date() - start).days / 7) + 1)

    def applies_to(self, start: dt.date) -> bool:
        """Whether a run starting on ``start`` sees what the question's forecasters saw."""
        return (self.opened - start).days <= APPLIES_DAYS and start < self.closes


def _chain(bins: list[Bin], low: str, high: str, what: str) -> list[tuple[tuple, str]]:
    """Bins must follow one another without gap or overlap, open at both ends."""
    for i, b in enumerate(bins):
        for key in ("from_", "before", "min_days", "max_days"):
            if getattr(b, key) is not None and key not in (low, high):
                shown = key.rstrip("_")
                allowed = f"{low.rstrip('_')} and {high}"
                return [(("bins", i, shown), f"does not belong to {what} bins ({allowed} do)")]
    first, last = bins[0], bins[-1]
    if getattr(first, low) not in (None, 0):
        return [
            (
                ("bins", 0, low.rstrip("_")),
                "must be left out: the first bin is open (from the start)",
            )
        ]
    if getattr(last, high) is not None:
        return [
            (
                ("bins", len(bins) - 1, high),
                "must be left out: the last bin is open (later, or never)",
            )
        ]
    for i, (a, b) in enumerate(itertools.pairwise(bins)):
        if getattr(a, high) is None or getattr(a, high) != getattr(b, low):
            return [
                (
                    ("bins", i + 1),
                    f"must start where bin '{a.label}' ends ({high} of one = "
                    f"{low.rstrip('_')} of the next), in order, without gaps or overlaps",
                )
            ]
    return []


def _check_date_bins(bins: list[Bin]) -> list[tuple[tuple, str]]:
    return _chain(bins, "from_", "before", "date")


def _check_day_bins(bins: list[Bin]) -> list[tuple[tuple, str]]:
    return _chain(bins, "min_days", "max_days", "duration")


def _check_yes_no(bins: list[Bin]) -> list[tuple[tuple, str]]:
    if [b.label for b in bins] != ["Yes", "No"]:
        return [
            (("bins",), "a yes/no question (agreement_lasting) has the bins Yes and No, in order")
        ]
    for i, b in enumerate(bins):
        if any(getattr(b, k) is not None for k in ("from_", "before", "min_days", "max_days")):
            return [(("bins", i), "takes no bounds: 'lasting' says what Yes means")]
    return []


def _check_crowd(crowd: Crowd, labels: list[str]) -> list[tuple[tuple, str]]:
    given = set(crowd.probabilities)
    if given != set(labels):
        unknown = ", ".join(sorted(given - set(labels))) or "none"
        missing = ", ".join(label for label in labels if label not in given) or "none"
        return [
            (
                ("probabilities",),
                f"must name every bin once; unknown: {unknown}; missing: {missing}",
            )
        ]
    total = sum(crowd.probabilities.values())
    if abs(total - 1.0) > SUM_TOLERANCE:
        return [
            (
                ("probabilities",),
                f"sum to {total:.3f}; a forecast's probabilities sum to 1 "
                f"(within {SUM_TOLERANCE}, for rounding)",
            )
        ]
    return []
