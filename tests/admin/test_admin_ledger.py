"""The stock ledger over HTTP: every movement with who, why, before and after, filters,
paging, and the CSV export with formula cells made inert."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from sqlalchemy import update

from shop.db import utcnow
from shop.extensions import db
from shop.inventory import adjustments
from shop.inventory import services as inventory
from shop.inventory.models import StockMovement
from shop.orders.services import mark_invoice_paid, mark_packed, mark_shipped
from tests.accounts.helpers import account, login
from tests.inventory.factories import main_location, stocked_product
from tests.orders.factories import make_order


def _ledger_data(app, staff_id):
    with app.app_context():
        main = main_location()
        east = inventory.get_or_create_location("EAST", "East warehouse")
        a = stocked_product(10, sku="LEDGER-A", name="=HYPERLINK(\"http://x\")")
        b = stocked_product(4, sku="LEDGER-B")
        adjustments.adjust_stock(a.id, main.id, -2, reason="damaged",
                                 note="@SUM(1+1) fell off the shelf", actor_id=staff_id)
        adjustments.adjust_stock(b.id, east.id, 6, reason="received", note="+delivery 77",
                                 actor_id=staff_id)
        order = make_order([(a, 3)])
        mark_invoice_paid(order, actor_id=staff_id)
        mark_packed(order, staff_id)
        mark_shipped(order, staff_id, "DHL", "JD1")
        # an old movement, for the date filter
        db.session.execute(update(StockMovement).where(StockMovement.product_id == b.id,
                                                       StockMovement.reason == "receipt")
                           .values(created_at=utcnow() - timedelta(days=30)))
        db.session.commit()
        return a.id, b.id, order.number, east.id


def test_the_ledger_shows_who_why_and_before_after_with_filters(app, client):
    staff = account(app, "staff@example.com", role="staff")
    a_id, b_id, number, east_id = _ledger_data(app, staff.id)
    login(client, "staff@example.com")
    page = client.get("/admin/inventory/ledger").text
    assert "6 movements." in page
    assert "10 → 8" in page and "(-2)" in page  # damaged: before → after
    assert "8 → 5" in page  # shipped: 3 left
    assert "staff@example.com" in page and "fell off the shelf" in page
    assert number in page  # the order's number, linked
    only_a = client.get("/admin/inventory/ledger?product=ledger-a").text
    assert "LEDGER-A" in only_a and "LEDGER-B" not in only_a
    received = client.get("/admin/inventory/ledger?reason=received").text
    assert "1 movement." in received and "+delivery 77" in received
    east = client.get(f"/admin/inventory/ledger?location={east_id}").text
    assert "1 movement." in east
    by_order = client.get(f"/admin/inventory/ledger?order={number}").text
    assert "2 movements." in by_order  # allocated, then shipped
    today = utcnow().date().isoformat()
    recent = client.get(f"/admin/inventory/ledger?from={today}&to={today}").text
    assert "5 movements." in recent
    bad = client.get("/admin/inventory/ledger?from=yesterday&product=NOPE-0")
    assert bad.status_code == 400
    assert "is not a date like" in bad.text and "No product has the SKU" in bad.text
    assert client.get("/admin/inventory/ledger?page=9").status_code == 404


def test_the_csv_export_streams_the_filtered_rows_with_formulas_made_inert(app, client,
                                                                         monkeypatch):
    from shop.admin import inventory_ledger

    monkeypatch.setattr(inventory_ledger, "EXPORT_BATCH", 3)  # several batches, one file
    staff = account(app, "staff@example.com", role="staff")
    a_id, _b_id, number, _east = _ledger_data(app, staff.id)
    login(client, "staff@example.com")
    r = client.get("/admin/inventory/ledger.csv?product=LEDGER-A")
    assert r.status_code == 200 and r.mimetype == "text/csv"
    assert r.is_streamed
    assert "attachment" in r.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(r.get_data(as_text=True))))
    header, body = rows[0], rows[1:]
    assert header[:6] == ["id", "time_utc", "sku", "product", "location", "reason"]
    assert len(body) == 4  # receipt, damaged, allocation, shipment
    col = {name: i for i, name in enumerate(header)}
    damaged = next(row for row in body if row[col["reason"]] == "damaged")
    assert damaged[col["on_hand_before"]] == "10" and damaged[col["on_hand_after"]] == "8"
    assert damaged[col["on_hand_change"]] == "-2"  # a number stays a number
    assert damaged[col["note"]] == "'@SUM(1+1) fell off the shelf"
    assert damaged[col["product"]] == "'=HYPERLINK(\"http://x\")"
    assert damaged[col["by"]] == "staff@example.com"
    shipped = next(row for row in body if row[col["reason"]] == "shipment")
    assert shipped[col["order"]] == number
    for row in body:
        for cell in row:
            assert not cell.startswith(("=", "+", "@", "\t", "\r")), cell
            assert not cell.startswith("-") or cell.lstrip("-").isdigit(), cell
    everything = client.get("/admin/inventory/ledger.csv").get_data(as_text=True)
    assert "'+delivery 77" in everything
    ids = [row[0] for row in list(csv.reader(io.StringIO(everything)))[1:]]
    assert len(ids) == 6 and ids == sorted(ids, key=int, reverse=True)
    assert client.get("/admin/inventory/ledger.csv?from=nonsense").status_code == 400


def test_safe_cell_quotes_every_formula_start():
    from shop.admin.inventory_ledger import safe_cell

    for text in ("=1+1", "+1", "-1+1", "@A1", "\tx", "\rx", "-x"):
        assert safe_cell(text) == "'" + text
    assert safe_cell(-3) == -3 and safe_cell("-3") == "-3" and safe_cell("a=b") == "a=b"
    assert safe_cell(None) == ""
