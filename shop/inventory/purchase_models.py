"""Purchase orders to suppliers: what was ordered, what has arrived, and when the rest is
expected. Receiving moves stock in through ``shop.inventory.services`` (movements with the
reason "received" that name the purchase order)."""

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
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shop.db import TimestampMixin, utcnow
from shop.extensions import db
from shop.status import transitions


class PurchaseStatus(StrEnum):
    DRAFT = "draft"  # being written; lines can still change
    ORDERED = "ordered"  # sent to the supplier; nothing has arrived yet
    PARTLY_RECEIVED = "partly_received"
    RECEIVED = "received"  # every line arrived in full
    CANCELLED = "cancelled"  # nothing more will come (what arrived stays in stock)


P = PurchaseStatus
# Allowed status changes:
#   draft           → ordered (sent to the supplier), cancelled
#   ordered         → partly received, received (a receipt), cancelled
#   partly received → partly received (another partial receipt), received, cancelled (the
#                     rest will not come; what arrived stays)
#   received        → (nothing)
#   cancelled       → (nothing)
PURCHASE_TRANSITIONS = transitions(PurchaseStatus, {
    P.DRAFT: {P.ORDERED, P.CANCELLED},
    P.ORDERED: {P.PARTLY_RECEIVED, P.RECEIVED, P.CANCELLED},
    P.PARTLY_RECEIVED: {P.PARTLY_RECEIVED, P.RECEIVED, P.CANCELLED},
    P.RECEIVED: set(),
    P.CANCELLED: set(),
})
# Purchase orders whose outstanding units are still expected.
OPEN_STATUSES = frozenset({P.ORDERED, P.PARTLY_RECEIVED})

PURCHASE_STATUS_TEXT = {
    P.DRAFT: "Draft",
    P.ORDERED: "Ordered",
    P.PARTLY_RECEIVED: "Partly received",
    P.RECEIVED: "Received",
    P.CANCELLED: "Cancelled",
}


class PurchaseOrder(TimestampMixin, db.Model):
    __tablename__ = "purchase_order"
    __table_args__ = (Index("ix_purchase_order_status_id", "status", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(20), unique=True)  # PO-000042
    # The supplier: an approved supplier organisation (its id) and/or a name as written on
    # the order.
    supplier_id: Mapped[int | None] = mapped_column(Integer, index=True)
    supplier_name: Mapped[str] = mapped_column(String(120))
    # Where the goods are delivered (and received into).
    location_id: Mapped[int] = mapped_column(ForeignKey("location.id"))
    # The currency of the lines' unit costs.
    currency: Mapped[str] = mapped_column(String(3), default="USD", server_default="USD")
    status: Mapped[str] = mapped_column(String(20), default=PurchaseStatus.DRAFT)
    note: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(Integer)
    ordered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # The one-time key of the form that created it: the same form sent twice makes one order.
    request_key: Mapped[str | None] = mapped_column(String(64), unique=True)

    lines: Mapped[list[PurchaseOrderLine]] = relationship(
        back_populates="purchase_order", cascade="all, delete-orphan",
        order_by="PurchaseOrderLine.id")
    events: Mapped[list[PurchaseOrderEvent]] = relationship(
        cascade="all, delete-orphan", order_by="PurchaseOrderEvent.id")

    @property
    def outstanding(self) -> int:
        return sum(line.outstanding for line in self.lines)

    @property
    def total_cost_cents(self) -> int | None:
        """What the lines with a unit cost come to (minor units of ``currency``); None
        when no line has one."""
        totals = [line.total_cost_cents for line in self.lines
                  if line.total_cost_cents is not None]
        return sum(totals) if totals else None

    @property
    def lines_without_cost(self) -> int:
        return sum(1 for line in self.lines if line.unit_cost_cents is None)


class PurchaseOrderLine(db.Model):
    __tablename__ = "purchase_order_line"
    __table_args__ = (
        CheckConstraint("quantity_ordered > 0", name="ordered_positive"),
        CheckConstraint("quantity_received >= 0", name="received_not_negative"),
        CheckConstraint("quantity_received <= quantity_ordered", name="received_within_ordered"),
        CheckConstraint("unit_cost_cents >= 0", name="unit_cost_not_negative"),
        UniqueConstraint("purchase_order_id", "product_id"),
        Index("ix_purchase_order_line_product_expected", "product_id", "expected_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    purchase_order_id: Mapped[int] = mapped_column(
        ForeignKey("purchase_order.id", ondelete="CASCADE"))
    product_id: Mapped[int] = mapped_column(ForeignKey("product.id", ondelete="CASCADE"))
    quantity_ordered: Mapped[int] = mapped_column(Integer)
    quantity_received: Mapped[int] = mapped_column(Integer, default=0)
    expected_on: Mapped[date | None] = mapped_column(Date)
    # What one unit costs us, in minor units of the order's currency (None: not known).
    unit_cost_cents: Mapped[int | None] = mapped_column(Integer)

    purchase_order: Mapped[PurchaseOrder] = relationship(back_populates="lines")

    @property
    def outstanding(self) -> int:
        return self.quantity_ordered - self.quantity_received

    @property
    def total_cost_cents(self) -> int | None:
        """The units ordered at the unit cost, or None without one."""
        if self.unit_cost_cents is None:
            return None
        return self.unit_cost_cents * self.quantity_ordered


class PurchaseOrderEvent(db.Model):
    """A status change of a purchase order (who, when, from, to, note)."""

    __tablename__ = "purchase_order_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    purchase_order_id: Mapped[int] = mapped_column(
        ForeignKey("purchase_order.id", ondelete="CASCADE"), index=True)
    from_status: Mapped[str] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    actor_id: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class PurchaseReceipt(db.Model):
    """One delivery taken in against a purchase order (its movements name the order). The
    receiving form's one-time key is unique: the same form sent twice receives once."""

    __tablename__ = "purchase_receipt"

    id: Mapped[int] = mapped_column(primary_key=True)
    purchase_order_id: Mapped[int] = mapped_column(
        ForeignKey("purchase_order.id", ondelete="CASCADE"), index=True)
    request_key: Mapped[str] = mapped_column(String(64), unique=True)
    units: Mapped[int] = mapped_column(Integer)
    actor_id: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
