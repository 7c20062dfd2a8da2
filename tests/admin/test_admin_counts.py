"""Stock counts over HTTP: start, enter (typed per product and pasted), review, post once;
a count below what is promised to orders is refused line by line."""

from __future__ import annotations

from sqlalchemy import select

from shop.extensions import db
from shop.inventory.count_models import StockCount
from shop.inventory.models import StockLevel, StockMovement
from tests.accounts.helpers import account, login
from tests.inventory.factories import main_location, stocked_product
from tests.orders.factories import make_order


def _levels(app, ids):
    with app.app_context():
        return dict(db.session.execute(select(StockLevel.product_id, StockLevel.on_hand)
                                       .where(StockLevel.product_id.in_(ids))).all())


def test_count_typed_and_pasted_reviewed_and_posted_once(app, client):
    with app.app_context():
        a, b, c = stocked_product(10, sku="CNT-A"), stocked_product(5, sku="CNT-B"), \
            stocked_product(3, sku="CNT-C")
        location = main_location()
        db.session.commit()
        ids, location_id = (a.id, b.id, c.id), location.id
    staff = account(app, "staff@example.com", role="staff")
    login(client, "staff@example.com")
    missing = client.post("/admin/inventory/counts", data={"location": location_id, "note": ""})
    assert missing.status_code == 400 and "Say what is counted and why." in missing.text
    started = client.post("/admin/inventory/counts",
                          data={"location": location_id, "note": "Aisle 3, quarterly"})
    assert started.status_code == 302
    with app.app_context():
        count_id = db.session.scalar(select(StockCount.id))
    page = client.get(f"/admin/inventory/counts/{count_id}").text
    assert f'name="count-{ids[0]}"' in page and "CNT-B" in page
    typed = client.post(f"/admin/inventory/counts/{count_id}/entries",
                        data={f"count-{ids[0]}": "8", f"count-{ids[1]}": "",
                              f"count-{ids[2]}": "lots"})
    assert typed.status_code == 400 and "Enter a whole number" in typed.text
    assert client.post(f"/admin/inventory/counts/{count_id}/entries",
                       data={f"count-{ids[0]}": "8"}).status_code == 302
    pasted = client.post(f"/admin/inventory/counts/{count_id}/paste",
                         data={"lines": "cnt-b, 5\nCNT-C,7\nNOPE, 1"})
    assert pasted.status_code == 400 and "Line 3: no single product" in pasted.text
    assert client.post(f"/admin/inventory/counts/{count_id}/paste",
                       data={"lines": "cnt-b, 5\nCNT-C,7"}).status_code == 302
    review = client.get(f"/admin/inventory/counts/{count_id}/review").text
    assert "2 of 3 counted products differ" in review and "Post 2 adjustments" in review
    assert _levels(app, ids) == {ids[0]: 10, ids[1]: 5, ids[2]: 3}  # nothing yet
    posted = client.post(f"/admin/inventory/counts/{count_id}/post", follow_redirects=True)
    assert "Count posted: 2 adjustments" in posted.text
    again = client.post(f"/admin/inventory/counts/{count_id}/post", follow_redirects=True)
    assert "posted: it cannot change any more" in again.text
    assert _levels(app, ids) == {ids[0]: 8, ids[1]: 5, ids[2]: 7}
    with app.app_context():
        moves = db.session.execute(
            select(StockMovement.product_id, StockMovement.on_hand_delta,
                   StockMovement.on_hand_after, StockMovement.note, StockMovement.actor_id)
            .where(StockMovement.reason == "count").order_by(StockMovement.product_id)).all()
        assert moves == [(ids[0], -2, 8, f"Count {count_id}: Aisle 3, quarterly", staff.id),
                         (ids[2], 4, 7, f"Count {count_id}: Aisle 3, quarterly", staff.id)]
    late = client.post(f"/admin/inventory/counts/{count_id}/paste",
                       data={"lines": "CNT-A, 1"}, follow_redirects=True)
    assert "cannot change any more" in late.text
    assert _levels(app, ids)[ids[0]] == 8


def test_a_count_below_what_orders_hold_is_refused_line_by_line(app, client):
    with app.app_context():
        product = stocked_product(6, sku="CNT-H")
        order = make_order([(product, 4)])
        location = main_location()
        db.session.commit()
        product_id, location_id, order_id = product.id, location.id, order.id
    account(app, "staff@example.com", role="staff")
    login(client, "staff@example.com")
    client.post("/admin/inventory/counts", data={"location": location_id, "note": "Spot check"})
    with app.app_context():
        count_id = db.session.scalar(select(StockCount.id))
    client.post(f"/admin/inventory/counts/{count_id}/paste", data={"lines": "CNT-H, 2"})
    review = client.get(f"/admin/inventory/counts/{count_id}/review").text
    assert "Counted fewer than are promised to orders" in review
    refused = client.post(f"/admin/inventory/counts/{count_id}/post")
    assert refused.status_code == 400
    assert "Nothing was posted" in refused.text and f"#{order_id}" in refused.text
    assert _levels(app, [product_id]) == {product_id: 6}
    with app.app_context():
        assert db.session.get(StockCount, count_id).status == "open"
    client.post(f"/admin/inventory/counts/{count_id}/cancel")
    with app.app_context():
        assert db.session.get(StockCount, count_id).status == "cancelled"
