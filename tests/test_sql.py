"""Reads through the driver's cursor: a set of ids arrives whole, as int64, on both
databases (on PostgreSQL through the binary array loader); reads see the session's own
writes while it has a transaction, and otherwise run on a pooled connection given back when
the app context ends."""

import numpy as np
import pytest

from shop.catalog.models import CatalogVersion
from shop.extensions import db
from shop.sql import fetch_id_set, fetch_rows

SQLITE_SERIES = ("WITH RECURSIVE n(id) AS (SELECT 1 UNION ALL SELECT id + 1 FROM n "
                 "WHERE id < ?) SELECT id * {factor} AS id FROM n")
POSTGRES_SERIES = "SELECT id::{type} * {factor} AS id FROM generate_series(1, %s) AS id"


@pytest.mark.parametrize(("count", "type_", "factor"), [
    (70_000, "integer", 1),  # a broad search's worth of ids
    (3, "bigint", 10_000_000_000),  # beyond 32 bits
    (1, "integer", 1),
])
def test_a_set_of_ids_arrives_whole(ctx, count, type_, factor):
    ids = fetch_id_set(SQLITE_SERIES.format(factor=factor),
                       POSTGRES_SERIES.format(type=type_, factor=factor), (count,))
    assert ids.dtype == np.int64
    assert np.array_equal(np.sort(ids), np.arange(1, count + 1, dtype=np.int64) * factor)


def test_no_ids_is_an_empty_array(ctx):
    ids = fetch_id_set("SELECT 1 AS id WHERE 1 = ?", "SELECT 1 AS id WHERE 1 = %s", (0,))
    assert ids.dtype == np.int64 and len(ids) == 0


VERSION = "SELECT version FROM catalog_version WHERE id = 1"


def _pool_lent(app) -> int:
    with app.app_context():
        return db.engine.pool.checkedout()


def test_reads_see_the_session_s_writes_and_otherwise_use_a_connection_of_their_own(clean):
    lent = _pool_lent(clean)
    with clean.app_context():
        assert fetch_rows(VERSION, VERSION) == []
        assert not db.session().in_transaction()
        assert db.engine.pool.checkedout() == lent + 1  # the read connection, held
        db.session.add(CatalogVersion(id=1, version=5))
        db.session.flush()  # written, not committed: only the session's connection sees it
        assert db.session().in_transaction()
        assert fetch_rows(VERSION, VERSION) == [(5,)]
        db.session.commit()
        assert not db.session().in_transaction()
        assert fetch_rows(VERSION, VERSION) == [(5,)]  # committed: the read connection sees it
        raw = db.engine.raw_connection()
        try:
            if db.engine.dialect.name == "postgresql":  # back to how the pool lends it later
                assert raw.driver_connection.autocommit is False
        finally:
            raw.close()
    assert _pool_lent(clean) == lent  # every connection given back with the context


def test_a_read_holds_no_lock_once_it_is_done(clean):
    """A read on the read connection leaves no transaction open, so nothing waits on it (a
    TRUNCATE needs every table free): SQLite opens none for a plain read, and on
    PostgreSQL the connection runs in autocommit."""
    from flask import g

    with clean.app_context():
        fetch_rows(VERSION, VERSION)
        pooled, sqlite = g.read_connection
        driver = pooled.driver_connection
        if sqlite:
            assert driver.in_transaction is False
        else:
            assert driver.info.transaction_status.name == "IDLE"


def test_a_read_connection_that_broke_is_not_lent_again(clean):
    from flask import g

    lent = _pool_lent(clean)
    with clean.app_context():
        fetch_rows(VERSION, VERSION)
        pooled, _ = g.read_connection
        pooled.driver_connection.close()  # the server went away meanwhile
    assert _pool_lent(clean) == lent
    with clean.app_context():
        assert fetch_rows(VERSION, VERSION) == []  # a working connection again
