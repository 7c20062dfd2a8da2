"""The back office's moderation queue of suppliers' listings (filters: status, organisation,
product type, time waiting, name or SKU) and the listings waiting on its home page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update

from shop.db import utcnow
from shop.extensions import db
from shop.suppliers.listings.models import SupplierListing
from tests.suppliers import listing_helpers as h


@pytest.fixture
def queue(app, clean, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "UPLOAD_DIR", str(tmp_path / "uploads"))
    cat = h.catalogue(app)
    staff = h.staff_client(app)
    a = h.supplier(app, "Fabric Parts B.V.", "ada@fabparts.example")
    b = h.supplier(app, "Kabelwerk GmbH", "info@kabelwerk.example")
    old = h.ready(app, a, cat, name="Old adapter", sku="A-OLD", mpn="A-OLD-M")
    new = h.ready(app, b, cat, name="New adapter", sku="B-NEW", mpn="B-NEW-M")
    draft = h.create(a.client, cat, "cable", name="Draft cable", sku="A-CABLE",
                     mpn="A-CABLE-M", **{"specs-form_factor": ["QSFP28"]})
    with app.app_context():
        db.session.execute(update(SupplierListing).where(SupplierListing.id == old)
                           .values(status_changed_at=utcnow() - timedelta(days=5)))
        db.session.commit()
    return staff, a, b, {"old": old, "new": new, "draft": draft}


def _names(page) -> list[str]:
    return [n for n in ("Old adapter", "New adapter", "Draft cable") if n in page.text]


def test_the_queue_lists_the_longest_waiting_first(app, queue):
    staff, _a, _b, _ids = queue
    page = staff.get("/admin/suppliers/listings")
    assert page.status_code == 200
    assert page.text.index("Old adapter") < page.text.index("New adapter") < \
        page.text.index("Draft cable")
    assert "Waiting for review <span class=\"count\">(2)</span>" in page.text


def test_the_queue_filters(app, queue):
    staff, a, b, _ids = queue
    get = staff.get
    assert _names(get("/admin/suppliers/listings?status=submitted")) == ["Old adapter",
                                                                         "New adapter"]
    assert _names(get("/admin/suppliers/listings?status=draft")) == ["Draft cable"]
    assert _names(get(f"/admin/suppliers/listings?organisation={b.organisation_id}")) == [
        "New adapter"]
    assert _names(get("/admin/suppliers/listings?type=cable")) == ["Draft cable"]
    assert _names(get("/admin/suppliers/listings?age=3")) == ["Old adapter"]
    assert _names(get("/admin/suppliers/listings?q=b-new")) == ["New adapter"]
    both = get(f"/admin/suppliers/listings?organisation={a.organisation_id}&type=adapter")
    assert _names(both) == ["Old adapter"]
    # Nonsense filters are ignored, never a 500; a page past the end is a 404.
    assert len(_names(get("/admin/suppliers/listings?status=x&type=y&age=z&organisation=q"
                          ))) == 3
    assert get("/admin/suppliers/listings?page=9").status_code == 404
    assert get("/admin/suppliers/listings/999999").status_code == 404


def test_the_home_page_lists_the_listings_waiting(app, queue):
    staff, _a, _b, ids = queue
    page = staff.get("/admin/")
    assert page.status_code == 200
    section = page.text.split('id="suppliers-h"', 1)[1].split("</section>", 1)[0]
    listings = section.split("<h3>Listings</h3>", 1)[1]
    assert f'href="/admin/suppliers/listings/{ids["old"]}">Old adapter</a>' in listings
    assert f'href="/admin/suppliers/listings/{ids["new"]}">New adapter</a>' in listings
    assert "Draft cable" not in listings
    assert listings.index("Old adapter") < listings.index("New adapter")
    assert 'href="/admin/suppliers/listings"' in page.text  # the link among the others
