"""Reading the catalogue's change feed (``CatalogChange``) from where a reader left off.

Every price, stock, listing or content change writes one feed row in its own transaction
(``catalog.services.record_change``). A reader (the facet index of each worker) keeps a
``Cursor`` and asks for what is new since; re-reading a change is harmless, because a
reader applies a change by reading the product's current state again, never by adding a
delta. Missing one is what must never happen, and the two databases need different cursors:

* SQLite serialises writers: a row's id is taken under the write lock and becomes visible
  when that transaction commits, before any later writer can take the next id. Every row
  with an id up to the largest one seen has been seen.
* PostgreSQL does not: ids come from a sequence, and a transaction holding id 9 may commit
  after one holding id 10. Each row records the id of its writing transaction (``txid``),
  and each read also returns its snapshot's ``xmin``, below which every transaction has
  finished. A row not yet visible belongs to a transaction still running, whose txid is at
  least that ``xmin``; so the next read asks for every row with ``txid >= xmin`` and skips
  the ones it has already seen. No shared row is ever locked to keep the feed in order.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from shop.catalog.models import CatalogVersion
from shop.sql import fetch_rows, read_connection


@dataclass(frozen=True)
class Cursor:
    """Where a reader stands: every change before it is reflected in what it holds."""

    last_id: int = 0  # SQLite: every row with an id up to this one has been read
    horizon: int = 0  # PostgreSQL: every transaction below this id had finished
    seen: frozenset[tuple[int, int]] = field(default_factory=frozenset)  # (txid, id) read
    # at or above the horizon


@dataclass(frozen=True)
class Change:
    id: int
    product_id: int | None
    kind: str


RESET = "reset"  # the feed went back (a restored or emptied database): start again


def _postgres() -> bool:
    return not read_connection()[1]  # the connection the read runs on: no ORM session


_PG_HORIZON = "pg_snapshot_xmin(pg_current_snapshot())::text::bigint"


def _rows(sql: str, params: tuple = ()) -> list[tuple]:
    return fetch_rows(sql, sql, params)  # each caller already speaks its dialect


def start() -> Cursor:
    """A cursor at the feed's present. Read it *before* reading the state it stands for
    (a build), so a change made in between is read again rather than lost."""
    if _postgres():
        rows = _rows(
            f"SELECT h.xmin, c.txid, c.id FROM (SELECT {_PG_HORIZON} AS xmin) AS h "
            "LEFT JOIN catalog_change AS c ON c.txid >= h.xmin"
        )
        return Cursor(horizon=int(rows[0][0]), seen=frozenset(
            (int(txid), int(row_id)) for _, txid, row_id in rows if row_id is not None
        ))
    return Cursor(last_id=int(_rows("SELECT coalesce(max(id), 0) FROM catalog_change")[0][0]))


def read(cursor: Cursor, limit: int) -> tuple[list[Change], Cursor] | str | None:
    """The changes after ``cursor`` (oldest first) and the cursor after them; ``None``
    when there are more than ``limit``; ``RESET`` when the feed is behind the cursor."""
    return read_at_version(cursor, limit)[1]


def read_at_version(cursor: Cursor, limit: int,
                    ) -> tuple[int, tuple[list[Change], Cursor] | str | None]:
    """``read``, and the catalogue version (``CatalogVersion``) in the same statement: a
    storefront request needs both and makes one round trip for them."""
    return (_read_postgres if _postgres() else _read_sqlite)(cursor, limit)


_VERSION = f"(SELECT version FROM {CatalogVersion.__tablename__} WHERE id = 1)"


def _read_sqlite(cursor: Cursor, limit: int):
    rows = _rows(
        f"SELECT m.top, {_VERSION}, c.id, c.product_id, c.kind "
        "FROM (SELECT coalesce(max(id), 0) AS top FROM catalog_change) AS m "
        "LEFT JOIN (SELECT id, product_id, kind FROM catalog_change WHERE id > ? "
        "ORDER BY id LIMIT ?) AS c ON 1 = 1",
        (cursor.last_id, limit + 1),
    )
    version = rows[0][1] or 0
    if int(rows[0][0]) < cursor.last_id:
        return version, RESET
    changes = sorted((Change(int(r[2]), r[3], r[4]) for r in rows if r[2] is not None),
                     key=lambda c: c.id)
    if len(changes) > limit:
        return version, None
    if not changes:
        return version, ([], cursor)
    return version, (changes, Cursor(last_id=changes[-1].id))


def _read_postgres(cursor: Cursor, limit: int):
    cap = limit + len(cursor.seen)
    rows = _rows(
        f"SELECT h.xmin, {_VERSION}, c.txid, c.id, c.product_id, c.kind "
        f"FROM (SELECT {_PG_HORIZON} AS xmin) AS h "
        "LEFT JOIN (SELECT txid, id, product_id, kind FROM catalog_change WHERE txid >= %s "
        "ORDER BY id LIMIT %s) AS c ON TRUE",
        (cursor.horizon, cap + 1),
    )
    version = rows[0][1] or 0
    if len(rows) > cap:
        return version, None
    horizon = int(rows[0][0])
    fresh, still_open = [], set()
    for _, _, txid, row_id, product_id, kind in rows:
        if row_id is None:
            continue
        key = (int(txid), int(row_id))
        if key not in cursor.seen:
            fresh.append(Change(int(row_id), product_id, kind))
        if key[0] >= horizon:
            still_open.add(key)
    if len(fresh) > limit:
        return version, None
    fresh.sort(key=lambda c: c.id)
    return version, (fresh, Cursor(horizon=horizon, seen=frozenset(still_open)))
