"""The back office's stock page: products with their levels per location, searched by SKU,
part number or name, filtered by location or low stock, a page at a time. Products are listed
by SKU; search hits by relevance (part-number matches first); low stock most urgent first
(furthest below the threshold).

A page costs a fixed number of queries whatever the catalogue size: the page's product ids
(an index walk in SKU order, or the search's hits), their count, then the products, their
levels and their thresholds for those ids only."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from sqlalchemy import exists, func, select

from shop.catalog.models import CatalogVersion, Product
from shop.catalog.search import ranked_hits
from shop.extensions import db
from shop.inventory.models import Location, StockLevel, StockThreshold
from shop.inventory.queries import shortfalls
from shop.sql import fetch_column


@dataclass
class LevelRow:
    location_id: int
    code: str
    name: str
    supplier: bool
    on_hand: int
    reserved: int
    allocated: int

    @property
    def available(self) -> int:
        return self.on_hand - self.reserved - self.allocated


@dataclass
class StockRow:
    product_id: int
    sku: str
    mpn: str
    name: str
    status: str
    supplier_id: int | None
    threshold: int | None
    levels: list[LevelRow] = field(default_factory=list)

    @property
    def available(self) -> int:
        return sum(level.available for level in self.levels)

    @property
    def low(self) -> bool:
        return self.threshold is not None and self.available <= self.threshold


def locations() -> list[Location]:
    return list(db.session.scalars(select(Location).order_by(Location.supplier_id.is_not(None),
                                                             Location.code)))


def _at_location(location_id: int):
    return exists().where(StockLevel.product_id == Product.id,
                          StockLevel.location_id == location_id)


def _page_ids(location_id: int | None, low: bool, page: int, per_page: int,
              ) -> tuple[list[int], int]:
    if low:  # the products with a threshold, read once: the low ones, most urgent first
        ranked = shortfalls(location_id)
        return [row[0] for row in ranked[(page - 1) * per_page: page * per_page]], len(ranked)
    stmt = select(Product.id)
    if location_id is None:
        total = product_count()
    else:  # one level per product and location
        stmt = stmt.where(_at_location(location_id))
        total = db.session.scalar(select(func.count(StockLevel.id))
                                  .where(StockLevel.location_id == location_id))
    ids = list(db.session.scalars(stmt.order_by(Product.sku)
                                  .offset((page - 1) * per_page).limit(per_page)))
    return ids, total or 0


# Products counted per catalogue version (each worker keeps its own): the count reads every
# product, the version one row, and adding or removing a product moves the version.
_PRODUCT_COUNTS: dict[tuple, int] = {}


def product_count() -> int:
    """How many products there are (counted again only when the catalogue version moved)."""
    stamp = db.session.execute(select(CatalogVersion.version, CatalogVersion.changed_at)
                               .where(CatalogVersion.id == 1)).first()
    key = (str(db.engine.url), *stamp) if stamp else None
    if key is not None and key in _PRODUCT_COUNTS:
        return _PRODUCT_COUNTS[key]
    total = db.session.scalar(select(func.count(Product.id))) or 0
    if key is not None:
        _PRODUCT_COUNTS.clear()  # only the latest version is worth keeping
        _PRODUCT_COUNTS[key] = total
    return total


def _search_ids(q: str, location_id: int | None, low: bool) -> np.ndarray:
    """Hits of a search (part-number prefix matches first, then name matches), narrowed to
    the filters."""
    ids, _tiers = ranked_hits(q)
    if not len(ids):
        return ids
    if location_id is not None:
        there = fetch_column("SELECT product_id FROM stock_level WHERE location_id = ?",
                             "SELECT product_id FROM stock_level WHERE location_id = %s",
                             (location_id,))
        ids = ids[np.isin(ids, there)]
    if low and len(ids):
        lows = np.array([row[0] for row in shortfalls()], dtype=np.int64)
        ids = ids[np.isin(ids, lows)]
    return ids


def stock_page(q: str = "", location_id: int | None = None, low: bool = False, page: int = 1,
               per_page: int = 50) -> tuple[list[StockRow], int]:
    """One page of the stock list and the number of products it holds."""
    if q:
        hits = _search_ids(q, location_id, low)
        total = len(hits)
        ids = [int(i) for i in hits[(page - 1) * per_page: page * per_page]]
    else:
        ids, total = _page_ids(location_id, low, page, per_page)
    return rows_for(ids), total


def rows_for(ids: list[int]) -> list[StockRow]:
    """Stock rows of the products ``ids``, in that order: three queries."""
    if not ids:
        return []
    rows = {pid: StockRow(pid, sku, mpn, name, status, supplier_id, None)
            for pid, sku, mpn, name, status, supplier_id in db.session.execute(
                select(Product.id, Product.sku, Product.mpn, Product.name, Product.status,
                       Product.supplier_id).where(Product.id.in_(ids)))}
    for pid, threshold in db.session.execute(
            select(StockThreshold.product_id, StockThreshold.threshold)
            .where(StockThreshold.product_id.in_(ids))):
        rows[pid].threshold = threshold
    for pid, loc_id, code, name, supplier_id, on_hand, reserved, allocated in db.session.execute(
            select(StockLevel.product_id, Location.id, Location.code, Location.name,
                   Location.supplier_id, StockLevel.on_hand, StockLevel.reserved,
                   StockLevel.allocated)
            .join(Location, Location.id == StockLevel.location_id)
            .where(StockLevel.product_id.in_(ids))
            .order_by(StockLevel.product_id, Location.supplier_id.is_not(None), Location.code)):
        rows[pid].levels.append(LevelRow(loc_id, code, name, supplier_id is not None, on_hand,
                                         reserved, allocated))
    return [rows[pid] for pid in ids if pid in rows]


def stock_row(product_id: int) -> StockRow | None:
    found = rows_for([product_id])
    return found[0] if found else None
