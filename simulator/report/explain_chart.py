"""Timeline chart of one explained run: the battlefield above, each party's margins below.

Margins are what the acceptance rules compare with zero: on the ceasefire track the value of the
pause minus the value of fighting the same weeks; on the settlement track the US package's
utility minus the larger of the party's aspiration and outside option (a party accepts at or
above zero, unless the package crosses one of its red lines, marked ×). Ceasefire periods are
shaded; proposals, acceptances, aid moves and events are marked. Matplotlib is imported lazily
(Agg backend), so the rest of ``explain`` works without a display.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from simulator import __version__
from simulator.report.palette import (
    ACTOR_COLOURS,
    BATTLEFIELD_COLOUR,
    CEASEFIRE_SHADE,
    DISCLAIMER,
    OKABE_ITO,
    OUTCOME_COLOURS,
    STYLES,
)

if TYPE_CHECKING:
    from simulator.analysis import Story

# The shared Okabe–Ito assignments (simulator.report.palette): one colour per actor everywhere.
PARTY_COLOUR = {"russia": ACTOR_COLOURS["russia"], "ukraine": ACTOR_COLOURS["ukraine"]}
PARTY_LABEL = {"russia": "Russia", "ukraine": "Ukraine"}
US_COLOUR = ACTOR_COLOURS["us"]
TERRITORY_COLOUR = OKABE_ITO["orange"]
SETTLED_COLOUR = OUTCOME_COLOURS["comprehensive_settlement"]
ESCALATION_COLOUR = OUTCOME_COLOURS["escalation"]
BLACK, GREY = OKABE_ITO["black"], OKABE_ITO["grey"]


def _marks(records: list[dict]) -> dict[str, list]:
    """Weeks (and values) of the things the chart marks, read from the story's records."""
    out: dict[str, list] = {
        "us_offer": [],
        "halt_offer": [],
        "aid": [],
        "event": [],
        "violation": [],
        "escalation": [],
        "settlement": [],
        "withdrawal": [],
        "cf_yes": [],
        "set_yes": [],
        "lapse": [],
    }
    for r in records:
        if r["kind"] in ("header", "brief", "outcome", "week", "quiet"):
            continue
        week, kind = r["week"], r["kind"]
        if kind == "proposal" and r["track"] == "ceasefire":
            out["us_offer"].append(week)
        elif (
            kind == "decision"
            and r["track"] == "ceasefire_aid_halt"
            and (r["proposer"] == r["party"] and r["accepted"])
        ):
            out["halt_offer"].append(week)
        elif kind == "decision" and r["track"].startswith("ceasefire") and r["accepted"]:
            # an answer to a proposal (the US offer or Russia's aid-halt version) on its margin
            out["cf_yes"].append((week, r["party"], r["margin"]))
        elif kind == "decision" and r["track"] == "settlement" and r["accepted"]:
            best = max(r["aspiration"], r["outside"])
            out["set_yes"].append((week, r["party"], r["value"] - best))
        elif kind == "aid" or (kind == "event" and "aid_paused" in r.get("set", "")):
            out["aid"].append(week)
        elif kind in ("event", "donor"):
            out["event"].append(week)
        elif kind in ("violation", "escalation", "settlement", "withdrawal", "lapse"):
            out[kind].append(week)
    for key in ("us_offer", "halt_offer", "aid", "event"):
        out[key] = sorted(set(out[key]))
    return out


def draw_timeline(story: Story, records: list[dict], paths: list[Path]) -> None:
    """Draw the timeline of one run and save it to each path (format from ``fmt`` or suffix)."""
    import matplotlib  # noqa: PLC0415 - matplotlib only when drawing

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt  # noqa: PLC0415 - matplotlib only when drawing
    from matplotlib.lines import Line2D  # noqa: PLC0415 - matplotlib only when drawing
    from matplotlib.patches import Patch  # noqa: PLC0415 - matplotlib only when drawing

    s = story.series
    weeks = s.week
    marks = _marks(records)
    rc = STYLES["slides"].rc() | {
        "font.size": 11,
        "axes.titlesize": 12,
        "axes.labelsize": 11,
        "legend.fontsize": 9,
        "xtick.labelsize": 10,
        "ytick.labelsize": 10,
        "axes.spines.right": True,
    }
    with plt.rc_context(rc):
        fig, axes = plt.subplots(
            4,
            1,
            figsize=(11, 11),
            sharex=True,
            height_ratios=[1, 1, 1.2, 1.2],
            layout="constrained",
        )
        kursk_ax, momentum_ax, cf_ax, set_ax = axes

        # Ceasefire periods and events on every panel.
        for ax in axes:
            for week, on in zip(weeks, s.ceasefire_active, strict=True):
                if on:
                    ax.axvspan(week - 0.5, week + 0.5, color=CEASEFIRE_SHADE, alpha=0.35, lw=0)
            for week in marks["aid"]:
                ax.axvline(week, color=US_COLOUR, ls="--", lw=1.6)
            for week in marks["event"]:
                ax.axvline(week, color=GREY, ls=":", lw=1.2)
            for week in marks["escalation"]:
                ax.axvline(week, color=ESCALATION_COLOUR, lw=2.5)
            for week in marks["settlement"]:
                ax.axvline(week, color=SETTLED_COLOUR, lw=2.5)
            ax.grid(alpha=0.3)

        # Battlefield: Kursk control and territory change.
        kursk_ax.plot(
            weeks, s.kursk, color=BATTLEFIELD_COLOUR, lw=2.2, label="Russian control of Kursk"
        )
        kursk_ax.set_ylabel("Kursk salient held\nby Russia (%)")
        kursk_ax.set_ylim(0, 105)
        terr_ax = kursk_ax.twinx()
        terr_ax.plot(
            weeks,
            s.territory_change,
            color=TERRITORY_COLOUR,
            lw=2.2,
            ls="-.",
            label="Russian territory change",
        )
        terr_ax.set_ylabel("territory change\n(pp of claimed regions)")
        for week in marks["withdrawal"]:
            kursk_ax.annotate(
                "Ukraine leaves Kursk",
                (week, 100),
                xytext=(4, -14),
                textcoords="offset points",
                fontsize=9,
            )
        handles = kursk_ax.get_legend_handles_labels()[0] + terr_ax.get_legend_handles_labels()[0]
        kursk_ax.legend(handles=handles, loc="lower right", fontsize=9)
        kursk_ax.set_title("Battlefield")

        # Momentum: the true one and what each side believes.
        momentum_ax.axhline(0, color=BLACK, lw=0.8)
        momentum_ax.plot(weeks, s.momentum, color=BLACK, lw=2.2, label="momentum (true)")
        for key in ("russia", "ukraine"):
            momentum_ax.plot(
                weeks,
                s.belief[key],
                color=PARTY_COLOUR[key],
                lw=1.6,
                ls="--",
                label=f"{PARTY_LABEL[key]}'s reading",
            )
        momentum_ax.set_ylabel("Russian momentum\n(−1 … +1)")
        momentum_ax.legend(loc="upper right", fontsize=9, ncol=3)

        # Ceasefire track margins.
        cf_ax.axhline(0, color=BLACK, lw=0.8)
        for key in ("russia", "ukraine"):
            cf_ax.plot(
                weeks,
                s.ceasefire_margin[key],
                color=PARTY_COLOUR[key],
                lw=2,
                label=f"{PARTY_LABEL[key]}: US ceasefire",
            )
            if story.aid_halt_version:
                cf_ax.plot(
                    weeks,
                    s.halt_margin[key],
                    color=PARTY_COLOUR[key],
                    lw=1.4,
                    ls=":",
                    label=f"{PARTY_LABEL[key]}: Russia's aid-halt version",
                )
        for week, key, margin in marks["cf_yes"]:
            cf_ax.plot(week, margin, "o", color=PARTY_COLOUR[key], ms=6, mec=BLACK, mew=0.6)
        low, high = cf_ax.get_ylim()
        for week in marks["us_offer"]:
            cf_ax.plot(week, high, "v", color=US_COLOUR, ms=5, clip_on=False)
        for week in marks["halt_offer"]:
            cf_ax.plot(week, low, "^", color=PARTY_COLOUR["russia"], ms=5, clip_on=False)
        for week in marks["violation"] + marks["lapse"]:
            cf_ax.plot(week, 0, "X", color=BLACK, ms=9)
        cf_ax.set_ylim(low, high)
        cf_ax.set_ylabel("pause − fighting\n(utility)")
        cf_ax.set_title(
            "Ceasefire track: value of the pause minus fighting the same weeks (accept at ≥ 0)"
        )

        # Settlement track margins.
        set_ax.axhline(0, color=BLACK, lw=0.8)
        for key in ("russia", "ukraine"):
            set_ax.plot(
                weeks,
                s.settlement_margin[key],
                color=PARTY_COLOUR[key],
                lw=2,
                label=PARTY_LABEL[key],
            )
            blocked = [
                (w, m)
                for w, m, b in zip(
                    weeks, s.settlement_margin[key], s.red_line_blocks[key], strict=True
                )
                if b
            ]
            if blocked:
                set_ax.plot(*zip(*blocked, strict=True), "x", color=PARTY_COLOUR[key], ms=6)
        for week, key, margin in marks["set_yes"]:
            set_ax.plot(week, margin, "o", color=PARTY_COLOUR[key], ms=6, mec=BLACK, mew=0.6)
        set_ax.set_ylabel("package − max(aspiration,\nfighting on) (utility)")
        set_ax.set_title(
            "Settlement track: the US package's utility minus the larger of "
            "aspiration and fighting on"
        )
        set_ax.set_xlabel(f"week (week 0 = {story.start:%d %b %Y})")
        set_ax.set_xlim(-0.5, story.loaded.scenario.simulation.weeks - 0.5)

        legend = [
            Line2D([], [], color=PARTY_COLOUR["russia"], lw=2, label="Russia"),
            Line2D([], [], color=PARTY_COLOUR["ukraine"], lw=2, label="Ukraine"),
            Line2D([], [], color=GREY, marker="o", ls="", mec=BLACK, label="accepts"),
            Line2D([], [], color=GREY, marker="x", ls="", label="package crosses red line"),
            Line2D([], [], color=US_COLOUR, marker="v", ls="", label="US ceasefire offer"),
            Patch(color=CEASEFIRE_SHADE, alpha=0.35, label="ceasefire in force"),
            Line2D([], [], color=US_COLOUR, ls="--", label="US aid moves"),
            Line2D([], [], color=GREY, ls=":", label="event / donor package"),
            Line2D([], [], color=BLACK, marker="X", ls="", label="ceasefire collapses/lapses"),
        ]
        if story.aid_halt_version:
            legend.insert(
                2, Line2D([], [], color=GREY, lw=1.4, ls=":", label="Russia's aid-halt version")
            )
            legend.insert(
                5,
                Line2D(
                    [],
                    [],
                    color=PARTY_COLOUR["russia"],
                    marker="^",
                    ls="",
                    label="Russia offers aid-halt version",
                ),
            )
        if marks["settlement"]:
            legend.append(Line2D([], [], color=SETTLED_COLOUR, lw=2.5, label="settlement signed"))
        if marks["escalation"]:
            legend.append(Line2D([], [], color=ESCALATION_COLOUR, lw=2.5, label="escalation"))
        set_ax.legend(
            handles=legend,
            loc="upper center",
            bbox_to_anchor=(0.5, -0.28),
            ncol=4,
            fontsize=9,
            frameon=False,
        )

        fig.suptitle(
            f"Run {story.run} of '{story.scenario}', week by week: {story.outcome}",
            fontsize=14,
            fontweight="bold",
        )
        fig.text(
            0.5,
            -0.01,
            f"negsim {__version__} · scenario {story.scenario} · seed {story.seed} · run "
            f"{story.run} (one run, not a distribution) · {DISCLAIMER}",
            ha="center",
            va="top",
            fontsize=9,
            color="#444444",
        )
        for path in paths:
            fmt = "svg" if ".svg" in Path(path).name else "png"
            fig.savefig(path, format=fmt, dpi=150, bbox_inches="tight")
        plt.close(fig)
