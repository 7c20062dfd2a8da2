"""Orders in the back office over HTTP: each action once, errors next to their field, and who
may do what (anonymous, customer, staff, admin)."""

import pytest
from sqlalchemy import func, select

from shop.extensions import db
from shop.mail import OutboxMessage
from shop.orders.models import Order, OrderEvent, OrderStatus
from shop.orders.services import mark_invoice_paid
from tests.accounts.helpers import account, login, user
from tests.admin.helpers import hidden_fields
from tests.factories import make_product, make_supplier_organisation
from tests.orders.factories import make_order


def _order(app, controlled=False, paid=True):
    with app.app_context():
        user("staff@example.com", role="staff")
        order = make_order([(make_product(stock=3, price_cents=100_00), 2)],
                           controlled=controlled)
        if paid:
            mark_invoice_paid(order, actor_id=None)
        db.session.commit()
        return order.id


def _status(app, order_id):
    with app.app_context():
        order = db.session.get(Order, order_id)
        return order.status, order.refunded_cents


def _refund(client, order_id, **data):
    """Work out a refund, then confirm it with the key and amount the page gave."""
    worked = client.post(f"/admin/orders/{order_id}/refund", data=data)
    if worked.status_code != 200:
        return worked
    fields = hidden_fields(worked.text)
    return client.post(f"/admin/orders/{order_id}/refund/confirm", data=fields)


def test_staff_pack_ship_and_refund_an_order(app, client):
    order_id = _order(app)
    login(client, "staff@example.com")
    assert "Mark packed" in client.get(f"/admin/orders/{order_id}").text
    assert client.post(f"/admin/orders/{order_id}/pack", data={}).status_code == 302
    again = client.post(f"/admin/orders/{order_id}/pack", data={}, follow_redirects=True)
    assert "cannot" in again.text.lower() or "not allowed" in again.text.lower()
    missing = client.post(f"/admin/orders/{order_id}/ship", data={"carrier": "DHL"})
    assert missing.status_code == 400 and "Enter the tracking number." in missing.text
    shipped = client.post(f"/admin/orders/{order_id}/ship",
                          data={"carrier": "DHL", "tracking_number": "JD014600"})
    assert shipped.status_code == 302
    with app.app_context():
        mail = db.session.scalar(select(OutboxMessage).where(
            OutboxMessage.subject.like("%has shipped")))
        assert "JD014600" in mail.text_body
    bad = client.post(f"/admin/orders/{order_id}/refund", data={"mode": "amount",
                                                                 "amount": "abc"})
    assert bad.status_code == 400 and "Enter an amount like 120.00." in bad.text
    too_much = client.post(f"/admin/orders/{order_id}/refund",
                           data={"mode": "amount", "amount": "99999"})
    assert too_much.status_code == 400 and "more than is left" in too_much.text
    assert _status(app, order_id) == (OrderStatus.SHIPPED, 0)
    ok = _refund(client, order_id, mode="amount", amount="50.00", note="One came back")
    assert ok.status_code == 302
    assert _status(app, order_id) == (OrderStatus.PARTIALLY_REFUNDED, 50_00)
    assert client.post(f"/admin/orders/{order_id}/teleport", data={}).status_code == 404


def test_release_and_cancel_a_hold_need_a_note(app, client):
    held, other = _order(app, controlled=True), None
    with app.app_context():
        other = make_order([(make_product(stock=2), 1)], controlled=True)
        mark_invoice_paid(other, actor_id=None)
        db.session.commit()
        other = other.id
    assert _status(app, held)[0] == OrderStatus.COMPLIANCE_HOLD
    login(client, "staff@example.com")
    refused = client.post(f"/admin/orders/{held}/release", data={"note": "  "})
    assert refused.status_code == 400 and "Say why the order may go ahead." in refused.text
    assert client.post(f"/admin/orders/{held}/release",
                       data={"note": "End use checked"}).status_code == 302
    assert _status(app, held)[0] == OrderStatus.PAID
    refused = client.post(f"/admin/orders/{other}/cancel", data={})
    assert refused.status_code == 400 and "Say why the held order is cancelled." in refused.text
    assert client.post(f"/admin/orders/{other}/cancel",
                       data={"note": "Refused end use"}).status_code == 302
    assert _status(app, other)[0] == OrderStatus.CANCELLED
    with app.app_context():
        notes = set(db.session.scalars(select(OrderEvent.note)))
    assert {"End use checked", "Refused end use"} <= notes


ACTIONS = [
    ("get", "/admin/orders", {}),
    ("get", "/admin/orders/{id}", {}),
    ("get", "/admin/orders/{number}/packing-slip", {}),
    ("post", "/admin/orders/{id}/pack", {}),
    ("post", "/admin/orders/{id}/ship", {"carrier": "DHL", "tracking_number": "1"}),
    ("post", "/admin/orders/{id}/deliver", {}),
    ("post", "/admin/orders/{id}/cancel", {"note": "x"}),
    ("post", "/admin/orders/{id}/release", {"note": "x"}),
    ("post", "/admin/orders/{id}/mark-paid", {}),
    ("post", "/admin/orders/{id}/refund", {"mode": "full"}),
    ("post", "/admin/orders/{id}/refund/confirm",
     {"mode": "full", "key": "k" * 20, "expected": "1"}),
]


@pytest.mark.parametrize("role", [None, "customer", "supplier"])
def test_order_pages_and_actions_are_for_staff_only(app, client, role):
    order_id = _order(app)
    with app.app_context():
        number = db.session.get(Order, order_id).number
    if role:
        with app.app_context():
            supplier_id = make_supplier_organisation().id if role == "supplier" else None
            db.session.commit()
        account(app, f"{role}@example.com", role=role, supplier_id=supplier_id)
        login(client, f"{role}@example.com")
    for method, path, data in ACTIONS:
        url = path.format(id=order_id, number=number)
        response = getattr(client, method)(url, data=data)
        if role is None:
            assert response.status_code == 302 and "/account/login" in response.location, url
        else:
            assert response.status_code == 403, url
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(OrderEvent).where(
            OrderEvent.order_id == order_id)) == 2  # placed, paid: nothing more
    assert _status(app, order_id) == (OrderStatus.PAID, 0)


@pytest.mark.parametrize("role", ["staff", "admin"])
def test_staff_and_admins_may_act(app, client, role):
    order_id = _order(app)
    account(app, f"{role}-acts@example.com", role=role)
    login(client, f"{role}-acts@example.com")
    with app.app_context():
        number = db.session.get(Order, order_id).number
    for _method, path, _data in ACTIONS[:3]:
        assert client.get(path.format(id=order_id, number=number)).status_code == 200, path
    assert client.post(f"/admin/orders/{order_id}/pack", data={}).status_code == 302
    assert client.post(f"/admin/orders/{order_id}/ship", data={
        "carrier": "UPS", "tracking_number": "1Z999"}).status_code == 302
    assert client.post(f"/admin/orders/{order_id}/deliver", data={}).status_code == 302
    assert _refund(client, order_id, mode="full").status_code == 302
    assert _status(app, order_id)[0] == OrderStatus.REFUNDED
