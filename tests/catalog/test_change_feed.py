"""The change feed: read from a cursor, never missing a change, on both databases."""

from __future__ import annotations

import threading

import pytest

from shop.catalog import change_feed
from shop.catalog.models import ChangeKind
from shop.catalog.services import record_change
from shop.extensions import db
from shop.inventory import services as inventory
from tests.factories import make_product


def _read(cursor, limit=100):
    found = change_feed.read(cursor, limit)
    assert isinstance(found, tuple), found
    return found


def test_a_cursor_reads_each_change_after_it_once(ctx):
    product = make_product(stock=2)
    db.session.commit()
    cursor = change_feed.start()
    assert _read(cursor)[0] == []

    location = inventory.get_or_create_location("MAIN", "Main warehouse")
    inventory.allocate(product.id, location.id, 1, order_id=1)
    record_change(ChangeKind.PRICE, product.id)
    db.session.commit()
    changes, cursor = _read(cursor)
    assert [(c.product_id, c.kind) for c in changes] == [
        (product.id, "stock"), (product.id, "price")]
    assert _read(cursor)[0] == []


def test_the_version_comes_with_the_read(ctx):
    from shop.catalog.facet_index import current_version

    make_product()
    db.session.commit()
    cursor = change_feed.start()
    version, (changes, _) = change_feed.read_at_version(cursor, 100)
    assert version == current_version() and changes == []
    record_change(ChangeKind.PRICE)
    record_change(ChangeKind.STOCK)
    db.session.commit()
    version_after, (changes, _) = change_feed.read_at_version(cursor, 100)
    assert version_after == version + 1 == current_version()
    assert [c.kind for c in changes] == ["price", "stock"]


def test_more_changes_than_the_limit_ask_for_a_rebuild(ctx):
    cursor = change_feed.start()
    for _ in range(4):
        record_change(ChangeKind.CONTENT)
    db.session.commit()
    assert change_feed.read(cursor, 3) is None
    assert len(_read(cursor, 4)[0]) == 4


def test_stock_changes_leave_the_page_version_alone(ctx):
    from shop.catalog.queries import catalog_version

    product = make_product(stock=5)
    db.session.commit()
    before = catalog_version()
    location = inventory.get_or_create_location("MAIN", "Main warehouse")
    inventory.allocate(product.id, location.id, 2, order_id=1)
    inventory.adjust(product.id, location.id, -1, reason="damaged")
    db.session.commit()
    assert catalog_version() == before
    record_change(ChangeKind.PRICE, product.id)
    db.session.commit()
    assert catalog_version() == before + 1


def test_an_emptied_feed_behind_the_cursor_says_reset(ctx):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite reuses ids after a wipe; PostgreSQL transaction ids never go back")
    record_change(ChangeKind.CONTENT)
    record_change(ChangeKind.CONTENT)
    db.session.commit()
    cursor = change_feed.start()
    db.session.execute(db.text("DELETE FROM catalog_change"))
    record_change(ChangeKind.CONTENT)
    db.session.commit()
    assert change_feed.read(cursor, 100) == change_feed.RESET


@pytest.mark.postgres
def test_a_change_committed_after_a_later_one_is_still_read(ctx):
    """PostgreSQL hands out ids in one order and commits in another: the reader must see
    a change whose transaction was still open when it read past its id."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite serialises writers, so ids become visible in order there")
    product = make_product(stock=3)
    other = make_product(stock=3)
    db.session.commit()
    cursor = change_feed.start()
    wrote, release = threading.Event(), threading.Event()

    def slow_writer():
        with ctx.app_context():
            record_change(ChangeKind.STOCK, product.id)  # takes the lower id
            db.session.flush()
            wrote.set()
            release.wait(10)
            db.session.commit()
            db.session.remove()

    thread = threading.Thread(target=slow_writer)
    thread.start()
    assert wrote.wait(10)
    record_change(ChangeKind.STOCK, other.id)  # a higher id, committed first
    db.session.commit()
    changes, cursor = _read(cursor)
    assert [c.product_id for c in changes] == [other.id]
    release.set()
    thread.join(10)
    changes, cursor = _read(cursor)
    assert [c.product_id for c in changes] == [product.id]
    assert _read(cursor)[0] == []


def test_pruning_keeps_recent_rows_and_the_newest(ctx):
    from datetime import timedelta

    from sqlalchemy import func, select, update

    from shop.catalog.models import CatalogChange
    from shop.catalog.services import prune_changes
    from shop.db import utcnow

    for _ in range(3):
        record_change(ChangeKind.CONTENT)
    db.session.flush()
    long_ago = utcnow() - timedelta(days=5)
    db.session.execute(update(CatalogChange).values(created_at=long_ago))
    record_change(ChangeKind.CONTENT)  # recent
    db.session.commit()
    assert prune_changes(utcnow() - timedelta(days=2)) == 3
    db.session.commit()
    assert db.session.execute(select(func.count()).select_from(CatalogChange)).scalar() == 1
    # Everything old: the newest row stays, so SQLite never hands out an id twice.
    db.session.execute(update(CatalogChange).values(created_at=long_ago))
    assert prune_changes(utcnow()) == 0
    result = ctx.test_cli_runner().invoke(args=["prune-changes", "--days", "1"])
    assert result.exit_code == 0 and "Pruned 0 change-feed rows." in result.output


def test_an_index_that_has_not_read_the_feed_for_long_rebuilds(ctx):
    from werkzeug.datastructures import MultiDict

    from shop.catalog import facet_index
    from shop.catalog.listing import Scope, run_listing
    from shop.catalog.listing_params import parse_params
    from tests.factories import make_category

    category = make_category("network-adapters", "Network adapters")
    product = make_product(category=category, stock=1)
    db.session.commit()
    index = facet_index.get_index()
    assert facet_index.get_index() is index  # nothing changed: the same index
    index.read_at -= facet_index.STALE_AFTER + 1
    location = inventory.get_or_create_location("MAIN", "Main warehouse")
    inventory.allocate(product.id, location.id, 1, order_id=1)
    db.session.commit()
    assert facet_index.get_index() is not index
    listing = run_listing(Scope(category_id=category.id),
                          parse_params(MultiDict({"in_stock": "1"})), page_size=24)
    assert listing.total == 0
