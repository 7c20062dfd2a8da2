"""An in-process facet index: the listing engine behind category and search pages.

Counting facet values over tens of thousands of products is too slow in SQL for a page that
must render in a few milliseconds, so each worker keeps a compact, columnar copy of what
listings filter and sort by, built from the database:

* positions: every published product gets a position; products are laid out in category
  tree order and each category's block is padded to 64 positions, so any category subtree
  is one contiguous, word-aligned range of every bitmap;
* bitmaps (numpy ``uint64`` words): one per facet value, one for "in stock", one for
  "end of life", one for "live";
* columns: price, sales, publish time and each range spec (reach) per position.

Filtering is AND/OR of bitmap slices, a facet count is a popcount, sorting is a partial
sort of the matching positions. The index is never the source of truth for what a page
shows: cards read names, prices and stock from the database. It follows the catalogue's
change feed (``shop.catalog.change_feed``) at the start of every request that lists — price
and stock changes are applied in place before the listing runs, so filters and sorts are never
stale; structural changes (new or withdrawn listings, spec edits) rebuild the index.
"""

from __future__ import annotations

import hashlib
import threading
import time
from dataclasses import dataclass

import numpy as np
from sqlalchemy import select

from shop.catalog import change_feed, follower
from shop.catalog.models import CatalogVersion, Category, ChangeKind, Product, ProductStatus
from shop.catalog.specs import SPECS
from shop.extensions import db
from shop.sql import fetch_column, fetch_rows

WORD = 64
RANGE_CODES = tuple(code for code, spec in SPECS.items() if spec.range_filter)
FACET_CODES = tuple(code for code, spec in SPECS.items() if spec.facet)
MAX_REPLAY = 5000  # more pending changes than this: rebuild instead of replaying
# An index that has not read the feed for this long rebuilds instead of replaying: feed rows
# are pruned only well after this (``catalog.services.prune_changes``).
STALE_AFTER = 6 * 3600


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


# --- building ------------------------------------------------------------------------------


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
    _load_stock(index, None)
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


def _load_stock(index: FacetIndex, product_ids: list[int] | None) -> None:
    """(Re)compute the in-stock bit for some products, or for all of them.

    Stock belongs to the inventory domain, which depends on the catalogue, not the other
    way round: the app factory hands the index a reader (``init_app``).
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


def init_app(app, *, stock_reader) -> None:
    """Wire the index into an app: ``stock_reader(ids or None)`` yields the ids of products
    with an unallocated unit among ``ids`` (or among all products)."""
    app.extensions["facet_index_stock_reader"] = stock_reader


# --- following the change feed ---------------------------------------------------------------


def current_version() -> int:
    """The catalogue version cached pages are keyed on. Read on every storefront request,
    so it skips the ORM."""
    rows = fetch_rows(_VERSION_SQL, _VERSION_SQL)
    return rows[0][0] if rows else 0


_VERSION_SQL = f"SELECT version FROM {CatalogVersion.__tablename__} WHERE id = 1"


REPLAYED, REBUILD, TOO_MANY = "replayed", "rebuild", "too many"


def _replay(index: FacetIndex) -> str:
    """Apply the feed's new price and stock changes in place.

    Returns REBUILD when a structural change was seen: prices and stock were still applied,
    so an index kept in service while a new one builds in the background never filters on a
    stale price or stock level. Returns TOO_MANY, having applied nothing, when the feed is
    too long to replay (or went back, or the index read it too long ago): only a build
    brings the index up to date then.
    """
    if time.time() - index.read_at > STALE_AFTER:
        return TOO_MANY
    found = change_feed.read(index.cursor, MAX_REPLAY)
    if not isinstance(found, tuple):
        return TOO_MANY
    changes, cursor = found
    needs_rebuild = False
    price_ids, stock_ids = set(), set()
    for change in changes:
        if change.kind == ChangeKind.CONTENT:
            continue
        if change.kind == ChangeKind.STRUCTURE or change.product_id is None:
            needs_rebuild = True
            if change.product_id is None:
                continue
            price_ids.add(change.product_id)
            stock_ids.add(change.product_id)
        elif change.kind == ChangeKind.PRICE:
            price_ids.add(change.product_id)
        else:
            stock_ids.add(change.product_id)
    if price_ids:
        for product_id, cents in db.session.execute(
            select(Product.id, Product.price_cents).where(Product.id.in_(price_ids))
        ):
            index.price[index.positions_of(np.asarray([product_id], dtype=np.int64))] = cents
    if stock_ids:
        _load_stock(index, sorted(stock_ids))
    index.cursor = cursor
    index.read_at = time.time()
    return REBUILD if needs_rebuild else REPLAYED


class IndexHolder:
    """One index per app and process, brought up to the change feed before each use.

    The request has already followed the feed (``catalog.follower``, with the catalogue
    version): when that named no change since the index last replayed it, the index is
    current and the feed is not read again."""

    def __init__(self) -> None:
        self._index: FacetIndex | None = None
        self._lock = threading.Lock()
        self._rebuilding = False
        self._moved = True  # the feed named a change since the last replay
        self._follows: follower.Follower | None = None

    def _heard(self, _product_ids) -> None:
        self._moved = True

    def get(self, app) -> FacetIndex:
        followed = follower.caught_up_version() is not None  # not inside a transaction
        with self._lock:
            worker = follower.follower(app)
            if self._follows is not worker:  # first use, or the follower was replaced
                worker.listen(self._heard)
                self._follows, self._moved = worker, True
            index = self._index
            if followed and not self._moved and index is not None:
                index.read_at = time.time()  # nothing changed up to now: current
                return index
            self._moved = False  # a change told from here on is replayed next time
            outcome = _replay(index) if index is not None else TOO_MANY
            if outcome == REPLAYED:
                return index
            # A structural change (or first use). Large catalogues rebuild in the background
            # and keep serving the previous index, whose prices and stock were just replayed.
            if (outcome == REBUILD and app.config.get("FACET_INDEX_ASYNC", True)
                    and index.size > app.config.get("FACET_INDEX_SYNC_LIMIT", 20_000)):
                self._start_background_rebuild(app)
                return index
            self._index = build()
            return self._index

    def _start_background_rebuild(self, app) -> None:
        if self._rebuilding:
            return
        self._rebuilding = True

        def work():
            try:
                with app.app_context():
                    fresh = build()
                    db.session.remove()
                with self._lock:
                    # The fresh index's cursor was taken when its build began; the next
                    # request replays whatever came after it.
                    self._index, self._moved = fresh, True
            finally:
                self._rebuilding = False

        threading.Thread(target=work, name="facet-index-rebuild", daemon=True).start()


def get_index() -> FacetIndex:
    """The current app's index, with every change in the feed applied (or, mid-rebuild,
    the previous structure with every price and stock change applied)."""
    from flask import current_app

    app = current_app._get_current_object()
    holder = app.extensions.setdefault("facet_index", IndexHolder())
    return holder.get(app)


def warm(app) -> None:
    """Build the index before serving (gunicorn's master calls this before forking), then
    drop the database connections so no worker inherits a socket."""
    if "facet_index_stock_reader" not in getattr(app, "extensions", {}):
        return  # not the shop (gunicorn serving another app with the same settings)
    with app.app_context():
        try:
            get_index()
        except Exception:  # a missing schema must not stop the server; requests will say
            app.logger.exception("facet index not built at start")
        finally:
            db.session.remove()
            db.engine.dispose()
