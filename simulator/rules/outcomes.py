"""Outcome names and their codes: the one home of what a run can end as (DESIGN §2).

A run's outcome is coded by its index in ``OUTCOMES`` (first match wins, in this order);
"agreement" means any of the codes in ``AGREEMENT_CODES``.
"""

from __future__ import annotations

OUTCOMES: tuple[str, ...] = (
    "escalation",
    "comprehensive_settlement",
    "settlement_collapsed",
    "ceasefire_holding",
    "ceasefire_collapsed",
    "war_continues",
)

OUTCOME_CODE: dict[str, int] = {name: code for code, name in enumerate(OUTCOMES)}

AGREEMENT_CODES: tuple[int, ...] = (
    OUTCOME_CODE["comprehensive_settlement"],
    OUTCOME_CODE["settlement_collapsed"],
    OUTCOME_CODE["ceasefire_holding"],
    OUTCOME_CODE["ceasefire_collapsed"],
)

AGREEMENT = "agreement"
"""The derived indicator "any agreement": a run whose outcome is one of ``AGREEMENT_CODES``."""

SETTLEMENT_CODES: tuple[int, ...] = (
    OUTCOME_CODE["comprehensive_settlement"],
    OUTCOME_CODE["settlement_collapsed"],
)
"""Runs that signed a settlement: held at the horizon or broke down."""
