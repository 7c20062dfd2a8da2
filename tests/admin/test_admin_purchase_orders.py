"""Purchase orders over HTTP: create, send, receive in part and in full (stock and ledger
follow), over-receipt refused beside its line, double submission received once, and the
"arriving" note on the product page and in the cart while stock is short; unit costs typed
like prices, with line totals and the order's total, errors beside each cost."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from shop.extensions import db
from shop.inventory import adjustments
from shop.inventory.models import StockLevel, StockMovement
from shop.inventory.purchase_models import PurchaseOrder, PurchaseReceipt
from tests.accounts.helpers import account, login
from tests.inventory.factories import main_location, make_purchase_order, soon, stocked_product


def _products(app, *units):
    with app.app_context():
        products = [stocked_product(n) for n in units]
        location = main_location()
        db.session.commit()
        return [(p.id, p.sku, p.slug) for p in products], location.id


def _on_hand(app, product_id):
    with app.app_context():
        return db.session.scalar(select(StockLevel.on_hand).where(
            StockLevel.product_id == product_id)) or 0


def _key(html: str) -> str:
    return re.search(r'name="request_key"[^>]*value="([^"]+)"', html).group(1)


def test_staff_create_send_and_receive_in_part_then_in_full(app, client):
    (a, b), location_id = _products(app, 0, 2)
    staff = account(app, "staff@example.com", role="staff")
    login(client, "staff@example.com")
    form = client.get("/admin/inventory/purchase-orders/new").text
    key = _key(form)
    data = {"supplier_name": "Mellanox Direct", "location": location_id, "request_key": key,
            "lines": f"{a[1]}, 10, {soon(7).isoformat()}\n{b[1].lower()}; 5"}
    created = client.post("/admin/inventory/purchase-orders/new", data=data)
    assert created.status_code == 302
    again = client.post("/admin/inventory/purchase-orders/new", data=data)
    assert again.status_code == 302 and again.location == created.location
    with app.app_context():
        orders = db.session.scalars(select(PurchaseOrder)).all()
        assert len(orders) == 1 and orders[0].status == "draft"
        order_id, number = orders[0].id, orders[0].number
        lines = {ln.product_id: ln.id for ln in orders[0].lines}
    assert number == f"PO-{order_id:06d}"
    page = client.get(created.location).text
    assert "Draft" in page and "Receive the units entered" not in page
    assert client.post(f"/admin/inventory/purchase-orders/{order_id}/place",
                       data={"note": ""}).status_code == 302
    page = client.get(created.location).text
    assert "Ordered" in page and "Receive the units entered" in page

    key = _key(page)
    partial = {"request_key": key, "note": "Delivery note 4471", "action": "lines",
               f"receive-{lines[a[0]]}": "4"}
    r = client.post(f"/admin/inventory/purchase-orders/{order_id}/receive", data=partial)
    assert r.status_code == 302
    twice = client.post(f"/admin/inventory/purchase-orders/{order_id}/receive", data=partial,
                        follow_redirects=True)
    assert "recorded already" in twice.text
    assert _on_hand(app, a[0]) == 4 and _on_hand(app, b[0]) == 2
    page = client.get(created.location).text
    assert "Partly received" in page

    over = client.post(f"/admin/inventory/purchase-orders/{order_id}/receive",
                       data={"request_key": _key(page), "action": "lines",
                             f"receive-{lines[a[0]]}": "7", f"receive-{lines[b[0]]}": "1"})
    assert over.status_code == 400
    assert "Only 6 still expected on this line; 7 is too many." in over.text
    assert f'id="receive-{lines[a[0]]}-error"' in over.text
    assert _on_hand(app, a[0]) == 4 and _on_hand(app, b[0]) == 2  # nothing of it applied

    rest = client.post(f"/admin/inventory/purchase-orders/{order_id}/receive",
                       data={"request_key": _key(page), "action": "all"},
                       follow_redirects=True)
    assert "Received 11 units into stock." in rest.text
    assert _on_hand(app, a[0]) == 10 and _on_hand(app, b[0]) == 7
    assert "Received" in rest.text and "Receive the units entered" not in rest.text
    with app.app_context():
        moves = db.session.execute(
            select(StockMovement.product_id, StockMovement.on_hand_delta,
                   StockMovement.on_hand_after, StockMovement.note, StockMovement.actor_id)
            .where(StockMovement.purchase_order_id == order_id, StockMovement.reason == "received")
            .order_by(StockMovement.id)).all()
        assert moves == [(a[0], 4, 4, f"{number} Delivery note 4471", staff.id),
                         (a[0], 6, 10, number, staff.id), (b[0], 5, 7, number, staff.id)]
        assert db.session.scalar(select(PurchaseOrder.status)) == "received"
        assert len(db.session.scalars(select(PurchaseReceipt)).all()) == 2
    ledger = client.get(f"/admin/inventory/ledger?po={number}").text
    assert "3 movements." in ledger
    closed = client.post(f"/admin/inventory/purchase-orders/{order_id}/receive",
                         data={"request_key": "fresh-key", "action": "all"},
                         follow_redirects=True)
    assert "nothing to receive" in closed.text
    listing = client.get("/admin/inventory/purchase-orders?status=received").text
    assert number in listing and "11 / 15" not in listing and "15 / 15" in listing


def test_bad_lines_are_explained_and_only_drafts_are_edited(app, client):
    (a,), location_id = _products(app, 1)
    account(app, "staff@example.com", role="staff")
    login(client, "staff@example.com")
    bad = client.post("/admin/inventory/purchase-orders/new", data={
        "supplier_name": "X", "location": location_id, "request_key": "k1",
        "lines": "NOPE-1, 3\n" + a[1] + ", many\n" + a[1] + ", 2, 14/03/2027"})
    assert bad.status_code == 400
    assert "Line 2: Enter a whole number" in bad.text and "Line 3:" in bad.text
    unknown = client.post("/admin/inventory/purchase-orders/new", data={
        "supplier_name": "X", "location": location_id, "request_key": "k1",
        "lines": f"NOPE-1, 3\n{a[1]}, 2\n{a[1]}, 1"})
    assert unknown.status_code == 400
    assert "Line 1: no single product has the SKU or part number “NOPE-1”." in unknown.text
    assert "Line 3: the same product as line 2" in unknown.text
    client.post("/admin/inventory/purchase-orders/new", data={
        "supplier_name": "X", "location": location_id, "request_key": "k2",
        "lines": f"{a[1]}, 2"})
    with app.app_context():
        order_id = db.session.scalar(select(PurchaseOrder.id))
    edit = client.get(f"/admin/inventory/purchase-orders/{order_id}/edit").text
    assert f"{a[1]}, 2" in edit
    assert client.post(f"/admin/inventory/purchase-orders/{order_id}/edit", data={
        "supplier_name": "Y", "location": location_id,
        "lines": f"{a[1]}, 8, 2031-01-02"}).status_code == 302
    with app.app_context():
        order = db.session.get(PurchaseOrder, order_id)
        assert order.supplier_name == "Y"
        assert [(ln.quantity_ordered, ln.expected_on.isoformat()) for ln in order.lines] == [
            (8, "2031-01-02")]
    refused = client.post(f"/admin/inventory/purchase-orders/{order_id}/cancel",
                          data={"note": ""}, follow_redirects=True)
    assert refused.status_code == 200  # a draft cancels without a note
    again = client.get(f"/admin/inventory/purchase-orders/{order_id}/edit",
                       follow_redirects=True)
    assert "Only a draft can be edited" in again.text


def test_arriving_note_on_product_page_and_cart_while_stock_is_short(app, client):
    with app.app_context():
        short = stocked_product(0, name="Short adapter")
        plenty = stocked_product(50, name="Plenty adapter")
        low = stocked_product(3, name="Low adapter")  # low, but units to sell: no note
        adjustments.set_threshold(low.id, 5, None)
        make_purchase_order([(short, 20, soon(12)), (plenty, 5, soon(12)), (low, 7, None)])
        make_purchase_order([(short, 4, soon(40))], supplier="Other")
        draft = make_purchase_order([(plenty, 9, soon(3))], place=False)
        db.session.commit()
        when = soon(12)
        slugs = {p.name: (p.id, p.slug) for p in (short, plenty, low)}
        del draft
    expected = f"20 more arriving around {when.day} {when:%B %Y}, 4 more after that"
    page = client.get(f"/p/{slugs['Short adapter'][1]}").text
    assert "Out of stock" in page and expected in page
    assert "arriving" not in client.get(f"/p/{slugs['Plenty adapter'][1]}").text
    assert "more on order" not in client.get(f"/p/{slugs['Low adapter'][1]}").text
    # A cart line asking for more than is available says what is coming.
    client.post("/cart/add", data={"product_id": slugs["Short adapter"][0], "quantity": "2"})
    client.post("/cart/add", data={"product_id": slugs["Plenty adapter"][0], "quantity": "1"})
    cart = client.get("/cart").text
    assert "out of stock at the moment" in cart and expected in cart
    assert cart.count("arriving around") == 1  # not for the line that is in stock


def test_a_cached_product_page_shows_the_arriving_note_of_the_moment(database_factory):
    """The note is a slot: a page cached before the purchase order still shows it."""
    from shop.catalog.models import Product
    from tests.harness import make_test_app

    app = make_test_app(database_factory("arriving_cache"), PAGE_CACHE=True)
    with app.app_context():
        db.create_all()
        product = stocked_product(0)
        db.session.commit()
        slug = product.slug
    client = app.test_client()
    first = client.get(f"/p/{slug}").text
    assert "Out of stock" in first and "more on order" not in first
    with app.app_context():
        make_purchase_order([(db.session.scalar(select(Product)), 6, None)])
        db.session.commit()
    assert "6 more on order" in client.get(f"/p/{slug}").text
    with app.app_context():
        db.engine.dispose()


def test_a_receipt_without_its_one_time_key_is_refused_with_a_message(app, client):
    with app.app_context():
        product = stocked_product(0)
        order = make_purchase_order([(product, 3, None)])
        db.session.commit()
        order_id, line_id, product_id = order.id, order.lines[0].id, product.id
    account(app, "staff@example.com", role="staff")
    login(client, "staff@example.com")
    r = client.post(f"/admin/inventory/purchase-orders/{order_id}/receive",
                    data={f"receive-{line_id}": "2", "action": "lines"})
    assert r.status_code == 400 and "no one-time key" in r.text
    assert 'value="2"' in r.text  # what was typed stays
    assert _on_hand(app, product_id) == 0


def _order_with_lines(app, client, currency, *lines):
    """A draft in ``currency`` made through the form; its id and line ids by SKU."""
    location_id = _products(app)[1]
    with app.app_context():
        skus = [stocked_product(0, sku=sku).sku for sku, _ in lines]
        db.session.commit()
    made = client.post("/admin/inventory/purchase-orders/new", data={
        "supplier_name": "Mellanox Direct", "location": location_id, "currency": currency,
        "request_key": f"po-{currency}",
        "lines": "\n".join(f"{sku}, {qty}" for sku, (_, qty) in zip(skus, lines, strict=True))})
    assert made.status_code == 302
    with app.app_context():
        order = db.session.scalar(select(PurchaseOrder).order_by(PurchaseOrder.id.desc()))
        return order.id, location_id, {n: ln.id for n, ln in enumerate(order.lines)}


def _error_beside(html: str, line_id: int) -> str:
    found = re.search(rf'<p class="field-error" id="cost-{line_id}-error">([^<]*)</p>', html)
    assert found, f"no error beside the cost of line {line_id}"
    return found.group(1)


def test_unit_costs_are_typed_like_prices_and_add_up_on_the_page(app, client):
    account(app, "staff@example.com", role="staff")
    login(client, "staff@example.com")
    assert "Currency of the unit costs" in client.get(
        "/admin/inventory/purchase-orders/new").text
    order_id, location_id, lines = _order_with_lines(app, client, "EUR", ("PO-COST-A", 10),
                                                     ("PO-COST-B", 3))
    url = f"/admin/inventory/purchase-orders/{order_id}"
    page = client.get(url).text
    assert "Enter unit costs" in page and f'id="cost-{lines[0]}"' in page
    saved = client.post(f"{url}/costs", data={f"cost-{lines[0]}": "1,299.00",
                                              f"cost-{lines[1]}": ""})
    assert saved.status_code == 302
    page = client.get(url).text
    assert "€1,299.00" in page and "€12,990.00" in page  # the unit, and 10 of them
    assert "(1 line without a unit cost not counted)" in page
    assert client.post(f"{url}/costs", data={f"cost-{lines[0]}": "1299.00",
                                             f"cost-{lines[1]}": "0.35"}).status_code == 302
    page = client.get(url).text
    assert "€1.05" in page and "€12,991.05" in page and "without a unit cost" not in page
    with app.app_context():
        order = db.session.get(PurchaseOrder, order_id)
        assert order.currency == "EUR"
        assert [ln.unit_cost_cents for ln in order.lines] == [129_900, 35]  # exact, minor units
        assert order.total_cost_cents == 12_991_05

    for typed, message in (("abc", "Enter the unit cost as a number, like 1299.00."),
                           ("-5", "A unit cost cannot be negative."),
                           ("12,99", "Use a dot before the cents"),
                           ("1.999", "Enter at most 2 decimals.")):
        refused = client.post(f"{url}/costs", data={f"cost-{lines[0]}": "7.00",
                                                    f"cost-{lines[1]}": typed})
        assert refused.status_code == 400
        assert _error_beside(refused.text, lines[1]).startswith(message), typed
        assert f'id="cost-{lines[1]}" name="cost-{lines[1]}"' in refused.text
        assert f'value="{typed}" aria-invalid="true"' in refused.text  # kept as typed
        assert f'id="cost-{lines[0]}-error"' not in refused.text
    with app.app_context():  # nothing of a refused form was saved
        assert [ln.unit_cost_cents for ln in db.session.get(PurchaseOrder, order_id).lines] \
            == [129_900, 35]

    # Editing the draft keeps the costs; their currency stays while they are set.
    edit = client.post(f"{url}/edit", data={
        "supplier_name": "Mellanox Direct", "location": location_id, "currency": "USD",
        "lines": "PO-COST-A, 12\nPO-COST-B, 3"})
    assert edit.status_code == 400
    assert "The unit costs are in EUR: clear them before changing the currency." in edit.text
    assert client.post(f"{url}/edit", data={
        "supplier_name": "Mellanox Direct", "location": location_id, "currency": "EUR",
        "lines": "PO-COST-A, 12\nPO-COST-B, 3"}).status_code == 302
    assert "€15,588.00" in client.get(url).text  # 12 × 1,299.00


def test_a_cost_in_yen_has_no_decimals(app, client):
    account(app, "staff@example.com", role="staff")
    login(client, "staff@example.com")
    order_id, _, lines = _order_with_lines(app, client, "JPY", ("PO-YEN", 2))
    url = f"/admin/inventory/purchase-orders/{order_id}"
    refused = client.post(f"{url}/costs", data={f"cost-{lines[0]}": "15.5"})
    assert _error_beside(refused.text, lines[0]) == "Enter a whole amount, without decimals."
    assert client.post(f"{url}/costs", data={f"cost-{lines[0]}": "15,000"}).status_code == 302
    assert "¥30,000" in client.get(url).text


def test_the_service_refuses_a_negative_cost_on_its_line(ctx):
    from shop.errors import ValidationError
    from shop.inventory import purchasing

    order = make_purchase_order([(stocked_product(0), 4, None)], place=False)
    line = order.lines[0]
    with pytest.raises(ValidationError) as refused:
        purchasing.set_unit_costs(order, {line.id: -1})
    assert refused.value.field == f"cost-{line.id}"
    assert purchasing.set_unit_costs(order, {line.id: 250}) == 1
    assert purchasing.set_unit_costs(order, {line.id: 250}) == 0
    assert line.total_cost_cents == 1000
