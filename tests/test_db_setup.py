"""Engine options per database: servers' connections are pinged as they leave the pool,
SQLite's (a file in this process) are not."""

from shop.db_setup import engine_options


def test_server_connections_are_pinged_and_sqlite_ones_are_not():
    assert engine_options("postgresql+psycopg://127.0.0.1/shop", {}) == {"pool_pre_ping": True}
    assert engine_options("sqlite:///instance/shop.sqlite", None) == {}
    assert engine_options("sqlite://", {"echo": True}) == {"echo": True}
    assert engine_options("postgresql+psycopg://h/d", {"pool_pre_ping": False}) == {
        "pool_pre_ping": False}


def test_the_app_uses_them(app):
    from shop.extensions import db

    with app.app_context():
        assert db.engine.pool._pre_ping is (db.engine.dialect.name != "sqlite")
