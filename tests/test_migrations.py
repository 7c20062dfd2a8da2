"""The schema only changes through migrations: upgrading an empty database gives exactly
what the models describe, on SQLite and on PostgreSQL."""

import pytest
from flask_migrate import check, downgrade, upgrade
from sqlalchemy import inspect

from shop.extensions import db
from tests.harness import make_test_app


def test_upgrade_from_empty_then_check_finds_no_drift(database_factory, capsys):
    app = make_test_app(database_factory("migrations"))
    with app.app_context():
        upgrade()
        tables = set(inspect(db.engine).get_table_names())
        assert {"product", "product_spec", "stock_level", "catalog_change"} <= tables
        try:
            check()  # raises SystemExit(1) when the models and the schema differ
        except SystemExit as exc:
            pytest.fail(f"migration drift: {capsys.readouterr().err}: {exc}")
        downgrade(revision="base")
        assert "product" not in set(inspect(db.engine).get_table_names())
        db.engine.dispose()
