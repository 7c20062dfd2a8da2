"""Engine-level settings: SQLite runs in WAL mode with foreign keys enforced; connections to a
database server are tested before use."""

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


def register_sqlite_pragmas(app: Flask) -> None:
    global _installed
    if not _installed:
        event.listen(Engine, "connect", _sqlite_on_connect)
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
