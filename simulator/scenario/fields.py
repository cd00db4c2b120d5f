"""Field types of the scenario schema: continuous numbers with bounds, possibly uncertain.

An ``Uncertain`` field is a number in a range or a distribution over it; its ``Bounds`` ride on
the annotation so that messages, the JSON Schema and sensitivity studies can read them back.
"""

from __future__ import annotations

import typing
from dataclasses import dataclass
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from simulator.scenario.distributions import Dist, Distribution
from simulator.scenario.text import MAX_NAME_CHARS, MAX_TEXT_CHARS, text_problem


@dataclass(frozen=True)
class Bounds:
    """Allowed range of a continuous field (``high`` None: no upper bound)."""

    low: float
    high: float | None


def range_text(low: float, high: float | None) -> str:
    """A range in words: ``from 0 to 1`` or ``of at least 1``."""
    return f"from {low:g} to {high:g}" if high is not None else f"of at least {low:g}"


def _check_uncertain(bounds: Bounds):
    def check(value):
        if isinstance(value, Dist):
            problem = value.check_range(bounds.low, bounds.high)
            if problem:
                raise ValueError(problem)
            return value
        if not (value >= bounds.low and (bounds.high is None or value <= bounds.high)):
            raise ValueError(
                f"must be a number {range_text(bounds.low, bounds.high)} (got {value:g})"
            )
        return float(value)

    return check


def _number_branch_range(low: float, high: float | None):
    """JSON Schema: put the field's range on the plain-number branch of ``number | dist``."""

    def extra(schema: dict) -> None:
        for branch in schema.get("anyOf", []):
            if branch.get("type") == "number":
                branch["minimum"] = low
                if high is not None:
                    branch["maximum"] = high

    return extra


def Uncertain(low: float, high: float | None, description: str):  # noqa: N802
    """A continuous number in [low, high] that may also be given as a distribution."""
    bounds = Bounds(low, high)
    return Annotated[
        float | Distribution,
        AfterValidator(_check_uncertain(bounds)),
        bounds,
        Field(description=description, json_schema_extra=_number_branch_range(low, high)),
    ]


def _find_bounds(annotation) -> Bounds | None:
    """The ``Bounds`` inside a (possibly optional) ``Uncertain`` annotation."""
    if typing.get_origin(annotation) is Annotated:
        for item in annotation.__metadata__:
            if isinstance(item, Bounds):
                return item
    for arg in typing.get_args(annotation):
        found = _find_bounds(arg)
        if found is not None:
            return found
    return None


def field_info_bounds(info) -> Bounds | None:
    """The ``Bounds`` of a pydantic ``FieldInfo``, or None for a field that is not continuous."""
    for item in info.metadata:
        if isinstance(item, Bounds):
            return item
    return _find_bounds(info.annotation)


def bounds_of(model: type[BaseModel], name: str) -> Bounds | None:
    """The ``Bounds`` of a field, or None for a field that is not continuous."""
    return field_info_bounds(model.model_fields[name])


def _check_text(multiline: bool, limit: int):
    def check(value: str) -> str:
        problem = text_problem(value, multiline=multiline, limit=limit)
        if problem:
            raise ValueError(problem)
        return value

    return check


def Name(description: str):  # noqa: N802
    """One line of text shown in titles and tables: no control characters, at most 200."""
    return Annotated[
        str,
        AfterValidator(_check_text(False, MAX_NAME_CHARS)),
        Field(description=description, json_schema_extra={"maxLength": MAX_NAME_CHARS}),
    ]


def Text(description: str):  # noqa: N802
    """Free text (a description): newlines and tabs allowed, other control characters not."""
    return Annotated[
        str,
        AfterValidator(_check_text(True, MAX_TEXT_CHARS)),
        Field(description=description, json_schema_extra={"maxLength": MAX_TEXT_CHARS}),
    ]


class Strict(BaseModel):
    """Base of every schema object: unknown keys are errors, types are not coerced."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, allow_inf_nan=False)
