"""Isolation in the supplier portal: an organisation sees and changes only its own listings'
prices and stock, its own feeds (imports), the order lines of its own products and its own
messages, whatever ids are put into the addresses or the forms. Every object type is tried
both ways between two organisations (A and B), and against the shop's own products; each
refused attempt changes nothing. (Applications, documents, members and invitations are
tried both ways in ``test_suppliers_isolation.py`` and ``test_suppliers_portal.py``.)"""

from __future__ import annotations

import io
import re

import pytest
from sqlalchemy import select

from shop.extensions import db
from shop.inventory.imports.models import ImportStatus, ProductImport
from shop.suppliers.models_messages import SupplierMessage
from tests.orders.factories import make_order
from tests.suppliers.portal_helpers import signed_in, snapshot, world


@pytest.fixture
def two(app, uploads):
    """Organisations A and B with their listings, a signed-in member each, and the products'
    ids by SKU."""
    a, b, ids = world(app)
    return {"A": (a, signed_in(app, a)), "B": (b, signed_in(app, b))}, ids


BOTH_WAYS = [("A", "B"), ("B", "A")]


def _stock_form(product_id: int, price: str = "1.00", stock: str = "99") -> dict:
    p = f"p{product_id}-"
    return {p + "price": price, p + "stock": stock, p + "price_was": "1",
            p + "stock_was": "0", p + "next": "/supplier/stock"}


def _feed(client, body: str):
    return client.post("/supplier/feed", data={
        "file": (io.BytesIO(body.replace("\n", "\r\n").encode()), "feed.csv"),
        "currency": "USD"}, content_type="multipart/form-data")


@pytest.mark.parametrize("me, other", BOTH_WAYS)
def test_stock_and_prices_of_another_organisation_are_out_of_reach(app, two, me, other):
    orgs, ids = two
    _org, client = orgs[me]
    before = snapshot(app)
    for sku in (f"{other}-1", f"{other}-2", "SHOP-1"):
        product_id = ids[sku]
        answer = client.post(f"/supplier/stock/{product_id}", data=_stock_form(product_id))
        assert answer.status_code == 404, sku
        # The other's product id in the form's fields, under my own product's address:
        # my form finds none of its fields, and nothing of theirs moves.
        mine = ids[f"{me}-1"]
        answer = client.post(f"/supplier/stock/{mine}", data=_stock_form(product_id))
        assert answer.status_code == 400 and "Enter the price." in answer.text
    assert client.post("/supplier/stock/2147483647", data=_stock_form(1)).status_code == 404
    assert snapshot(app) == before
    page = client.get("/supplier/stock").text
    assert f">{me}-1<" in page and f">{other}-1<" not in page and "SHOP-1" not in page
    assert f">{other}-1<" not in client.get(f"/supplier/stock?q={other}-1").text


@pytest.mark.parametrize("me, other", BOTH_WAYS)
def test_feeds_of_another_organisation_are_missing(app, two, me, other):
    orgs, ids = two
    (_mine, client), (_theirs, their_client) = orgs[me], orgs[other]
    answer = _feed(their_client, f"sku,price\n{other}-1,321.00\n")
    assert answer.status_code == 302
    theirs = int(answer.headers["Location"].rsplit("/", 1)[1])
    before = snapshot(app)
    for path in (f"/supplier/feed/{theirs}", f"/supplier/feed/{theirs}?kind=changed",
                 f"/supplier/feed/{theirs}?page=2"):
        assert client.get(path).status_code == 404, path
    for action in ("apply", "preview"):
        assert client.post(f"/supplier/feed/{theirs}/{action}", data={}).status_code == 404
    assert client.get(f"/admin/imports/{theirs}").status_code == 403
    assert snapshot(app) == before
    with app.app_context():
        assert db.session.get(ProductImport, theirs).status == ImportStatus.PREVIEWED
    listing = client.get("/supplier/feed").text
    assert f'href="/supplier/feed/{theirs}"' not in listing
    exported = client.get("/supplier/feed/export.csv").data.decode("utf-8-sig")
    assert f"{me}-1," in exported and f"{other}-1" not in exported and "SHOP-1" not in exported

    # Their SKUs (and the shop's) in my feed: errors on their rows, nothing applied.
    answer = _feed(client, f"sku,price,stock\n{other}-1,1.00,50\nSHOP-1,1.00,50\n"
                           f"{me}-1,210.00,6\n")
    mine = int(answer.headers["Location"].rsplit("/", 1)[1])
    page = client.get(f"/supplier/feed/{mine}").text
    assert f"SKU {other}-1 belongs to another supplier." in page
    assert "SKU SHOP-1 belongs to another supplier." in page
    assert client.post(f"/supplier/feed/{mine}/apply", data={}).status_code == 302
    after = snapshot(app)
    assert after == {**before, "imports": before["imports"] + 1}


@pytest.mark.parametrize("me, other", BOTH_WAYS)
def test_order_lines_of_another_organisation_are_not_shown(app, two, me, other):
    orgs, ids = two
    _org, client = orgs[me]
    with app.app_context():
        from shop.catalog.models import Product

        products = {sku: db.session.get(Product, pid) for sku, pid in ids.items()}
        only_theirs = make_order([(products[f"{other}-1"], 1)]).number
        shared = make_order([(products[f"{me}-1"], 1), (products[f"{other}-1"], 2),
                             (products["SHOP-1"], 1)]).number
        db.session.commit()
    page = client.get("/supplier/orders").text
    assert shared in page and only_theirs not in page
    rows = re.findall(r"<tr>(.*?)</tr>", page.split("<tbody>")[1], re.S)
    assert len(rows) == 1 and f">{me}-1<" in rows[0]
    assert f">{other}-1<" not in page and "SHOP-1" not in page
    assert only_theirs not in client.get("/supplier/").text


@pytest.mark.parametrize("me, other", BOTH_WAYS)
def test_messages_of_another_organisation_are_missing(app, two, me, other):
    orgs, _ids = two
    (mine, client), (theirs, _their_client) = orgs[me], orgs[other]
    with app.app_context():
        to_them = SupplierMessage(organisation_id=theirs.id, subject=f"For {other} only",
                                  body="Private.")
        to_me = SupplierMessage(organisation_id=mine.id, subject=f"For {me}", body="Hi.")
        db.session.add_all([to_them, to_me])
        db.session.commit()
        their_id, my_id = to_them.id, to_me.id
    assert client.get(f"/supplier/messages/{their_id}").status_code == 404
    inbox = client.get("/supplier/messages").text
    assert f"For {me}" in inbox and f"For {other} only" not in inbox
    assert f"For {other} only" not in client.get("/supplier/").text
    with app.app_context():
        assert db.session.scalar(select(SupplierMessage.read_at).where(
            SupplierMessage.id == their_id)) is None
    assert client.get(f"/supplier/messages/{my_id}").status_code == 200
    # A member cannot write messages (the back office is for staff).
    assert client.post(f"/admin/suppliers/organisations/{theirs.id}/messages",
                       data={"subject": "x", "body": "y"}).status_code == 403


def test_strangers_and_customers_reach_none_of_it(app, two):
    from tests.accounts.helpers import login, user

    _orgs, ids = two
    with app.app_context():
        user("customer@example.com")
    customer = app.test_client()
    login(customer, "customer@example.com")
    stranger = app.test_client()
    before = snapshot(app)
    for path in ("/supplier/stock", "/supplier/feed", "/supplier/feed/export.csv",
                 "/supplier/feed/1", "/supplier/orders", "/supplier/messages",
                 "/supplier/messages/1"):
        assert customer.get(path).status_code == 403, path
        assert stranger.get(path).status_code == 302, path  # to sign in
    assert customer.post(f"/supplier/stock/{ids['A-1']}",
                         data=_stock_form(ids["A-1"])).status_code == 403
    assert stranger.post(f"/supplier/stock/{ids['A-1']}",
                         data=_stock_form(ids["A-1"])).status_code == 302
    assert snapshot(app) == before
