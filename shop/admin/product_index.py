"""What the back office's product list keeps in memory, per worker: every product id with
the columns the list filters and sorts by: category, brand, status, supplier, stock (on hand
less reserved and allocated, summed over locations), the low-stock threshold, price, time of
last change, and place in name order.

Summing 100,000 products' stock rows, or counting and sorting tens of thousands of matches in
SQL, costs tens of milliseconds: too much for each request that filters or sorts. So each
worker reads these columns once (a few hundred milliseconds at 100,000 products) and then
follows the catalogue's change feed
(``shop.catalog.change_feed``), as the storefront's facet index does: every stock change,
every threshold set or cleared (``inventory.adjustments.set_threshold`` writes a stock change)
and every new or edited product writes a feed row, and at the start of each list request the
products named since the last read are read again (a change for many products at once, or
too many changes, reads everything again). Name order is read again, lazily, after a change
that may have renamed something. The words of the titles, which the list's search matches
names by (``title_words``), are read at the first search and then kept in step the same way:
the titles of the products named by a structure or content change are read again. The list
never shows a stale stock level or misses a new product. A refresh makes a new index rather
than changing the one in use, so a request still reading the previous one (threaded
workers) sees it whole.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, replace

import numpy as np

from shop.admin import title_words
from shop.admin.title_words import TitleWords
from shop.catalog import change_feed
from shop.catalog.models import ProductStatus
from shop.sql import fetch_column, fetch_rows

MAX_REPLAY = 5000
STALE_AFTER = 6 * 3600  # the feed is kept longer than this (catalog.services.prune_changes)
EXTENSION = "admin_product_index"

STATUSES = tuple(s.value for s in ProductStatus)  # status column: its index in this tuple
_UNITS = "SUM(on_hand - reserved - allocated)"
_EPOCH = {"sqlite": "CAST(strftime('%s', p.updated_at) AS INTEGER)",
          "postgresql": "EXTRACT(EPOCH FROM p.updated_at)::bigint"}
_STATUS = "CASE p.status " + " ".join(f"WHEN '{v}' THEN {i}" for i, v in enumerate(STATUSES)) \
    + " ELSE -1 END"
NO_THRESHOLD = -1  # threshold column of a product without one: never low
_COLUMNS = (f"p.price_cents, {{epoch}}, p.category_id, p.brand_id, {_STATUS}, "
            f"COALESCE(p.supplier_id, 0), COALESCE(t.threshold, {NO_THRESHOLD})")
_ALL = (f"SELECT p.id, COALESCE(s.units, 0), {_COLUMNS} FROM product p "
        f"LEFT JOIN (SELECT product_id, {_UNITS} AS units FROM stock_level "
        "GROUP BY product_id) s ON s.product_id = p.id "
        "LEFT JOIN stock_threshold t ON t.product_id = p.id ORDER BY p.id")
_SOME = (f"SELECT p.id, COALESCE((SELECT {_UNITS} FROM stock_level s "
         f"WHERE s.product_id = p.id), 0), {_COLUMNS} FROM product p "
         "LEFT JOIN stock_threshold t ON t.product_id = p.id WHERE p.id IN ({marks})")
NAMES = ("ids", "units", "price", "updated", "category", "brand", "status", "supplier",
         "threshold")
_NAME_ORDER = "SELECT id FROM product ORDER BY name, id"


def _dialect() -> str:
    from shop.extensions import db

    return db.engine.dialect.name


@dataclass
class ProductIndex:
    cursor: change_feed.Cursor
    ids: np.ndarray  # every product id, ascending; the columns below are aligned with it
    units: np.ndarray  # units available
    price: np.ndarray  # price in minor units
    updated: np.ndarray  # last change, epoch seconds
    category: np.ndarray
    brand: np.ndarray
    status: np.ndarray  # index in STATUSES
    supplier: np.ndarray  # 0: the shop's own stock
    threshold: np.ndarray  # low-stock threshold; NO_THRESHOLD: none
    read_at: float
    name_rank: np.ndarray | None = None  # place in (name, id) order; None: read it again
    words: TitleWords | None = None  # the titles' words; None: read them again

    def columns(self) -> list[np.ndarray]:
        return [getattr(self, name) for name in NAMES]

    def positions(self, ids: np.ndarray) -> np.ndarray:
        """Where each of ``ids`` (all held) sits in the columns."""
        return np.searchsorted(self.ids, ids)

    def units_of(self, ids: np.ndarray) -> np.ndarray:
        """Units of each of ``ids`` (0 for an id it does not hold)."""
        return self._column_of(self.units, ids, 0)

    def thresholds_of(self, ids: np.ndarray) -> np.ndarray:
        """Low-stock threshold of each of ``ids`` (NO_THRESHOLD for none)."""
        return self._column_of(self.threshold, ids, NO_THRESHOLD)

    def _column_of(self, column: np.ndarray, ids: np.ndarray, missing: int) -> np.ndarray:
        if not len(self.ids):
            return np.full(len(ids), missing, dtype=np.int64)
        pos = np.clip(self.positions(ids), 0, len(self.ids) - 1)
        return np.where(self.ids[pos] == ids, column[pos], missing)

    def low(self) -> np.ndarray:
        """A mask of the products at or below their own low-stock threshold (sold out ones
        with a threshold included), as the dashboard and the daily mail count them
        (``inventory.queries.low_stock``). A product without a threshold is never low:
        the shop has no default threshold, and one number could not fit a switch and a
        cable alike."""
        return (self.threshold != NO_THRESHOLD) & (self.units <= self.threshold)

    def names(self) -> np.ndarray:
        """Each product's place in name order (read again after a possible rename)."""
        if self.name_rank is None or len(self.name_rank) != len(self.ids):
            ordered = fetch_column(_NAME_ORDER, _NAME_ORDER)
            rank = np.empty(len(self.ids), dtype=np.int64)
            known = np.isin(ordered, self.ids)
            rank[self.positions(ordered[known])] = np.arange(int(known.sum()))
            self.name_rank = rank
        return self.name_rank

    def title_words(self) -> TitleWords:
        """The words of every title (read at the first search, then kept in step)."""
        if self.words is None:
            self.words = title_words.build()
        return self.words

    def page(self, ids: np.ndarray, sort: str, offset: int, limit: int,
             tiers: np.ndarray | None = None) -> np.ndarray:
        """One page of ``ids`` (all held) in the list's ``sort`` order; for "relevance",
        ``tiers`` (aligned with ``ids``) come first and names order each tier. Only the
        rows up to the page's end are sorted (a partition finds them)."""
        if not len(ids):
            return ids
        pos = self.positions(ids)
        # One int64 key per product: the sort value in the high half, the tie-break (the
        # id, or the name's unique place) in the low half; negated to sort descending.
        if sort in ("relevance", "name"):
            low = self.names()[pos]
            high = tiers if sort == "relevance" and tiers is not None else 0 * ids
        else:
            low = ids
            high = {"price": self.price, "-price": self.price, "stock": self.units,
                    "-stock": self.units, "updated": self.updated}[sort][pos]
        key = (np.clip(high, 0, 2**31 - 1).astype(np.int64) << 32) | low
        if sort in ("-price", "-stock", "updated"):
            key = -key
        end = min(offset + limit, len(ids))
        if offset >= end:
            return ids[:0]
        first = np.argpartition(key, end - 1)[:end] if end < len(ids) else np.arange(len(ids))
        first = first[np.argsort(key[first], kind="stable")]
        return ids[first[offset:end]]


def _columns(rows) -> list[np.ndarray]:
    table = np.asarray(rows, dtype=np.int64).reshape(len(rows), len(NAMES))
    return [np.ascontiguousarray(table[:, i]) for i in range(len(NAMES))]


def build() -> ProductIndex:
    cursor = change_feed.start()  # before reading: a change made meanwhile is read again
    sql = _ALL.format(epoch=_EPOCH[_dialect()])
    index = ProductIndex(cursor, *_columns(fetch_rows(sql, sql)), read_at=time.time())
    return index


def _updated(index: ProductIndex, product_ids: list[int]) -> list[np.ndarray]:
    """The columns with these products read again: new ones join, gone ones leave."""
    wanted = np.asarray(sorted(set(product_ids)), dtype=np.int64)
    rows = []
    for start in range(0, len(wanted), 500):
        chunk = tuple(int(i) for i in wanted[start:start + 500])
        sql = _SOME.format(epoch=_EPOCH[_dialect()], marks=", ".join(["?"] * len(chunk)))
        rows += fetch_rows(sql, sql.replace("?", "%s"), chunk)
    fresh = _columns(rows)
    keep = ~np.isin(index.ids, wanted)
    merged = [np.concatenate([old[keep], new])
              for old, new in zip(index.columns(), fresh, strict=True)]
    order = np.argsort(merged[0], kind="stable")
    return [m[order] for m in merged]


def _refreshed(index: ProductIndex) -> ProductIndex | None:
    """A new index with what the feed says changed since ``index`` (which stays as it was,
    for requests still reading it); None when only a new build will do."""
    if time.time() - index.read_at > STALE_AFTER:
        return None
    found = change_feed.read(index.cursor, MAX_REPLAY)
    if not isinstance(found, tuple):
        return None
    changes, cursor = found
    named, titled = [], []
    for change in changes:
        if change.product_id is None:
            if change.kind == "content":
                continue  # posts and the like: no product moved
            return None
        named.append(change.product_id)
        if change.kind in ("structure", "content"):  # a title is written only with these
            titled.append(change.product_id)
    if not named:
        return replace(index, cursor=cursor, read_at=time.time())
    columns = _updated(index, named)
    keep_names = not titled and len(columns[0]) == len(index.ids)
    words = index.words
    if words is not None and titled:
        words = title_words.updated(words, titled)
    return ProductIndex(cursor, *columns, read_at=time.time(),
                        name_rank=index.name_rank if keep_names else None, words=words)


class IndexHolder:
    def __init__(self) -> None:
        self.index: ProductIndex | None = None
        self.lock = threading.Lock()

    def get(self) -> ProductIndex:
        with self.lock:
            fresh = _refreshed(self.index) if self.index is not None else None
            self.index = fresh or build()
            return self.index


def current() -> ProductIndex:
    """The current app's index, brought up to the change feed."""
    from flask import current_app

    holder = current_app.extensions.setdefault(EXTENSION, IndexHolder())
    return holder.get()
