"""Shared column mixins, money helpers and raw driver reads.

The declarative base (with the constraint naming convention) is built with the ``db``
extension in ``shop.extensions``."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from sqlalchemy import DateTime
from sqlalchemy.orm import Mapped, mapped_column

from shop.extensions import db


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


def fetch_rows(sqlite_sql: str, postgres_sql: str, params: tuple = ()) -> list[tuple]:
    """Run a read on the session's connection through the driver's own cursor.

    For the few reads that return tens of thousands of rows per request or build (search
    hits, the facet index): plain tuples, no ORM or Row objects. Takes the statement in each
    dialect's parameter style.
    """
    sqlite = db.engine.dialect.name == "sqlite"
    raw = db.session.connection().connection.driver_connection
    cursor = raw.cursor()
    try:
        cursor.execute(sqlite_sql if sqlite else postgres_sql, params)
        return cursor.fetchall()
    finally:
        cursor.close()


def fetch_column(sqlite_sql: str, postgres_sql: str, params: tuple = (), dtype=None):
    """The first column of ``fetch_rows`` as a numpy array (int64 unless ``dtype``)."""
    import numpy as np

    rows = fetch_rows(sqlite_sql, postgres_sql, params)
    return np.fromiter((row[0] for row in rows), dtype=dtype or np.int64, count=len(rows))


def fetch_id_set(sqlite_sql: str, postgres_sql: str, params: tuple = ()):
    """The ``id`` column of a query as a numpy int64 array, in no particular order.

    The database folds the rows into one value (a comma-separated text on SQLite, an array
    on PostgreSQL), so tens of thousands of ids cross into Python as one row instead of
    one tuple each: on SQLite that halves the cost of a broad search.
    """
    import numpy as np

    rows = fetch_rows(
        f"SELECT group_concat(id) FROM ({sqlite_sql}) AS q",
        f"SELECT array_agg(id) FROM ({postgres_sql}) AS q",
        params,
    )
    value = rows[0][0] if rows else None
    if not value:
        return np.zeros(0, dtype=np.int64)
    if isinstance(value, str):
        return np.fromstring(value, dtype=np.int64, sep=",")
    return np.asarray(value, dtype=np.int64)
