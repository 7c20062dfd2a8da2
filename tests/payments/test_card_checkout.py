"""A card checkout against localstripe: the order is committed before Stripe is called, the
payment page carries the intent's client secret under a CSP that allows Stripe there only, and
the webhook, not the browser, marks the order paid."""

from __future__ import annotations

import re

from sqlalchemy import select

from shop.extensions import db
from shop.inventory.models import StockLevel
from shop.orders.models import Order, OrderStatus
from shop.payments.gateway import current_gateway
from shop.payments.queries import current_payment
from tests.factories import make_product
from tests.harness import make_test_app
from tests.payments.conftest import wait_for

ADDRESS = {"ship_full_name": "Ada Admin", "ship_line1": "Keizersgracht 1",
           "ship_city": "Amsterdam", "ship_postal_code": "1015 CJ", "ship_country_code": "NL"}


def _csrf(html: str) -> str:
    match = re.search(r'name="csrf_token"(?: type="hidden")?(?: id="[^"]*")? value="([^"]+)"',
                      html) or re.search(r'id="csrf_token" name="csrf_token" type="hidden" '
                                         r'value="([^"]+)"', html)
    return match.group(1) if match else ""


def _card_order(app, client, stock=3):
    with app.app_context():
        product = make_product(stock=stock, price_cents=249_00, eccn="EAR99")
        db.session.commit()
        product_id = product.id
    client.post("/cart/add", data={"csrf_token": _csrf(client.get("/cart").text),
                                   "product_id": product_id, "quantity": 1})
    page = client.get("/checkout").text
    assert 'value="card"' in page
    client.post("/checkout", data={"csrf_token": _csrf(page), "email": "ada@example.com",
                                   "name": "Ada", **ADDRESS, "billing_same": "y",
                                   "shipping_method": "standard", "payment_method": "card"})
    review = client.get("/checkout/review").text
    token = re.search(r'name="token"[^>]*value="([^"]+)"', review).group(1)
    placed = client.post("/checkout/place", data={"csrf_token": _csrf(review), "token": token})
    assert placed.status_code == 302 and "/checkout/pay/" in placed.location
    with app.app_context():
        order = db.session.scalar(select(Order).order_by(Order.id.desc()))
        assert order.status == OrderStatus.PENDING_PAYMENT  # committed before Stripe
        return order.id, order.number, product_id, placed.location


def _order(app, order_id):
    with app.app_context():
        try:
            order = db.session.get(Order, order_id)
            return order.status, [e.note for e in order.events]
        finally:
            db.session.remove()


def test_paid_by_card_the_webhook_marks_the_order_paid(pay_app, live_shop, localstripe):
    client = pay_app.test_client()
    order_id, number, product_id, pay_url = _card_order(pay_app, client)
    page = client.get(pay_url)
    assert page.status_code == 200 and "data-client-secret=" in page.text
    csp = page.headers["Content-Security-Policy"]
    assert "https://js.stripe.com" in csp
    assert "js.stripe.com" not in client.get("/cart").headers["Content-Security-Policy"]
    with pay_app.app_context():
        intent_id = current_payment(order_id).provider_intent_id
        localstripe.pay_in_browser(intent_id, "pm_card_visa")
        assert current_gateway().confirm(intent_id).succeeded
        db.session.remove()
    assert _order(pay_app, order_id)[0] in (OrderStatus.PENDING_PAYMENT, OrderStatus.PAID)
    assert wait_for(lambda: _order(pay_app, order_id)[0] == OrderStatus.PAID)
    with pay_app.app_context():
        level = db.session.scalar(select(StockLevel).where(StockLevel.product_id == product_id))
        assert (level.reserved, level.allocated) == (0, 1)
    again = client.get(pay_url)  # paid: the payment page sends the customer to the order
    assert again.status_code == 302 and f"/orders/{number}" in again.location


def test_a_declined_card_leaves_the_order_waiting_and_offers_invoice(pay_app, live_shop,
                                                                   localstripe):
    from shop.payments.exceptions import CardDeclined

    client = pay_app.test_client()
    order_id, number, _, pay_url = _card_order(pay_app, client)
    client.get(pay_url)
    with pay_app.app_context():
        intent_id = current_payment(order_id).provider_intent_id
        localstripe.pay_in_browser(intent_id, "pm_card_chargeCustomerFail")
        try:
            current_gateway().confirm(intent_id)
        except CardDeclined:
            pass
        db.session.remove()
    assert wait_for(lambda: any("failed" in n for n in _order(pay_app, order_id)[1]))
    assert _order(pay_app, order_id)[0] == OrderStatus.PENDING_PAYMENT
    token = re.search(r"t=([^&]+)", pay_url).group(1)
    switch = client.get(f"/checkout/pay/{number}/invoice?t={token}")
    response = client.post(f"/checkout/pay/{number}/invoice",
                           data={"csrf_token": _csrf(switch.text), "t": token,
                                 "token": token})
    assert response.status_code == 302
    assert _order(pay_app, order_id)[0] == OrderStatus.AWAITING_PAYMENT


def test_stripe_unreachable_keeps_the_order_and_charges_nothing(database_factory, localstripe):
    from tests.payments.conftest import PUBLISHABLE_KEY, SECRET_KEY, WEBHOOK_SECRET, free_port

    app = make_test_app(database_factory("stripe_down"), STRIPE_SECRET_KEY=SECRET_KEY,
                        STRIPE_PUBLISHABLE_KEY=PUBLISHABLE_KEY,
                        STRIPE_WEBHOOK_SECRET=WEBHOOK_SECRET,
                        STRIPE_API_BASE=f"http://127.0.0.1:{free_port()}",
                        STRIPE_NETWORK_RETRIES=0, STRIPE_TIMEOUT=2)
    with app.app_context():
        db.create_all()
    client = app.test_client()
    order_id, number, _, pay_url = _card_order(app, client)
    page = client.get(pay_url)
    assert page.status_code == 200 and "cannot be reached right now" in page.text
    assert "nothing was charged" in page.text
    with app.app_context():
        assert current_payment(order_id) is None
        assert db.session.get(Order, order_id).status == OrderStatus.PENDING_PAYMENT
        db.session.remove()
        db.engine.dispose()
