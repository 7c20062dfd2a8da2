"""Screening use cases: check a destination against the configured restricted list, check
items for export control, and record the result for its subject.

The rules themselves are pure (``shop.compliance.rules``); these read the list from
``RESTRICTED_DESTINATIONS`` and write the ``Screening`` row (add and flush, never commit).
"""

from __future__ import annotations

from collections.abc import Iterable

from flask import current_app

from shop.compliance import rules
from shop.compliance.models import Screening, ScreeningSubject
from shop.compliance.rules import Outcome, ScreeningResult, combine
from shop.extensions import db

__all__ = ["Outcome", "ScreeningResult", "combine", "record", "restricted_destinations",
           "screen_destination", "screen_items", "screen_order"]


def restricted_destinations() -> list[str]:
    return list(current_app.config.get("RESTRICTED_DESTINATIONS") or [])


def screen_destination(country_code: str | None, region: str | None = None,
                       city: str | None = None, postal_code: str | None = None,
                       ) -> ScreeningResult:
    """Clear, or refused when the destination is restricted (as far as the address tells)."""
    return rules.screen_destination(country_code, region, city, postal_code,
                                    restricted=restricted_destinations())


def screen_items(eccns: Iterable[str | None]) -> ScreeningResult:
    """Clear, or hold when any item is export-controlled (an ECCN other than EAR99)."""
    return rules.screen_items(eccns)


def screen_order(country_code: str | None, region: str | None, city: str | None,
                 postal_code: str | None, eccns: Iterable[str | None]) -> ScreeningResult:
    """An order's screening: refused for a restricted destination, else held for
    controlled items, else clear."""
    return combine(screen_destination(country_code, region, city, postal_code),
                   screen_items(eccns))


def record(subject_type: ScreeningSubject | str, subject_id: int,
           result: ScreeningResult) -> Screening:
    """Write the screening of one subject (an order, a supplier application)."""
    screening = Screening(
        subject_type=ScreeningSubject(subject_type), subject_id=subject_id,
        country=result.country[:60], region=result.region[:120],
        postal_code=result.postal_code[:40], city=result.city[:120],
        result=result.outcome, reasons="\n".join(result.reasons),
        rule_version=result.rule_version[:80],
    )
    db.session.add(screening)
    db.session.flush()
    return screening
