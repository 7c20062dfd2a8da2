"""Sales of different products share no row: neither waits for the other."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import select, text

from shop.extensions import db
from shop.inventory import services as inventory
from shop.inventory.models import StockMovement
from tests.factories import make_product


@pytest.mark.postgres
def test_two_orders_of_different_products_do_not_wait_on_each_other(ctx):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite has one writer at a time by design; PostgreSQL locks rows")
    first, second = make_product(stock=5), make_product(stock=5)
    location = inventory.get_or_create_location("MAIN", "Main warehouse")
    db.session.commit()
    first_id, second_id, location_id = first.id, second.id, location.id
    holding, release = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def open_order():
        with ctx.app_context():
            try:
                inventory.allocate(first_id, location_id, 1, order_id=1)
                db.session.flush()
                holding.set()  # its transaction stays open, holding its row locks
                release.wait(10)
                db.session.commit()
            except BaseException as exc:  # reported to the test below
                errors.append(exc)
                holding.set()
            finally:
                db.session.remove()

    thread = threading.Thread(target=open_order)
    thread.start()
    try:
        assert holding.wait(10)
        # Any lock the open order holds and this one needs would fail here within 1 s.
        db.session.execute(text("SET LOCAL lock_timeout = '1s'"))
        inventory.allocate(second_id, location_id, 2, order_id=2)
        inventory.adjust(second_id, location_id, -1, reason="damaged")
        db.session.commit()
    finally:
        release.set()
        thread.join(10)
    assert not errors
    moves = db.session.execute(
        select(StockMovement.product_id, StockMovement.allocated_delta)
        .where(StockMovement.order_id.is_not(None)).order_by(StockMovement.order_id)
    ).all()
    assert moves == [(first_id, 1), (second_id, 2)]
