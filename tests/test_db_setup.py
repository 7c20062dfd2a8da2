"""Engine options per database: servers' connections are pinged as they leave the pool,
SQLite's (a file in this process) are not; a read for update waits for the lock's holder."""

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


def test_a_row_locked_for_update_waits_for_its_holder_on_both_databases(ctx):
    """A read ``FOR UPDATE`` sees what the transaction holding the lock committed: row locks
    on PostgreSQL, the write lock taken before the read on SQLite (which drops FOR UPDATE)."""
    import threading
    import time

    from shop.extensions import db
    from shop.inventory import counts
    from tests.inventory.factories import main_location

    count = counts.start_count(main_location().id, "Before", None)
    db.session.commit()
    count_id = count.id
    locked, seen = threading.Event(), []

    def holder():
        with ctx.app_context():
            held = counts.lock(count_id)
            locked.set()
            time.sleep(0.3)
            held.note = "Written by the holder"
            db.session.commit()
            db.session.remove()

    def waiter():
        with ctx.app_context():
            locked.wait(5)
            seen.append(counts.lock(count_id).note)
            db.session.rollback()
            db.session.remove()

    threads = [threading.Thread(target=holder), threading.Thread(target=waiter)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert seen == ["Written by the holder"]
