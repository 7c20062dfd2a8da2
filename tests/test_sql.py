"""Reads through the driver's cursor: a set of ids arrives whole, as int64, on both
databases (on PostgreSQL through the binary array loader)."""

import numpy as np
import pytest

from shop.sql import fetch_id_set

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
