"""Building suppliers' listings for the tests: two organisations with a member each, the
catalogue's brand and category, the listing form as a browser sends it, and the steps of a
listing through the real pages."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from sqlalchemy import func, select

from shop.catalog.models import Product
from shop.catalog.services import get_or_create_brand
from shop.extensions import db
from shop.suppliers.listings.models import ListingEvent, SupplierListing
from tests.accounts.helpers import login
from tests.factories import make_category, make_supplier_organisation, make_user
from tests.suppliers.helpers import pdf_bytes, png_bytes

ADAPTER_SPECS = {"specs-protocol": ["Ethernet"], "specs-data_rate": "100",
                 "specs-port_count": "2", "specs-form_factor": ["QSFP28"]}


@dataclass(frozen=True)
class Supplier:
    organisation_id: int
    email: str
    client: object


@dataclass(frozen=True)
class Catalogue:
    brand_id: int
    category_id: int
    category_slug: str


def catalogue(app) -> Catalogue:
    with app.app_context():
        brand = get_or_create_brand("NVIDIA")
        category = make_category("network-adapters", "Network adapters")
        db.session.commit()
        return Catalogue(brand.id, category.id, category.slug)


def supplier(app, name: str, email: str) -> Supplier:
    """An organisation with one member, signed in on a client of its own."""
    with app.app_context():
        organisation = make_supplier_organisation(name)
        make_user(email, role="supplier", supplier_id=organisation.id)
        db.session.commit()
        organisation_id = organisation.id
    client = app.test_client()
    assert login(client, email).status_code == 302
    return Supplier(organisation_id, email, client)


def staff_client(app, email: str = "reviewer@shop.example"):
    with app.app_context():
        make_user(email, role="staff")
        db.session.commit()
    client = app.test_client()
    assert login(client, email).status_code == 302
    return client


def form(cat: Catalogue, **overrides) -> dict:
    """A complete adapter listing as the form sends it."""
    data = {"name": "ConnectX-6 Dx 100GbE dual-port", "brand_id": str(cat.brand_id),
            "category_id": str(cat.category_id), "sku": "FP-CX6DX-100",
            "mpn": "MCX623106AN-CDAT", "summary": "Dual-port 100GbE adapter.",
            "description": "PCIe 4.0 x16.", "price": "1299.00", **ADAPTER_SPECS}
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def listing_id_from(response) -> int:
    match = re.search(r"/supplier/listings/(\d+)$", response.headers.get("Location", ""))
    assert match, (response.status_code, response.headers.get("Location"), response.text[:800])
    return int(match.group(1))


def create(client, cat: Catalogue, ptype: str = "adapter", **overrides) -> int:
    response = client.post(f"/supplier/listings/new?type={ptype}", data=form(cat, **overrides))
    assert response.status_code == 302, response.text[:2000]
    return listing_id_from(response)


def version(app, listing_id: int) -> str:
    with app.app_context():
        return str(db.session.get(SupplierListing, listing_id).version)


def add_datasheet(client, listing_id: int, *, upload: bool = False):
    data = {"title": "Datasheet", "kind": "datasheet", "url": "https://example.com/ds.pdf"}
    if upload:
        data = {"title": "Datasheet", "kind": "datasheet", "url": "",
                "file": (io.BytesIO(pdf_bytes()), "datasheet.pdf")}
    return client.post(f"/supplier/listings/{listing_id}/documents", data=data,
                       content_type="multipart/form-data")


def add_image(client, listing_id: int, alt: str = "The adapter from above"):
    return client.post(f"/supplier/listings/{listing_id}/images",
                       data={"file_1": (io.BytesIO(png_bytes()), "card.png"), "alt_1": alt},
                       content_type="multipart/form-data")


def submit(client, app, listing_id: int):
    return client.post(f"/supplier/listings/{listing_id}/submit",
                       data={"version": version(app, listing_id)})


def save(client, app, listing_id: int, cat: Catalogue, action: str = "save", **overrides):
    data = form(cat, **overrides)
    data.update(version=version(app, listing_id), action=action)
    return client.post(f"/supplier/listings/{listing_id}", data=data)


def ready(app, owner: Supplier, cat: Catalogue, **overrides) -> int:
    """A complete listing with its datasheet, submitted; its id."""
    listing_id = create(owner.client, cat, **overrides)
    assert add_datasheet(owner.client, listing_id).status_code == 302
    response = submit(owner.client, app, listing_id)
    assert response.status_code == 302, response.text[:3000]
    return listing_id


def approve(staff, app, listing_id: int, note: str = ""):
    return staff.post(f"/admin/suppliers/listings/{listing_id}/approve",
                      data={"version": version(app, listing_id), "note": note})


def request_changes(staff, app, listing_id: int, comments: dict[str, str], general: str = ""):
    data = {f"comment-{k}": v for k, v in comments.items()}
    data.update(version=version(app, listing_id), general=general)
    return staff.post(f"/admin/suppliers/listings/{listing_id}/changes", data=data)


def reject(staff, app, listing_id: int, reason: str = "Not a product we sell."):
    return staff.post(f"/admin/suppliers/listings/{listing_id}/reject",
                      data={"version": version(app, listing_id), "reason": reason})


def stored(app, listing_id: int) -> SupplierListing:
    """The listing as stored now, detached, with its files, events and product loaded."""
    with app.app_context():
        listing = db.session.get(SupplierListing, listing_id)
        listing.files, listing.events  # noqa: B018  (load them)
        if listing.product is not None:
            listing.product.specs, listing.product.images, listing.product.documents  # noqa: B018
        db.session.expunge_all()
        return listing


def product(app, product_id: int) -> Product:
    with app.app_context():
        found = db.session.get(Product, product_id)
        found.specs, found.images, found.documents, found.interfaces  # noqa: B018
        db.session.expunge_all()
        return found


def counts(app) -> tuple[int, int, int]:
    """(listings, products, events) stored now."""
    with app.app_context():
        return (db.session.scalar(select(func.count(SupplierListing.id))),
                db.session.scalar(select(func.count(Product.id))),
                db.session.scalar(select(func.count(ListingEvent.id))))
