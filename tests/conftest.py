"""Shared fixtures: an empty database for tests that write, a demo database for reads.

The suite runs on SQLite by default and on PostgreSQL when DATABASE_URL points there; on
PostgreSQL each run creates databases of its own and drops them at the end.

A test that makes requests takes ``app`` and ``client`` and opens app contexts only around
its setup and checks (see tests/harness.py); tests that make no requests may take ``ctx``,
which keeps one pushed for the whole test.
"""

from __future__ import annotations

import os
import uuid

import pytest
from hypothesis import settings
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from shop.extensions import db as _db
from tests.harness import IN_CI, make_test_app
from tests.harness import truncate as _truncate

__all__ = ["IN_CI", "_truncate", "make_test_app"]  # also importable from here

# Property tests check what holds, not how fast: Hypothesis's per-example deadline (200 ms)
# fails them on a busy machine, which says nothing about the code.
settings.register_profile("shop", deadline=None)
settings.load_profile("shop")


def _pg_admin_engine(url):
    return create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")


@pytest.fixture(scope="session")
def database_factory(tmp_path_factory):
    """Creates throwaway databases on the configured server (or SQLite files)."""
    base = os.environ.get("DATABASE_URL", "")
    created: list[str] = []

    def make(label: str) -> str:
        if base.startswith("postgresql"):
            url = make_url(base)
            name = f"shop_t_{label}_{uuid.uuid4().hex[:8]}"
            engine = _pg_admin_engine(url)
            with engine.connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
            engine.dispose()
            created.append(name)
            return url.set(database=name).render_as_string(hide_password=False)
        path = tmp_path_factory.mktemp("db") / f"{label}.sqlite"
        return f"sqlite:///{path}"

    yield make

    if created:
        url = make_url(base)
        engine = _pg_admin_engine(url)
        with engine.connect() as conn:
            for name in created:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()


@pytest.fixture(scope="session")
def app(database_factory):
    """An app over an empty schema; ``clean_db`` empties it after each test."""
    app = make_test_app(database_factory("empty"))
    with app.app_context():
        _db.create_all()
    yield app
    with app.app_context():
        _db.session.remove()
        _db.engine.dispose()


@pytest.fixture
def clean(app):
    """The empty database, emptied again after the test."""
    yield app
    _truncate(app)


@pytest.fixture
def ctx(clean):
    """An app context on the empty database for the whole test: for tests that make no
    requests."""
    with clean.app_context():
        yield clean


@pytest.fixture
def client(clean):
    """A test client on the empty database; no app context is pushed around its requests."""
    return clean.test_client()


@pytest.fixture(scope="session")
def demo_app(database_factory):
    """An app whose database holds the demo catalogue. Tests must not write to it."""
    from shop.demo.catalogue import load_demo_catalogue

    app = make_test_app(database_factory("demo"))
    with app.app_context():
        _db.create_all()
        load_demo_catalogue()
        _db.session.commit()
        _db.session.remove()
    yield app
    with app.app_context():
        _db.engine.dispose()


@pytest.fixture
def demo(demo_app):
    """An app context on the demo database for the whole test: for tests that make no
    requests."""
    with demo_app.app_context():
        yield demo_app
        _db.session.rollback()


@pytest.fixture
def demo_client(demo_app):
    """A test client on the demo database; no app context is pushed around its requests."""
    return demo_app.test_client()
