"""The stock ledger: every movement, newest first, filtered by product, location, reason,
dates, order or purchase order; a page at a time, or every matching row for an export.

Counting is capped (``COUNT_CAP``): a ledger of millions of rows answers "more than 10,000"
at the cost of reading 10,001 index entries, not all of them."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, select

from shop.accounts.models import User
from shop.catalog.models import Product, ProductIdentifier
from shop.catalog.partnumbers import normalise, prefix_upper_bound
from shop.extensions import db
from shop.inventory.models import Location, StockMovement
from shop.inventory.purchase_models import PurchaseOrder

COUNT_CAP = 10_000
MAX_PRODUCTS = 200  # a product filter matching more (a short prefix) takes the first ones


@dataclass(frozen=True)
class LedgerFilter:
    product_ids: tuple[int, ...] | None = None  # None: any product
    location_id: int | None = None
    reason: str = ""
    date_from: date | None = None
    date_to: date | None = None  # inclusive
    order_id: int | None = None
    purchase_order_id: int | None = None

    def where(self) -> list:
        m = StockMovement
        clauses = []
        if self.product_ids is not None:
            clauses.append(m.product_id.in_(self.product_ids or (-1,)))
        if self.location_id is not None:
            clauses.append(m.location_id == self.location_id)
        if self.reason:
            clauses.append(m.reason == self.reason)
        if self.date_from is not None:
            clauses.append(m.created_at >= datetime.combine(self.date_from, time(), UTC))
        if self.date_to is not None:
            clauses.append(m.created_at < datetime.combine(self.date_to + timedelta(days=1),
                                                           time(), UTC))
        if self.order_id is not None:
            clauses.append(m.order_id == self.order_id)
        if self.purchase_order_id is not None:
            clauses.append(m.purchase_order_id == self.purchase_order_id)
        return clauses


@dataclass(frozen=True)
class LedgerRow:
    id: int
    created_at: datetime
    product_id: int
    sku: str
    name: str
    location_code: str
    reason: str
    note: str
    on_hand_delta: int
    reserved_delta: int
    allocated_delta: int
    on_hand_after: int | None
    reserved_after: int | None
    allocated_after: int | None
    order_id: int | None
    purchase_order_id: int | None
    purchase_order_number: str | None
    actor_id: int | None
    actor_email: str | None

    @property
    def on_hand_before(self) -> int | None:
        return None if self.on_hand_after is None else self.on_hand_after - self.on_hand_delta


def products_matching(text: str) -> tuple[int, ...]:
    """Ids of products whose SKU, part number, alternative number or GTIN is ``text`` (any
    case or punctuation), or starts with it when none is exactly it."""
    norm = normalise(text)
    if not norm:
        return ()
    exact = tuple(sorted(set(db.session.scalars(
        select(ProductIdentifier.product_id).where(ProductIdentifier.norm == norm)))))
    if exact:
        return exact
    return tuple(sorted(set(db.session.scalars(
        select(ProductIdentifier.product_id)
        .where(ProductIdentifier.norm >= norm, ProductIdentifier.norm < prefix_upper_bound(norm))
        .limit(MAX_PRODUCTS)))))


def _select():
    m = StockMovement
    return (select(m.id, m.created_at, m.product_id, Product.sku, Product.name, Location.code,
                   m.reason, m.note, m.on_hand_delta, m.reserved_delta, m.allocated_delta,
                   m.on_hand_after, m.reserved_after, m.allocated_after, m.order_id,
                   m.purchase_order_id, PurchaseOrder.number, m.actor_id, User.email)
            .join(Product, Product.id == m.product_id)
            .join(Location, Location.id == m.location_id)
            .outerjoin(PurchaseOrder, PurchaseOrder.id == m.purchase_order_id)
            .outerjoin(User, User.id == m.actor_id))


def count(f: LedgerFilter, cap: int = COUNT_CAP) -> int:
    """Movements matching ``f``, counted up to ``cap + 1`` (more than ``cap`` reads as
    ``cap + 1``)."""
    capped = select(StockMovement.id).where(*f.where()).limit(cap + 1).subquery()
    return db.session.scalar(select(func.count()).select_from(capped)) or 0


def ledger_page(f: LedgerFilter, page: int = 1, per_page: int = 50) -> list[LedgerRow]:
    rows = db.session.execute(
        _select().where(*f.where()).order_by(StockMovement.id.desc())
        .offset((page - 1) * per_page).limit(per_page)).all()
    return [LedgerRow(*row) for row in rows]


def ledger_batch(f: LedgerFilter, before: int | None = None, batch: int = 1000,
                 ) -> list[LedgerRow]:
    """Up to ``batch`` movements matching ``f`` with ids below ``before`` (all when None),
    newest first: an export reads the ledger this way, one query per batch, holding no
    cursor open and never reading a row twice."""
    stmt = _select().where(*f.where())
    if before is not None:
        stmt = stmt.where(StockMovement.id < before)
    rows = db.session.execute(stmt.order_by(StockMovement.id.desc()).limit(batch)).all()
    return [LedgerRow(*row) for row in rows]


def ledger_rows(f: LedgerFilter, batch: int = 1000) -> Iterator[list[LedgerRow]]:
    """Every movement matching ``f``, newest first, in batches (see ``ledger_batch``)."""
    before: int | None = None
    while True:
        rows = ledger_batch(f, before, batch)
        if rows:
            yield rows
        if len(rows) < batch:
            return
        before = rows[-1].id


REASON_LABELS = {
    "receipt": "Receipt", "received": "Received", "damaged": "Damaged",
    "correction": "Correction", "customer return": "Customer return", "count": "Count",
    "initial count": "Initial count", "reservation": "Reservation", "allocation": "Allocation",
    "release": "Release", "order cancelled": "Order cancelled", "shipment": "Shipment",
    "reservation expired": "Reservation expired",
    "refunded before shipping": "Refunded before shipping",
}


def reasons() -> list[str]:
    """Every reason the ledger holds or people may give (for the filter)."""
    return sorted(REASON_LABELS)
