"""Orders in the back office over HTTP: each action once, errors next to their field."""

from sqlalchemy import select

from shop.extensions import db
from shop.mail import OutboxMessage
from shop.orders.models import Order, OrderStatus
from shop.orders.services import mark_invoice_paid
from tests.accounts.helpers import login, user
from tests.factories import make_product
from tests.orders.factories import make_order


def _order(app):
    with app.app_context():
        user("staff@example.com", role="staff")
        order = make_order([(make_product(stock=3, price_cents=100_00), 2)])
        mark_invoice_paid(order, actor_id=None)
        db.session.commit()
        return order.id


def _status(app, order_id):
    with app.app_context():
        order = db.session.get(Order, order_id)
        return order.status, order.refunded_cents


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
    bad = client.post(f"/admin/orders/{order_id}/refund", data={"amount": "abc"})
    assert bad.status_code == 400 and "Enter an amount like 120.00." in bad.text
    too_much = client.post(f"/admin/orders/{order_id}/refund", data={"amount": "99999"})
    assert too_much.status_code == 400 and "more than is left" in too_much.text
    assert _status(app, order_id) == (OrderStatus.SHIPPED, 0)
    ok = client.post(f"/admin/orders/{order_id}/refund", data={"amount": "50.00",
                                                                "note": "One came back"})
    assert ok.status_code == 302
    assert _status(app, order_id) == (OrderStatus.PARTIALLY_REFUNDED, 50_00)
    assert client.post(f"/admin/orders/{order_id}/teleport", data={}).status_code == 404
