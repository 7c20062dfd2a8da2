"""Reads through the database driver's own cursor, for the few queries that return tens of
thousands of rows per request or build (search hits, the facet index): plain tuples, no ORM
or Row objects."""

from __future__ import annotations

from shop.extensions import db


def fetch_rows(sqlite_sql: str, postgres_sql: str, params: tuple = ()) -> list[tuple]:
    """Run a read on the session's connection through the driver's own cursor.

    For the few reads that return tens of thousands of rows per request or build (search
    hits, the facet index): plain tuples, no ORM or Row objects. Takes the statement in each
    dialect's parameter style.
    """
    sqlite = db.engine.dialect.name == "sqlite"
    raw = db.session.connection().connection.driver_connection
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
    one tuple each: on SQLite that halves the cost of a broad search.
    """
    import numpy as np

    rows = fetch_rows(
        f"SELECT group_concat(id) FROM ({sqlite_sql}) AS q",
        f"SELECT array_agg(id) FROM ({postgres_sql}) AS q",
        params,
    )
    value = rows[0][0] if rows else None
    if not value:
        return np.zeros(0, dtype=np.int64)
    if isinstance(value, str):
        return np.fromstring(value, dtype=np.int64, sep=",")
    return np.asarray(value, dtype=np.int64)
