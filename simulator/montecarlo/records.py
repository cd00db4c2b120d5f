"""Per-run records of a block and their ``runs.csv`` rows.

The records are one array per column over the block's counted worlds. Rows are formatted with numpy
only (no Python loop over rows or cells): every number is rendered into a fixed-width byte matrix,
digit by digit, and the padding bytes are dropped in one pass, so a million rows cost a few seconds,
not minutes. Numbers keep 6 significant digits in plain positional notation (at most 12 decimals,
trailing zeros dropped: ``0.5``, ``237.224``, ``0.0000123457``); integers are written whole; a
missing value (no agreement, no ceasefire week) is an empty field. Memory stays flat: only one block
of rows exists at any time.
"""

from __future__ import annotations

import numpy as np

from simulator.engine import BLOCK_SIZE, ConflictModel, block_seed, draw_parameters
from simulator.rules import ISSUES, OUTCOMES
from simulator.scenario import Scenario

RUN_COLUMNS: tuple[str, ...] = (
    "run",
    "outcome",
    "ceasefire_week",
    "settlement_week",
    "agreement_end_week",
    "truce_week",
    "truce_weeks",
    *(f"terms.{issue}" for issue in ISSUES),
    "kursk_control_final",
    "territory_change",
    "casualties.russia",
    "casualties.ukraine",
    "aid_paused_weeks",
    "proposals",
    "belief.russia_about_ukraine",
    "belief.ukraine_about_russia",
)

SIGNIFICANT = 6
MAX_DECIMALS = 12
_LIMIT = 1e15  # larger magnitudes (never produced by the engine) take the slow exact path
_POW10 = 10 ** np.arange(19, dtype=np.int64)
_COMMA, _NEWLINE, _POINT, _MINUS, _ZERO = (ord(c) for c in ",\n.-0")

INT_COLUMNS = frozenset(
    {
        "run",
        "ceasefire_week",
        "settlement_week",
        "agreement_end_week",
        "truce_week",
        "truce_weeks",
        "aid_paused_weeks",
        "proposals",
    }
)
"""Integer columns; of these the week columns hold -1 for "never", written as an empty field."""
WEEK_COLUMNS = frozenset({"ceasefire_week", "settlement_week", "agreement_end_week", "truce_week"})


def table_columns(params: list[str]) -> list[str]:
    """Column names of the run table: the fixed ``RUN_COLUMNS`` then ``param.<path>``."""
    return [*RUN_COLUMNS, *(f"param.{p}" for p in params)]


def _decimals(values: np.ndarray, integer: np.ndarray) -> np.ndarray:
    """Decimals that keep ``SIGNIFICANT`` significant digits (0 for integer columns)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        magnitude = np.floor(np.log10(np.abs(values)))
    decimals = np.clip(SIGNIFICANT - 1 - magnitude, 0, MAX_DECIMALS)
    decimals = np.where(np.isfinite(decimals), decimals, MAX_DECIMALS)  # 0 -> "0"
    return np.where(integer, 0, decimals).astype(np.int64)


def render_numbers(values: np.ndarray, integer: np.ndarray, empty: np.ndarray) -> np.ndarray:
    """Right-aligned ASCII of an ``(n, C)`` float matrix as ``(W, n, C)`` bytes, 0 = padding.

    Plane ``W - 1 - k`` holds each cell's k-th character from the right.
    ``integer`` (per column) selects whole numbers; ``empty`` (per cell) leaves a cell blank.
    """
    values = np.where(empty, 0.0, values)
    decimals = _decimals(values, integer[None, :])
    scaled = np.rint(np.abs(values) * 10.0 ** decimals.astype(np.float64)).astype(np.int64)
    negative = (values < 0) & (scaled > 0) & ~empty
    if scaled.max(initial=0) < 2**31:  # the usual case: 32-bit integer arithmetic is faster
        scaled = scaled.astype(np.int32)
    pow10 = _POW10.astype(scaled.dtype) if scaled.dtype == np.int32 else _POW10
    # Drop trailing zeros of the fraction (and the point when nothing is left of it).
    zeros = np.zeros(values.shape, dtype=np.int64)
    most = min(int(decimals.max(initial=0)), 9 if scaled.dtype == np.int32 else 18)
    for t in range(1, most + 1):  # a nonzero int32 has at most 9 trailing zeros
        zeros += (decimals >= t) & (scaled % pow10[t] == 0)
    zeros = np.where(scaled == 0, decimals, zeros)
    digits_left = scaled // pow10[zeros]
    decimals = decimals - zeros
    whole = digits_left // pow10[decimals]
    int_digits = np.searchsorted(_POW10[1:], whole, side="right") + 1
    body = int_digits + np.where(decimals > 0, decimals + 1, 0)
    length = np.where(empty, 0, body + negative)
    width = max(1, int(length.max(initial=1)))

    out = np.zeros((width, *values.shape), dtype=np.uint8)
    has_point = decimals > 0
    rest = digits_left
    minus_at = np.where(negative, body, -1)
    point_at = np.where(has_point, decimals, -1)
    for k in range(width):  # k-th character from the right
        point_here = point_at == k
        tens = rest // 10
        char = (rest - tens * 10).astype(np.uint8)
        char += _ZERO
        char[point_here] = _POINT
        char[minus_at == k] = _MINUS
        char[length <= k] = 0
        out[width - 1 - k] = char
        rest = np.where(point_here, rest, tens)
    return out


def _fits_fast_path(values: np.ndarray, empty: np.ndarray) -> bool:
    """Whether every non-empty cell is finite and below ``_LIMIT`` in magnitude."""
    shown = values[~empty]
    return bool(np.all(np.isfinite(shown)) and np.all(np.abs(shown) < _LIMIT))


def _format_cell(value: float, integer: bool) -> str:
    """One cell, in the same notation as ``render_numbers`` (the exact slow path)."""
    if integer:
        return str(int(value))
    if not np.isfinite(value) or abs(value) >= _LIMIT:
        return f"{value:.{SIGNIFICANT}g}"
    decimals = (
        0
        if value == 0
        else int(np.clip(SIGNIFICANT - 1 - np.floor(np.log10(abs(value))), 0, MAX_DECIMALS))
    )
    text = f"{value:.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def format_rows(
    records: dict[str, np.ndarray], columns: list[str], labels: tuple[str, ...]
) -> bytes:
    """CSV rows (no header) of one block of records, as UTF-8 bytes ending in a newline."""
    labels = labels or OUTCOMES
    numeric = [c for c in columns if c != "outcome"]
    n = len(records["run"])
    if n == 0:
        return b""
    values = np.empty((n, len(numeric)), dtype=np.float64)
    empty = np.zeros((n, len(numeric)), dtype=bool)
    for j, name in enumerate(numeric):
        column = np.asarray(records[name])
        values[:, j] = column
        empty[:, j] = column < 0 if name in WEEK_COLUMNS else np.isnan(values[:, j])
    integer = np.array([c in INT_COLUMNS for c in numeric])
    if not _fits_fast_path(values, empty):
        return _format_rows_slow(values, integer, empty, records, columns, numeric, labels)

    planes = render_numbers(values, integer, empty)
    width = planes.shape[0] + 1  # one cell and its comma
    labels_bytes = _label_bytes(labels)
    # Row layout: the numeric cells in column order, with the outcome label spliced in.
    at = columns.index("outcome") if "outcome" in columns else len(columns)
    split = numeric.index(columns[at + 1]) if at + 1 < len(columns) else len(numeric)
    label_width = labels_bytes.shape[1] if at < len(columns) else 0
    table = np.zeros((n, len(numeric) * width + label_width), dtype=np.uint8)
    before = table[:, : split * width].reshape(n, split, width)
    after = table[:, split * width + label_width :].reshape(n, len(numeric) - split, width)
    before[:, :, :-1] = planes[:, :, :split].transpose(1, 2, 0)
    before[:, :, -1] = _COMMA
    after[:, :, :-1] = planes[:, :, split:].transpose(1, 2, 0)
    after[:, :, -1] = _COMMA
    if label_width:
        table[:, split * width : split * width + label_width] = labels_bytes[
            np.asarray(records["outcome"])
        ]
    flat = table[table != 0]
    # Each row ends in a comma: that last separator becomes the row's newline.
    ends = np.flatnonzero(flat == _COMMA)
    flat[ends[len(columns) - 1 :: len(columns)]] = _NEWLINE
    return flat.tobytes()


def _label_bytes(labels: tuple[str, ...]) -> np.ndarray:
    """Outcome labels as a ``(len(labels), W+1)`` byte matrix with a trailing comma."""
    width = max(len(label) for label in labels) + 1
    table = np.zeros((len(labels), width), dtype=np.uint8)
    for i, label in enumerate(labels):
        raw = np.frombuffer(label.encode("ascii") + b",", dtype=np.uint8)
        table[i, width - len(raw) :] = raw
    return table


def _format_rows_slow(values, integer, empty, records, columns, numeric, labels) -> bytes:
    """Exact per-cell formatting for a block holding values the fast path cannot render."""
    n = len(values)
    lines = []
    for i in range(n):
        cells = []
        for name in columns:
            if name == "outcome":
                cells.append(labels[int(records["outcome"][i])])
                continue
            j = numeric.index(name)
            cells.append("" if empty[i, j] else _format_cell(values[i, j], bool(integer[j])))
        lines.append(",".join(cells))
    return ("\n".join(lines) + "\n").encode("utf-8")


def run_records(model: ConflictModel, used: int) -> dict[str, np.ndarray]:
    """Per-run records of the first ``used`` worlds of a finished block."""
    u = slice(0, used)
    field = model.battlefield
    records: dict[str, np.ndarray] = {
        "run": model.block * BLOCK_SIZE + np.arange(used),
        "outcome": model.outcome_codes()[u],
        "ceasefire_week": model.first_ceasefire_week[u],
        "settlement_week": model.settlement_week[u],
        "agreement_end_week": model.agreement_end_week[u],
        "truce_week": model.first_truce_week[u],
        "truce_weeks": model.truce_weeks[u],
    }
    for j, issue in enumerate(ISSUES):
        records[f"terms.{issue}"] = model.terms[u, j]
    records |= {
        "kursk_control_final": field.kursk[u],
        "territory_change": 100.0 * (field.territory[u] - field.territory_start[u]),
        "casualties.russia": field.casualties[0, u],
        "casualties.ukraine": field.casualties[1, u],
        "aid_paused_weeks": model.aid_paused_weeks[u],
        "proposals": model.proposals[u],
        "belief.russia_about_ukraine": model.russia.belief_mean()[u],
        "belief.ukraine_about_russia": model.ukraine.belief_mean()[u],
    }
    for path, values in model.drawn.items():
        records[f"param.{path}"] = values[u]
    return records


def uncertain_paths(scenario: Scenario) -> list[str]:
    """Dotted paths of the scenario's uncertain parameters, in the order the engine draws them.

    They are the ``param.<path>`` columns of the run table.
    """
    _, drawn = draw_parameters(scenario, block_seed(0, 0), 1)
    return list(drawn)
