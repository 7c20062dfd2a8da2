"""Checkout over HTTP: details, review, place; one order per checkout, prices from the server,
restricted destinations refused and recorded, controlled items held, stock never oversold."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from shop.compliance.models import Screening
from shop.extensions import db
from shop.inventory.models import StockLevel
from shop.orders.models import Order, OrderStatus
from shop.orders.services import mark_invoice_paid
from tests.factories import make_product

ADDRESS = {"ship_full_name": "Ada Admin", "ship_line1": "Keizersgracht 1",
           "ship_city": "Amsterdam", "ship_postal_code": "1015 CJ", "ship_country_code": "NL"}


def _csrf(html: str) -> str:
    """The page's CSRF token (the testing config switches CSRF off; tests/security checks
    it)."""
    match = re.search(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"', html)
    return match.group(1) if match else ""


def _product(app, stock=5, price=1000_00, **kw):
    with app.app_context():
        product = make_product(stock=stock, price_cents=price, **kw)
        db.session.commit()
        return product.id, product.slug


def _add(client, product_id, quantity=1, **extra):
    page = client.get("/cart").text
    return client.post("/cart/add", data={"csrf_token": _csrf(page), "product_id": product_id,
                                          "quantity": quantity, **extra})


def _details(client, **overrides):
    page = client.get("/checkout")
    assert page.status_code == 200
    data = {"csrf_token": _csrf(page.text), "email": "ada@example.com", "name": "Ada Admin",
            **ADDRESS, "billing_same": "y", "shipping_method": "standard",
            "payment_method": "invoice", "action": "review", **overrides}
    return client.post("/checkout", data=data)


def _place(client):
    review = client.get("/checkout/review")
    assert review.status_code == 200, review.text
    token = re.search(r'name="token"[^>]*value="([^"]+)"', review.text)
    assert token, "no checkout token on the review page"
    return review, {"csrf_token": _csrf(review.text), "token": token.group(1)}


def test_a_guest_buys_on_invoice_and_a_double_click_makes_one_order(app, client):
    product_id, _ = _product(app, stock=5, price=1000_00)
    assert _add(client, product_id, 2).status_code == 302
    response = _details(client)
    assert response.status_code == 302 and response.location.endswith("/checkout/review")
    review, form = _place(client)
    # NL ships in the EU zone (standard $25.00); NL VAT 21 % on goods and shipping.
    assert "$2,000.00" in review.text and "$25.00" in review.text and "$425.25" in review.text
    assert "$2,450.25" in review.text
    first = client.post("/checkout/place", data=form)
    second = client.post("/checkout/place", data=form)  # the same click, again
    assert first.status_code == second.status_code == 302
    assert first.location.split("?")[0] == second.location.split("?")[0]
    page = client.get(first.location)
    assert page.status_code == 200 and "Waiting for the bank transfer" in page.text
    with app.app_context():
        orders = db.session.scalars(select(Order)).all()
        assert len(orders) == 1
        order = orders[0]
        assert order.total_cents == 2450_25 and order.status == OrderStatus.AWAITING_PAYMENT
        level = db.session.scalar(select(StockLevel).where(StockLevel.product_id == product_id))
        assert (level.on_hand, level.allocated) == (5, 2)
        assert db.session.scalar(select(func.count()).select_from(Screening)
                                 .where(Screening.subject_id == order.id)) == 2
    assert client.get("/cart").text.count("Test adapter") == 0  # the ordered lines are gone


def test_prices_come_from_the_catalogue_not_the_form(app, client):
    product_id, _ = _product(app, price=500_00)
    _add(client, product_id, 1, price_cents=1, unit_price_cents=1, currency="JPY")
    _details(client, total_cents=1, subtotal_cents=1)
    review, form = _place(client)
    client.post("/checkout/place", data={**form, "total_cents": "1", "price": "0.01"})
    with app.app_context():
        order = db.session.scalar(select(Order))
        assert order.subtotal_cents == 500_00 and order.currency == "USD"
        assert order.lines[0].unit_price_cents == 500_00


def test_a_restricted_destination_is_refused_and_recorded(app, client):
    product_id, _ = _product(app)
    _add(client, product_id)
    response = _details(client, ship_country_code="CU", ship_city="Havana")
    assert response.status_code == 200
    assert "field-error" in response.text and "Cuba" in response.text
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Order)) == 0
    crimea = _details(client, ship_country_code="UA", ship_city="Simferopol",
                      ship_region="Crimea")
    assert crimea.status_code == 200 and "field-error" in crimea.text


def test_a_controlled_item_is_held_for_staff_after_payment(app, client):
    product_id, _ = _product(app, eccn="5A002.a")
    _add(client, product_id)
    _details(client)
    _, form = _place(client)
    client.post("/checkout/place", data=form)
    with app.app_context():
        order = db.session.scalar(select(Order))
        assert order.controlled and "hold" in order.screening
        mark_invoice_paid(order, actor_id=1)
        db.session.commit()
        assert order.status == OrderStatus.COMPLIANCE_HOLD


def test_the_last_units_sold_meanwhile_send_the_buyer_back_to_the_cart(app, client):
    product_id, _ = _product(app, stock=1)
    _add(client, product_id)
    _details(client)
    _, form = _place(client)
    with app.app_context():
        from shop.inventory import services as inventory

        level = db.session.scalar(select(StockLevel).where(StockLevel.product_id == product_id))
        inventory.allocate(product_id, level.location_id, 1, order_id=999)
        db.session.commit()
    response = client.post("/checkout/place", data=form)
    assert response.status_code == 302 and response.location.endswith("/cart")
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Order)) == 0


def test_bad_input_is_answered_next_to_the_field(app, client):
    product_id, _ = _product(app)
    _add(client, product_id)
    response = _details(client, email="not-an-address", ship_country_code="XX",
                        vat_number="DE123", shipping_method="teleport", payment_method="gold")
    assert response.status_code == 200
    assert response.text.count('class="field-error"') >= 3
    empty = _details(client, ship_line1="", ship_city="")
    assert "Enter the street address." in empty.text and "Enter the city." in empty.text


def test_an_eu_business_with_a_valid_vat_number_pays_no_vat(app, client):
    product_id, _ = _product(app, price=100_00)
    _add(client, product_id)
    # A number valid in format and checksum for Belgium, shipping to Belgium.
    response = _details(client, ship_country_code="BE", ship_city="Brussels",
                        ship_postal_code="1000", vat_number="BE0403170701")
    assert response.status_code == 302, response.text
    review, form = _place(client)
    assert "reverse charge" in review.text.lower()
    client.post("/checkout/place", data=form)
    with app.app_context():
        order = db.session.scalar(select(Order))
        assert order.reverse_charge and order.tax_cents == 0
        assert order.total_cents == 100_00 + 2500


def test_the_order_page_opens_for_its_link_its_owner_and_staff_only(app, client):
    product_id, _ = _product(app)
    _add(client, product_id)
    _details(client)
    _, form = _place(client)
    placed = client.post("/checkout/place", data=form)
    path = placed.location.split("?")[0]
    stranger = app.test_client()
    assert stranger.get(path).status_code == 404
    assert stranger.get(path + "?t=forged").status_code == 404
    assert stranger.get(placed.location).status_code == 200
    invoice = stranger.get(placed.location.replace(path, path + "/invoice"))
    assert invoice.status_code == 200 and "Invoice" in invoice.text


def test_the_order_link_in_the_mail_is_withheld_from_the_outbox_outside_development(app,
                                                                                      client):
    from shop.mail import OutboxMessage, withhold_secrets

    product_id, _ = _product(app)
    _add(client, product_id)
    _details(client)
    _, form = _place(client)
    placed = client.post("/checkout/place", data=form)
    with app.app_context():
        mail = db.session.scalar(select(OutboxMessage).where(
            OutboxMessage.to_address == "ada@example.com"))
        assert placed.location.split("?t=")[1] in mail.text_body  # testing shows secrets
        app.config["OUTBOX_SHOWS_SECRETS"] = False
        try:
            shown = withhold_secrets(mail.text_body)
        finally:
            app.config["OUTBOX_SHOWS_SECRETS"] = True
        assert "/orders/" not in shown and "link withheld" in shown
