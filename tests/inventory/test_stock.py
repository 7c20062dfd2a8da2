"""Stock moves only through inventory.services, with a movement row for every change."""

import threading

import pytest
from sqlalchemy import select

from shop.extensions import db
from shop.inventory import services as inventory
from shop.inventory.models import StockLevel, StockMovement
from shop.inventory.queries import available_by_product
from tests.factories import make_product


@pytest.fixture
def product_and_location(ctx):
    product = make_product()
    location = inventory.get_or_create_location("MAIN", "Main warehouse")
    db.session.commit()
    return product, location


def test_receive_and_adjust_write_movements(product_and_location):
    product, location = product_and_location
    inventory.receive(product.id, location.id, 5, actor_id=7, note="PO 1001")
    inventory.adjust(product.id, location.id, -2, reason="damaged")
    db.session.commit()
    assert available_by_product([product.id]) == {product.id: 3}
    moves = db.session.execute(select(StockMovement).order_by(StockMovement.id)).scalars().all()
    assert [(m.on_hand_delta, m.reason) for m in moves] == [(5, "receipt"), (-2, "damaged")]
    assert moves[0].actor_id == 7


def test_allocation_keeps_on_hand_and_allocated_apart(product_and_location):
    product, location = product_and_location
    inventory.receive(product.id, location.id, 2)
    inventory.allocate(product.id, location.id, 1, order_id=42)
    db.session.commit()
    level = db.session.execute(select(StockLevel)).scalar_one()
    assert (level.on_hand, level.allocated, level.available) == (2, 1, 1)


def test_cannot_allocate_more_than_available(product_and_location):
    product, location = product_and_location
    inventory.receive(product.id, location.id, 1)
    inventory.allocate(product.id, location.id, 1, order_id=1)
    with pytest.raises(inventory.InsufficientStock):
        inventory.allocate(product.id, location.id, 1, order_id=2)


def test_cannot_adjust_below_allocated(product_and_location):
    product, location = product_and_location
    inventory.receive(product.id, location.id, 2)
    inventory.allocate(product.id, location.id, 2, order_id=1)
    with pytest.raises(inventory.InsufficientStock):
        inventory.adjust(product.id, location.id, -1, reason="count")


@pytest.mark.parametrize("qty", [0, -3])
def test_quantities_must_be_positive(product_and_location, qty):
    product, location = product_and_location
    with pytest.raises(inventory.ValidationError):
        inventory.receive(product.id, location.id, qty)


def test_two_buyers_of_the_last_unit_cannot_both_get_it(ctx):
    # The fixtures use a database file (or a PostgreSQL database): two connections share it.
    product = make_product()
    location = inventory.get_or_create_location("MAIN", "Main warehouse")
    inventory.receive(product.id, location.id, 1)
    db.session.commit()
    product_id, location_id = product.id, location.id
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def buyer(order_id):
        with ctx.app_context():
            barrier.wait()
            try:
                inventory.allocate(product_id, location_id, 1, order_id=order_id)
                db.session.commit()
                outcomes.append("got it")
            except inventory.InsufficientStock:
                db.session.rollback()
                outcomes.append("sold out")
            finally:
                db.session.remove()

    threads = [threading.Thread(target=buyer, args=(n,)) for n in (1, 2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(outcomes) == ["got it", "sold out"]
    db.session.expire_all()
    level = db.session.execute(select(StockLevel)).scalar_one()
    assert (level.on_hand, level.allocated) == (1, 1)
