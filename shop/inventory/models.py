"""Stock per location, kept as on hand, reserved and allocated, with a movement row for every
change, and the holds that say which order reserved or was allocated which units."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shop.db import utcnow
from shop.extensions import db


class Location(db.Model):
    __tablename__ = "location"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    # A supplier's own stock of its listings (None: one of our warehouses).
    supplier_id: Mapped[int | None] = mapped_column(Integer, index=True)


class StockLevel(db.Model):
    __tablename__ = "stock_level"
    __table_args__ = (
        UniqueConstraint("product_id", "location_id"),
        CheckConstraint("on_hand >= 0", name="on_hand_not_negative"),
        CheckConstraint("allocated >= 0", name="allocated_not_negative"),
        CheckConstraint("reserved >= 0", name="reserved_not_negative"),
        CheckConstraint("allocated + reserved <= on_hand", name="claims_within_on_hand"),
        Index("ix_stock_level_location_product", "location_id", "product_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(
        ForeignKey("product.id", ondelete="CASCADE"), index=True
    )
    location_id: Mapped[int] = mapped_column(ForeignKey("location.id"))
    on_hand: Mapped[int] = mapped_column(Integer, default=0)
    # Held for a checkout that has not been paid yet; released when its hold expires.
    reserved: Mapped[int] = mapped_column(Integer, default=0)
    # Promised to paid orders, not yet shipped.
    allocated: Mapped[int] = mapped_column(Integer, default=0)

    location: Mapped[Location] = relationship(lazy="joined")

    @property
    def available(self) -> int:
        return self.on_hand - self.reserved - self.allocated


class StockMovement(db.Model):
    """One change of one level: the three deltas, the level as it stood after the change
    (``*_after``; before is after less the delta), why, who, and what it belongs to (an
    order, a purchase order). A movement written for a form carries the form's one-time
    ``request_key``, unique, so the same form sent twice moves nothing the second time."""

    __tablename__ = "stock_movement"
    __table_args__ = (
        Index("ix_stock_movement_created_at", "created_at"),
        Index("ix_stock_movement_reason_id", "reason", "id"),
        Index("ix_stock_movement_location", "location_id", "id"),
        Index("ix_stock_movement_request_key", "request_key", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(
        ForeignKey("product.id", ondelete="CASCADE"), index=True
    )
    location_id: Mapped[int] = mapped_column(ForeignKey("location.id"))
    on_hand_delta: Mapped[int] = mapped_column(Integer, default=0)
    reserved_delta: Mapped[int] = mapped_column(Integer, default=0)
    allocated_delta: Mapped[int] = mapped_column(Integer, default=0)
    reason: Mapped[str] = mapped_column(String(40))
    note: Mapped[str] = mapped_column(String(200), default="")
    actor_id: Mapped[int | None] = mapped_column(Integer)
    order_id: Mapped[int | None] = mapped_column(Integer, index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # The level after this change (None on rows written before these columns existed).
    on_hand_after: Mapped[int | None] = mapped_column(Integer)
    reserved_after: Mapped[int | None] = mapped_column(Integer)
    allocated_after: Mapped[int | None] = mapped_column(Integer)
    purchase_order_id: Mapped[int | None] = mapped_column(Integer, index=True)
    request_key: Mapped[str | None] = mapped_column(String(64))

    @property
    def on_hand_before(self) -> int | None:
        return None if self.on_hand_after is None else self.on_hand_after - self.on_hand_delta


class StockThreshold(db.Model):
    """A product counts as low on stock when the units available over all its locations
    are at or below its threshold. Products without a row are never low."""

    __tablename__ = "stock_threshold"
    __table_args__ = (CheckConstraint("threshold >= 0", name="threshold_not_negative"),)

    product_id: Mapped[int] = mapped_column(
        ForeignKey("product.id", ondelete="CASCADE"), primary_key=True)
    threshold: Mapped[int] = mapped_column(Integer)
    updated_by_id: Mapped[int | None] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow,
                                                 onupdate=utcnow)


class LowStockMailSent(db.Model):
    """Who was sent the daily low-stock mail on which day (UTC), one row each, written in the
    transaction that sends the mail: a second run on the same day mails nobody twice."""

    __tablename__ = "low_stock_mail_sent"
    __table_args__ = (UniqueConstraint("day", "address"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date)
    address: Mapped[str] = mapped_column(String(254))  # lower case
    sent_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class HoldStatus(StrEnum):
    RESERVED = "reserved"
    ALLOCATED = "allocated"
    SHIPPED = "shipped"
    RELEASED = "released"


# What a hold may become (the services check it):
#   reserved  -> allocated  (the order was paid)
#   reserved  -> released   (cancelled, expired, or the checkout was abandoned)
#   allocated -> shipped    (the units left the building: on hand goes down with it)
#   allocated -> released   (a paid order was cancelled before shipping)
# A reserved or allocated hold may also give back part of its units (refunded before they
# ship): it keeps its status with fewer units, and the units given back become a released
# hold beside it (``holds.release_units``), so an order's holds add up to what it claimed.
HOLD_TRANSITIONS: dict[HoldStatus, frozenset[HoldStatus]] = {
    HoldStatus.RESERVED: frozenset({HoldStatus.ALLOCATED, HoldStatus.RELEASED}),
    HoldStatus.ALLOCATED: frozenset({HoldStatus.SHIPPED, HoldStatus.RELEASED}),
    HoldStatus.SHIPPED: frozenset(),
    HoldStatus.RELEASED: frozenset(),
}


class StockHold(db.Model):
    """An order's claim on units of one product at one location: reserved while the
    customer pays (until ``expires_at``), then allocated, then shipped; or released."""

    __tablename__ = "stock_hold"
    __table_args__ = (
        CheckConstraint("quantity > 0", name="quantity_positive"),
        Index("ix_stock_hold_product_status", "product_id", "status", "expires_at"),
        Index("ix_stock_hold_status_expires", "status", "expires_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(Integer, index=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("product.id", ondelete="CASCADE"))
    location_id: Mapped[int] = mapped_column(ForeignKey("location.id"))
    quantity: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(12), default=HoldStatus.RESERVED)
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
