"""The back office's order list: filters (status, dates, country, payment method, export
control) and search (the start of a number, e-mail, company or PO number, any case), bad
filter values shown beside their field; the packing slip: what to pack, where, no prices."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from shop.extensions import db
from shop.orders.models import PaymentMethod
from shop.orders.services import mark_invoice_paid, mark_packed
from tests.accounts.helpers import login, user
from tests.factories import make_product
from tests.orders.factories import make_order


def _orders(app) -> dict[str, str]:
    """Five orders, named for the tests; returns name → order number."""
    with app.app_context():
        user("staff@example.com", role="staff")
        product = make_product(stock=50, price_cents=10_00)
        made = {
            "dutch": make_order([(product, 1)], country="NL", email="Ann@Acme.example",
                                company="Acme Networks", po_number="PO-4711"),
            "german": make_order([(product, 1)], country="DE", email="bob@globex.example",
                                 company="Globex"),
            "card": make_order([(product, 1)], country="DE", method=PaymentMethod.CARD,
                               email="cat@initech.example",
                               reserve_until=datetime.now(UTC) + timedelta(minutes=15)),
            "held": make_order([(product, 1)], country="FR", controlled=True,
                               email="dan@umbrella.example"),
            "old": make_order([(product, 1)], country="NL", email="eve@acme.example",
                              company="Acme Networks", po_number="PO-0815"),
        }
        mark_invoice_paid(made["held"], actor_id=None)  # compliance hold
        mark_invoice_paid(made["german"], actor_id=None)
        made["old"].placed_at = datetime(2025, 3, 10, 12, tzinfo=UTC)
        db.session.commit()
        return {name: order.number for name, order in made.items()}


def _listed(client, query: str, numbers: dict[str, str]) -> set[str]:
    page = client.get("/admin/orders" + query)
    assert page.status_code == 200, page.text
    return {name for name, number in numbers.items() if f">{number}</a>" in page.text}


def test_filters_and_search(app, client):
    numbers = _orders(app)
    login(client, "staff@example.com")
    everything = set(numbers)
    assert _listed(client, "", numbers) == everything
    assert _listed(client, "?status=paid", numbers) == {"german"}
    assert _listed(client, "?country=NL", numbers) == {"dutch", "old"}
    assert _listed(client, "?method=card", numbers) == {"card"}
    assert _listed(client, "?compliance=hold", numbers) == {"held"}
    assert _listed(client, "?compliance=controlled", numbers) == {"held"}
    today = datetime.now(UTC).date().isoformat()
    assert _listed(client, f"?since={today}", numbers) == everything - {"old"}
    assert _listed(client, "?since=2025-03-10&until=2025-03-10", numbers) == {"old"}
    assert _listed(client, "?country=DE&method=invoice&status=paid", numbers) == {"german"}
    # Search: the start of a number (with or without FP-), e-mail, company, PO; any case.
    number = numbers["german"]
    assert _listed(client, f"?q={number}", numbers) == {"german"}
    assert _listed(client, f"?q={number[3:].lower()}", numbers) == {"german"}
    assert _listed(client, "?q=ann@acme", numbers) == {"dutch"}
    assert _listed(client, "?q=ANN@ACME.EXAMPLE", numbers) == {"dutch"}
    assert _listed(client, "?q=acme", numbers) == {"dutch", "old"}
    assert _listed(client, "?q=globex", numbers) == {"german"}
    assert _listed(client, "?q=po-47", numbers) == {"dutch"}
    assert _listed(client, "?q=acme&country=NL&since=2026-01-01", numbers) == (
        {"dutch"} if today >= "2026-01-01" else set())
    assert _listed(client, "?q=%25", numbers) == set()  # a wildcard is only a character
    assert "No orders match." in client.get("/admin/orders?q=nobody").text


def test_bad_filter_values_are_shown_and_ignored(app, client):
    numbers = _orders(app)
    login(client, "staff@example.com")
    page = client.get("/admin/orders?since=last+week&status=teleported&country=Narnia"
                      "&method=cheque&compliance=maybe")
    assert page.status_code == 200
    assert 'id="since-error">Not a valid date value.' in page.text
    assert page.text.count("Choose one of the listed values.") == 4
    assert "Not a valid choice" not in page.text
    assert _listed(client, "?since=last+week", numbers) == set(numbers)
    backwards = client.get("/admin/orders?since=2026-02-01&until=2026-01-01")
    assert "The end comes before the start." in backwards.text
    assert client.get("/admin/orders?page=0").status_code == 404
    assert client.get("/admin/orders?page=99").status_code == 404


def test_open_statuses_are_counted_in_the_status_filter(app, client):
    _orders(app)
    login(client, "staff@example.com")
    page = client.get("/admin/orders").text
    assert "Paid; being prepared (1)</option>" in page
    assert "Paid; export review before shipping (1)</option>" in page
    assert "Waiting for the bank transfer (2)</option>" in page
    assert ">Delivered</option>" in page  # final statuses are not counted


def test_the_packing_slip_lists_what_to_pack_without_prices(app, client):
    with app.app_context():
        user("staff@example.com", role="staff")
        adapter = make_product(stock=5, price_cents=1234_56, mpn="MCX75310AAS-NEAT",
                               name="ConnectX-7 adapter", eccn="5A992.c")
        cable = make_product(stock=9, price_cents=98_76, mpn="MCP1600-C001E30N",
                             name="DAC cable 1 m")
        order = make_order([(adapter, 2), (cable, 3)], country="DE", po_number="PO-99")
        order.note = "Deliver to gate 4"
        mark_invoice_paid(order, actor_id=None)
        mark_packed(order, actor_id=None)
        db.session.commit()
        number, order_id = order.number, order.id
    login(client, "staff@example.com")
    assert f"/admin/orders/{number}/packing-slip" in client.get(f"/admin/orders/{order_id}").text
    slip = client.get(f"/admin/orders/{number}/packing-slip")
    assert slip.status_code == 200
    text = slip.text
    for expected in (number, "ConnectX-7 adapter", "MCX75310AAS-NEAT", "DAC cable 1 m",
                     "MCP1600-C001E30N", "PO-99", "Keizersgracht 1", "Germany",
                     "Export controlled: ECCN 5A992.c", "Deliver to gate 4",
                     "5 units in 2 lines"):
        assert expected in text, expected
    assert '<td class="num">2</td>' in text and '<td class="num">3</td>' in text
    for price in ("1,234.56", "98.76", "$"):
        assert price not in text.split('<article class="packing-slip">')[1], price
    assert client.get("/admin/orders/FP-NOPE0000/packing-slip").status_code == 404
    assert client.get(f"/admin/orders/{number.lower()}/packing-slip").status_code == 200
