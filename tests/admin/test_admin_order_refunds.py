"""Refunds in the back office over HTTP, for an order paid by transfer (recorded only): by
line with the tax, confirmed on a page of their own, once however often the confirmation is
sent, never above what was paid; errors beside the line that caused them."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from shop.extensions import db
from shop.inventory.models import StockLevel
from shop.orders.models import Order, OrderLine, OrderRefund, OrderStatus
from shop.orders.services import mark_invoice_paid, mark_packed, mark_shipped
from tests.accounts.helpers import login, user
from tests.admin.helpers import hidden_fields as _hidden
from tests.factories import make_product
from tests.inventory.ledger_check import check_ledger
from tests.orders.factories import make_order


def _shipped_order(app):
    with app.app_context():
        user("staff@example.com", role="staff")
        a = make_product(stock=5, price_cents=100_00, mpn="NIC-A")
        b = make_product(stock=5, price_cents=40_00, mpn="CABLE-B")
        order = make_order([(a, 2), (b, 3)])
        mark_invoice_paid(order, actor_id=None)
        mark_packed(order, actor_id=None)
        mark_shipped(order, None, "DHL", "JD1")
        db.session.commit()
        return order.id, [line.id for line in order.lines], a.id


def _order(app, order_id):
    with app.app_context():
        order = db.session.get(Order, order_id)
        return (order.status, order.refunded_cents, order.total_cents,
                {line.mpn: (line.refunded_quantity, line.restocked_quantity)
                 for line in order.lines})


def _levels(app, product_id):
    with app.app_context():
        level = db.session.scalar(select(StockLevel).where(StockLevel.product_id == product_id))
        return level.on_hand, level.reserved, level.allocated


def _on_hand(app, product_id):
    with app.app_context():
        return db.session.scalar(select(func.sum(StockLevel.on_hand))
                                 .where(StockLevel.product_id == product_id))


def test_refund_one_line_confirmed_once(app, client):
    order_id, (line_a, line_b), product_a = _shipped_order(app)
    login(client, "staff@example.com")
    page = client.get(f"/admin/orders/{order_id}").text
    assert f'id="units-{line_a}"' in page and "left to refund" in page
    before_stock = _on_hand(app, product_a)
    worked = client.post(f"/admin/orders/{order_id}/refund", data={
        "mode": "lines", f"units-{line_a}": "1", f"restock-{line_a}": "1",
        "note": "One adapter came back"})
    assert worked.status_code == 200
    # 100.00 with its tax: the order's tax is 21 % of (320.00 + 25.00) = 72.45 → 100 × 72.45
    # / 345.00 = 21.00
    assert "Refund $121.00 on order" in worked.text and "recorded only" in worked.text
    assert _order(app, order_id)[1] == 0  # nothing happens before the confirmation
    fields = _hidden(worked.text)
    assert fields["expected"] == "12100" and len(fields["key"]) >= 16
    done = client.post(f"/admin/orders/{order_id}/refund/confirm", data=fields,
                       follow_redirects=True)
    assert "Refund recorded." in done.text
    status, refunded, total, lines = _order(app, order_id)
    assert (status, refunded) == (OrderStatus.PARTIALLY_REFUNDED, 121_00)
    assert lines == {"NIC-A": (1, 1), "CABLE-B": (0, 0)}
    assert _on_hand(app, product_a) == before_stock + 1
    # The order page lists the refund: who, how, what.
    assert "1 × NIC-A (1 back in stock)" in done.text and "Recorded (made another way)" in \
        done.text and "One adapter came back" in done.text
    # The same confirmation again (a double click, a reload) refunds nothing more.
    again = client.post(f"/admin/orders/{order_id}/refund/confirm", data=fields,
                        follow_redirects=True)
    assert "had been made already" in again.text
    assert _order(app, order_id)[1] == 121_00 and _on_hand(app, product_a) == before_stock + 1
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(OrderRefund)) == 1


def test_a_second_partial_refund_cannot_pass_what_was_paid(app, client):
    order_id, (line_a, line_b), _ = _shipped_order(app)
    login(client, "staff@example.com")
    first = client.post(f"/admin/orders/{order_id}/refund", data={
        "mode": "amount", "amount": "300.00"})
    client.post(f"/admin/orders/{order_id}/refund/confirm", data=_hidden(first.text))
    status, refunded, total, _ = _order(app, order_id)
    assert refunded == 300_00 and total == 417_45
    # Both lines back would be 417.45 in all, but only 117.45 is left: taken whole, no more.
    everything = client.post(f"/admin/orders/{order_id}/refund", data={
        "mode": "lines", f"units-{line_a}": "2", f"units-{line_b}": "3", "shipping": "y"})
    assert "Refund $117.45 on order" in everything.text
    # One line alone (242.00 with tax) is more than is left: refused, nothing changes.
    one = client.post(f"/admin/orders/{order_id}/refund", data={
        "mode": "lines", f"units-{line_a}": "2"})
    assert one.status_code == 400 and "more than is left" in one.text
    too_much = client.post(f"/admin/orders/{order_id}/refund", data={
        "mode": "amount", "amount": "117.46"})
    assert too_much.status_code == 400 and "more than is left" in too_much.text
    client.post(f"/admin/orders/{order_id}/refund/confirm", data=_hidden(everything.text))
    status, refunded, total, lines = _order(app, order_id)
    assert (status, refunded) == (OrderStatus.REFUNDED, total)
    assert lines == {"NIC-A": (2, 0), "CABLE-B": (3, 0)}
    page = client.get(f"/admin/orders/{order_id}").text
    assert "Work out the refund" not in page  # nothing left: no refund form


def test_line_errors_stand_beside_their_line(app, client):
    order_id, (line_a, line_b), _ = _shipped_order(app)
    login(client, "staff@example.com")
    bad = client.post(f"/admin/orders/{order_id}/refund", data={
        "mode": "lines", f"units-{line_a}": "two", f"units-{line_b}": "9"})
    assert bad.status_code == 400
    assert f'<p class="field-error" id="units-{line_a}-error">Enter a whole number' in bad.text
    assert f'aria-describedby="units-{line_a}-error"' in bad.text
    over = client.post(f"/admin/orders/{order_id}/refund", data={
        "mode": "lines", f"units-{line_b}": "9"})
    assert over.status_code == 400
    assert f'id="units-{line_b}-error">CABLE-B: only 3 unrefunded.' in over.text
    none = client.post(f"/admin/orders/{order_id}/refund", data={"mode": "lines"})
    assert none.status_code == 400 and "Choose the units to refund, or shipping." in none.text
    no_mode = client.post(f"/admin/orders/{order_id}/refund", data={"mode": "everything"})
    assert no_mode.status_code == 400 and 'id="mode-error"' in no_mode.text
    assert _order(app, order_id)[1] == 0


def test_a_confirmation_for_an_order_that_changed_is_refused(app, client):
    order_id, (line_a, _), _ = _shipped_order(app)
    login(client, "staff@example.com")
    stale = _hidden(client.post(f"/admin/orders/{order_id}/refund", data={
        "mode": "lines", f"units-{line_a}": "2"}).text)
    fresh = _hidden(client.post(f"/admin/orders/{order_id}/refund", data={
        "mode": "amount", "amount": "200.00"}).text)
    client.post(f"/admin/orders/{order_id}/refund/confirm", data=fresh)
    refused = client.post(f"/admin/orders/{order_id}/refund/confirm", data=stale,
                          follow_redirects=True)
    assert "more than is left" in refused.text or "changed since" in refused.text
    assert _order(app, order_id)[1] == 200_00
    forged = dict(fresh, key="another-key-000000001", expected="1")
    refused = client.post(f"/admin/orders/{order_id}/refund/confirm", data=forged,
                          follow_redirects=True)
    assert "changed since" in refused.text and _order(app, order_id)[1] == 200_00
    bad_key = client.post(f"/admin/orders/{order_id}/refund/confirm",
                          data=dict(fresh, key="<script>"), follow_redirects=True)
    assert "not confirmed" in bad_key.text and _order(app, order_id)[1] == 200_00


def test_no_refund_for_a_held_or_unpaid_order(app, client):
    with app.app_context():
        user("staff@example.com", role="staff")
        held = make_order([(make_product(stock=2), 1)], controlled=True)
        mark_invoice_paid(held, actor_id=None)
        unpaid = make_order([(make_product(stock=2), 1)])
        db.session.commit()
        held_id, unpaid_id = held.id, unpaid.id
        held_line = held.lines[0].id
    login(client, "staff@example.com")
    for order_id in (held_id, unpaid_id):
        assert "Work out the refund" not in client.get(f"/admin/orders/{order_id}").text
    refused = client.post(f"/admin/orders/{unpaid_id}/refund", data={"mode": "full"},
                          follow_redirects=True)
    assert "nothing can be refunded on this order now" in refused.text
    refused = client.post(f"/admin/orders/{held_id}/refund", data={
        "mode": "lines", f"units-{held_line}": "1"}, follow_redirects=True)
    assert "nothing can be refunded on this order now" in refused.text
    # A confirmation made up for it (no page offered one) is refused by the rules too.
    confirm = client.post(f"/admin/orders/{held_id}/refund/confirm", data={
        "mode": "lines", f"units-{held_line}": "1", "key": "made-up-key-0000001",
        "expected": "1"}, follow_redirects=True)
    assert "cannot be refunded now" in confirm.text
    with app.app_context():
        assert db.session.get(Order, held_id).refunded_cents == 0
        assert db.session.scalar(select(func.sum(OrderLine.refunded_quantity))) == 0


def test_refunded_units_not_shipped_go_back_and_the_rest_is_packed_and_shipped(app, client):
    with app.app_context():
        user("staff@example.com", role="staff")
        order = make_order([(make_product(stock=5, price_cents=100_00, mpn="NIC-P"), 3)])
        mark_invoice_paid(order, actor_id=None)  # paid, its 3 units allocated, not shipped
        db.session.commit()
        order_id, line_id, product_id = order.id, order.lines[0].id, order.lines[0].product_id
        number = order.number
    login(client, "staff@example.com")
    page = client.get(f"/admin/orders/{order_id}").text
    assert f'id="restock-{line_id}"' not in page  # nothing to choose before it ships
    assert "Not shipped: refunded units go back by themselves" in page
    other = client.post(f"/admin/orders/{order_id}/refund", data={
        "mode": "lines", f"units-{line_id}": "1", f"restock-{line_id}": "2"})
    assert other.status_code == 400
    assert f'id="restock-{line_id}-error">NIC-P has not shipped' in other.text
    assert _order(app, order_id)[1] == 0
    some = client.post(f"/admin/orders/{order_id}/refund", data={
        "mode": "lines", f"units-{line_id}": "1"})
    assert some.status_code == 200
    assert re.search(r'NIC-P</span></th><td class="num">1</td><td class="num">1</td>',
                     some.text)  # one unit refunded, one back in stock
    client.post(f"/admin/orders/{order_id}/refund/confirm", data=_hidden(some.text))
    status, refunded, total, lines = _order(app, order_id)
    assert (status, lines) == (OrderStatus.PARTIALLY_REFUNDED, {"NIC-P": (1, 1)})
    assert _levels(app, product_id) == (5, 0, 2)  # one unit is free to sell again
    slip = client.get(f"/admin/orders/{number}/packing-slip").text
    assert "2 units in 1 line" in slip and "(3 ordered, 1 refunded)" in slip
    with app.app_context():
        order = db.session.get(Order, order_id)
        mark_packed(order, actor_id=None)
        mark_shipped(order, None, "DHL", "JD1")
        db.session.commit()
    assert _levels(app, product_id) == (3, 0, 0)  # two units shipped, not three
    page = client.get(f"/admin/orders/{order_id}").text
    assert f'id="restock-{line_id}"' in page  # shipped: a return is now a choice
    whole = client.post(f"/admin/orders/{order_id}/refund", data={
        "mode": "full", f"restock-{line_id}": "2"})
    client.post(f"/admin/orders/{order_id}/refund/confirm", data=_hidden(whole.text))
    status, refunded, total, lines = _order(app, order_id)
    assert (status, refunded, lines) == (OrderStatus.REFUNDED, total, {"NIC-P": (3, 3)})
    assert _levels(app, product_id) == (5, 0, 0)  # both came back
    with app.app_context():
        check_ledger(product_id)
