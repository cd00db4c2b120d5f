"""Uncertain inputs: the distributions a continuous parameter may take, and their draws.

Each distribution is drawn once per run. Every parameter has its own random stream, seeded by
the block's seed and a SHA-256 of its dotted path, so adding one distribution leaves the draws
of all others unchanged and results do not depend on how blocks are spread over workers.
"""

from __future__ import annotations

import hashlib
from typing import Annotated, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, model_validator

from simulator.rules import FLOAT


class Dist(BaseModel):
    """Base of the distributions: strict, finite numbers, no unknown keys."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, allow_inf_nan=False)

    def check_range(self, low: float, high: float | None) -> str | None:
        """Return what is wrong with this distribution on a field allowing [low, high]."""
        return None

    def mean_value(self, low: float, high: float | None) -> float:
        """A representative value (used where one number must stand for the distribution)."""
        raise NotImplementedError


class Uniform(Dist):
    """Every value between ``low`` and ``high`` equally likely."""

    dist: Literal["uniform"]
    low: float
    high: float

    @model_validator(mode="after")
    def _ordered(self):
        if self.low > self.high:
            raise ValueError(f"uniform needs low <= high (got low={self.low}, high={self.high})")
        return self

    def check_range(self, low, high):  # noqa: D102
        return _outside(low, high, low=self.low, high=self.high)

    def mean_value(self, low, high):  # noqa: D102
        return (self.low + self.high) / 2

    def draw(self, rng: np.random.Generator, n: int, low, high) -> np.ndarray:
        """Draw ``n`` values."""
        return rng.uniform(self.low, self.high, n)


class Normal(Dist):
    """A normal distribution truncated to the field's allowed range."""

    dist: Literal["normal"]
    mean: float
    sd: float

    @model_validator(mode="after")
    def _positive_sd(self):
        if not self.sd > 0:
            raise ValueError(f"normal needs sd > 0 (got sd={self.sd})")
        return self

    def check_range(self, low, high):  # noqa: D102
        return _outside(low, high, mean=self.mean)

    def mean_value(self, low, high):  # noqa: D102
        return self.mean

    def draw(self, rng, n, low, high):  # noqa: D102
        values = rng.normal(self.mean, self.sd, n)
        hi = np.inf if high is None else high
        for _ in range(64):  # rejection: redraw the out-of-range values from the same stream
            bad = (values < low) | (values > hi)
            if not bad.any():
                break
            values[bad] = rng.normal(self.mean, self.sd, int(bad.sum()))
        return np.clip(values, low, hi)


class Triangular(Dist):
    """A triangular distribution from ``low`` to ``high`` peaking at ``mode``."""

    dist: Literal["triangular"]
    low: float
    mode: float
    high: float

    @model_validator(mode="after")
    def _ordered(self):
        if not self.low <= self.mode <= self.high:
            raise ValueError(
                "triangular needs low <= mode <= high "
                f"(got low={self.low}, mode={self.mode}, high={self.high})"
            )
        return self

    def check_range(self, low, high):  # noqa: D102
        return _outside(low, high, low=self.low, high=self.high)

    def mean_value(self, low, high):  # noqa: D102
        return (self.low + self.mode + self.high) / 3

    def draw(self, rng, n, low, high):  # noqa: D102
        if self.low == self.high:
            rng.random(n)  # keep the stream's position independent of the degenerate case
            return np.full(n, self.low)
        return rng.triangular(self.low, self.mode, self.high, n)


class Beta(Dist):
    """A beta distribution scaled to the field's allowed range."""

    dist: Literal["beta"]
    a: float
    b: float

    @model_validator(mode="after")
    def _positive(self):
        if not (self.a > 0 and self.b > 0):
            raise ValueError(f"beta needs a > 0 and b > 0 (got a={self.a}, b={self.b})")
        return self

    def check_range(self, low, high):  # noqa: D102
        if high is None:
            return "beta needs a field with an upper bound; use uniform, normal or triangular"
        return None

    def mean_value(self, low, high):  # noqa: D102
        return low + (high - low) * self.a / (self.a + self.b)

    def draw(self, rng, n, low, high):  # noqa: D102
        return low + (high - low) * rng.beta(self.a, self.b, n)


Distribution = Annotated[Uniform | Normal | Triangular | Beta, Field(discriminator="dist")]
DIST_NAMES = ("uniform", "normal", "triangular", "beta")


def is_dist(value: object) -> bool:
    """Whether a value of a YAML document is written as a distribution (has a ``dist`` key)."""
    return isinstance(value, dict) and "dist" in value


def _outside(field_low: float, field_high: float | None, **values: float) -> str | None:
    for name, value in values.items():
        if value < field_low or (field_high is not None and value > field_high):
            allowed = (
                f"between {field_low:g} and {field_high:g}"
                if field_high is not None
                else f">= {field_low:g}"
            )
            return f"{name}={value:g} is outside the field's allowed range ({allowed})"
    return None


def path_stream(block_seed: np.random.SeedSequence, path: str) -> np.random.Generator:
    """The random stream of one uncertain parameter in one block: block seed + SHA-256(path)."""
    digest = hashlib.sha256(path.encode("utf-8")).digest()
    words = tuple(int.from_bytes(digest[i : i + 4], "little") for i in range(0, 16, 4))
    seq = np.random.SeedSequence(block_seed.entropy, spawn_key=(*block_seed.spawn_key, 1, *words))
    return np.random.Generator(np.random.PCG64(seq))


def draw_block(dist: Dist, block_seed, path: str, n: int, low: float, high: float | None):
    """Draw one block of values of an uncertain parameter, as the engine's float dtype."""
    return np.asarray(dist.draw(path_stream(block_seed, path), n, low, high), dtype=FLOAT)
