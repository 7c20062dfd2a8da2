"""Stock counts: staff count what is on the shelves of one location, review the differences
with the levels, and post them as adjustments with the reason "count"."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shop.db import utcnow
from shop.extensions import db
from shop.status import transitions


class CountStatus(StrEnum):
    OPEN = "open"  # counting: lines can be entered and changed
    POSTED = "posted"  # the differences became adjustments
    CANCELLED = "cancelled"  # abandoned; nothing posted


# Allowed status changes:
#   open      → posted (once: posting is what moves stock), cancelled
#   posted    → (nothing)
#   cancelled → (nothing)
COUNT_TRANSITIONS = transitions(CountStatus, {
    CountStatus.OPEN: {CountStatus.POSTED, CountStatus.CANCELLED},
    CountStatus.POSTED: set(),
    CountStatus.CANCELLED: set(),
})

COUNT_STATUS_TEXT = {CountStatus.OPEN: "Open", CountStatus.POSTED: "Posted",
                     CountStatus.CANCELLED: "Cancelled"}


class StockCount(db.Model):
    __tablename__ = "stock_count"

    id: Mapped[int] = mapped_column(primary_key=True)
    location_id: Mapped[int] = mapped_column(ForeignKey("location.id"), index=True)
    status: Mapped[str] = mapped_column(String(12), default=CountStatus.OPEN)
    note: Mapped[str] = mapped_column(String(200))  # why and what: "Aisle 3, quarterly"
    created_by_id: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    posted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    lines: Mapped[list[StockCountLine]] = relationship(
        cascade="all, delete-orphan", order_by="StockCountLine.id")
    events: Mapped[list[StockCountEvent]] = relationship(
        cascade="all, delete-orphan", order_by="StockCountEvent.id")


class StockCountLine(db.Model):
    """What was counted of one product; ``posted_delta`` is the adjustment posting made."""

    __tablename__ = "stock_count_line"
    __table_args__ = (
        UniqueConstraint("stock_count_id", "product_id"),
        CheckConstraint("counted >= 0", name="counted_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    stock_count_id: Mapped[int] = mapped_column(
        ForeignKey("stock_count.id", ondelete="CASCADE"))
    product_id: Mapped[int] = mapped_column(ForeignKey("product.id", ondelete="CASCADE"),
                                            index=True)
    counted: Mapped[int] = mapped_column(Integer)
    posted_delta: Mapped[int | None] = mapped_column(Integer)
    counted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class StockCountEvent(db.Model):
    """A status change of a count (who, when, from, to, note)."""

    __tablename__ = "stock_count_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    stock_count_id: Mapped[int] = mapped_column(
        ForeignKey("stock_count.id", ondelete="CASCADE"), index=True)
    from_status: Mapped[str] = mapped_column(String(12))
    to_status: Mapped[str] = mapped_column(String(12))
    actor_id: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
