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

import threading
import time

import numpy as np
from sqlalchemy import select

from shop.catalog import change_feed, follower
from shop.catalog.facet_columns import FacetIndex, build, load_stock
from shop.catalog.models import CatalogVersion, ChangeKind, Product
from shop.extensions import db
from shop.sql import fetch_rows

MAX_REPLAY = 5000  # more pending changes than this: rebuild instead of replaying
# An index that has not read the feed for this long rebuilds instead of replaying: feed rows
# are pruned only well after this (``catalog.services.prune_changes``).
STALE_AFTER = 6 * 3600


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
        load_stock(index, sorted(stock_ids))
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
