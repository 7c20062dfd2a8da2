"""The declarative base with its constraint naming convention, the timestamp mixin and the
money helpers. Imports nothing of the shop's, so every module can import it (raw driver reads
live in ``shop.sql``)."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from sqlalchemy import DateTime, MetaData
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """The declarative base of every model: constraint names follow one convention, so
    migrations can name (and later drop) every index and constraint."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def utcnow() -> datetime:
    """Timezone-aware now in UTC; the one clock the models use."""
    return datetime.now(UTC)


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )


# Money is integer minor units everywhere. These helpers convert at the edges only.
CURRENCY_EXPONENT = {"USD": 2, "EUR": 2, "GBP": 2, "JPY": 0}


def to_minor_units(amount: str | Decimal, currency: str = "USD") -> int:
    """Parse a decimal amount ("1299.50") into integer minor units, exactly."""
    exponent = CURRENCY_EXPONENT.get(currency.upper(), 2)
    try:
        value = Decimal(str(amount).strip())
    except InvalidOperation as exc:
        raise ValueError(f"not an amount: {amount!r}") from exc
    if not value.is_finite():
        raise ValueError(f"not an amount: {amount!r}")
    scaled = (value * (10**exponent)).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return int(scaled)


def format_money(cents: int | None, currency: str = "USD") -> str:
    """Render minor units for people: 129950 USD -> "$1,299.50"."""
    if cents is None:
        return ""
    exponent = CURRENCY_EXPONENT.get(currency.upper(), 2)
    symbol = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥"}.get(currency.upper())
    sign = "-" if cents < 0 else ""
    whole, frac = divmod(abs(int(cents)), 10**exponent) if exponent else (abs(int(cents)), 0)
    text = f"{whole:,}"
    if exponent:
        text += f".{frac:0{exponent}d}"
    return f"{sign}{symbol}{text}" if symbol else f"{sign}{text} {currency.upper()}"
