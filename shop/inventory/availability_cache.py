"""The stock slots' copy of availability, per worker, kept true by the change feed.

Every storefront page shows stock (``shop.stock_slots``), and pages from the page cache do
little else, so reading each page's stock from the database was most of what a cached page
cost. Each worker keeps what it read, per product: units per location, and until when they
hold. Units change only by stock movements, and every movement writes a feed row in its own
transaction (``inventory.movements``); the worker follows the feed once per request, in the
statement that reads the catalogue version (``catalog.follower``), and forgets the products
it names. A running reservation stops counting the moment it lapses, with no row written
(``queries.availability_until``): an entry is kept only until the first of its product's
reservations lapses. So a page never shows a quantity that the database would not.

Inside a transaction the database is read directly: its reads would see the request's own
uncommitted movements. A read that a forgetting overtook (a movement came in between the
read and the keeping) is used for its own request but not kept.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from datetime import datetime

from flask import Flask, current_app

from shop.catalog import follower
from shop.db import utcnow
from shop.inventory.queries import availability_by_location, availability_until
from shop.sql import in_transaction

EXTENSION = "availability_cache"
MAX_ENTRIES = 50_000  # past this many products the copy starts again (a few MB at most)

Locations = list[tuple[str, int]]


class AvailabilityCache:
    def __init__(self, follows: follower.Follower) -> None:
        self.follows = follows
        self.lock = threading.Lock()
        self.entries: dict[int, tuple[Locations, datetime | None]] = {}
        self.forgotten = 0  # how many times products were forgotten: a read older than
        # the last forgetting is not kept

    def forget(self, product_ids: frozenset[int] | None) -> None:
        with self.lock:
            self.forgotten += 1
            if product_ids is None:
                self.entries = {}
            else:
                for product_id in product_ids:
                    self.entries.pop(product_id, None)

    def lookup(self, product_ids: Iterable[int]) -> dict[int, Locations]:
        """Units per location for each of ``product_ids`` that has stock rows."""
        forgotten = self.forgotten  # read after the request followed the feed
        entries = self.entries
        now = utcnow()
        found: dict[int, Locations] = {}
        missing = []
        for product_id in product_ids:
            entry = entries.get(product_id)
            if entry is None or (entry[1] is not None and entry[1] <= now):
                missing.append(product_id)
            elif entry[0]:
                found[product_id] = entry[0]
        if missing:
            read, lapses = availability_until(missing)
            found.update(read)
            with self.lock:
                if self.forgotten == forgotten:
                    if len(self.entries) + len(missing) > MAX_ENTRIES:
                        self.entries = {}
                    for product_id in missing:
                        self.entries[product_id] = (read.get(product_id, []),
                                                    lapses.get(product_id))
        return found


def availability(product_ids: Iterable[int]) -> dict[int, Locations]:
    """``queries.availability_by_location``, from this worker's copy where it can be."""
    # Inside a transaction (whenever it began, even after this request followed the feed)
    # the read would see the request's own uncommitted movements: never keep those.
    if in_transaction() or follower.caught_up_version() is None:
        return availability_by_location(product_ids)
    return _cache(current_app).lookup(product_ids)


def _cache(app: Flask) -> AvailabilityCache:
    """The app's copy, listening to the app's follower from its start (a new follower, as
    after the database was emptied under a running app, gets a new copy)."""
    worker = follower.follower(app)
    cache = app.extensions.get(EXTENSION)
    if cache is None or cache.follows is not worker:
        with _making:
            cache = app.extensions.get(EXTENSION)
            if cache is None or cache.follows is not worker:
                cache = AvailabilityCache(worker)
                worker.listen(cache.forget)
                app.extensions[EXTENSION] = cache
    return cache


_making = threading.Lock()
