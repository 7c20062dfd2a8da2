"""Staff refunds of card orders against localstripe: by line through the provider, once per
confirmed form (its key is the idempotency key), never past what was paid; a refund made
another way recorded without calling the provider; and a ``charge.refunded`` the order's
status cannot take is recorded on the payment and noted, never a failed webhook."""

from __future__ import annotations

from sqlalchemy import select

from shop.extensions import db
from shop.orders.models import Order, OrderEvent, OrderRefund, OrderStatus
from shop.payments.gateway import current_gateway
from shop.payments.models import Payment, PaymentStatus, Refund
from tests.accounts.helpers import PASSWORD
from tests.admin.helpers import csrf_of, login_with_csrf
from tests.admin.helpers import hidden_fields as _hidden
from tests.payments.card_orders import paid_card_order
from tests.payments.conftest import WEBHOOK_PATH, charge_object, event, signed


def _charge(localstripe, intent):
    charge_id = localstripe.get(f"/v1/payment_intents/{intent}")["latest_charge"]
    charge_id = charge_id["id"] if isinstance(charge_id, dict) else charge_id
    return localstripe.get(f"/v1/charges/{charge_id}")


def _work_out(client, order_id, **data):
    """The refund worked out (CSRF on, as in production); the confirmation's fields."""
    data["csrf_token"] = csrf_of(client, f"/admin/orders/{order_id}")
    return client.post(f"/admin/orders/{order_id}/refund", data=data)


def _lines(app, order_id):
    with app.app_context():
        return {line.mpn: line.id for line in db.session.get(Order, order_id).lines}


def _state(app, order_id):
    with app.app_context():
        order = db.session.get(Order, order_id)
        payment = db.session.scalar(select(Payment).where(Payment.order_id == order_id))
        return order.status, order.refunded_cents, payment.status, payment.refunded_cents


def test_staff_refund_a_line_through_the_provider_once(pay_app, pay_client, localstripe):
    order_id, intent = paid_card_order(pay_app, localstripe)
    lines = _lines(pay_app, order_id)
    assert _state(pay_app, order_id)[0] == OrderStatus.PAID
    keys = []
    with pay_app.app_context():
        gateway = current_gateway()
        refund = gateway.refund
        gateway.refund = lambda *a, **k: keys.append(a[2]) or refund(*a, **k)
    try:
        login_with_csrf(pay_client, "staff@example.com", PASSWORD)
        worked = _work_out(pay_client, order_id, mode="lines",
                           **{f"units-{lines['NIC-A']}": "1"})
        assert "through the payment provider" in worked.text
        fields = _hidden(worked.text)
        done = pay_client.post(f"/admin/orders/{order_id}/refund/confirm", data=fields,
                               follow_redirects=True)
        assert "Refund made." in done.text and "Card, through the payment provider" in done.text
        again = pay_client.post(f"/admin/orders/{order_id}/refund/confirm", data=fields,
                                follow_redirects=True)
        assert "had been made already" in again.text
    finally:
        with pay_app.app_context():
            del current_gateway().refund
    amount = int(fields["expected"])
    assert keys == [f"order-{_number(pay_app, order_id)}-refund-{fields['key']}"]
    assert _charge(localstripe, intent)["amount_refunded"] == amount
    assert _state(pay_app, order_id) == (OrderStatus.PARTIALLY_REFUNDED, amount,
                                         PaymentStatus.PARTIALLY_REFUNDED, amount)
    with pay_app.app_context():
        [made] = db.session.scalars(select(OrderRefund)).all()
        provider = db.session.get(Refund, made.payment_refund_id)
        assert (made.method, made.amount_cents, provider.amount_cents) == ("card", amount, amount)
        # not shipped yet: the refunded unit will not ship, so it is back in stock
        assert made.lines == [{"line_id": lines["NIC-A"], "units": 1, "restock": 1}]


def _number(app, order_id):
    with app.app_context():
        return db.session.get(Order, order_id).number


def test_two_card_refunds_never_exceed_what_was_paid(pay_app, pay_client, localstripe):
    order_id, intent = paid_card_order(pay_app, localstripe)
    lines = _lines(pay_app, order_id)
    login_with_csrf(pay_client, "staff@example.com", PASSWORD)
    first = _hidden(_work_out(pay_client, order_id, mode="lines",
                              **{f"units-{lines['NIC-A']}": "2"}).text)
    pay_client.post(f"/admin/orders/{order_id}/refund/confirm", data=first)
    status, refunded, _, _ = _state(pay_app, order_id)
    with pay_app.app_context():
        total = db.session.get(Order, order_id).total_cents
    left = total - refunded
    over = _work_out(pay_client, order_id, mode="amount", amount=f"{(left + 1) / 100:.2f}")
    assert over.status_code == 400 and "more than is left" in over.text
    rest = _hidden(_work_out(pay_client, order_id, mode="full").text)
    assert int(rest["expected"]) == left
    pay_client.post(f"/admin/orders/{order_id}/refund/confirm", data=rest)
    assert _state(pay_app, order_id) == (OrderStatus.REFUNDED, total,
                                         PaymentStatus.REFUNDED, total)
    assert _charge(localstripe, intent)["amount_refunded"] == total


def test_a_refund_made_another_way_is_recorded_without_the_provider(pay_app, pay_client,
                                                                    localstripe):
    order_id, intent = paid_card_order(pay_app, localstripe)
    login_with_csrf(pay_client, "staff@example.com", PASSWORD)
    worked = _work_out(pay_client, order_id, mode="amount", amount="10.00", manual="y",
                       note="Refunded in dashboard")
    assert "recorded only" in worked.text
    done = pay_client.post(f"/admin/orders/{order_id}/refund/confirm",
                           data=_hidden(worked.text), follow_redirects=True)
    assert "Refund recorded." in done.text
    assert _state(pay_app, order_id) == (OrderStatus.PARTIALLY_REFUNDED, 10_00,
                                         PaymentStatus.SUCCEEDED, 0)
    assert _charge(localstripe, intent)["amount_refunded"] == 0


def test_charge_refunded_on_a_held_order_is_recorded_and_noted(pay_app, pay_client,
                                                               localstripe):
    order_id, intent = paid_card_order(pay_app, localstripe, controlled=True)
    assert _state(pay_app, order_id)[0] == OrderStatus.COMPLIANCE_HOLD
    number = _number(pay_app, order_id)
    with pay_app.app_context():
        amount = db.session.get(Order, order_id).total_cents
    body, header = signed(event("evt_held_1", "charge.refunded", charge_object(
        intent, amount, 50_00, [("re_held_1", 50_00)], order_number=number)))
    response = pay_client.post(WEBHOOK_PATH, data=body, content_type="application/json",
                               headers={"Stripe-Signature": header})
    assert response.status_code == 200
    assert _state(pay_app, order_id) == (OrderStatus.COMPLIANCE_HOLD, 0,
                                         PaymentStatus.PARTIALLY_REFUNDED, 50_00)
    with pay_app.app_context():
        notes = list(db.session.scalars(select(OrderEvent.note).where(
            OrderEvent.order_id == order_id).order_by(OrderEvent.id)))
    assert "Card refund of 5000 minor units" in notes[-1]
    assert "Not applied to the order" in notes[-1]
    # Staff see it on the order page, and may record it on the order once it is released.
    login_with_csrf(pay_client, "staff@example.com", PASSWORD)
    assert "Not applied to the order" in pay_client.get(f"/admin/orders/{order_id}").text
