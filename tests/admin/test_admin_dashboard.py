"""The back office's home page: sales today, in 7 and in 30 days (paid orders less refunds)
with a bar per day drawn as SVG and the same figures as a table, orders waiting per status,
the latest changes, the parts other packages provide when they exist, and every link."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from shop.extensions import db
from shop.orders.services import mark_invoice_paid, mark_packed, record_refund
from tests.accounts.helpers import login, user
from tests.factories import make_product
from tests.orders.factories import make_order


def _orders(app):
    """Paid today: 2 orders (one partly refunded); paid 5 and 20 days ago; one unpaid."""
    with app.app_context():
        user("staff@example.com", role="staff")
        product = make_product(stock=40, price_cents=100_00)
        now = datetime.now(UTC)
        today_a = make_order([(product, 1)])  # 100 + 25 shipping + 21 % = 151.25
        today_b = make_order([(product, 2)])  # 200 + 25 + 47.25 = 272.25
        five = make_order([(product, 1)])
        twenty = make_order([(product, 1)])
        long_ago = make_order([(product, 1)])
        make_order([(product, 3)])  # awaiting payment: not a sale
        for order in (today_a, today_b, five, twenty, long_ago):
            mark_invoice_paid(order, actor_id=None)
        mark_packed(today_b, actor_id=None)
        record_refund(today_a, 51_25, None, "Goodwill")
        five.placed_at = now - timedelta(days=5)
        twenty.placed_at = now - timedelta(days=20)
        long_ago.placed_at = now - timedelta(days=45)
        db.session.commit()


def test_sales_waiting_and_latest_changes(app, client):
    _orders(app)
    login(client, "staff@example.com")
    page = client.get("/admin/")
    assert page.status_code == 200
    text = page.text
    today, week, month = 100_00 + 272_25, 100_00 + 272_25 + 151_25, 100_00 + 272_25 + 2 * 151_25
    for label, cents in (("Today", today), ("Last 7 days", week), ("Last 30 days", month)):
        assert f"<dt>{label}</dt><dd>${cents / 100:,.2f}</dd>" in text, label
    # The chart: 30 bars, each naming its day and amount; a title and a description; the
    # values and days as text; and the table behind it.
    assert text.count('<rect class="bar') == 30
    assert '<rect class="bar today"' in text
    assert 'role="img" aria-labelledby="sales-usd-title sales-usd-desc"' in text
    assert "<title id=\"sales-usd-title\">Sales per day in USD, last 30 days</title>" in text
    iso_today = datetime.now(UTC).date().isoformat()
    assert f"<title>{iso_today} (today): ${today / 100:,.2f}</title>" in text
    assert f'<th scope="row">{iso_today} (today)</th><td class="num">${today / 100:,.2f}</td>' \
        in text
    assert 'class="axis"' in text and "style=" not in text
    # Orders waiting, each a link to the filtered list.
    assert '<a href="/admin/orders?status=awaiting_payment"><span class="count">1</span> ' \
           "Awaiting invoice payment</a>" in text
    assert '<span class="count">1</span> To ship</a>' in text
    assert '<span class="count">3</span> To pack</a>' in text
    assert '<span class="count">0</span> Compliance hold</a>' in text
    # The latest order events.
    assert "Goodwill" in text and "Order placed." in text
    # The links stay.
    for href in ("/admin/orders", "/admin/posts", "/admin/audit", "/admin/outbox"):
        assert f'href="{href}"' in text, href


def test_an_empty_shop_still_draws_its_dashboard(app, client):
    with app.app_context():
        user("staff@example.com", role="staff")
    login(client, "staff@example.com")
    page = client.get("/admin/")
    assert page.status_code == 200
    assert "No paid orders in the last 30 days." in page.text
    import shop.inventory.queries as inventory_queries

    if not hasattr(inventory_queries, "low_stock"):  # another change adds it
        assert "Running low" not in page.text


def test_stock_and_supplier_queues_show_what_waits(app, client, tmp_path):
    from shop.inventory.adjustments import set_threshold
    from shop.suppliers.models import ApplicationStatus
    from shop.suppliers.services import history
    from shop.suppliers.services.history import Actor
    from tests.inventory.factories import make_purchase_order, soon, stocked_product
    from tests.suppliers.helpers import submit

    with app.app_context():
        user("staff@example.com", role="staff")
        low = stocked_product(2, sku="LOW-1", name="ConnectX-7 adapter")
        set_threshold(low.id, 5, None)
        plenty = stocked_product(50, sku="OK-1", name="Plenty adapter")
        set_threshold(plenty.id, 5, None)
        make_purchase_order([(low, 4, soon(2))], supplier="Mellanox Direct")
        waiting = submit(str(tmp_path), legal_name="Fibre Optics GmbH")
        history.move(waiting, ApplicationStatus.IN_REVIEW, actor=Actor.APPLICANT,
                     actor_id=None)
        unconfirmed = submit(str(tmp_path), legal_name="Quiet Cables Ltd",
                             tax_id="GB980780684", country_code="GB", email="a@quiet.example")
        assert unconfirmed.status == ApplicationStatus.SUBMITTED
        db.session.commit()
    login(client, "staff@example.com")
    text = client.get("/admin/").text
    running_low = text[text.index("Running low"):text.index("Arriving this week")]
    assert "ConnectX-7 adapter" in running_low and "Plenty adapter" not in running_low
    assert "2 available, threshold 5" in running_low
    arriving = text[text.index("Arriving this week"):text.index("Suppliers waiting")]
    assert "4 × ConnectX-7 adapter" in arriving
    queue = text[text.index("Suppliers waiting"):text.index("Latest changes")]
    assert "Fibre Optics GmbH" in queue and "Quiet Cables Ltd" not in queue


def test_the_dashboard_is_for_staff_only(app, client):
    assert client.get("/admin/").status_code == 302
    with app.app_context():
        user("cust@example.com")
    login(client, "cust@example.com")
    assert client.get("/admin/").status_code == 403
