"""A supplier sees and changes only its own organisation's listings, their images and
documents (staged and published), their pending edits and staff's comments on them,
whatever ids are put into addresses or forms. Two organisations, tried both ways: every
guess is a 404 and nothing anywhere changes."""

from __future__ import annotations

import io
from dataclasses import dataclass

import pytest
from sqlalchemy import func, select

from shop.catalog.models import Product
from shop.extensions import db
from shop.suppliers.listings.models import (
    ListingComment,
    ListingEvent,
    ListingFile,
    SupplierListing,
)
from tests.suppliers import listing_helpers as h
from tests.suppliers.helpers import pdf_bytes, png_bytes


@dataclass(frozen=True)
class World:
    """One organisation's things: a published listing with a pending edit (staged files,
    staff's comments) and a draft with staged files."""

    supplier: h.Supplier
    published: int
    draft: int
    staged_image: int
    staged_document: int
    product_image: int
    product_document: int
    comment: str
    name: str


def _file(app, listing_id: int, kind: str) -> int:
    with app.app_context():
        return db.session.scalar(select(ListingFile.id).where(
            ListingFile.listing_id == listing_id, ListingFile.kind == kind))


def _world(app, cat, staff, who: h.Supplier, prefix: str) -> World:
    name = f"{prefix} ConnectX adapter"
    published = h.create(who.client, cat, sku=f"{prefix}-1", mpn=f"{prefix}-MPN-1", name=name)
    h.add_datasheet(who.client, published)
    h.add_image(who.client, published, alt=f"{prefix} card")
    assert h.submit(who.client, app, published).status_code == 302
    assert h.approve(staff, app, published).status_code == 302
    product = h.stored(app, published).product
    # A pending edit with staged files, sent back with comments.
    h.save(who.client, app, published, cat, sku=f"{prefix}-1", mpn=f"{prefix}-MPN-1",
           name=f"{name} v2")
    h.add_image(who.client, published, alt=f"{prefix} new photo")
    h.add_datasheet(who.client, published, upload=True)
    assert h.submit(who.client, app, published).status_code == 302
    comment = f"{prefix}: state the firmware version."
    assert h.request_changes(staff, app, published, {"name": comment}).status_code == 302
    draft = h.create(who.client, cat, sku=f"{prefix}-2", mpn=f"{prefix}-MPN-2",
                     name=f"{prefix} draft")
    h.add_image(who.client, draft)
    h.add_datasheet(who.client, draft, upload=True)
    return World(who, published, draft, _file(app, published, "image"),
                 _file(app, published, "document"), product.images[0].id,
                 product.documents[0].id, comment, name)


def _state(app):
    """Everything an attack could change."""
    with app.app_context():
        db.session.expire_all()
        listings = [(li.id, li.organisation_id, li.status, li.version, li.name, li.content,
                     li.base, sorted(f.id for f in li.files), li.product_id)
                    for li in db.session.scalars(select(SupplierListing)
                                                 .order_by(SupplierListing.id))]
        products = [(p.id, p.name, p.price_cents, p.status, p.version, p.supplier_id,
                     sorted(i.id for i in p.images), sorted(d.id for d in p.documents))
                    for p in db.session.scalars(select(Product).order_by(Product.id))]
        counts = tuple(db.session.scalar(select(func.count()).select_from(model))
                       for model in (ListingComment, ListingEvent, ListingFile))
        return listings, products, counts


@pytest.fixture
def worlds(app, uploads):
    cat = h.catalogue(app)
    staff = h.staff_client(app)
    a = _world(app, cat, staff, h.supplier(app, "Fabric Parts B.V.", "ada@fabparts.example"),
               "FPA")
    b = _world(app, cat, staff, h.supplier(app, "Kabelwerk GmbH", "info@kabelwerk.example"),
               "KWB")
    return cat, staff, a, b


def _attacks(app, cat, me: World, them: World):
    """(method, path, data) of every way ``me`` could reach ``them``'s things."""
    version = h.version(app, them.published)
    form = {**h.form(cat, name="Taken over", sku="TAKEN-1"), "version": version}
    out = []
    for listing in (them.published, them.draft):
        base = f"/supplier/listings/{listing}"
        out += [("get", base, None), ("get", f"{base}/images", None),
                ("get", f"{base}/documents", None), ("get", f"{base}/ports", None),
                ("post", base, {**form, "action": "save"}),
                ("post", base, {**form, "action": "submit"}),
                ("post", f"{base}/submit", {"version": version}),
                ("post", f"{base}/withdraw", {"version": version}),
                ("post", f"{base}/reopen", {"version": version}),
                ("post", f"{base}/discard", {"version": version}),
                ("post", f"{base}/images", {"file_1": (png_bytes(), "x.png"), "alt_1": "x"}),
                ("post", f"{base}/documents", {"title": "x", "kind": "datasheet",
                                               "file": (pdf_bytes(), "x.pdf")}),
                ("post", f"{base}/ports", {"version": version, "rows-0-cage": "QSFP28",
                                           "rows-0-modes": "4x25"}),
                ("post", f"{base}/images/{them.staged_image}/delete", {}),
                ("post", f"{base}/documents/{them.staged_document}/delete", {}),
                ("post", f"{base}/images/published/{them.product_image}/remove", {}),
                ("post", f"{base}/documents/published/{them.product_document}/remove", {}),
                ("post", f"{base}/images/{me.staged_image}/delete", {}),
                ("post", f"{base}/documents/{me.staged_document}/delete", {})]
    # Their ids under my own listing's address.
    mine = f"/supplier/listings/{me.published}"
    out += [("post", f"{mine}/images/{them.staged_image}/delete", {}),
            ("post", f"{mine}/documents/{them.staged_document}/delete", {}),
            ("post", f"{mine}/images/published/{them.product_image}/remove", {}),
            ("post", f"{mine}/images/published/{them.product_image}/keep", {}),
            ("post", f"{mine}/documents/published/{them.product_document}/remove", {}),
            ("post", f"{mine}/documents/published/{them.product_document}/keep", {})]
    return out


def _send(client, method: str, path: str, data):
    if method == "get":
        return client.get(path)
    files = {k: (io.BytesIO(v[0]), v[1]) if isinstance(v, tuple) else v
             for k, v in (data or {}).items()}
    return client.post(path, data=files, content_type="multipart/form-data")


@pytest.mark.parametrize("direction", ["a-to-b", "b-to-a"])
def test_nothing_of_another_organisation_is_reachable(app, worlds, direction):
    cat, _staff, a, b = worlds
    me, them = (a, b) if direction == "a-to-b" else (b, a)
    before = _state(app)
    for method, path, data in _attacks(app, cat, me, them):
        response = _send(me.supplier.client, method, path, data)
        assert response.status_code == 404, (method, path, response.status_code)
    assert _state(app) == before
    # My pages name nothing of theirs: not their listings, not staff's comments to them.
    pages = [me.supplier.client.get(p).text for p in (
        "/supplier/listings", f"/supplier/listings/{me.published}",
        f"/supplier/listings/{me.published}/images",
        f"/supplier/listings/{me.published}/documents", "/supplier/")]
    for text in pages:
        assert them.name not in text and them.comment not in text
    assert me.comment in pages[1] and me.name in pages[0]


def test_a_new_listing_belongs_to_the_member_s_organisation_whatever_the_form_says(app, worlds):
    cat, _staff, a, b = worlds
    response = a.supplier.client.post("/supplier/listings/new?type=adapter", data={
        **h.form(cat, sku="FPA-9", mpn="FPA-MPN-9"),
        "organisation_id": str(b.supplier.organisation_id), "product_id": "1",
        "supplier_id": str(b.supplier.organisation_id), "status": "approved"})
    listing = h.stored(app, h.listing_id_from(response))
    assert listing.organisation_id == a.supplier.organisation_id
    assert listing.product_id is None and listing.status == "draft"


def test_staff_see_both_and_each_decision_touches_one(app, worlds):
    _cat, staff, a, b = worlds
    for world in (a, b):
        page = staff.get(f"/admin/suppliers/listings/{world.published}")
        assert page.status_code == 200 and world.name in page.text
    queue = staff.get(f"/admin/suppliers/listings?organisation={a.supplier.organisation_id}")
    assert a.name in queue.text and b.name not in queue.text
