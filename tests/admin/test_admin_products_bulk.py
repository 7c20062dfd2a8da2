"""Bulk changes from the product list over HTTP: every change listed before it is made,
exact cents, one application however often it is confirmed, products edited meanwhile
skipped, and large changes run as a background job."""

import re

import pytest
from sqlalchemy import select

from shop.catalog import bulk
from shop.catalog.edit_models import ProductBulkChange, ProductEvent
from shop.catalog.models import CatalogChange, Category, Product
from shop.extensions import db
from shop.jobs_state.models import Job
from tests.admin.products_helpers import ADAPTER_SPECS, edit_form, post_form, staff_client
from tests.factories import make_category, make_product


@pytest.fixture
def priced(app, clean):
    """Four published adapters at prices that round both ways under +15 % and -33.33 %."""
    with app.app_context():
        category = make_category("network-adapters", "Network adapters")
        ids = [make_product(name=f"Adapter {cents}", price_cents=cents, specs=ADAPTER_SPECS,
                            category=category).id
               for cents in (1999, 1, 3, 100_00)]
        db.session.commit()
        return ids


def _prices(app, ids):
    with app.app_context():
        return [db.session.get(Product, i).price_cents for i in ids]


def _plan(staff, ids, **data):
    form = {"ids": [str(i) for i in ids], "scope": "ticked", **data}
    response = staff.post("/admin/products/bulk", data=form)
    assert response.status_code == 302, response.text
    return response.location


def test_a_price_change_lists_every_product_then_applies_exact_cents(app, client, priced):
    staff = staff_client(app, client)
    review = _plan(staff, priced, action="price", percent="15")
    page = staff.get(review).text
    # old → new for each: 19.99 → 22.9885 → 22.99; 0.01 → 0.0115 → 0.01 (no change);
    # 0.03 → 0.0345 → 0.03; 100.00 → 115.00
    rows = re.findall(r"<tr[^>]*>\s*<td class=\"num\">(\d+)</td>.*?</tr>", page, re.S)
    assert len(rows) == 4
    assert "$19.99" in page and "$22.99" in page and "$115.00" in page
    assert page.count("Left as it is: no change") == 2
    assert _prices(app, priced) == [1999, 1, 3, 100_00]  # nothing changed yet
    done = staff.post(review + "/apply", follow_redirects=True)
    assert "Done: 2 changed, 2 left as they were." in done.text
    assert _prices(app, priced) == [2299, 1, 3, 115_00]
    with app.app_context():
        kinds = db.session.scalars(select(CatalogChange.kind).where(
            CatalogChange.product_id.in_(priced))).all()
        assert kinds.count("price") == 2  # the facet index replays the new prices


def test_prices_round_half_up_and_never_go_below_zero(app, client, priced):
    staff = staff_client(app, client)
    review = _plan(staff, priced, action="price", percent="-50")
    staff.post(review + "/apply")
    # 19.99 / 2 = 9.995 → 10.00 (half up); 0.01 → 0.005 → 0.01; 0.03 → 0.015 → 0.02
    assert _prices(app, priced) == [1000, 1, 2, 50_00]
    review = _plan(staff, priced, action="price", percent="-100")
    staff.post(review + "/apply")
    assert _prices(app, priced) == [0, 0, 0, 0]


@pytest.mark.parametrize(("percent", "message"), [
    ("abc", "Enter the change in per cent"), ("", "Enter the change in per cent"),
    ("-150", "from -100 to 1000"), ("2,5", "Use a dot"), ("0", "changes nothing"),
])
def test_a_percentage_that_cannot_be_read_is_refused(app, client, priced, percent, message):
    staff = staff_client(app, client)
    response = staff.post("/admin/products/bulk", data={
        "ids": [str(priced[0])], "scope": "ticked", "action": "price", "percent": percent})
    assert response.status_code == 400 and message in response.text
    with app.app_context():
        assert db.session.scalar(select(ProductBulkChange.id)) is None


def test_nothing_chosen_or_no_action_is_refused(app, client, priced):
    staff = staff_client(app, client)
    none = staff.post("/admin/products/bulk", data={"scope": "ticked", "action": "archive"})
    assert none.status_code == 400 and "Tick the products to change" in none.text
    no_action = staff.post("/admin/products/bulk", data={"ids": [str(priced[0])],
                                                          "scope": "ticked", "action": ""})
    assert no_action.status_code == 400 and "Choose what to do" in no_action.text


def test_confirming_twice_applies_the_change_once(app, client, priced):
    staff = staff_client(app, client)
    review = _plan(staff, priced[:1], action="price", percent="10")
    assert staff.post(review + "/apply").status_code == 302
    again = staff.post(review + "/apply", follow_redirects=True)
    assert "confirmed already; nothing was changed twice" in again.text
    assert _prices(app, priced[:1]) == [2199]  # 19.99 + 10 % = 21.989 → 21.99, once


def test_a_product_edited_after_the_preview_is_skipped(app, client, priced):
    staff = staff_client(app, client)
    review = _plan(staff, priced, action="price", percent="10")
    edited = post_form(staff, f"/admin/products/{priced[3]}/edit",
                       edit_form(staff, priced[3]), price="50.00")
    assert edited.status_code == 302
    assert "edited since it was chosen" in staff.get(review).text
    done = staff.post(review + "/apply", follow_redirects=True)
    assert "Product " in done.text and "edited since it was chosen" in done.text
    assert _prices(app, priced) == [2199, 1, 3, 50_00]


def test_publish_archive_and_move_apply_to_all_matching_the_filter(app, client, priced):
    staff = staff_client(app, client)
    with app.app_context():
        target = make_category("smartnics", "SmartNICs")
        draft = make_product(name="Draft adapter", status="draft", specs=ADAPTER_SPECS).id
        incomplete = make_product(name="Bare adapter", status="draft",
                                  specs={"protocol": ["Ethernet"]}).id
        db.session.commit()
        target_id = target.id
    publish = _plan(staff, [draft, incomplete, priced[0]], action="publish")
    page = staff.get(publish).text
    assert "Data rate is missing." in page and "no change" in page
    staff.post(publish + "/apply")
    with app.app_context():
        assert db.session.get(Product, draft).status == "published"
        assert db.session.get(Product, incomplete).status == "draft"
        event = db.session.scalar(select(ProductEvent).where(ProductEvent.product_id == draft))
        assert (event.from_status, event.to_status) == ("draft", "published")
    # every product whose name matches "adapter 1" (Adapter 1999, Adapter 1, Adapter 10000)
    response = staff.post("/admin/products/bulk?q=adapter+1", data={
        "scope": "all", "action": "category", "category": str(target_id)})
    review = response.location
    assert "to SmartNICs" in staff.get(review).text
    staff.post(review + "/apply")
    with app.app_context():
        moved = db.session.scalars(select(Product.name).join(Category).where(
            Category.slug == "smartnics").order_by(Product.name)).all()
        assert moved == ["Adapter 1", "Adapter 10000", "Adapter 1999"]
    assert "Adapter 1999" in client.get("/search?q=smartnics").text  # search follows
    archive = _plan(staff, priced, action="archive")
    staff.post(archive + "/apply")
    assert client.get("/c/network-adapters").status_code == 200
    with app.app_context():
        assert {db.session.get(Product, i).status for i in priced} == {"archived"}


def test_a_large_change_runs_as_a_job_with_a_progress_page(app, client, priced, monkeypatch):
    monkeypatch.setattr(bulk, "JOB_THRESHOLD", 2)
    monkeypatch.setattr(bulk, "BATCH", 3)
    staff = staff_client(app, client)
    review = _plan(staff, priced, action="price", percent="100")
    staff.post(review + "/apply")  # jobs run where they are started in the tests
    assert _prices(app, priced) == [3998, 2, 6, 200_00]
    with app.app_context():
        job = db.session.scalar(select(Job).where(Job.kind == "product-bulk-change"))
        change = db.session.scalar(select(ProductBulkChange))
        assert (job.status, job.result) == ("done", {"changed": 4, "skipped": 0})
        assert (change.job_id, change.cursor, change.status) == (job.id, 4, "done")
    page = staff.get(review).text
    assert "Applying the change" in page and "4 changed, 0 left as they were" in page
    # the job run again changes nothing twice
    from shop.jobs import run_job

    run_job(app, job.id)
    assert _prices(app, priced) == [3998, 2, 6, 200_00]
    with app.app_context():
        from shop.audit.models import AuditEntry

        logged = db.session.scalars(select(AuditEntry).where(
            AuditEntry.action == "product-bulk-change")).all()
        assert [(e.target_id, e.after) for e in logged] == [
            (str(change.id), {"changed": 4, "skipped": 0})]
