"""The run folder: its name, resolved scenario, summary and weekly aggregates.

It is written through ``staged_folder`` (``simulator.folders.staging``): in a temporary sibling,
renamed into place only when complete.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import yaml

from simulator import __version__
from simulator.folders.staging import OutputError
from simulator.report import json_text

if TYPE_CHECKING:
    from simulator.montecarlo import Tally
    from simulator.scenario import Loaded


def default_out(name: str, root: Path = Path("outputs")) -> Path:
    """``outputs/<scenario>-<YYYYmmdd-HHMMSS>/``."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    return root / f"{Path(name).stem}-{stamp}"


class _QuotedDumper(yaml.SafeDumper):
    """Writes every string value as a double-quoted, escaped scalar: user text stays one value."""


class _Key(str):
    """A mapping key (a schema name or dotted path), written plain."""

    __slots__ = ()


_QuotedDumper.add_representer(
    str, lambda dumper, text: dumper.represent_scalar("tag:yaml.org,2002:str", text, style='"')
)
_QuotedDumper.add_representer(_Key, yaml.SafeDumper.represent_str)


def _plain_keys(value):
    if isinstance(value, dict):
        return {_Key(k) if isinstance(k, str) else k: _plain_keys(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain_keys(v) for v in value]
    return value


def resolved_yaml(loaded: Loaded) -> str:
    """The fully resolved scenario as YAML that ``negsim run`` accepts again.

    User text (names, descriptions, the source path) is data: in the header comment it is
    JSON-escaped onto one line, and in the document every string is a double-quoted scalar.
    """
    data = loaded.scenario.model_dump(mode="python", exclude_none=True)
    data.pop("extends", None)
    header = (
        f"# Resolved scenario {json.dumps(loaded.scenario.name)} "
        f"(from {json.dumps(str(loaded.source))}), negsim {__version__}\n"
    )
    body = yaml.dump(
        _plain_keys(data), Dumper=_QuotedDumper, sort_keys=False, allow_unicode=True, width=100
    )
    return header + body


def check_runs_table(kind: str) -> None:
    """Refuse, before anything runs, a table format whose library is missing."""
    if kind == "parquet":
        try:
            import pyarrow.parquet  # noqa: F401, PLC0415 - pyarrow is optional
        except ImportError:
            raise OutputError(
                "--runs-table parquet needs pyarrow: pip install 'negsim[parquet]' "
                "(or use --runs-table csv)"
            ) from None
    elif kind not in ("csv", "none"):
        raise OutputError(f"--runs-table must be csv, parquet or none, not {kind!r}")


def summary_header(loaded: Loaded, runs: int, changes: Sequence[str] = ()) -> dict:
    """The identifying keys of ``summary.json``.

    ``changes`` are the ``--set KEY=VALUE`` pairs as typed, in order (``[]`` without any), so
    charts and report can say the scenario was changed and how.
    """
    sim = loaded.scenario.simulation
    return {
        "scenario": loaded.scenario.name,
        "description": loaded.scenario.description,
        "changes": list(changes),
        "runs": runs,
        "seed": sim.seed,
        "weeks": sim.weeks,
        "start_date": sim.start_date.isoformat(),
    }


def write_summary(folder: Path, loaded: Loaded, tally: Tally, changes: Sequence[str] = ()) -> dict:
    """Write ``summary.json`` (with the ``--set`` ``changes``) and ``weekly.npz``; return it."""
    summary = tally.summary(**summary_header(loaded, tally.runs, changes))
    summary["version"] = __version__
    summary["scenario_sha256"] = loaded.sha256
    (folder / "summary.json").write_text(json_text(summary), encoding="utf-8")
    np.savez_compressed(folder / "weekly.npz", **tally.folder_arrays())
    return summary
