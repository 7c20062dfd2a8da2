"""Engine-level settings: SQLite runs in WAL mode with foreign keys enforced, and takes its
write lock where PostgreSQL would lock rows; connections to a database server are tested
before use."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url

_installed = False


def _sqlite_on_connect(dbapi_connection, _record) -> None:
    module = type(dbapi_connection).__module__
    if not module.startswith("sqlite3"):
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def _sqlite_lock_for_update(conn, _cursor, _statement, _parameters, context, _many) -> None:
    """A ``SELECT … FOR UPDATE`` on SQLite begins the transaction ``IMMEDIATE``.

    SQLite has no row locks and drops ``FOR UPDATE``; the driver opens a transaction only
    at the first write, so the read that was to lock a row (a count's status, an order's
    state) ran outside any transaction, and two requests could both read "open" and both
    go on. Taking the database's write lock before such a read makes the second wait for
    the first to commit and then read what it wrote, as a row lock would. Inside a
    transaction that has written already, the lock is held and nothing happens."""
    if conn.dialect.name != "sqlite":
        return
    statement = getattr(getattr(context, "compiled", None), "statement", None)
    if getattr(statement, "_for_update_arg", None) is None:
        return
    driver = conn.connection.driver_connection
    if not driver.in_transaction:
        driver.execute("BEGIN IMMEDIATE")


def register_sqlite_pragmas(app: Flask) -> None:
    global _installed
    if not _installed:
        event.listen(Engine, "connect", _sqlite_on_connect)
        event.listen(Engine, "before_cursor_execute", _sqlite_lock_for_update)
        _installed = True


def engine_options(url: str, given: dict | None) -> dict:
    """The engine's options for the database at ``url``, ``given`` ones kept.

    A connection to a server can die while it waits in the pool (the server restarted, a
    firewall dropped it), so each one is pinged as it is taken (``pool_pre_ping``). A SQLite
    connection is a file opened in this process and cannot: pinging it would be one more
    statement on every request, a quarter of those a cached page makes."""
    options = dict(given or {})
    if make_url(url).get_backend_name() != "sqlite":
        options.setdefault("pool_pre_ping", True)
    return options
