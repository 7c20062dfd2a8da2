"""How tests build apps and clients.

A test that makes requests opens an app context only around its own setup and checks
(``with app.app_context(): ...``), never across a request: Flask reuses an app context that is
already pushed, so ``g`` (the signed-in user, the CSRF token, the catalogue version read for
the page) would carry over from one request to the next. The client of every app built here
refuses such a request with ``ContextLeak``.
"""

from __future__ import annotations

import os
import time
from contextlib import contextmanager

from flask import has_app_context
from flask.testing import FlaskClient
from psycopg.errors import DeadlockDetected
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from shop import create_app
from shop.catalog import sqlite_fts
from shop.extensions import db, limiter

IN_CI = os.environ.get("CI") == "true"

class ContextLeak(AssertionError):
    """A request was made while an app context was pushed."""


class IsolatedClient(FlaskClient):
    """The test client of every test app: each request runs in an app context of its own,
    as on a real server, or the test fails.

    Inside ``with client:`` Flask keeps the last request's contexts until the next request
    starts and pops them itself, so the check is left out there."""

    def open(self, *args, **kwargs):
        if has_app_context() and not self.preserve_context:
            raise ContextLeak(
                "a request was made while an app context was pushed: Flask would reuse it and "
                "its g. Open app contexts only around setup and checks "
                "(with app.app_context(): ...), and use the client fixture, not ctx."
            )
        return super().open(*args, **kwargs)


@contextmanager
def rate_limiter_restored():
    """Put the rate limiter back as it was after building an app with limits switched on.

    Flask-Limiter has one limiter for every app: the last app built decides whether it is on
    (``RATELIMIT_ENABLED``) and where it counts, and the decorated views check it whichever app
    serves them. Afterwards the counters are cleared (only this prefix's keys on Redis) and the
    switch goes back, so the other test apps run unlimited."""
    enabled = limiter.enabled
    try:
        yield limiter
    finally:
        if limiter.initialized:
            limiter.reset()
        limiter.enabled = enabled


def make_test_app(url: str, **overrides):
    config = {"TESTING": True, "SQLALCHEMY_DATABASE_URI": url, "SERVER_NAME": None}
    config.update(overrides)
    app = create_app(config)
    app.test_client_class = IsolatedClient
    return app


def truncate(app) -> None:
    with app.app_context():
        db.session.rollback()
        engine = db.engine
        tables = list(reversed(db.metadata.sorted_tables))
        if engine.dialect.name == "postgresql":
            _truncate_postgresql(engine, tables)
        else:
            with engine.begin() as conn:
                for statement in sqlite_fts.RESET:
                    conn.execute(text(statement))
                for table in tables:
                    conn.execute(table.delete())
        db.session.remove()
    # What the process derived from the database and keys on the catalogue version: the
    # version starts again at 1 after a wipe, so a copy from an earlier test could pass for
    # current (a restored database in production rebuilds the same way, on restart).
    # The feed's followers go too: SQLite gives the next test's feed rows the ids of this
    # one's, so a cursor kept from here could take new changes for ones already read.
    for derived in ("category_menu", "category_ids", "fit_profiles", "search_vocabulary",
                    "exact_part_slugs", "facet_index", "admin_product_index",
                    "catalog_follower", "availability_cache"):
        app.extensions.pop(derived, None)


def _truncate_postgresql(engine, tables, attempts: int = 5) -> None:
    """One TRUNCATE of every table. A request still running against the same database (a
    webhook that localstripe delivers a second after the test that caused it has ended) can
    hold a table this statement has yet to lock while waiting for one it already holds;
    PostgreSQL then ends one of the two with a deadlock error. When that is this statement,
    the request has gone on and finished, and the wipe is tried again."""
    names = ", ".join(f'"{t.name}"' for t in tables)
    for attempt in range(1, attempts + 1):
        try:
            with engine.begin() as conn:
                conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
            return
        except OperationalError as error:
            if attempt == attempts or not isinstance(error.orig, DeadlockDetected):
                raise
            time.sleep(0.05 * attempt)


def schema_database(database_factory, label: str) -> str:
    """A database of its own with every table created (for a module whose apps differ only
    in configuration); its URL."""
    url = database_factory(label)
    app = make_test_app(url)
    with app.app_context():
        db.create_all()
        db.engine.dispose()
    return url


@contextmanager
def limited_app(url: str, **config):
    """An app over ``url`` whose ``config`` switches rate limits on, emptied and the limiter
    put back afterwards."""
    with rate_limiter_restored():
        app = make_test_app(url, **config)
        try:
            yield app
        finally:
            truncate(app)


@contextmanager
def app_with_schema(database_factory, label: str, **config):
    """An app over a database of its own with every table created (for a module's tests that
    need their own configuration, such as the page cache on); its connections are closed
    afterwards."""
    app = make_test_app(database_factory(label), **config)
    with app.app_context():
        db.create_all()
    try:
        yield app
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


def wipe_with_pages(app) -> None:
    """``truncate``, and the page cache emptied first (its pages belong to the wiped data)."""
    from shop.extensions import cache

    with app.app_context():
        cache.clear()
    truncate(app)
