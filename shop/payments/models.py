"""Payments, their refunds and status events, and the webhook events received once each."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import (
    CheckConstraint,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shop.db import TimestampMixin, utcnow
from shop.extensions import db
from shop.status import transitions


class PaymentMethod(StrEnum):
    CARD = "card"
    INVOICE = "invoice"  # invoice, bank transfer or purchase order: staff mark it paid


class PaymentStatus(StrEnum):
    PENDING = "pending"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    CANCELLED = "cancelled"
    PARTIALLY_REFUNDED = "partially_refunded"
    REFUNDED = "refunded"


# Allowed status changes:
#   pending            → succeeded (the provider says so, or staff mark an invoice paid),
#                        failed (the card was declined), cancelled (order cancelled)
#   failed             → succeeded (the customer paid the same intent with another card),
#                        failed (declined again), cancelled
#   succeeded          → partially_refunded, refunded
#   partially_refunded → partially_refunded (another part), refunded (the rest)
#   cancelled, refunded: final
PAYMENT_TRANSITIONS = transitions(PaymentStatus, {
    PaymentStatus.PENDING: {PaymentStatus.SUCCEEDED, PaymentStatus.FAILED,
                            PaymentStatus.CANCELLED},
    PaymentStatus.FAILED: {PaymentStatus.SUCCEEDED, PaymentStatus.FAILED,
                           PaymentStatus.CANCELLED},
    PaymentStatus.SUCCEEDED: {PaymentStatus.PARTIALLY_REFUNDED, PaymentStatus.REFUNDED},
    PaymentStatus.PARTIALLY_REFUNDED: {PaymentStatus.PARTIALLY_REFUNDED,
                                       PaymentStatus.REFUNDED},
    PaymentStatus.CANCELLED: set(),
    PaymentStatus.REFUNDED: set(),
})

#: Statuses in which money has been received (and may be refunded).
PAID_STATUSES = frozenset({PaymentStatus.SUCCEEDED, PaymentStatus.PARTIALLY_REFUNDED,
                           PaymentStatus.REFUNDED})


class Payment(TimestampMixin, db.Model):
    """One attempt to get paid for an order: a card PaymentIntent or an invoice."""

    __tablename__ = "payment"
    __table_args__ = (
        CheckConstraint("amount_cents > 0", name="amount_positive"),
        CheckConstraint("refunded_cents >= 0 AND refunded_cents <= amount_cents",
                        name="refunded_within_amount"),
        # One row per attempt: a concurrent start of the same attempt finds the other's row,
        # and an order has one invoice payment.
        UniqueConstraint("order_id", "method", "attempt"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("shop_order.id", ondelete="CASCADE"),
                                          index=True)
    reference: Mapped[str] = mapped_column(String(40), default="")  # the order number
    method: Mapped[str] = mapped_column(String(10))
    attempt: Mapped[int] = mapped_column(Integer, default=1)  # card: 1, 2 … per order
    amount_cents: Mapped[int] = mapped_column(Integer)
    currency: Mapped[str] = mapped_column(String(3))
    status: Mapped[str] = mapped_column(String(20), default=PaymentStatus.PENDING)
    refunded_cents: Mapped[int] = mapped_column(Integer, default=0)
    # The provider's PaymentIntent id; the client secret is never stored.
    provider_intent_id: Mapped[str | None] = mapped_column(String(255), unique=True)
    failure_message: Mapped[str] = mapped_column(String(300), default="")
    paid_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    refunds: Mapped[list[Refund]] = relationship(
        back_populates="payment", order_by="Refund.id", cascade="all, delete-orphan")

    @property
    def refundable_cents(self) -> int:
        if self.status not in PAID_STATUSES:
            return 0
        return self.amount_cents - self.refunded_cents


class Refund(db.Model):
    """Money returned on a payment: made here by staff, or reported by the provider."""

    __tablename__ = "payment_refund"
    __table_args__ = (CheckConstraint("amount_cents > 0", name="amount_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    payment_id: Mapped[int] = mapped_column(
        ForeignKey("payment.id", ondelete="CASCADE"), index=True)
    amount_cents: Mapped[int] = mapped_column(Integer)
    # The provider's refund id (unique); None for one it reported only as a total.
    provider_refund_id: Mapped[str | None] = mapped_column(String(255), unique=True)
    reason: Mapped[str] = mapped_column(String(300), default="")
    created_by: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    payment: Mapped[Payment] = relationship(back_populates="refunds")


class PaymentEvent(db.Model):
    """One row per status change of a payment: who, when, from, to, note."""

    __tablename__ = "payment_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    payment_id: Mapped[int] = mapped_column(
        ForeignKey("payment.id", ondelete="CASCADE"), index=True)
    from_status: Mapped[str] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))
    note: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class WebhookEvent(db.Model):
    """A provider event, stored once by its id: a redelivery finds it and does nothing."""

    __tablename__ = "webhook_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    provider_event_id: Mapped[str] = mapped_column(String(255), unique=True)
    type: Mapped[str] = mapped_column(String(100))
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    processed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    summary: Mapped[str] = mapped_column(Text, default="")
