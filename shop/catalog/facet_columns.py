"""The facet index's layout (``FacetIndex``: positions, bitmaps and columns, see
``shop.catalog.facet_index``) and how it is read from the database: a whole build, and the
in-stock bits of some products again."""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass

import numpy as np
from sqlalchemy import select

from shop.catalog import change_feed
from shop.catalog.models import Category, ProductStatus
from shop.catalog.specs import SPECS
from shop.extensions import db
from shop.sql import fetch_column, fetch_rows

WORD = 64
RANGE_CODES = tuple(code for code, spec in SPECS.items() if spec.range_filter)
FACET_CODES = tuple(code for code, spec in SPECS.items() if spec.facet)


def _words(n_positions: int) -> int:
    return (n_positions + WORD - 1) // WORD


def pack(mask: np.ndarray) -> np.ndarray:
    """A boolean array (length a multiple of 64) as little-endian uint64 words."""
    return np.packbits(mask, bitorder="little").view(np.uint64)


def unpack(words: np.ndarray) -> np.ndarray:
    return np.unpackbits(words.view(np.uint8), bitorder="little").view(np.bool_)


def popcount(words: np.ndarray) -> int:
    return int(np.bitwise_count(words).sum())


@dataclass
class FacetIndex:
    cursor: change_feed.Cursor  # every change before it is reflected here
    ids: np.ndarray  # position -> product id (0 for padding)
    pos_by_id: np.ndarray  # product id -> position (-1: not in the index)
    subtree: dict[int, tuple[int, int]]  # category id -> [first word, last word)
    live: np.ndarray  # words: published products
    in_stock: np.ndarray  # words
    eol: np.ndarray  # words: end-of-life products
    price: np.ndarray  # int64 per position
    sales: np.ndarray  # int64 per position
    published: np.ndarray  # int64 epoch seconds per position
    ranges: dict[str, np.ndarray]  # code -> float64 per position (NaN: no value)
    postings: dict[str, dict[str, np.ndarray]]  # code -> value key -> words
    built_at: float
    read_at: float = 0.0  # when the change feed was last read into this index

    @property
    def size(self) -> int:
        return int(len(self.ids))

    def in_stock_digest(self, category_id: int | None = None) -> str:
        """A short digest of which products in a category subtree (or anywhere) are in
        stock: what a cached listing that filters on stock depends on, and nothing more."""
        lo, hi = self.subtree.get(category_id, (0, 0)) if category_id is not None \
            else (0, len(self.in_stock))
        return hashlib.blake2b(self.in_stock[lo:hi].tobytes(), digest_size=8).hexdigest()

    def positions_of(self, product_ids: np.ndarray) -> np.ndarray:
        ids = product_ids[(product_ids >= 0) & (product_ids < len(self.pos_by_id))]
        pos = self.pos_by_id[ids]
        return pos[pos >= 0]


# --- reading it ------------------------------------------------------------------------------


def _category_order() -> tuple[list[int], dict[int, list[int]]]:
    rows = db.session.execute(
        select(Category.id, Category.parent_id).order_by(Category.position, Category.id)
    ).all()
    children: dict[int | None, list[int]] = {}
    for cid, parent in rows:
        children.setdefault(parent, []).append(cid)
    order: list[int] = []

    def walk(cid: int) -> None:
        order.append(cid)
        for child in children.get(cid, []):
            walk(child)

    for root in children.get(None, []):
        walk(root)
    return order, {k: v for k, v in children.items() if k is not None}


def build() -> FacetIndex:
    """Read what listings need from the database into a new index (vectorised: a million
    products build in seconds)."""
    cursor = change_feed.start()  # before reading: a change made meanwhile is replayed
    started = time.perf_counter()
    order, children = _category_order()
    rows = fetch_rows(
        "SELECT id, category_id, price_cents, sales_count, "
        "CAST(COALESCE(strftime('%s', published_at), 0) AS INTEGER), "
        "CASE WHEN eol THEN 1 ELSE 0 END "
        "FROM product WHERE status = ?",
        "SELECT id, category_id, price_cents, sales_count, "
        "COALESCE(EXTRACT(EPOCH FROM published_at), 0)::bigint, "
        "CASE WHEN eol THEN 1 ELSE 0 END "
        "FROM product WHERE status = %s",
        (ProductStatus.PUBLISHED.value,),
    )
    table = np.array(rows, dtype=np.int64).reshape(-1, 6)
    del rows
    rank = {cid: i for i, cid in enumerate(order)}
    category_rank = np.fromiter((rank.get(int(c), len(order)) for c in table[:, 1]),
                                dtype=np.int64, count=len(table))
    table = table[np.lexsort((table[:, 0], category_rank))]
    category_rank = np.sort(category_rank)

    # Each category's own products in one block, padded to a word, in tree order.
    counts = np.bincount(category_rank, minlength=len(order) + 1)[: len(order)]
    padded = (counts + WORD - 1) // WORD * WORD
    starts = np.concatenate([[0], np.cumsum(padded)])
    n = int(starts[-1])
    block = {cid: (int(starts[i]) // WORD, int(starts[i + 1]) // WORD)
             for i, cid in enumerate(order)}
    first_of = np.concatenate([[0], np.cumsum(counts)])[:-1]
    in_category = np.arange(len(table)) - first_of[category_rank[: len(table)]] \
        if len(table) else np.zeros(0, dtype=np.int64)
    positions = starts[:-1][category_rank] + in_category if len(table) else in_category

    def subtree_of(cid: int) -> tuple[int, int]:
        lo, hi = block[cid]
        for child in children.get(cid, []):
            clo, chi = subtree_of(child)
            lo, hi = min(lo, clo), max(hi, chi)
        return lo, hi

    subtree = {cid: subtree_of(cid) for cid in order}

    ids = np.zeros(n, dtype=np.int64)
    price = np.zeros(n, dtype=np.int64)
    sales = np.zeros(n, dtype=np.int64)
    published = np.zeros(n, dtype=np.int64)
    live = np.zeros(n, dtype=np.bool_)
    eol = np.zeros(n, dtype=np.bool_)
    eol[positions] = table[:, 5] == 1
    ids[positions], price[positions] = table[:, 0], table[:, 2]
    sales[positions], published[positions] = table[:, 3], table[:, 4]
    live[positions] = True
    max_id = int(ids.max()) if n else 0
    pos_by_id = np.full(max_id + 1, -1, dtype=np.int64)
    pos_by_id[ids[live]] = np.flatnonzero(live)

    index = FacetIndex(
        cursor=cursor, ids=ids, pos_by_id=pos_by_id, subtree=subtree, live=pack(live),
        in_stock=np.zeros(_words(n), dtype=np.uint64), eol=pack(eol), price=price, sales=sales,
        published=published, ranges={}, postings={}, built_at=time.time(),
        read_at=time.time(),
    )
    _load_specs(index, n)
    load_stock(index, None)
    index.build_seconds = time.perf_counter() - started  # type: ignore[attr-defined]
    return index


def _load_specs(index: FacetIndex, n: int) -> None:
    """One bitmap per facet value, one column per range spec, read value by value through
    the (code, value_key, product_id) index."""
    for code in RANGE_CODES:
        rows = fetch_rows(
            "SELECT product_id, num FROM product_spec WHERE code = ? AND num IS NOT NULL",
            "SELECT product_id, num FROM product_spec WHERE code = %s AND num IS NOT NULL",
            (code,),
        )
        column = np.full(n, np.nan)
        if rows:
            pairs = np.array(rows, dtype=np.float64).reshape(-1, 2)
            positions = index.positions_of(pairs[:, 0].astype(np.int64))
            keep = _known(index, pairs[:, 0].astype(np.int64))
            column[positions] = pairs[keep, 1]
        index.ranges[code] = column
    distinct = "SELECT DISTINCT code, value_key FROM product_spec WHERE code IN ({})"
    values = fetch_rows(
        distinct.format(", ".join(["?"] * len(FACET_CODES))),
        distinct.format(", ".join(["%s"] * len(FACET_CODES))),
        FACET_CODES,
    )
    for code, key in values:
        product_ids = fetch_column(
            "SELECT product_id FROM product_spec WHERE code = ? AND value_key = ?",
            "SELECT product_id FROM product_spec WHERE code = %s AND value_key = %s",
            (code, key),
        )
        mask = np.zeros(n, dtype=np.bool_)
        mask[index.positions_of(product_ids)] = True
        if mask.any():
            index.postings.setdefault(code, {})[key] = pack(mask)


def _known(index: FacetIndex, product_ids: np.ndarray) -> np.ndarray:
    """Which of ``product_ids`` have a position (the mask ``positions_of`` applies)."""
    inside = (product_ids >= 0) & (product_ids < len(index.pos_by_id))
    known = np.zeros(len(product_ids), dtype=np.bool_)
    known[inside] = index.pos_by_id[product_ids[inside]] >= 0
    return known


def load_stock(index: FacetIndex, product_ids: list[int] | None) -> None:
    """(Re)compute the in-stock bit for some products, or for all of them.

    Stock belongs to the inventory domain, which depends on the catalogue, not the other
    way round: the app factory hands the index a reader (``facet_index.init_app``).
    """
    from flask import current_app

    reader = current_app.extensions["facet_index_stock_reader"]
    bits = unpack(index.in_stock).copy()
    if product_ids is None:
        bits[:] = False
    else:
        bits[index.positions_of(np.asarray(product_ids, dtype=np.int64))] = False
    found = np.fromiter(reader(product_ids), dtype=np.int64)
    bits[index.positions_of(found)] = True
    index.in_stock = pack(bits)
