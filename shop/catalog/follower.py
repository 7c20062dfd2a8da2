"""What a worker learns of the catalogue's changes, once per request, in one statement.

Every storefront request needs the catalogue version (cached pages are keyed on it) and,
to fill its stock slots from the worker's copy of stock levels
(``inventory.availability_cache``), to know which products' stock moved since the worker
last looked. One statement answers both (``change_feed.read_at_version``): the version and
the feed's rows since this worker's cursor. Listeners are told which products changed, or
``None`` for "anything may have": a change for many products at once, a feed that went back
(a restored or emptied database) or ran too far ahead, a worker that has not looked for
longer than the feed is surely kept (``STALE_AFTER``), and the first read of all.

While the request's ORM session is in a transaction nothing is followed: the reads would
see its own uncommitted rows (``shop.sql``), and a cursor moved past a row that is then
rolled back could skip the row that takes its id. The version is read on its own then,
and listeners' owners read the database directly (``shop.sql.in_transaction``).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from flask import Flask, current_app, g, has_request_context

from shop.catalog import change_feed
from shop.sql import in_transaction

Listener = Callable[[frozenset[int] | None], None]
LIMIT = 1000  # more changes since the last request: listeners start again
STALE_AFTER = 6 * 3600  # the feed is kept longer than this (catalog.services.prune_changes)
EXTENSION = "catalog_follower"


class Follower:
    """One per app (that is, per worker): the feed cursor and who wants to hear of changes."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.cursor: change_feed.Cursor | None = None
        self.read_at = 0.0
        self.listeners: list[Listener] = []

    def listen(self, listener: Listener) -> None:
        self.listeners.append(listener)

    def catch_up(self) -> int:
        """Read the feed since the last call, tell the listeners, and return the version.
        Listeners hear of a change before any thread reads past it: the lock covers the
        read and the telling."""
        with self.lock:
            now = time.monotonic()
            stale = now - self.read_at > STALE_AFTER
            self.read_at = now
            if self.cursor is None or stale:
                return self._restart()
            version, found = change_feed.read_at_version(self.cursor, LIMIT)
            if not isinstance(found, tuple):
                return self._restart()
            changes, self.cursor = found
            if changes:
                ids = {change.product_id for change in changes}
                self._tell(None if None in ids else frozenset(ids))
            return version

    def _restart(self) -> int:
        """A cursor at the feed's present, read before anything a listener reads next."""
        self.cursor = change_feed.start()
        self._tell(None)
        version, _ = change_feed.read_at_version(self.cursor, 0)
        return version

    def _tell(self, ids: frozenset[int] | None) -> None:
        for listener in self.listeners:
            listener(ids)


def follower(app: Flask | None = None) -> Follower:
    app = app or current_app
    found = app.extensions.get(EXTENSION)
    if found is None:
        found = app.extensions.setdefault(EXTENSION, Follower())
    return found


def caught_up_version() -> int | None:
    """The catalogue version, with the feed followed up to it: once per request (outside
    a request, such as in a job, at every call); ``None`` inside a transaction, where
    nothing is followed."""
    in_request = has_request_context()
    if in_request and "followed_version" in g:
        return g.followed_version
    if in_transaction():
        return None
    version = follower().catch_up()
    if in_request:
        g.followed_version = version
    return version
