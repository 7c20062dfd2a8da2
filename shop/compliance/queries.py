"""Reads for screenings: a subject's history, its latest result, the held ones to review."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select

from shop.compliance.models import Screening
from shop.extensions import db


def screenings_for(subject_type: str, subject_id: int) -> Sequence[Screening]:
    return db.session.execute(
        select(Screening).where(Screening.subject_type == subject_type,
                                Screening.subject_id == subject_id)
        .order_by(Screening.id)).scalars().all()


def latest_screening(subject_type: str, subject_id: int) -> Screening | None:
    return db.session.execute(
        select(Screening).where(Screening.subject_type == subject_type,
                                Screening.subject_id == subject_id)
        .order_by(Screening.id.desc()).limit(1)).scalar_one_or_none()


def screenings_with_result(result: str, limit: int = 100) -> Sequence[Screening]:
    """The most recent screenings with ``result`` (``hold`` for the review queue)."""
    return db.session.execute(
        select(Screening).where(Screening.result == result)
        .order_by(Screening.id.desc()).limit(limit)).scalars().all()
