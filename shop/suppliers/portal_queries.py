"""Reads for the supplier portal's own pages: an organisation's listings by status, its
stock and prices, the order lines of its products and the messages staff sent it.

Every read takes the organisation's id and filters by it (products by ``supplier_id``, order
lines through their product, messages by ``organisation_id``): nothing here answers with
another organisation's rows, whatever id a page is asked for."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, func, literal, or_, select
from sqlalchemy.orm import joinedload

from shop.catalog.models import Product
from shop.extensions import db
from shop.inventory.models import StockLevel
from shop.inventory.supplier_locations import find_location
from shop.orders.models import Order, OrderLine, OrderStatus
from shop.suppliers.models_messages import SupplierMessage

# Orders still waiting for their card payment are not orders yet (most become paid within
# minutes, the rest are cancelled): the portal lists every other status.
NOT_PLACED = (OrderStatus.PENDING_PAYMENT.value,)

# --- listings and stock ---------------------------------------------------------------------


def listings_by_status(organisation_id: int) -> list[tuple[str, int]]:
    """(status, how many of the organisation's products have it), by status."""
    rows = db.session.execute(
        select(Product.status, func.count(Product.id))
        .where(Product.supplier_id == organisation_id)
        .group_by(Product.status).order_by(Product.status))
    return [(status, n) for status, n in rows]


@dataclass(frozen=True)
class StockRow:
    """One listing with its price and the stock at the organisation's own location."""

    product_id: int
    sku: str
    name: str
    slug: str
    status: str
    price_cents: int
    currency: str
    on_hand: int
    held: int  # reserved for checkouts and allocated to paid orders

    @property
    def available(self) -> int:
        return self.on_hand - self.held


def _stock_select(organisation_id: int):
    location = find_location(organisation_id)
    if location is None:
        on_hand, held = literal(0), literal(0)
        stmt = select(Product.id)
    else:
        level = StockLevel.__table__
        on_hand = func.coalesce(level.c.on_hand, 0)
        held = func.coalesce(level.c.reserved + level.c.allocated, 0)
        stmt = select(Product.id).outerjoin(level, and_(level.c.product_id == Product.id,
                                                        level.c.location_id == location.id))
    return stmt.add_columns(Product.sku, Product.name, Product.slug, Product.status,
                            Product.price_cents, Product.currency, on_hand, held
                            ).where(Product.supplier_id == organisation_id)


def _stock_row(row) -> StockRow:
    return StockRow(*row)


def stock_page(organisation_id: int, q: str, page: int, per_page: int
               ) -> tuple[list[StockRow], int]:
    """A page of the organisation's listings by SKU (those whose SKU starts with ``q`` or
    whose name holds it, if given) and how many match."""
    where = [Product.supplier_id == organisation_id]
    if q:
        where.append(or_(func.lower(Product.sku).startswith(q.lower(), autoescape=True),
                         func.lower(Product.name).contains(q.lower(), autoescape=True)))
    total = db.session.scalar(select(func.count(Product.id)).where(*where)) or 0
    rows = db.session.execute(_stock_select(organisation_id).where(*where[1:])
                              .order_by(Product.sku).offset((page - 1) * per_page)
                              .limit(per_page))
    return [_stock_row(r) for r in rows], total


def stock_row(organisation_id: int, product_id: int) -> StockRow | None:
    """The listing only if it is the organisation's."""
    row = db.session.execute(_stock_select(organisation_id).where(Product.id == product_id)
                             ).first()
    return _stock_row(row) if row else None


@dataclass(frozen=True)
class StockSummary:
    listings: int
    in_stock: int  # listings with a unit available at the organisation's location
    on_hand: int
    held: int

    @property
    def available(self) -> int:
        return self.on_hand - self.held


def stock_summary(organisation_id: int) -> StockSummary:
    listings = db.session.scalar(select(func.count(Product.id))
                                 .where(Product.supplier_id == organisation_id)) or 0
    location = find_location(organisation_id)
    if location is None:
        return StockSummary(listings, 0, 0, 0)
    level = StockLevel.__table__
    held = level.c.reserved + level.c.allocated
    in_stock, on_hand, held_units = db.session.execute(
        select(func.count().filter(level.c.on_hand > held),
               func.coalesce(func.sum(level.c.on_hand), 0), func.coalesce(func.sum(held), 0))
        .select_from(level).join(Product, Product.id == level.c.product_id)
        .where(level.c.location_id == location.id,
               Product.supplier_id == organisation_id)).one()
    return StockSummary(listings, in_stock or 0, int(on_hand), int(held_units))


# --- order lines ----------------------------------------------------------------------------


@dataclass(frozen=True)
class SupplierLine:
    """An order line of one of the organisation's products, with what of its order a
    supplier may know: number, date, status, currency and the destination country (no
    name, address, e-mail or phone of the customer, and no other line of the order)."""

    line_id: int
    order_number: str
    placed_at: datetime
    status: str
    ship_country: str
    sku: str
    name: str
    quantity: int
    unit_price_cents: int
    currency: str


def _lines_select(organisation_id: int):
    return (select(OrderLine.id, Order.number, Order.placed_at, Order.status,
                   Order.ship_country, OrderLine.sku, OrderLine.name, OrderLine.quantity,
                   OrderLine.unit_price_cents, Order.currency)
            .join(Order, Order.id == OrderLine.order_id)
            .join(Product, Product.id == OrderLine.product_id)
            .where(Product.supplier_id == organisation_id, Order.status.not_in(NOT_PLACED)))


def order_lines_page(organisation_id: int, page: int, per_page: int
                     ) -> tuple[list[SupplierLine], int]:
    """The organisation's order lines, newest order first, and how many there are."""
    stmt = _lines_select(organisation_id)
    total = db.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    rows = db.session.execute(stmt.order_by(Order.placed_at.desc(), OrderLine.id.desc())
                              .offset((page - 1) * per_page).limit(per_page))
    return [SupplierLine(*r) for r in rows], total


# --- messages -------------------------------------------------------------------------------


def messages_page(organisation_id: int, page: int, per_page: int
                  ) -> tuple[list[SupplierMessage], int]:
    where = SupplierMessage.organisation_id == organisation_id
    total = db.session.scalar(select(func.count(SupplierMessage.id)).where(where)) or 0
    rows = db.session.scalars(
        select(SupplierMessage).where(where).options(joinedload(SupplierMessage.author))
        .order_by(SupplierMessage.created_at.desc(), SupplierMessage.id.desc())
        .offset((page - 1) * per_page).limit(per_page))
    return list(rows), total


def unread_count(organisation_id: int) -> int:
    return db.session.scalar(
        select(func.count(SupplierMessage.id))
        .where(SupplierMessage.organisation_id == organisation_id,
               SupplierMessage.read_at.is_(None))) or 0


def message_of(organisation_id: int, message_id: int) -> SupplierMessage | None:
    """The message only if it was sent to ``organisation_id``."""
    return db.session.scalar(
        select(SupplierMessage).where(SupplierMessage.id == message_id,
                                      SupplierMessage.organisation_id == organisation_id))
