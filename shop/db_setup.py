"""Engine-level settings: SQLite runs in WAL mode with foreign keys enforced."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine

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
