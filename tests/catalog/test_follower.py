"""Following the change feed once per request (``shop.catalog.follower``), and the facet
index taking its word that nothing changed."""

from __future__ import annotations

import numpy as np
import pytest

from shop.catalog import change_feed, facet_index, follower
from shop.catalog.facet_columns import unpack
from shop.catalog.facet_index import current_version
from shop.catalog.models import ChangeKind
from shop.catalog.services import record_change
from shop.extensions import db
from shop.inventory import services as inventory
from tests.factories import make_product


@pytest.fixture
def product_id(app, clean):
    with app.app_context():
        product = make_product(stock=1)
        db.session.commit()
        return product.id


@pytest.fixture
def feed_reads(monkeypatch):
    """How many times the facet index read the feed itself."""
    calls = []
    real = change_feed.read

    def counted(cursor, limit):
        calls.append(limit)
        return real(cursor, limit)

    monkeypatch.setattr(change_feed, "read", counted)
    return calls


def _stocked_ids(index) -> set[int]:
    bits = unpack(index.in_stock)[:len(index.ids)]
    return {int(i) for i in index.ids[np.flatnonzero(bits)]}


def _sell_the_unit(app, product_id: int) -> None:
    with app.app_context():
        location = inventory.get_or_create_location("MAIN", "Main warehouse")
        inventory.allocate(product_id, location.id, 1, order_id=1)
        db.session.commit()


def test_the_version_is_the_database_s(app, product_id):
    with app.test_request_context():
        assert follower.caught_up_version() == current_version()
    with app.app_context():
        record_change(ChangeKind.PRICE, product_id)
        db.session.commit()
    with app.test_request_context():
        assert follower.caught_up_version() == current_version()


def test_the_index_reads_the_feed_only_after_a_change_was_named(app, product_id, feed_reads):
    with app.test_request_context():
        assert product_id in _stocked_ids(facet_index.get_index())
    feed_reads.clear()
    with app.test_request_context():
        facet_index.get_index()
    assert feed_reads == []  # the request's follow named nothing
    _sell_the_unit(app, product_id)
    with app.test_request_context():
        assert product_id not in _stocked_ids(facet_index.get_index())
    assert len(feed_reads) == 1


def test_inside_a_transaction_the_index_reads_the_feed_itself(app, product_id, feed_reads):
    with app.test_request_context():
        facet_index.get_index()
    feed_reads.clear()
    with app.test_request_context():
        location = inventory.get_or_create_location("MAIN", "Main warehouse")
        inventory.allocate(product_id, location.id, 1, order_id=1)  # not committed
        facet_index.get_index()
        db.session.rollback()
    assert len(feed_reads) == 1


def test_a_follower_that_has_not_looked_for_long_starts_again(app, product_id):
    told = []
    with app.test_request_context():
        worker = follower.follower()
        follower.caught_up_version()
        worker.listen(told.append)
    worker.read_at -= follower.STALE_AFTER + 1
    with app.test_request_context():
        follower.caught_up_version()
    assert told == [None]
    with app.test_request_context():
        follower.caught_up_version()
    assert told == [None]  # and then follows from there


def test_a_replaced_follower_is_followed_by_the_index(app, product_id):
    with app.test_request_context():
        facet_index.get_index()
    app.extensions.pop(follower.EXTENSION)
    _sell_the_unit(app, product_id)
    with app.test_request_context():
        assert product_id not in _stocked_ids(facet_index.get_index())
