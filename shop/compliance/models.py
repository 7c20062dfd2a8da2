"""A screening: what was checked (an order's destination and items, a supplier's address),
the result and why, under which version of the rules."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import DateTime, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from shop.db import utcnow
from shop.extensions import db


class ScreeningSubject(StrEnum):
    ORDER = "order"
    CHECKOUT = "checkout"  # a checkout refused before it became an order (the cart's id)
    APPLICATION = "application"  # a supplier application


class Screening(db.Model):
    __tablename__ = "screening"
    __table_args__ = (Index("ix_screening_subject", "subject_type", "subject_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_type: Mapped[str] = mapped_column(String(20))
    subject_id: Mapped[int] = mapped_column(Integer)
    # The destination as it was given (not normalised), so a review sees what was typed.
    country: Mapped[str] = mapped_column(String(60), default="")
    region: Mapped[str] = mapped_column(String(120), default="")
    postal_code: Mapped[str] = mapped_column(String(40), default="")
    city: Mapped[str] = mapped_column(String(120), default="")
    result: Mapped[str] = mapped_column(String(10), index=True)  # clear, hold, refused
    reasons: Mapped[str] = mapped_column(Text, default="")  # one per line
    rule_version: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    @property
    def reason_list(self) -> list[str]:
        return [line for line in self.reasons.splitlines() if line]
