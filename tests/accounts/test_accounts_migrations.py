"""The accounts and mail tables in the Alembic revisions match the models (both dialects)."""

import logging
from contextlib import contextmanager

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade

from shop.extensions import db
from tests.harness import make_test_app

OURS = {"user_account", "address", "account_token_use", "login_throttle", "outbox_message"}


def _table_of(diff) -> str | None:
    if isinstance(diff, list):  # column modifications come as lists
        diff = diff[0]
    for item in diff[1:]:
        table = getattr(item, "table", None)
        if table is not None:
            return table.name
        name = getattr(item, "name", None)
        if isinstance(item, str) and item in OURS:
            return item
        if name in OURS:
            return name
    return None


@contextmanager
def logging_kept():
    """Alembic's env.py calls logging.config.fileConfig, which disables every logger that
    already exists; put logging back as it was for the tests that run after this one."""
    root = logging.getLogger()
    level, handlers = root.level, list(root.handlers)
    loggers = {name: (lg.disabled, lg.level) for name, lg in
               logging.root.manager.loggerDict.items() if isinstance(lg, logging.Logger)}
    try:
        yield
    finally:
        root.setLevel(level)
        root.handlers[:] = handlers
        for name, lg in logging.root.manager.loggerDict.items():
            if isinstance(lg, logging.Logger):
                lg.disabled, lg.level = loggers.get(name, (False, logging.NOTSET))


def test_no_drift_in_accounts_tables(database_factory):
    app = make_test_app(database_factory("migrate"))
    with app.app_context(), logging_kept():
        upgrade()
        with db.engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            diffs = compare_metadata(context, db.metadata)
        ours = [d for d in diffs if _table_of(d) in OURS]
        assert ours == []
        tables = set(db.inspect(db.engine).get_table_names())
        assert OURS <= tables
        db.engine.dispose()
