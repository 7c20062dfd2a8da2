"""Count the SQL statements a block of code runs (to keep pages free of N+1 queries)."""

from __future__ import annotations

from contextlib import contextmanager

from sqlalchemy import event

from shop.extensions import db


@contextmanager
def count_queries(app=None):
    """Records the statements run on the database while the block runs; ``app`` names the
    app when no app context is pushed (around requests)."""
    statements: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    if app is None:
        engine = db.engine
    else:
        with app.app_context():
            engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)
