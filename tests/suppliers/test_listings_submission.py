"""Creating and submitting a listing: a draft may be incomplete, but a submission is refused
while required specs, the price or a datasheet are missing (each message next to its
field); a SKU another product or listing holds is refused next to the SKU field; customers
see nothing of a listing until staff approve it."""

from __future__ import annotations

import re
from html import unescape

import pytest
from sqlalchemy import select

from shop.catalog.models import Product
from shop.extensions import db
from shop.suppliers.listings.models import ListingStatus, SupplierListing
from tests.factories import make_product
from tests.suppliers import listing_helpers as h

L = ListingStatus


@pytest.fixture
def setup(app, uploads):
    cat = h.catalogue(app)
    owner = h.supplier(app, "Fabric Parts B.V.", "ada@fabparts.example")
    return cat, owner


def _error(html: str, field_id: str) -> str:
    match = re.search(rf'<p class="field-error" id="{re.escape(field_id)}-error">([^<]*)</p>',
                      html)
    return unescape(match.group(1)) if match else ""


def test_the_type_comes_first_then_its_typed_form(app, setup):
    cat, owner = setup
    choose = owner.client.get("/supplier/listings/new")
    assert choose.status_code == 200
    assert "/supplier/listings/new?type=cable" in choose.text
    cable = owner.client.get("/supplier/listings/new?type=cable").text
    assert 'name="specs-reach"' in cable and 'name="specs-pcie_lanes"' not in cable
    assert re.search(r'<label for="specs-reach">Reach <span class="required">\(required\)',
                     cable)
    adapter = owner.client.get("/supplier/listings/new?type=adapter").text
    assert 'name="specs-pcie_lanes"' in adapter and 'name="specs-reach"' not in adapter
    assert owner.client.post("/supplier/listings/new?type=teapot",
                             data=h.form(cat)).status_code == 404


def test_a_draft_may_be_incomplete_but_its_submission_says_what_is_missing(app, setup):
    cat, owner = setup
    listing_id = h.create(owner.client, cat, price="", sku="", **{"specs-data_rate": "",
                                                                   "specs-protocol": None})
    draft = h.stored(app, listing_id)
    assert draft.status == L.DRAFT and draft.content["price_cents"] is None
    refused = h.submit(owner.client, app, listing_id)
    assert refused.status_code == 400
    html = refused.text
    assert _error(html, "price") == "Enter the price, like 1299.00."
    assert _error(html, "sku") == "Enter your SKU for it."
    assert _error(html, "specs-data_rate") == "Data rate is required for adapter products."
    assert _error(html, "specs-protocol") == "Protocol is required for adapter products."
    assert "Add the product's datasheet" in _error(html, "documents")
    assert 'aria-invalid="true"' in html.split('id="price"')[0][-300:] + \
        html.split('id="price"')[1][:300]
    assert h.stored(app, listing_id).status == L.DRAFT
    assert h.counts(app)[2] == 0  # no event

    # Fixed one by one: still refused while anything is missing.
    assert h.save(owner.client, app, listing_id, cat).status_code == 302
    refused = h.submit(owner.client, app, listing_id)
    assert refused.status_code == 400
    assert not _error(refused.text, "price") and _error(refused.text, "documents")
    assert h.add_datasheet(owner.client, listing_id, upload=True).status_code == 302
    assert h.submit(owner.client, app, listing_id).status_code == 302
    listing = h.stored(app, listing_id)
    assert listing.status == L.SUBMITTED and listing.submitted_at is not None


def test_save_and_submit_keeps_the_draft_and_shows_the_errors(app, setup):
    cat, owner = setup
    listing_id = h.create(owner.client, cat)
    response = h.save(owner.client, app, listing_id, cat, action="submit", price="",
                      summary="Now with a better summary")
    assert response.status_code == 400
    assert _error(response.text, "price") == "Enter the price, like 1299.00."
    listing = h.stored(app, listing_id)
    assert listing.status == L.DRAFT
    assert listing.content["summary"] == "Now with a better summary"


def test_bad_values_are_refused_next_to_their_fields(app, setup):
    cat, owner = setup
    response = owner.client.post("/supplier/listings/new?type=adapter", data=h.form(
        cat, price="12,99", gtin="4006381333932x", **{"specs-data_rate": "fast"}))
    assert response.status_code == 400
    assert "Use a dot before the cents" in _error(response.text, "price")
    assert "not a number" in _error(response.text, "specs-data_rate")
    assert _error(response.text, "gtin")
    assert h.counts(app)[0] == 0


@pytest.mark.parametrize("taken", ["FP-CX6DX-100", "fp cx6dx 100", "SHOP-SKU-1"])
def test_a_sku_in_use_is_refused_next_to_the_field(app, setup, taken):
    cat, owner = setup
    other = h.supplier(app, "Kabelwerk GmbH", "info@kabelwerk.example")
    h.create(other.client, cat)  # another supplier's listing: FP-CX6DX-100
    with app.app_context():
        make_product(sku="SHOP-SKU-1")  # the shop's own product
        db.session.commit()
    before = h.counts(app)
    response = owner.client.post("/supplier/listings/new?type=adapter",
                                 data=h.form(cat, sku=taken))
    assert response.status_code == 400
    assert _error(response.text, "sku") == (f"The SKU {taken} is already used by another "
                                            "product. Choose a SKU of your own for this one.")
    assert h.counts(app) == before
    # Nor by editing a listing of one's own.
    mine = h.create(owner.client, cat, sku="FP-OWN-1")
    response = h.save(owner.client, app, mine, cat, sku=taken)
    assert response.status_code == 400 and _error(response.text, "sku")
    assert h.stored(app, mine).sku == "FP-OWN-1"


def test_a_listing_keeps_its_own_sku_through_approval_and_edits(app, setup):
    cat, owner = setup
    staff = h.staff_client(app)
    listing_id = h.ready(app, owner, cat)
    assert h.approve(staff, app, listing_id).status_code == 302
    # The product now holds the SKU: editing the listing's name leaves it alone.
    assert h.save(owner.client, app, listing_id, cat, name="Renamed").status_code == 302
    assert h.submit(owner.client, app, listing_id).status_code == 302


def test_customers_see_nothing_until_staff_approve(app, setup):
    cat, owner = setup
    staff = h.staff_client(app)
    listing_id = h.ready(app, owner, cat)
    shopper = app.test_client()
    with app.app_context():
        assert db.session.scalars(select(Product)).all() == []
    before = shopper.get("/search?q=MCX623106AN-CDAT", follow_redirects=True)
    assert before.request.path == "/search" and "ConnectX-6 Dx" not in before.text
    assert h.approve(staff, app, listing_id).status_code == 302
    listing = h.stored(app, listing_id)
    product = listing.product
    assert (product.status, product.supplier_id) == ("published", owner.organisation_id)
    assert (product.sku, product.mpn, product.price_cents) == ("FP-CX6DX-100",
                                                               "MCX623106AN-CDAT", 129900)
    assert {s.code for s in product.specs} >= {"protocol", "data_rate", "port_count",
                                               "form_factor"}
    assert [d.title for d in product.documents] == ["Datasheet"]
    found = shopper.get("/search?q=MCX623106AN-CDAT", follow_redirects=True)
    assert f"/p/{product.slug}" in found.request.path or product.name in found.text
    assert shopper.get(f"/p/{product.slug}").status_code == 200
    with app.app_context():
        assert db.session.scalar(select(SupplierListing.product_id)) == product.id


def test_a_save_on_an_older_version_keeps_the_values_and_says_so(app, setup):
    cat, owner = setup
    listing_id = h.create(owner.client, cat)
    old = h.version(app, listing_id)
    assert h.save(owner.client, app, listing_id, cat, summary="A colleague's summary."
                  ).status_code == 302
    data = {**h.form(cat, name="My new name"), "version": old, "action": "save"}
    response = owner.client.post(f"/supplier/listings/{listing_id}", data=data)
    assert response.status_code == 409
    assert "changed after you opened the page" in response.text
    assert 'value="My new name"' in response.text
    listing = h.stored(app, listing_id)
    assert listing.name != "My new name" and listing.content["summary"] == \
        "A colleague's summary."
    again = re.search(r'name="version" type="hidden" value="(\d+)"', response.text)
    data["version"] = again.group(1)
    assert owner.client.post(f"/supplier/listings/{listing_id}", data=data
                             ).status_code == 302
    assert h.stored(app, listing_id).name == "My new name"


def test_the_list_by_status_a_page_at_a_time(app, setup):
    from shop.suppliers.listings import services

    cat, owner = setup
    with app.app_context():
        for n in range(27):
            services.create(owner.organisation_id, "cable", {"name": f"Cable {n:02d}",
                                                             "sku": f"CBL-{n:02d}"},
                            actor_id=None)
        db.session.commit()
    h.ready(app, owner, cat)
    page = owner.client.get("/supplier/listings")
    assert page.status_code == 200
    assert "All <span class=\"count\">(28)</span>" in page.text
    assert "Draft <span class=\"count\">(27)</span>" in page.text
    assert "Waiting for review <span class=\"count\">(1)</span>" in page.text
    assert page.text.count('href="/supplier/listings/') - page.text.count(
        'href="/supplier/listings/new') == 25
    second = owner.client.get("/supplier/listings?page=2")
    assert "2 of 2" in second.text
    assert owner.client.get("/supplier/listings?page=3").status_code == 404
    waiting = owner.client.get("/supplier/listings?status=submitted").text
    assert "ConnectX-6 Dx" in waiting and "Cable 00" not in waiting
    assert owner.client.get("/supplier/listings?status=bogus").status_code == 200


def test_two_people_taking_one_sku_at_once_get_the_message_not_an_error_page(
        app, setup, monkeypatch):
    from shop.suppliers.listings import queries as listing_queries

    cat, owner = setup
    other = h.supplier(app, "Kabelwerk GmbH", "info@kabelwerk.example")
    h.create(other.client, cat, sku="FP-RACE-1")
    before = h.counts(app)
    # The check ran before the other listing was written: only the unique index sees it.
    monkeypatch.setattr(listing_queries, "sku_in_use", lambda *a, **k: False)
    response = owner.client.post("/supplier/listings/new?type=adapter",
                                 data=h.form(cat, sku="FP-RACE-1"))
    assert response.status_code == 400
    assert _error(response.text, "sku").startswith("The SKU FP-RACE-1 is already used")
    assert h.counts(app) == before
