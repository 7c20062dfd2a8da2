"""Reads of stock.

Availability is on hand less reserved and allocated units, where a reservation whose time is
up no longer counts even before anything has released it: a customer sees the units again the
moment a hold expires (``services.release_expired`` then tidies the rows).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import cache, lru_cache

from sqlalchemy import bindparam, exists, func, select

from shop.catalog.models import Product
from shop.db import utcnow
from shop.extensions import db
from shop.inventory.models import HoldStatus, StockLevel, StockThreshold
from shop.inventory.purchase_models import OPEN_STATUSES, PurchaseOrder, PurchaseOrderLine
from shop.sql import fetch_column, fetch_rows, read_connection


def availability_by_location(product_ids: Iterable[int]) -> dict[int, list[tuple[str, int]]]:
    """(location name, units available) for each product id that has stock rows, in the
    order the rows were made; one query for any number of products.

    Stock slots read this for every storefront response (through the worker's copy,
    ``availability_cache``), so it runs through the driver's cursor (the statement text
    is built once per dialect and list length)."""
    return availability_until(product_ids)[0]


def availability_until(product_ids: Iterable[int],
                       ) -> tuple[dict[int, list[tuple[str, int]]], dict[int, datetime]]:
    """``availability_by_location``, and for each product with a reservation still running
    the moment the first of them lapses: until then the units read stay true, unless stock
    moves (which the change feed tells)."""
    ids = sorted(set(product_ids))
    if not ids:
        return {}, {}
    now = utcnow()
    sqlite = read_connection()[1]
    if sqlite:
        # SQLAlchemy keeps SQLite datetimes as text in this layout, so text order is time order.
        text = _sqlite_time(now)
        params = (text, text, *ids, *ids)
    else:
        params = (now, now, ids, ids)
    found: dict[int, list[tuple[str, int]]] = {}
    lapses: dict[int, datetime] = {}
    for product_id, name, available, lapse in fetch_rows(
            _available_sql("sqlite", len(ids)), _available_sql("postgresql", len(ids)), params):
        found.setdefault(product_id, []).append((name, int(available)))
        if lapse is not None:
            if sqlite:
                lapse = datetime.fromisoformat(lapse)
            if lapse.tzinfo is None:
                lapse = lapse.replace(tzinfo=UTC)
            if product_id not in lapses or lapse < lapses[product_id]:
                lapses[product_id] = lapse
    return found, lapses


def _sqlite_time(moment) -> str:
    """``moment`` as SQLAlchemy writes a SQLite datetime: ``2026-11-30 12:00:00.000000``."""
    return moment.replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")


@lru_cache(maxsize=256)
def _available_sql(dialect: str, count: int) -> str:
    """The statement behind ``availability_until``: on hand less reserved and allocated,
    plus what reservations that have lapsed still hold, and when the first running one
    lapses."""
    if dialect == "sqlite":
        ids, now = "(" + ",".join("?" * count) + ")", "?"
        holds_in, levels_in = f"h.product_id IN {ids}", f"s.product_id IN {ids}"
    else:
        now = "%s"
        holds_in, levels_in = "h.product_id = ANY(%s)", "s.product_id = ANY(%s)"
    return (
        "SELECT s.product_id, l.name, "
        "s.on_hand - s.allocated - s.reserved + COALESCE(x.units, 0), x.lapse "
        "FROM stock_level s JOIN location l ON l.id = s.location_id "
        "LEFT JOIN (SELECT h.product_id, h.location_id, "
        f"SUM(CASE WHEN h.expires_at < {now} THEN h.quantity ELSE 0 END) AS units, "
        f"MIN(CASE WHEN h.expires_at >= {now} THEN h.expires_at END) AS lapse "
        f"FROM stock_hold h WHERE {holds_in} AND h.status = '{HoldStatus.RESERVED.value}' "
        "GROUP BY h.product_id, h.location_id) x "
        "ON x.product_id = s.product_id AND x.location_id = s.location_id "
        f"WHERE {levels_in} ORDER BY s.product_id, s.id"
    )


def available_by_product(product_ids: Iterable[int]) -> dict[int, int]:
    """Units available to sell for each product id, summed over locations. Products without
    stock rows map to 0."""
    ids = list(product_ids)
    by_location = availability_by_location(ids)
    return {pid: sum(qty for _, qty in by_location.get(pid, [])) for pid in ids}


def levels_for(product_id: int) -> list[StockLevel]:
    return list(
        db.session.execute(
            select(StockLevel).where(StockLevel.product_id == product_id).order_by(StockLevel.id)
        ).scalars()
    )


def in_stock_product_ids(product_ids: Iterable[int] | None = None) -> Iterator[int]:
    """Ids of products with an unclaimed unit somewhere (among ``product_ids`` if given).

    Reservations count until they are released (every minute by the expiry job, and
    whenever the product is reserved again): the facet index reads this when the change
    feed says a product's stock moved."""
    if product_ids is None:  # every product: a large read, through the driver's cursor
        sql = ("SELECT DISTINCT product_id FROM stock_level "
               "WHERE on_hand > allocated + reserved")
        return iter(fetch_column(sql, sql).tolist())
    stmt = select(StockLevel.product_id).where(
        StockLevel.on_hand > StockLevel.allocated + StockLevel.reserved,
        StockLevel.product_id.in_(list(product_ids)),
    )
    return iter(db.session.execute(stmt.distinct()).scalars())


# --- what is on order, and what runs low ---------------------------------------------------

@dataclass(frozen=True)
class Arriving:
    """Units of a product still expected on open purchase orders, by expected date."""

    batches: tuple[tuple[date | None, int], ...]  # (expected date or None, units), soonest first

    @property
    def total(self) -> int:
        return sum(units for _, units in self.batches)


def arriving_for(product_ids: Iterable[int]) -> dict[int, Arriving]:
    """What is still to arrive of each product on purchase orders that are ordered or partly
    received, in one query; products with nothing on order are left out."""
    ids = sorted(set(product_ids))
    if not ids:
        return {}
    rows = db.session.execute(_arriving_stmt(), {"ids": ids}).all()
    found: dict[int, list[tuple[date | None, int]]] = {}
    for product_id, expected_on, units in rows:
        if units and units > 0:
            found.setdefault(product_id, []).append((expected_on, int(units)))
    return {pid: Arriving(tuple(sorted(batches, key=lambda b: (b[0] is None, b[0] or date.min))))
            for pid, batches in found.items()}


@cache
def _arriving_stmt():
    line = PurchaseOrderLine
    return (select(line.product_id, line.expected_on,
                   func.sum(line.quantity_ordered - line.quantity_received))
            .join(PurchaseOrder, PurchaseOrder.id == line.purchase_order_id)
            .where(line.product_id.in_(bindparam("ids", expanding=True)),
                   PurchaseOrder.status.in_([s.value for s in OPEN_STATUSES]),
                   line.quantity_received < line.quantity_ordered)
            .group_by(line.product_id, line.expected_on))


@dataclass(frozen=True)
class LowStock:
    product_id: int
    sku: str
    name: str
    available: int
    threshold: int


def available_sum():
    """Units available of the threshold's product over all its locations (a correlated
    subquery: one index lookup per product with a threshold)."""
    return func.coalesce(
        select(func.sum(StockLevel.on_hand - StockLevel.reserved - StockLevel.allocated))
        .where(StockLevel.product_id == StockThreshold.product_id)
        .scalar_subquery(), 0)


def shortfalls(location_id: int | None = None) -> list[tuple[int, int, int]]:
    """(product id, units available, threshold) of every product at or below its low-stock
    threshold (with stock at ``location_id``, if given), the furthest below it first, then
    by id: one index lookup per product with a threshold."""
    available = available_sum()
    stmt = (select(StockThreshold.product_id, available, StockThreshold.threshold)
            .where(available <= StockThreshold.threshold))
    if location_id is not None:
        stmt = stmt.where(exists().where(StockLevel.product_id == StockThreshold.product_id,
                                         StockLevel.location_id == location_id))
    low = [(pid, int(units), threshold) for pid, units, threshold in db.session.execute(stmt)]
    low.sort(key=lambda row: (row[1] - row[2], row[0]))
    return low


def low_stock(limit: int = 50) -> list[LowStock]:
    """Products whose units available (over all locations) are at or below their low-stock
    threshold, the furthest below it first, then by SKU: for the dashboard and the daily
    mail. The names are read for the first ``limit`` only, by id: joined with the products
    in the statement that finds the low ones, it led PostgreSQL to read every product
    (70-85 ms for 5,000 thresholds at 100,000 products)."""
    low = shortfalls()
    if not low:
        return []
    if len(low) > limit:  # the first ``limit`` and any tied with the last of them
        last = low[limit - 1][1] - low[limit - 1][2]
        low = [row for row in low if row[1] - row[2] <= last]
    names = {pid: (sku, name) for pid, sku, name in db.session.execute(
        select(Product.id, Product.sku, Product.name)
        .where(Product.id.in_([row[0] for row in low])))}
    low.sort(key=lambda row: (row[1] - row[2], names[row[0]][0]))
    return [LowStock(pid, *names[pid], units, threshold)
            for pid, units, threshold in low[:limit]]


def low_stock_count() -> int:
    return len(shortfalls())


@dataclass(frozen=True)
class ArrivingLine:
    product_id: int
    sku: str
    name: str
    quantity: int  # units still expected on the line
    expected_on: date
    purchase_order: str  # its number


def arriving_this_week(limit: int = 10, today: date | None = None) -> list[ArrivingLine]:
    """Lines of open purchase orders still expected within seven days (late ones included,
    they are due), soonest first: for the dashboard."""
    today = today or utcnow().date()
    line = PurchaseOrderLine
    rows = db.session.execute(
        select(Product.id, Product.sku, Product.name,
               line.quantity_ordered - line.quantity_received, line.expected_on,
               PurchaseOrder.number)
        .join(PurchaseOrder, PurchaseOrder.id == line.purchase_order_id)
        .join(Product, Product.id == line.product_id)
        .where(PurchaseOrder.status.in_([s.value for s in OPEN_STATUSES]),
               line.quantity_received < line.quantity_ordered,
               line.expected_on <= today + timedelta(days=7))
        .order_by(line.expected_on, Product.sku).limit(limit)).all()
    return [ArrivingLine(*row) for row in rows]
