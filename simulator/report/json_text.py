"""Strict JSON for every document negsim writes: never ``NaN`` or ``Infinity``.

Python's ``json`` writes non-finite floats as ``NaN``/``Infinity``, which strict JSON readers
(browsers' ``JSON.parse``, ``jq``, pandas with ``engine="pyarrow"``) refuse. Sources turn an
unknown value into ``None`` (``Hist.describe``); this writer makes sure any non-finite number
that still reaches it becomes ``null``, and writes with ``allow_nan=False``.
"""

from __future__ import annotations

import json
import math
from typing import Any


def finite_or_null(value: Any) -> Any:
    """The document with every non-finite float (numpy ones too) replaced by ``None``."""
    if isinstance(value, dict):
        return {k: finite_or_null(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [finite_or_null(v) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if hasattr(value, "dtype") and getattr(value, "ndim", None) == 0 and value.dtype.kind == "f":
        return float(value) if math.isfinite(float(value)) else None
    return value


def json_text(doc: Any, *, indent: int | None = 2, ensure_ascii: bool = True, **kwargs) -> str:
    """``doc`` as strict JSON text with a final newline (non-finite numbers become null)."""
    return (
        json.dumps(
            finite_or_null(doc), indent=indent, ensure_ascii=ensure_ascii, allow_nan=False, **kwargs
        )
        + "\n"
    )
