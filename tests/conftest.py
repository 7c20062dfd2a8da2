"""Shared fixtures: an empty database for tests that write, a demo database for reads.

The suite runs on SQLite by default and on PostgreSQL when DATABASE_URL points there; on
PostgreSQL each run creates databases of its own and drops them at the end.
"""

from __future__ import annotations

import os
import uuid

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from shop import create_app
from shop.catalog import sqlite_fts
from shop.extensions import db as _db

IN_CI = os.environ.get("CI") == "true"


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


def make_test_app(url: str, **overrides):
    config = {"TESTING": True, "SQLALCHEMY_DATABASE_URI": url, "SERVER_NAME": None}
    config.update(overrides)
    return create_app(config)


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


def _truncate(app) -> None:
    with app.app_context():
        _db.session.rollback()
        engine = _db.engine
        tables = list(reversed(_db.metadata.sorted_tables))
        with engine.begin() as conn:
            if engine.dialect.name == "postgresql":
                names = ", ".join(f'"{t.name}"' for t in tables)
                conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
            else:
                for statement in sqlite_fts.RESET:
                    conn.execute(text(statement))
                for table in tables:
                    conn.execute(table.delete())
        _db.session.remove()


@pytest.fixture
def ctx(app):
    """An app context on the empty database, emptied again afterwards."""
    with app.app_context():
        yield app
    _truncate(app)


@pytest.fixture
def client(ctx):
    return ctx.test_client()


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
    with demo_app.app_context():
        yield demo_app
        _db.session.rollback()


@pytest.fixture
def demo_client(demo):
    return demo.test_client()
