"""Reads of stock."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from sqlalchemy import func, select

from shop.db import fetch_column
from shop.extensions import db
from shop.inventory.models import Location, StockLevel


def available_by_product(product_ids: Iterable[int]) -> dict[int, int]:
    """Units available to sell (on hand less allocated) for each product id, summed over
    locations. Products without stock rows map to 0."""
    ids = list(product_ids)
    if not ids:
        return {}
    rows = db.session.execute(
        select(StockLevel.product_id, func.sum(StockLevel.on_hand - StockLevel.allocated))
        .where(StockLevel.product_id.in_(ids))
        .group_by(StockLevel.product_id)
    ).all()
    found = {pid: int(qty or 0) for pid, qty in rows}
    return {pid: found.get(pid, 0) for pid in ids}


def availability_by_location(product_ids: Iterable[int]) -> dict[int, list[tuple[str, int]]]:
    """(location name, units available) for each product id that has stock rows, in the
    order the rows were made; one query for any number of products."""
    ids = sorted(set(product_ids))
    if not ids:
        return {}
    rows = db.session.execute(
        select(StockLevel.product_id, Location.name, StockLevel.on_hand - StockLevel.allocated)
        .join(Location, Location.id == StockLevel.location_id)
        .where(StockLevel.product_id.in_(ids))
        .order_by(StockLevel.product_id, StockLevel.id)
    ).all()
    found: dict[int, list[tuple[str, int]]] = {}
    for product_id, name, available in rows:
        found.setdefault(product_id, []).append((name, int(available)))
    return found


def levels_for(product_id: int) -> list[StockLevel]:
    return list(
        db.session.execute(
            select(StockLevel).where(StockLevel.product_id == product_id).order_by(StockLevel.id)
        ).scalars()
    )


def in_stock_product_ids(product_ids: Iterable[int] | None = None) -> Iterator[int]:
    """Ids of products with an unallocated unit somewhere (among ``product_ids`` if given)."""
    if product_ids is None:  # every product: a large read, through the driver's cursor
        sql = "SELECT DISTINCT product_id FROM stock_level WHERE on_hand > allocated"
        return iter(fetch_column(sql, sql).tolist())
    stmt = select(StockLevel.product_id).where(
        StockLevel.on_hand > StockLevel.allocated, StockLevel.product_id.in_(list(product_ids))
    )
    return iter(db.session.execute(stmt.distinct()).scalars())
