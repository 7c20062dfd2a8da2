"""Refunds worked out by line: each line's units with their share of the tax, shipping once,
never more than is left (earlier refunds count), the last refund taking what rounding left."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from shop.errors import ValidationError
from shop.extensions import db
from shop.inventory import services as inventory
from shop.inventory.models import StockLevel, StockMovement
from shop.orders import refunds
from shop.orders import services as orders
from shop.orders.models import OrderStatus, RefundMethod
from shop.orders.refunds import RefundMode, RefundRequest
from tests.factories import make_product
from tests.inventory.ledger_check import check_ledger
from tests.orders.factories import make_order


def _paid_order(*lines):
    order = make_order([(make_product(stock=10, price_cents=price), qty) for price, qty in lines])
    orders.mark_invoice_paid(order, actor_id=1)
    db.session.commit()
    return order


def _apply(order, request, key):
    plan = refunds.plan(order, request)
    orders.record_refund(order, plan.amount_cents, 1, "test")
    refunds.record(order, plan, key=key, method=RefundMethod.MANUAL, actor_id=None)
    db.session.commit()
    return plan


def test_a_line_refund_carries_its_share_of_the_tax(ctx):
    # 2 × 100.00 + 1 × 33.33, shipping 25.00, tax 21 % of 258.33 = 54.24 (floor in factory)
    order = _paid_order((100_00, 2), (33_33, 1))
    first, second = order.lines
    assert order.tax_cents == 54_24 and order.total_cents == 312_57
    plan = refunds.plan(order, RefundRequest(RefundMode.LINES, {first.id: 1}))
    # 100.00 × 54.24 / 258.33 = 20.996… → 21.00
    assert (plan.lines_cents, plan.shipping_cents, plan.tax_cents, plan.amount_cents) == (
        100_00, 0, 21_00, 121_00)
    with_shipping = refunds.plan(order, RefundRequest(RefundMode.LINES, {second.id: 1},
                                                      shipping=True))
    assert with_shipping.shipping_cents == 25_00
    assert with_shipping.amount_cents == 33_33 + 25_00 + 12_25  # 58.33 × 54.24/258.33


def test_two_partial_refunds_never_exceed_what_was_paid(ctx):
    order = _paid_order((100_00, 2), (33_33, 1))
    first, second = order.lines
    one = _apply(order, RefundRequest(RefundMode.LINES, {first.id: 1}), "k-first-refund-1")
    assert order.status == OrderStatus.PARTIALLY_REFUNDED and first.refunded_quantity == 1
    with pytest.raises(ValidationError) as taken:  # that unit was refunded already
        refunds.plan(order, RefundRequest(RefundMode.LINES, {first.id: 2}))
    assert taken.value.field == f"units-{first.id}"
    rest = _apply(order, RefundRequest(RefundMode.LINES, {first.id: 1, second.id: 1},
                                       shipping=True), "k-second-refund-2")
    # Everything left went back: rounding leaves nothing behind, nothing more than paid.
    assert one.amount_cents + rest.amount_cents == order.total_cents == order.refunded_cents
    assert order.status == OrderStatus.REFUNDED
    with pytest.raises(ValidationError, match="Nothing is left"):
        refunds.plan(order, RefundRequest(RefundMode.AMOUNT, amount_cents=1))


def test_earlier_amounts_count_against_line_refunds(ctx):
    order = _paid_order((100_00, 1))
    line = order.lines[0]
    _apply(order, RefundRequest(RefundMode.AMOUNT, amount_cents=100_00), "k-goodwill-00001")
    left = order.total_cents - 100_00
    with pytest.raises(ValidationError, match="more than is left"):
        refunds.plan(order, RefundRequest(RefundMode.AMOUNT, amount_cents=left + 1))
    # The whole line (and shipping) back: what is left, not the line's full price again.
    plan = refunds.plan(order, RefundRequest(RefundMode.LINES, {line.id: 1}, shipping=True))
    assert plan.amount_cents == left
    everything = refunds.plan(order, RefundRequest(RefundMode.FULL))
    assert everything.amount_cents == left and everything.units == {line.id: 1}


def test_shipping_goes_back_once_and_restock_is_capped(ctx):
    order = _paid_order((50_00, 2))
    line = order.lines[0]
    _apply(order, RefundRequest(RefundMode.LINES, {}, shipping=True), "k-shipping-00001")
    with pytest.raises(ValidationError) as again:
        refunds.plan(order, RefundRequest(RefundMode.LINES, {}, shipping=True))
    assert again.value.field == "shipping"
    with pytest.raises(ValidationError) as nothing:
        refunds.plan(order, RefundRequest(RefundMode.LINES, {}))
    assert nothing.value.field == "lines"
    with pytest.raises(ValidationError) as too_many:
        refunds.plan(order, RefundRequest(RefundMode.LINES, {line.id: 1}, restock={line.id: 3}))
    assert too_many.value.field == f"restock-{line.id}"


def test_an_unpaid_order_has_nothing_to_refund(ctx):
    order = make_order([(make_product(stock=2), 1)])
    orders.cancel(order, actor_id=1, note="Never paid")
    db.session.commit()
    assert refunds.refundable_cents(order) == 0
    with pytest.raises(ValidationError, match="Nothing is left"):
        refunds.plan(order, RefundRequest(RefundMode.FULL))


def test_a_reported_refund_on_a_held_order_is_noted_not_applied(ctx):
    order = make_order([(make_product(stock=2), 1)], controlled=True)
    orders.mark_invoice_paid(order, actor_id=1)
    assert order.status == OrderStatus.COMPLIANCE_HOLD
    assert refunds.refund_reported(order, 10_00, "Card refund of 1000 minor units.") is False
    assert order.status == OrderStatus.COMPLIANCE_HOLD and order.refunded_cents == 0
    assert "Not applied to the order" in order.events[-1].note
    orders.release_hold(order, 1, "Checked")
    assert refunds.refund_reported(order, 10_00, "Card refund.") is True
    assert order.status == OrderStatus.PARTIALLY_REFUNDED and order.refunded_cents == 10_00


def _level(product_id: int) -> tuple[int, int, int]:
    db.session.expire_all()
    level = db.session.execute(select(StockLevel).where(
        StockLevel.product_id == product_id)).scalar_one()
    return level.on_hand, level.reserved, level.allocated


def test_refunded_units_not_shipped_leave_the_hold_and_only_the_rest_ships(ctx):
    """A line refunded in part before it ships: those units will not ship, so they are
    released back to stock with or without "back in stock" (they never left the shelf);
    shipping takes only the rest; after shipping, "back in stock" is a return, capped by
    the units that shipped."""
    order = _paid_order((100_00, 3))
    line, product_id = order.lines[0], order.lines[0].product_id
    assert _level(product_id) == (10, 0, 3)
    plan = refunds.plan(order, RefundRequest(RefundMode.LINES, {line.id: 1}))
    assert plan.restock == {line.id: 1}  # nobody asked: the units go back all the same
    with pytest.raises(ValidationError) as other_units:
        refunds.plan(order, RefundRequest(RefundMode.LINES, {line.id: 1}, restock={line.id: 2}))
    assert other_units.value.field == f"restock-{line.id}"
    with pytest.raises(ValidationError):  # an amount puts no unit of a line not shipped back
        refunds.plan(order, RefundRequest(RefundMode.AMOUNT, restock={line.id: 1},
                                          amount_cents=10_00))
    _apply(order, RefundRequest(RefundMode.LINES, {line.id: 1}), "k-before-shipping-1")
    assert (line.refunded_quantity, line.restocked_quantity) == (1, 1)
    assert _level(product_id) == (10, 0, 2)  # 8 available again, 2 still the order's
    moved = db.session.execute(select(StockMovement.reason, StockMovement.on_hand_delta,
                                      StockMovement.allocated_delta)
                               .where(StockMovement.order_id == order.id)
                               .order_by(StockMovement.id)).all()
    assert moved[-1] == ("refunded before shipping", 0, -1)

    orders.mark_packed(order, actor_id=1)
    orders.mark_shipped(order, actor_id=1, carrier="DHL", tracking_number="JD1")
    db.session.commit()
    assert _level(product_id) == (8, 0, 0)  # two units left the building, not three
    with pytest.raises(ValidationError) as too_many:  # only two shipped, so two can return
        refunds.plan(order, RefundRequest(RefundMode.LINES, {line.id: 1}, restock={line.id: 3}))
    assert too_many.value.field == f"restock-{line.id}"
    plan = refunds.plan(order, RefundRequest(RefundMode.LINES, {line.id: 1}))
    assert plan.restock == {}  # shipped: back in stock only when it comes back
    _apply(order, RefundRequest(RefundMode.LINES, {line.id: 1}, restock={line.id: 1}),
           "k-after-shipping-1")
    assert _level(product_id) == (9, 0, 0)  # a customer return
    check_ledger(product_id)


def test_a_full_refund_before_shipping_releases_every_unit(ctx):
    order = _paid_order((100_00, 2), (40_00, 3))
    first, second = order.lines
    plan = _apply(order, RefundRequest(RefundMode.FULL), "k-everything-0001")
    assert plan.restock == {first.id: 2, second.id: 3}
    assert order.status == OrderStatus.REFUNDED
    for line in order.lines:
        assert _level(line.product_id) == (10, 0, 0)
        check_ledger(line.product_id)


def test_units_the_order_no_longer_holds_are_not_given_back_twice(ctx):
    """A paid order that holds fewer units than it sold (a reservation lapsed and could not
    be taken again): refunding the units it could not get releases nothing."""
    order = _paid_order((100_00, 3))
    line, product_id = order.lines[0], order.lines[0].product_id
    inventory.release_units(order.id, product_id, 2, reason="reservation expired")
    db.session.commit()
    plan = _apply(order, RefundRequest(RefundMode.LINES, {line.id: 2}), "k-short-order-01")
    assert plan.restock == {} and _level(product_id) == (10, 0, 1)
    plan = _apply(order, RefundRequest(RefundMode.LINES, {line.id: 1}), "k-short-order-02")
    assert plan.restock == {line.id: 1} and _level(product_id) == (10, 0, 0)
    check_ledger(product_id)
