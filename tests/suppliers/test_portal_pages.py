"""The supplier portal's order lines, messages from staff and dashboard: each organisation
sees the lines of its own products only, with the order's number, date, status and ship-to
country and none of the customer's personal data; staff write to an organisation from the
back office, its members get the mail and read the message in the portal."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from shop.catalog.models import Product
from shop.db import utcnow
from shop.extensions import db
from shop.orders.models import PaymentMethod
from shop.suppliers.models_messages import SupplierMessage
from tests.accounts.helpers import user
from tests.orders.factories import make_order
from tests.suppliers.helpers import mails
from tests.suppliers.portal_helpers import signed_in, snapshot, world


def _order(app, lines, **kwargs) -> str:
    with app.app_context():
        products = {p.sku: p for p in db.session.scalars(select(Product))}
        order = make_order([(products[sku], qty) for sku, qty in lines], **kwargs)
        db.session.commit()
        return order.number


def test_order_lines_show_only_the_organisations_lines_and_no_personal_data(app, client):
    a, b, _ids = world(app)
    number = _order(app, [("A-1", 2), ("B-1", 1), ("SHOP-1", 1)], country="DE",
                    company="Secret Research Ltd", po_number="PO-778",
                    email="buyer@customer.example")
    unpaid = _order(app, [("A-1", 1)], method=PaymentMethod.CARD,
                    reserve_until=utcnow() + timedelta(minutes=15))
    for who, mine, others in ((a, "A-1", ("B-1", "SHOP-1")), (b, "B-1", ("A-1", "SHOP-1"))):
        page = signed_in(app, who).get("/supplier/orders")
        assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
        text = page.text
        assert number in text and "Germany" in text and "Waiting for the bank transfer" in text
        assert f'<td class="mono">{mine}</td>' in text
        for sku in others:
            assert f">{sku}<" not in text
        for private in ("Ada Admin", "buyer@customer.example", "Keizersgracht", "Amsterdam",
                        "Secret Research", "PO-778", "1015"):
            assert private not in text, private
        assert unpaid not in text  # waiting for its card payment: not placed yet
        assert "1 line." in text
    page = signed_in(app, a).get("/supplier/orders").text
    assert re.search(r'<td class="num">2</td>\s*<td class="num">\$200\.00</td>', page)
    assert signed_in(app, a).get("/supplier/orders?page=2").status_code == 404


def test_staff_write_members_get_the_mail_and_read_it_in_the_portal(app, client, staff):
    a, b, _ids = world(app)
    with app.app_context():
        user("second@alpha.example", role="supplier", supplier_id=a.id)
    form = staff.get(f"/admin/suppliers/organisations/{a.id}/messages")
    assert form.status_code == 200 and "ann@alpha.example" in form.text
    assert "/messages" in staff.get("/admin/suppliers/organisations").text
    sent = staff.post(f"/admin/suppliers/organisations/{a.id}/messages", data={
        "subject": "Prices for Q1", "body": "Hello.\n\nPlease check your DAC prices."})
    assert sent.status_code == 302
    for address in ("ann@alpha.example", "second@alpha.example"):
        (mail,) = mails(app, address)
        assert "Prices for Q1" in mail.subject and "Please check your DAC prices." in \
            mail.text_body
        assert re.search(r"/supplier/messages/\d+", mail.text_body)
    assert mails(app, "ben@beta.example") == []
    with app.app_context():
        message = db.session.scalars(select(SupplierMessage)).one()
        assert (message.organisation_id, message.author_id, message.read_at) == (
            a.id, staff.staff_id, None)
        message_id = message.id

    member = signed_in(app, a)
    inbox = member.get("/supplier/messages").text
    assert "Prices for Q1" in inbox and "1 not read yet" in inbox
    assert "1 not read yet" in member.get("/supplier/").text
    opened = member.get(f"/supplier/messages/{message_id}")
    assert opened.status_code == 200 and "Please check your DAC prices." in opened.text
    with app.app_context():
        read = db.session.get(SupplierMessage, message_id)
        assert read.read_at is not None and read.read_by_id == a.user_id
        first_read = read.read_at
    member.get(f"/supplier/messages/{message_id}")
    with app.app_context():
        assert db.session.get(SupplierMessage, message_id).read_at == first_read
    assert "not read yet" not in member.get("/supplier/messages").text
    assert "Prices for Q1" not in signed_in(app, b).get("/supplier/messages").text
    staff_view = staff.get(f"/admin/suppliers/organisations/{a.id}/messages").text
    assert "Sent (1)" in staff_view and "not yet" not in staff_view


def test_a_message_needs_a_subject_and_a_body(app, client, staff):
    a, _b, _ids = world(app)
    before = snapshot(app)
    answer = staff.post(f"/admin/suppliers/organisations/{a.id}/messages",
                        data={"subject": "  ", "body": ""})
    assert answer.status_code == 400
    assert re.search(r'id="subject-error">Write a subject\.<', answer.text)
    assert re.search(r'id="body-error">Write the message\.<', answer.text)
    assert snapshot(app) == before and mails(app, "ann@alpha.example") == []
    assert staff.post("/admin/suppliers/organisations/99999/messages",
                      data={"subject": "x", "body": "y"}).status_code == 404
    assert staff.get("/admin/suppliers/organisations/99999/messages").status_code == 404


def test_only_staff_write_messages(app, client, uploads):
    a, _b, _ids = world(app)
    member = signed_in(app, a)
    assert member.get(f"/admin/suppliers/organisations/{a.id}/messages").status_code == 403
    assert member.post(f"/admin/suppliers/organisations/{a.id}/messages",
                       data={"subject": "x", "body": "y"}).status_code == 403
    assert snapshot(app)["messages"] == []


def test_the_dashboard_shows_listings_stock_lines_and_messages(app, client):
    a, _b, _ids = world(app)
    number = _order(app, [("A-1", 2)])
    with app.app_context():
        db.session.add(SupplierMessage(organisation_id=a.id, subject="Welcome aboard",
                                       body="Hi."))
        db.session.commit()
    page = signed_in(app, a).get("/supplier/").text
    listings = page.split('id="listings-h"')[1].split("</section>")[0]
    assert re.search(r"<dt>Draft</dt><dd>1</dd>", listings)
    assert re.search(r"<dt>Published</dt><dd>1</dd>", listings)
    stock = page.split('id="stock-h"')[1].split("</section>")[0]
    assert re.search(r"<dt>Units on hand</dt><dd>5</dd>", stock)
    assert re.search(r"<dt>Held for orders</dt><dd>2</dd>", stock)
    assert re.search(r"<dt>Available to sell</dt><dd>3</dd>", stock)
    assert re.search(r"<dt>Listings in stock</dt><dd>1 of 2</dd>", stock)
    assert number in page and "Welcome aboard" in page
    for path in ("/supplier/stock", "/supplier/feed", "/supplier/orders", "/supplier/messages"):
        assert f'href="{path}"' in page  # the portal's menu
