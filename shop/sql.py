"""Reads through the database driver's own cursor, for the few queries that return tens of
thousands of rows per request or build (search hits, the facet index) or that every
storefront response makes (the catalogue version, stock slots): plain tuples, no ORM or Row
objects.

Where the reads run. While the ORM session is in a transaction, on its connection, so they
see what it has written. Otherwise (a page from the cache, which touches no model) on a
connection of the engine's pool held for the rest of the app context (``read_connection``)
and given back when the context ends: the session's own bookkeeping for taking and
returning a connection was the largest cost of a cached page after its stock. On SQLite a
plain read opens no transaction; on PostgreSQL that connection runs in autocommit, so each
read is its own transaction and holds no locks afterwards. Either way each statement sees
what was committed before it, as the session's reads do.
"""

from __future__ import annotations

from functools import cache

from flask import Flask, g

from shop.extensions import db


def in_transaction() -> bool:
    """Whether this context's ORM session has a transaction open (without making the
    session: a page from the cache never makes one)."""
    sessions = db.session.registry
    return sessions.has() and sessions().in_transaction()


def read_connection():
    """The driver connection reads run on (see the module's text) and whether it is SQLite."""
    if in_transaction():
        connection = db.session().connection()
        return connection.connection.driver_connection, connection.dialect.name == "sqlite"
    held = g.get("read_connection")
    if held is None:
        engine = db.engine
        pooled = engine.raw_connection()
        sqlite = engine.dialect.name == "sqlite"
        if not sqlite:
            pooled.driver_connection.autocommit = True
        held = g.read_connection = (pooled, sqlite)
    return held[0].driver_connection, held[1]


def give_back_read_connection(_error=None) -> None:
    held = g.pop("read_connection", None)
    if held is None:
        return
    pooled, sqlite = held
    if not sqlite:
        try:
            pooled.driver_connection.autocommit = False  # as the pool lent it
        except Exception:  # a connection that broke meanwhile: the pool must not lend it again
            pooled.invalidate()
    pooled.close()


def init_app(app: Flask) -> None:
    app.teardown_appcontext(give_back_read_connection)


def fetch_rows(sqlite_sql: str, postgres_sql: str, params: tuple = ()) -> list[tuple]:
    """Run a read through the driver's own cursor (see the module's text for which
    connection). Takes the statement in each dialect's parameter style."""
    raw, sqlite = read_connection()
    cursor = raw.cursor()
    try:
        cursor.execute(sqlite_sql if sqlite else postgres_sql, params)
        return cursor.fetchall()
    finally:
        cursor.close()


def fetch_column(sqlite_sql: str, postgres_sql: str, params: tuple = (), dtype=None):
    """The first column of ``fetch_rows`` as a numpy array (int64 unless ``dtype``)."""
    import numpy as np

    rows = fetch_rows(sqlite_sql, postgres_sql, params)
    return np.fromiter((row[0] for row in rows), dtype=dtype or np.int64, count=len(rows))


def fetch_id_set(sqlite_sql: str, postgres_sql: str, params: tuple = ()):
    """The ``id`` column of a query as a numpy int64 array, in no particular order.

    The database folds the rows into one value (a comma-separated text on SQLite, an array
    on PostgreSQL), so tens of thousands of ids cross into Python as one row instead of
    one tuple each: on SQLite that halves the cost of a broad search. On PostgreSQL the
    array comes in binary and goes straight into numpy, without a Python int per id.
    """
    import numpy as np

    raw, sqlite = read_connection()
    if sqlite:
        rows = fetch_rows(f"SELECT group_concat(id) FROM ({sqlite_sql}) AS q", "", params)
        value = rows[0][0] if rows else None
        if not value:
            return np.zeros(0, dtype=np.int64)
        return np.fromstring(value, dtype=np.int64, sep=",")
    with raw.cursor(binary=True) as cursor:
        for oid, loader in _pg_id_array_loaders().items():
            cursor.adapters.register_loader(oid, loader)
        cursor.execute(f"SELECT array_agg(id) FROM ({postgres_sql}) AS q", params)
        row = cursor.fetchone()
    value = row[0] if row else None
    return np.zeros(0, dtype=np.int64) if value is None else np.asarray(value, dtype=np.int64)


@cache
def _pg_id_array_loaders() -> dict:
    """psycopg loaders reading a PostgreSQL ``integer[]`` or ``bigint[]`` in binary format as
    a numpy int64 array, by type oid."""
    import numpy as np
    from psycopg.adapt import Loader
    from psycopg.postgres import types
    from psycopg.pq import Format

    def loader_for(element: str):
        # The binary array format: the number of dimensions, a has-nulls flag and the element
        # type (three int32), per dimension its length and lower bound (two int32), then each
        # element as its byte length (int32) and its value, all big-endian.
        layout = np.dtype([("length", ">i4"), ("value", element)])

        class IdArrayLoader(Loader):
            format = Format.BINARY

            def load(self, data):
                dimensions, has_nulls = np.frombuffer(data, dtype=">i4", count=2)
                if dimensions == 0:
                    return np.zeros(0, dtype=np.int64)
                if dimensions != 1 or has_nulls:
                    raise ValueError("expected a one-dimensional array of ids without nulls")
                return np.frombuffer(data, dtype=layout, offset=20)["value"].astype(np.int64)

        return IdArrayLoader

    return {types["int4"].array_oid: loader_for(">i4"),
            types["int8"].array_oid: loader_for(">i8")}
