"""Reads of stock.

Availability is on hand less reserved and allocated units, where a reservation whose time is
up no longer counts even before anything has released it: a customer sees the units again the
moment a hold expires (``services.release_expired`` then tidies the rows).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache

from sqlalchemy import select

from shop.db import utcnow
from shop.extensions import db
from shop.inventory.models import HoldStatus, StockLevel
from shop.sql import fetch_column, fetch_rows


def availability_by_location(product_ids: Iterable[int]) -> dict[int, list[tuple[str, int]]]:
    """(location name, units available) for each product id that has stock rows, in the
    order the rows were made; one query for any number of products.

    Every storefront response reads this for its stock slots, so it runs through the
    driver's cursor (the statement text is built once per dialect and list length)."""
    ids = sorted(set(product_ids))
    if not ids:
        return {}
    now = utcnow()
    if db.engine.dialect.name == "sqlite":
        # SQLAlchemy keeps SQLite datetimes as text in this layout, so text order is time order.
        params = (*ids, _sqlite_time(now), *ids)
    else:
        params = (ids, now, ids)
    found: dict[int, list[tuple[str, int]]] = {}
    for product_id, name, available in fetch_rows(_available_sql("sqlite", len(ids)),
                                                  _available_sql("postgresql", len(ids)),
                                                  params):
        found.setdefault(product_id, []).append((name, int(available)))
    return found


def _sqlite_time(moment) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S.%f")


@lru_cache(maxsize=256)
def _available_sql(dialect: str, count: int) -> str:
    """The statement behind ``availability_by_location``: on hand less reserved and
    allocated, plus what reservations that have lapsed still hold."""
    if dialect == "sqlite":
        ids, now = "(" + ",".join("?" * count) + ")", "?"
        holds_in, levels_in = f"h.product_id IN {ids}", f"s.product_id IN {ids}"
    else:
        now = "%s"
        holds_in, levels_in = "h.product_id = ANY(%s)", "s.product_id = ANY(%s)"
    return (
        "SELECT s.product_id, l.name, "
        "s.on_hand - s.allocated - s.reserved + COALESCE(x.units, 0) "
        "FROM stock_level s JOIN location l ON l.id = s.location_id "
        "LEFT JOIN (SELECT h.product_id, h.location_id, SUM(h.quantity) AS units "
        f"FROM stock_hold h WHERE {holds_in} AND h.status = '{HoldStatus.RESERVED.value}' "
        f"AND h.expires_at < {now} GROUP BY h.product_id, h.location_id) x "
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
