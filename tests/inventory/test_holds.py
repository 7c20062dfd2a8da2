"""Orders' claims on stock: reserved, allocated, shipped or released, always adding up."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from shop.db import utcnow
from shop.errors import DomainError
from shop.extensions import db
from shop.inventory import adjustments, counts, purchasing
from shop.inventory import services as inventory
from shop.inventory.models import HoldStatus, StockHold, StockLevel, StockMovement
from shop.inventory.queries import availability_by_location, available_by_product
from tests.factories import make_product
from tests.inventory.ledger_check import check_ledger


def _later(minutes: int = 15):
    return utcnow() + timedelta(minutes=minutes)


def _level(product_id: int, location_id: int) -> tuple[int, int, int]:
    db.session.expire_all()
    level = db.session.execute(select(StockLevel).where(
        StockLevel.product_id == product_id, StockLevel.location_id == location_id)).scalar_one()
    return level.on_hand, level.reserved, level.allocated


def ctx_cli(args):
    from flask import current_app

    return current_app.test_cli_runner().invoke(args=args)


@pytest.fixture
def stocked(ctx):
    product = make_product()
    main = inventory.get_or_create_location("MAIN", "Main warehouse")
    inventory.receive(product.id, main.id, 5)
    db.session.commit()
    return product, main


def test_reserve_pay_ship(stocked):
    product, main = stocked
    holds = inventory.reserve(product.id, 3, order_id=7, expires_at=_later())
    db.session.commit()
    assert [(h.location_id, h.quantity, h.status) for h in holds] == [(main.id, 3, "reserved")]
    assert _level(product.id, main.id) == (5, 3, 0)
    assert available_by_product([product.id]) == {product.id: 2}
    assert inventory.allocate_reserved(7) == 3
    db.session.commit()
    assert _level(product.id, main.id) == (5, 0, 3)
    assert inventory.allocate_reserved(7) == 0  # a second payment event changes nothing
    assert inventory.ship(7) == 3
    db.session.commit()
    assert _level(product.id, main.id) == (2, 0, 0)
    assert inventory.release(7) == 0  # shipped units are not released
    reasons = db.session.execute(select(StockMovement.reason, StockMovement.on_hand_delta,
                                        StockMovement.reserved_delta,
                                        StockMovement.allocated_delta)
                                 .where(StockMovement.order_id == 7)
                                 .order_by(StockMovement.id)).all()
    assert reasons == [("reservation", 0, 3, 0), ("allocation", 0, -3, 3),
                       ("shipment", -3, 0, -3)]


def test_cannot_reserve_more_than_available(stocked):
    product, _ = stocked
    inventory.reserve(product.id, 4, order_id=1, expires_at=_later())
    db.session.commit()
    with pytest.raises(inventory.InsufficientStock):
        inventory.reserve(product.id, 2, order_id=2, expires_at=_later())
    db.session.rollback()
    with pytest.raises(inventory.InsufficientStock):
        inventory.allocate(product.id, stocked[1].id, 2, order_id=3)


def test_release_gives_reserved_and_allocated_units_back_once(stocked):
    product, main = stocked
    inventory.reserve(product.id, 2, order_id=1, expires_at=_later())
    inventory.reserve(product.id, 1, order_id=2, expires_at=_later())
    inventory.allocate_reserved(2)
    db.session.commit()
    assert inventory.release(1, reason="cancelled") == 2
    assert inventory.release(2, reason="cancelled") == 1
    assert inventory.release(1) == 0
    db.session.commit()
    assert _level(product.id, main.id) == (5, 0, 0)


def test_a_reservation_is_split_across_locations_only_when_no_one_location_has_it(ctx):
    product = make_product()
    main = inventory.get_or_create_location("MAIN", "Main warehouse")
    east = inventory.get_or_create_location("EAST", "East warehouse")
    inventory.receive(product.id, main.id, 2)
    inventory.receive(product.id, east.id, 3)
    db.session.commit()
    whole = inventory.reserve(product.id, 3, order_id=1, expires_at=_later())
    assert [(h.location_id, h.quantity) for h in whole] == [(east.id, 3)]
    inventory.release(1)
    split = inventory.reserve(product.id, 4, order_id=2, expires_at=_later())
    assert [(h.location_id, h.quantity) for h in split] == [(main.id, 2), (east.id, 2)]
    with pytest.raises(inventory.InsufficientStock):
        inventory.reserve(product.id, 2, order_id=3, expires_at=_later())
    db.session.commit()
    assert _level(product.id, main.id) == (2, 2, 0) and _level(product.id, east.id) == (3, 2, 0)


@pytest.fixture
def two_locations(ctx):
    """One unit left at the first location, plenty at the second."""
    product = make_product()
    main = inventory.get_or_create_location("MAIN", "Main warehouse")
    east = inventory.get_or_create_location("EAST", "East warehouse")
    inventory.receive(product.id, main.id, 1)
    inventory.receive(product.id, east.id, 50)
    db.session.commit()
    return product, main, east


def _another_buyer_takes(product_id: int, location_id: int) -> None:
    assert inventory._claim(product_id, location_id, 1, StockLevel.allocated)


def test_losing_the_last_unit_of_one_location_takes_it_from_another(two_locations,
                                                                     monkeypatch):
    """The one-statement claim chose the first location, whose last unit another buyer took
    meanwhile (it then updates nothing): the levels are read and the unit comes from the
    other location instead of refusing the buyer."""
    product, main, east = two_locations
    claim_first = inventory._claim_first

    def lost(product_id, quantity, column):
        _another_buyer_takes(product_id, main.id)
        monkeypatch.setattr(inventory, "_claim_first", claim_first)
        return None

    monkeypatch.setattr(inventory, "_claim_first", lost)
    holds = inventory.allocate_for_order(product.id, 1, order_id=9)
    assert [(h.location_id, h.quantity, h.status) for h in holds] == [(east.id, 1, "allocated")]
    db.session.commit()
    assert _level(product.id, main.id) == (1, 0, 1)  # the other buyer's unit
    assert _level(product.id, east.id) == (50, 0, 1)


def test_a_plan_that_loses_a_location_reads_the_levels_again(two_locations, monkeypatch):
    """The same race on the path that reads the levels first: between the read and the
    claim, another buyer takes the planned location's last unit."""
    product, main, east = two_locations
    monkeypatch.setattr(inventory, "_claim_first", lambda *args: None)
    claim_plan = inventory._claim_plan
    raced = []

    def another_buyer_first(product_id, plan, column):
        if not raced:
            raced.append(plan)
            _another_buyer_takes(product_id, main.id)
        return claim_plan(product_id, plan, column)

    monkeypatch.setattr(inventory, "_claim_plan", another_buyer_first)
    holds = inventory.reserve(product.id, 1, order_id=9, expires_at=_later())
    assert raced == [[(main.id, 1)]]
    assert [(h.location_id, h.quantity, h.status) for h in holds] == [(east.id, 1, "reserved")]


def test_an_invoice_allocation_is_one_movement_per_location(stocked):
    product, main = stocked
    inventory.allocate_for_order(product.id, 2, order_id=4)
    db.session.commit()
    assert _level(product.id, main.id) == (5, 0, 2)
    moves = db.session.execute(
        select(StockMovement.reason, StockMovement.reserved_delta,
               StockMovement.allocated_delta).where(StockMovement.order_id == 4)).all()
    assert moves == [("allocation", 0, 2)]
    with pytest.raises(inventory.InsufficientStock):
        inventory.allocate_for_order(product.id, 4, order_id=5)


def test_an_expired_reservation_stops_counting_before_anything_releases_it(stocked):
    product, main = stocked
    inventory.reserve(product.id, 5, order_id=1, expires_at=utcnow() - timedelta(seconds=1))
    db.session.commit()
    assert _level(product.id, main.id) == (5, 5, 0)  # still on the row...
    assert available_by_product([product.id]) == {product.id: 5}  # ...but not counted
    assert availability_by_location([product.id]) == {product.id: [("Main warehouse", 5)]}
    # Reserving the product again releases the lapsed hold first.
    inventory.reserve(product.id, 5, order_id=2, expires_at=_later())
    db.session.commit()
    statuses = dict(db.session.execute(select(StockHold.order_id, StockHold.status)).all())
    assert statuses == {1: "released", 2: "reserved"}
    assert inventory.allocate_reserved(1) == 0  # paid too late: nothing to allocate


def test_release_expired_and_its_command(stocked):
    product, main = stocked
    other, third = make_product(), make_product()
    inventory.receive(other.id, main.id, 1)
    inventory.receive(third.id, main.id, 1)
    inventory.reserve(other.id, 1, order_id=2, expires_at=_later())
    inventory.reserve(product.id, 2, order_id=1, expires_at=utcnow() - timedelta(seconds=1))
    inventory.reserve(third.id, 1, order_id=3, expires_at=utcnow() - timedelta(seconds=1))
    db.session.commit()
    assert inventory.release_expired(product_ids=[product.id, third.id]) == [1, 3]
    db.session.rollback()
    result = ctx_cli(["inventory", "release-expired"])
    assert result.exit_code == 0 and "Released the expired holds of 2 orders." in result.output
    assert _level(product.id, main.id) == (5, 0, 0) and _level(other.id, main.id) == (1, 1, 0)
    assert ctx_cli(["inventory", "release-expired"]).output.startswith("Released the expired "
                                                                       "holds of 0 orders.")


def test_part_of_an_order_is_released_and_only_the_rest_ships(ctx):
    """Units of an order that will not ship (refunded before shipping) leave its holds,
    newest first: a hold that gives back part of its units shrinks and the units given back
    become a released hold beside it. Shipping then takes only the rest, and the movements
    add up to the levels and the holds."""
    product = make_product()
    main = inventory.get_or_create_location("MAIN", "Main warehouse")
    east = inventory.get_or_create_location("EAST", "East warehouse")
    inventory.receive(product.id, main.id, 2)
    inventory.receive(product.id, east.id, 4)
    inventory.allocate_for_order(product.id, 5, order_id=8)  # 2 at MAIN, 3 at EAST
    db.session.commit()
    assert _level(product.id, main.id) == (2, 0, 2) and _level(product.id, east.id) == (4, 0, 3)
    assert inventory.release_units(8, product.id, 1, reason="refunded before shipping") == 1
    db.session.commit()
    assert _level(product.id, east.id) == (4, 0, 2)  # the newest hold gave back one unit
    assert inventory.held_units(8, product.id) == 4
    assert inventory.release_units(8, product.id, 3, reason="refunded before shipping") == 3
    db.session.commit()
    assert _level(product.id, east.id) == (4, 0, 0) and _level(product.id, main.id) == (2, 0, 1)
    holds = db.session.execute(select(StockHold.location_id, StockHold.quantity,
                                      StockHold.status).where(StockHold.order_id == 8)
                               .order_by(StockHold.id)).all()
    assert holds == [(main.id, 1, "allocated"), (east.id, 2, "released"),
                     (east.id, 1, "released"), (main.id, 1, "released")]
    assert sum(quantity for _, quantity, _ in holds) == 5  # still what the order claimed
    assert inventory.release_units(8, product.id, 9) == 1  # no more than it holds
    inventory.allocate_for_order(product.id, 2, order_id=9)
    assert inventory.release_units(9, product.id, 1) == 1
    assert inventory.ship(9) == 1
    db.session.commit()
    assert available_by_product([product.id]) == {product.id: 5}
    moves = db.session.execute(select(StockMovement.reason, StockMovement.allocated_delta)
                               .where(StockMovement.order_id == 8)
                               .order_by(StockMovement.id)).all()
    assert moves == [("allocation", 2), ("allocation", 3), ("refunded before shipping", -1),
                     ("refunded before shipping", -2), ("refunded before shipping", -1),
                     ("release", -1)]
    check_ledger(product.id)


def test_two_checkouts_for_the_last_unit_cannot_both_reserve_it(ctx):
    product = make_product()
    location = inventory.get_or_create_location("MAIN", "Main warehouse")
    inventory.receive(product.id, location.id, 1)
    db.session.commit()
    product_id = product.id
    barrier = threading.Barrier(4)
    outcomes: list[str] = []

    def buyer(order_id):
        with ctx.app_context():
            barrier.wait()
            try:
                inventory.reserve(product_id, 1, order_id=order_id, expires_at=_later())
                db.session.commit()
                outcomes.append("reserved")
            except inventory.InsufficientStock:
                db.session.rollback()
                outcomes.append("sold out")
            finally:
                db.session.remove()

    threads = [threading.Thread(target=buyer, args=(n,)) for n in range(1, 5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(outcomes) == ["reserved"] + ["sold out"] * 3
    assert _level(product_id, location.id) == (1, 1, 0)


OPERATIONS = st.lists(st.tuples(
    st.sampled_from(["receive", "adjust", "reserve", "allocate", "invoice", "pay", "release",
                     "ship", "expire", "correct", "purchase", "count", "return", "refund"]),
    st.integers(min_value=0, max_value=1),  # which product
    st.integers(min_value=1, max_value=4),  # quantity or order
    st.integers(min_value=-3, max_value=3),  # adjustment
    st.integers(min_value=0, max_value=1),  # which location
), max_size=25)
REASONS = ["received", "damaged", "correction", "customer return", "count"]


def _purchase(product, location, n: int, delta: int) -> None:
    """A purchase order of n + 2 units, sent, then received in part (or in full)."""
    order = purchasing.create_purchase_order(
        supplier_name="Supplier", supplier_id=None, location_id=location.id,
        lines=[purchasing.LineInput(1, product.sku, n + 2)], actor_id=None)
    purchasing.place_order(order, None)
    line = order.lines[0]
    purchasing.receive(order.id, {line.id: n + 2 if delta > 0 else n}, actor_id=None,
                       request_key=f"po-{order.id}-a")
    if delta < 0:  # the rest arrives later
        purchasing.receive(order.id, {line.id: 2}, actor_id=None,
                           request_key=f"po-{order.id}-b")


def _count(product, location, delta: int) -> None:
    """Count the level's units as on hand + delta (never below zero) and post it."""
    on_hand = db.session.scalar(select(StockLevel.on_hand).where(
        StockLevel.product_id == product.id, StockLevel.location_id == location.id)) or 0
    count = counts.start_count(location.id, "Cycle count", None)
    counts.record_by_product(count, {product.id: max(0, on_hand + delta)})
    counts.post_count(count.id, None)


def _return(product_id: int, order_id: int) -> None:
    """Units of a shipped order come back (a customer return) where they left from."""
    shipped = db.session.execute(select(StockHold.location_id, StockHold.quantity).where(
        StockHold.order_id == order_id, StockHold.product_id == product_id,
        StockHold.status == HoldStatus.SHIPPED)).first()
    if shipped is not None:
        inventory.receive(product_id, shipped[0], shipped[1], reason="customer return")


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(OPERATIONS)
def test_movements_always_add_up_to_the_levels(ctx, operations):
    """Any sequence of receipts, adjustments (as staff make them), purchase-order receipts,
    counts, sales (reserved, paid, invoiced, shipped), cancellations, refunds of some units
    before they ship, expiries and returns
    leaves every product and location with movements that add up to its level, each
    movement's "after" equal to the running sum, holds that explain the claims, and
    nothing negative."""
    products = [make_product(), make_product()]
    locations = [inventory.get_or_create_location("MAIN", "Main warehouse"),
                 inventory.get_or_create_location("EAST", "East warehouse")]
    db.session.commit()
    for kind, which, n, delta, where in operations:
        product, location = products[which], locations[where]
        product_id, order_id = product.id, n * 10 + which
        try:
            if kind == "receive":
                inventory.receive(product_id, location.id, n)
            elif kind == "adjust" and delta:
                inventory.adjust(product_id, location.id, delta, reason="count")
            elif kind == "correct" and delta:
                reason = REASONS[(n + delta) % len(REASONS)]
                adjustments.adjust_stock(product_id, location.id, delta, reason=reason,
                                         note="property test", actor_id=None)
            elif kind == "purchase":
                _purchase(product, location, n, delta)
            elif kind == "count":
                _count(product, location, delta)
            elif kind == "reserve":
                inventory.reserve(product_id, n, order_id=order_id, expires_at=_later())
            elif kind == "allocate":
                inventory.allocate(product_id, location.id, n, order_id=order_id)
            elif kind == "invoice":
                inventory.allocate_for_order(product_id, n, order_id=order_id)
            elif kind == "pay":
                inventory.allocate_reserved(order_id)
            elif kind == "release":  # an order cancelled
                inventory.release(order_id, reason="order cancelled")
            elif kind == "refund":  # some units refunded before they ship
                inventory.release_units(order_id, product_id, abs(delta) or 1,
                                        reason="refunded before shipping")
            elif kind == "ship":
                inventory.ship(order_id)
            elif kind == "return":
                _return(product_id, order_id)
            elif kind == "expire":
                inventory.release_expired(utcnow() + timedelta(hours=1))
            db.session.commit()
        except DomainError:
            db.session.rollback()
    for product in products:
        check_ledger(product.id)
    from tests.harness import truncate as _truncate

    db.session.rollback()  # end this example's transaction, then start the next one empty
    _truncate(ctx)
