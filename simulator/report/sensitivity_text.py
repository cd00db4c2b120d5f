"""The terminal text of a sensitivity study: the top drivers of each output and the noise floor."""

from __future__ import annotations

from simulator.analysis import DUMMY, MEDIAN_WEEK
from simulator.report.palette import DISCLAIMER_LINE

TOP = 5


def _num(x: float | None, width: int = 8) -> str:
    return f"{'n/a':>{width}}" if x is None else f"{x:{width}.3f}"


def format_study(doc: dict) -> str:
    """Top drivers of each output as plain text for the terminal."""
    key = doc["index"]
    label = {"mu_star": "mu*", "ST": "ST"}[key]
    conf = f"{key}_conf"
    lines = [
        f"{doc['scenario']}: {doc['method']} study, {doc['points']} design points"
        f" + {doc['tornado_points']} one-at-a-time points, {doc['runs_per_point']} runs each, "
        f"seed {doc['seed']}",
    ]
    for output, entry in doc["outputs"].items():
        base = entry.get("base")
        head = f"\n{output}"
        if base and output != MEDIAN_WEEK:
            head += (
                f" (base {base['value']:.3f}, 95% [{base['ci95'][0]:.3f}, {base['ci95'][1]:.3f}])"
            )
        elif base:
            head += (
                f" (base week {base['value']:g}, 95% [{base['ci95'][0]:g}, {base['ci95'][1]:g}];"
                f" {base['agreements']}/{base['runs']} runs agree)"
            )
        lines.append(head)
        if entry["constant"]:
            lines.append("  constant across the design: no parameter moves it")
            continue
        dummy = entry["indices"][DUMMY]
        shown = [r for r in entry["ranking"] if r["parameter"] != DUMMY][:TOP]
        for rank, row in enumerate(shown, 1):
            idx = entry["indices"][row["parameter"]]
            flag = "" if row["above_noise"] else "  (within noise)"
            value = f"{label} {_num(idx[key])} ± {_num(idx[conf], 0)}"
            lines.append(f"  {rank}. {row['parameter']:<44}{value}{flag}")
        lines.append(
            f"     {'dummy (noise floor)':<44}{label} {_num(dummy[key])} ± {_num(dummy[conf], 0)}"
        )
    lines.append("\n" + DISCLAIMER_LINE)
    return "\n".join(lines)
