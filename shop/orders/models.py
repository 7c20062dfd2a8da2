"""Orders: what was bought, at what price, where it goes, and every status it passed through."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    func,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shop.db import TimestampMixin, utcnow
from shop.extensions import db
from shop.status import transitions


class OrderStatus(StrEnum):
    PENDING_PAYMENT = "pending_payment"  # card: waiting for the payment to go through
    AWAITING_PAYMENT = "awaiting_payment"  # invoice: waiting for the bank transfer
    COMPLIANCE_HOLD = "compliance_hold"  # paid, with a controlled item: staff review it
    PAID = "paid"  # ready to pack
    PACKED = "packed"
    SHIPPED = "shipped"
    DELIVERED = "delivered"
    CANCELLED = "cancelled"
    REFUNDED = "refunded"
    PARTIALLY_REFUNDED = "partially_refunded"


S = OrderStatus
# Allowed status changes:
#   pending payment    → paid (the webhook), compliance hold (paid, controlled item),
#                        awaiting payment (the customer pays by invoice instead),
#                        cancelled (declined and abandoned, or by staff)
#   awaiting payment   → paid (staff saw the transfer), compliance hold, cancelled
#   compliance hold    → paid (released by staff, note required), cancelled (note required)
#   paid               → packed, cancelled (stock released), refunded, partially refunded
#   packed             → shipped, cancelled, refunded, partially refunded
#   shipped            → delivered, refunded, partially refunded
#   delivered          → refunded, partially refunded
#   partially refunded → packed, shipped, delivered (fulfilment goes on), refunded,
#                        partially refunded (another partial refund)
#   cancelled          → refunded (a paid order cancelled, its money returned)
#   refunded           → (nothing)
ORDER_TRANSITIONS = transitions(OrderStatus, {
    S.PENDING_PAYMENT: {S.PAID, S.COMPLIANCE_HOLD, S.AWAITING_PAYMENT, S.CANCELLED},
    S.AWAITING_PAYMENT: {S.PAID, S.COMPLIANCE_HOLD, S.CANCELLED},
    S.COMPLIANCE_HOLD: {S.PAID, S.CANCELLED},
    S.PAID: {S.PACKED, S.CANCELLED, S.REFUNDED, S.PARTIALLY_REFUNDED},
    S.PACKED: {S.SHIPPED, S.CANCELLED, S.REFUNDED, S.PARTIALLY_REFUNDED},
    S.SHIPPED: {S.DELIVERED, S.REFUNDED, S.PARTIALLY_REFUNDED},
    S.DELIVERED: {S.REFUNDED, S.PARTIALLY_REFUNDED},
    S.PARTIALLY_REFUNDED: {S.PACKED, S.SHIPPED, S.DELIVERED, S.REFUNDED,
                           S.PARTIALLY_REFUNDED},
    S.CANCELLED: {S.REFUNDED},
    S.REFUNDED: set(),
})

# What a customer (and staff) read for each status.
STATUS_TEXT = {
    S.PENDING_PAYMENT: "Waiting for the card payment",
    S.AWAITING_PAYMENT: "Waiting for the bank transfer",
    S.COMPLIANCE_HOLD: "Paid; export review before shipping",
    S.PAID: "Paid; being prepared",
    S.PACKED: "Packed; ready to ship",
    S.SHIPPED: "Shipped",
    S.DELIVERED: "Delivered",
    S.CANCELLED: "Cancelled",
    S.REFUNDED: "Refunded",
    S.PARTIALLY_REFUNDED: "Partly refunded",
}

# Statuses whose money has been received.
PAID_STATUSES = frozenset({S.PAID, S.PACKED, S.SHIPPED, S.DELIVERED, S.PARTIALLY_REFUNDED})


class PaymentMethod(StrEnum):
    INVOICE = "invoice"  # bank transfer against our invoice, or a purchase order
    CARD = "card"


class Order(TimestampMixin, db.Model):
    __tablename__ = "shop_order"
    __table_args__ = (
        CheckConstraint("subtotal_cents >= 0", name="subtotal_not_negative"),
        CheckConstraint("total_cents >= 0", name="total_not_negative"),
        Index("ix_shop_order_status_placed", "status", "placed_at"),
        Index("ix_shop_order_user_placed", "user_id", "placed_at"),
        # The back office's list: newest first, by payment method, destination, control,
        # and found by the start of an e-mail, a company or a PO number whatever the case.
        Index("ix_shop_order_placed", "placed_at", "id"),
        Index("ix_shop_order_method_placed", "payment_method", "placed_at"),
        Index("ix_shop_order_country_placed", "ship_country", "placed_at"),
        Index("ix_shop_order_controlled_placed", "controlled", "placed_at"),
        Index("ix_shop_order_email_lower", func.lower(text("email"))),
        Index("ix_shop_order_company_lower", func.lower(text("company"))),
        Index("ix_shop_order_po_lower", func.lower(text("po_number"))),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Short for people, random so it cannot be guessed (``services.new_order_number``).
    number: Mapped[str] = mapped_column(String(16), unique=True)
    # The checkout's one-time token: placing the same checkout twice finds this order.
    checkout_token: Mapped[str] = mapped_column(String(64), unique=True)
    status: Mapped[str] = mapped_column(String(20))
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    name: Mapped[str] = mapped_column(String(120))
    company: Mapped[str] = mapped_column(String(120), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    po_number: Mapped[str] = mapped_column(String(60), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    vat_number: Mapped[str] = mapped_column(String(20), default="")
    reverse_charge: Mapped[bool] = mapped_column(Boolean, default=False)
    payment_method: Mapped[str] = mapped_column(String(10))
    shipping_method: Mapped[str] = mapped_column(String(20))
    shipping_label: Mapped[str] = mapped_column(String(80))
    currency: Mapped[str] = mapped_column(String(3))
    subtotal_cents: Mapped[int] = mapped_column(Integer)
    shipping_cents: Mapped[int] = mapped_column(Integer)
    tax_rate_bp: Mapped[int] = mapped_column(Integer)  # basis points: 1900 = 19 %
    tax_cents: Mapped[int] = mapped_column(Integer)
    total_cents: Mapped[int] = mapped_column(Integer)
    refunded_cents: Mapped[int] = mapped_column(Integer, default=0)
    controlled: Mapped[bool] = mapped_column(Boolean, default=False)  # an ECCN other than EAR99
    screening: Mapped[str] = mapped_column(String(200), default="")  # the result, for people
    reservation_expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    placed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    carrier: Mapped[str] = mapped_column(String(60), default="")
    tracking_number: Mapped[str] = mapped_column(String(80), default="")
    # The shipping address's country, kept on the order for the back office's filter.
    ship_country: Mapped[str] = mapped_column(String(2), default="")

    lines: Mapped[list[OrderLine]] = relationship(
        back_populates="order", cascade="all, delete-orphan", order_by="OrderLine.id")
    addresses: Mapped[list[OrderAddress]] = relationship(
        cascade="all, delete-orphan", order_by="OrderAddress.id")
    events: Mapped[list[OrderEvent]] = relationship(
        cascade="all, delete-orphan", order_by="OrderEvent.id")

    def address(self, kind: str) -> OrderAddress | None:
        return next((a for a in self.addresses if a.kind == kind), None)

    @property
    def shipping_address(self) -> OrderAddress | None:
        return self.address("shipping")

    @property
    def billing_address(self) -> OrderAddress | None:
        return self.address("billing")

    @property
    def unit_count(self) -> int:
        return sum(line.quantity for line in self.lines)

    @property
    def units_to_ship(self) -> int:
        """Units sold less those refunded (refunded before shipping, they do not ship)."""
        return sum(line.quantity - line.refunded_quantity for line in self.lines)


class OrderLine(db.Model):
    """A product as it was sold: identifiers, name and price copied at the time."""

    __tablename__ = "order_line"
    __table_args__ = (
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint("unit_price_cents >= 0", name="price_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(
        ForeignKey("shop_order.id", ondelete="CASCADE"), index=True)
    product_id: Mapped[int | None] = mapped_column(
        ForeignKey("product.id", ondelete="SET NULL"), index=True)
    sku: Mapped[str] = mapped_column(String(64))
    mpn: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    eccn: Mapped[str] = mapped_column(String(20), default="")
    unit_price_cents: Mapped[int] = mapped_column(Integer)
    quantity: Mapped[int] = mapped_column(Integer)
    line_total_cents: Mapped[int] = mapped_column(Integer)
    refunded_quantity: Mapped[int] = mapped_column(Integer, default=0)  # units paid back
    restocked_quantity: Mapped[int] = mapped_column(Integer, default=0)  # units back in stock

    order: Mapped[Order] = relationship(back_populates="lines")


class OrderAddress(db.Model):
    __tablename__ = "order_address"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(
        ForeignKey("shop_order.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(10))  # shipping, billing
    full_name: Mapped[str] = mapped_column(String(120))
    company: Mapped[str] = mapped_column(String(120), default="")
    line1: Mapped[str] = mapped_column(String(200))
    line2: Mapped[str] = mapped_column(String(200), default="")
    city: Mapped[str] = mapped_column(String(120))
    region: Mapped[str] = mapped_column(String(120), default="")
    postal_code: Mapped[str] = mapped_column(String(20), default="")
    country_code: Mapped[str] = mapped_column(String(2))
    phone: Mapped[str] = mapped_column(String(40), default="")


class OrderEvent(db.Model):
    """A status change (who, when, from, to, note), or a note with no change (from = to)."""

    __tablename__ = "order_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(
        ForeignKey("shop_order.id", ondelete="CASCADE"), index=True)
    from_status: Mapped[str] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    actor_id: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class RefundMethod(StrEnum):
    CARD = "card"  # through the payment provider
    MANUAL = "manual"  # returned another way (a transfer, the provider's dashboard): recorded


class OrderRefund(db.Model):
    """A refund staff made on an order: how much, how, which lines (and units) and whether
    shipping, and the key of the confirmed form, so the same form sent twice refunds once."""

    __tablename__ = "order_refund"
    __table_args__ = (CheckConstraint("amount_cents > 0", name="amount_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(
        ForeignKey("shop_order.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    amount_cents: Mapped[int] = mapped_column(Integer)
    method: Mapped[str] = mapped_column(String(10))
    # [{"line_id": 3, "units": 1, "restock": 1}, …]; empty for an amount not tied to lines.
    lines: Mapped[list] = mapped_column(JSON, default=list)
    shipping_cents: Mapped[int] = mapped_column(Integer, default=0)
    # The payment provider's refund (payments' row id) when it went through the provider.
    payment_refund_id: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(String(500), default="")
    created_by: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
