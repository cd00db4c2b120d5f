"""The per-run table of a run folder (``runs.csv`` or ``runs.parquet``), written block by block.

Memory stays flat: only one block of rows exists at any time. The rows themselves are
formatted by ``simulator.montecarlo.records`` (where each block is simulated).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from simulator.folders.run_folder import check_runs_table
from simulator.montecarlo import INT_COLUMNS, WEEK_COLUMNS, format_rows, table_columns
from simulator.rules import OUTCOMES


class RunsCsv:
    """``runs.csv`` written block by block (memory does not grow with the runs)."""

    def __init__(self, path: Path, params: list[str]):
        self.path = Path(path)
        self.columns = table_columns(params)
        self.labels = OUTCOMES
        self.file = self.path.open("wb")
        self.file.write((",".join(self.columns) + "\n").encode("utf-8"))

    def write(self, block) -> None:
        """Append one block's rows (a ``BlockResult``, formatted or with records, or records)."""
        rows = getattr(block, "rows", None)
        if rows is None:
            rows = format_rows(getattr(block, "records", block), self.columns, self.labels)
        self.file.write(rows)

    def close(self) -> None:
        """Flush and close."""
        self.file.close()


class RunsParquet:
    """``runs.parquet`` streamed with a pyarrow ``ParquetWriter``, a row group per ~64k runs.

    Same columns as ``runs.csv``; missing values (no agreement, no ceasefire) are nulls, the
    outcome is a dictionary-encoded string, weeks and counts are integers.
    """

    ROWS_PER_GROUP = 65536

    def __init__(self, path: Path, params: list[str]):
        import pyarrow as pa  # noqa: PLC0415 - pyarrow is optional
        import pyarrow.parquet as pq  # noqa: PLC0415 - pyarrow is optional

        self.pa = pa
        self.columns = table_columns(params)
        self.labels = pa.array(OUTCOMES, type=pa.string())
        fields = []
        for name in self.columns:
            if name == "outcome":
                kind = pa.dictionary(pa.int8(), pa.string())
            elif name in INT_COLUMNS:
                kind = pa.int64() if name == "run" else pa.int32()
            else:
                kind = pa.float64()
            fields.append(pa.field(name, kind, nullable=name != "run"))
        self.schema = pa.schema(fields)
        self.writer = pq.ParquetWriter(Path(path), self.schema, compression="zstd")
        self.pending: list[dict[str, np.ndarray]] = []
        self.rows = 0

    def write(self, block) -> None:
        """Queue one block's rows; a row group is written once enough have gathered."""
        records = getattr(block, "records", block)
        self.pending.append({name: np.asarray(records[name]) for name in self.columns})
        self.rows += len(records["run"])
        if self.rows >= self.ROWS_PER_GROUP:
            self._flush()

    def _flush(self) -> None:
        if not self.pending:
            return
        pa = self.pa
        arrays = []
        for name, field in zip(self.columns, self.schema, strict=True):
            values = np.concatenate([chunk[name] for chunk in self.pending])
            if name == "outcome":
                codes = pa.array(values.astype(np.int8), type=pa.int8())
                arrays.append(pa.DictionaryArray.from_arrays(codes, self.labels))
            elif name in WEEK_COLUMNS:
                arrays.append(pa.array(values, type=field.type, mask=values < 0))
            elif name in INT_COLUMNS:
                arrays.append(pa.array(values, type=field.type))
            else:
                arrays.append(pa.array(values, type=field.type, mask=np.isnan(values)))
        self.writer.write_table(pa.Table.from_arrays(arrays, schema=self.schema))
        self.pending = []
        self.rows = 0

    def close(self) -> None:
        """Write the last row group and the file footer."""
        try:
            self._flush()
        finally:
            self.writer.close()


def open_runs_table(kind: str, folder: Path, params: list[str]) -> RunsCsv | RunsParquet | None:
    """The writer of ``runs.csv`` / ``runs.parquet`` in ``folder`` (None for ``none``)."""
    check_runs_table(kind)
    if kind == "csv":
        return RunsCsv(folder / "runs.csv", params)
    if kind == "parquet":
        return RunsParquet(folder / "runs.parquet", params)
    return None
