"""Carts and their lines. A cart belongs to a user or, for a guest, is found by its token
(carried in a signed cookie). Lines hold no price of record: the price is always the
catalogue's; ``price_seen_cents`` is only the price the customer last confirmed."""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shop.db import TimestampMixin, utcnow
from shop.extensions import db

MAX_QUANTITY = 10_000


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Cart(TimestampMixin, db.Model):
    __tablename__ = "cart"
    __table_args__ = (Index("ix_cart_user_updated", "user_id", "updated_at"),)  # pruning

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(43), unique=True, default=new_token)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), unique=True)

    lines: Mapped[list[CartLine]] = relationship(
        back_populates="cart", cascade="all, delete-orphan", order_by="CartLine.id",
        lazy="raise_on_sql", passive_deletes=True,
    )


class CartLine(db.Model):
    __tablename__ = "cart_line"
    __table_args__ = (
        UniqueConstraint("cart_id", "product_id", "saved_for_later"),
        CheckConstraint(f"quantity > 0 AND quantity <= {MAX_QUANTITY}", name="quantity_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cart_id: Mapped[int] = mapped_column(ForeignKey("cart.id", ondelete="CASCADE"))
    product_id: Mapped[int] = mapped_column(
        ForeignKey("product.id", ondelete="CASCADE"), index=True)
    quantity: Mapped[int] = mapped_column(Integer)
    saved_for_later: Mapped[bool] = mapped_column(Boolean, default=False)
    price_seen_cents: Mapped[int] = mapped_column(Integer)
    currency_seen: Mapped[str] = mapped_column(String(3))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    cart: Mapped[Cart] = relationship(back_populates="lines")
