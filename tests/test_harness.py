"""The test client runs each request in an app context of its own, as a real server does."""

import threading
import time

import pytest
from sqlalchemy import text

from shop.extensions import db
from tests.harness import ContextLeak, truncate


def test_a_request_under_a_pushed_app_context_fails(app, client):
    with app.app_context():
        with pytest.raises(ContextLeak):
            client.get("/healthz")
    assert client.get("/healthz").status_code == 200


def test_requests_do_not_share_g(client):
    first = client.get("/healthz").headers["X-Request-ID"]
    second = client.get("/healthz").headers["X-Request-ID"]
    assert first and second and first != second



def test_the_wipe_outlasts_a_request_that_deadlocks_with_it(app):
    """A request still running when a PostgreSQL test ends (a webhook localstripe delivers a
    second late) holds one table and then reads another that the TRUNCATE has already locked:
    PostgreSQL breaks the deadlock by ending the TRUNCATE, which is then tried again."""
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("SQLite has no TRUNCATE and one writer at a time: nothing can deadlock")
        tables = list(reversed(db.metadata.sorted_tables))
        request = db.engine.connect()
        # pg_stat_activity is read once per transaction: each look is a transaction of its own
        watcher = db.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
    failures = []

    def wipe():
        try:
            truncate(app)
        except Exception as error:  # reported by the test below
            failures.append(error)

    try:
        transaction = request.begin()
        request.execute(text("SET LOCAL deadlock_timeout = '10s'"))  # the TRUNCATE gives up
        request.execute(text(f'SELECT 1 FROM "{tables[-1].name}" LIMIT 1'))
        thread = threading.Thread(target=wipe)
        thread.start()
        deadline = time.monotonic() + 10
        while not watcher.execute(text(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE wait_event_type = 'Lock' AND query LIKE 'TRUNCATE%'")).scalar():
            assert time.monotonic() < deadline, "the TRUNCATE never waited for the request"
            time.sleep(0.02)
        request.execute(text(f'SELECT 1 FROM "{tables[0].name}" LIMIT 1'))
        transaction.commit()
        thread.join(timeout=30)
        assert not thread.is_alive() and failures == []
    finally:
        request.close()
        watcher.close()
