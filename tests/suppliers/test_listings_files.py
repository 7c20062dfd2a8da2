"""A listing's staged images and PDFs: stored in a private area and served, never cached,
only to the organisation that owns the listing (in its portal) and to staff (in the back
office); everyone else gets a 404 that confirms nothing. Approval moves them where the
product's public files live; a rejected new listing, a removed file and a listing withdrawn
for long enough leave nothing on disk."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select

from shop.db import utcnow
from shop.extensions import db
from shop.jobs import start_job
from shop.jobs_state.models import Job
from shop.suppliers.listings.models import ListingFile, ListingStatus, SupplierListing
from tests.accounts.helpers import login
from tests.factories import make_user
from tests.suppliers import listing_helpers as h
from tests.suppliers.helpers import pdf_bytes

L = ListingStatus


@dataclass(frozen=True)
class Staged:
    listing_id: int
    image: ListingFile
    pdf: ListingFile


def _staged(app, owner, cat, **overrides) -> Staged:
    """A draft listing with an uploaded image and an uploaded datasheet."""
    listing_id = h.create(owner.client, cat, **overrides)
    assert h.add_image(owner.client, listing_id).status_code == 302
    assert h.add_datasheet(owner.client, listing_id, upload=True).status_code == 302
    listing = h.stored(app, listing_id)
    [image], [pdf] = listing.images, listing.documents
    return Staged(listing_id, image, pdf)


def _addresses(staged: Staged) -> dict[str, list[str]]:
    """Every address of the staged files: the portal's, the back office's and the public
    media address they would have had in the product's area."""
    out: dict[str, list[str]] = {"portal": [], "admin": [], "public": []}
    for file, thumb in ((staged.image, False), (staged.image, True), (staged.pdf, False)):
        tail = f"{staged.listing_id}/files/{file.id}" + ("/thumb" if thumb else "")
        out["portal"].append(f"/supplier/listings/{tail}")
        out["admin"].append(f"/admin/suppliers/listings/{tail}")
    for path in (staged.image.path, staged.image.thumb_path, staged.pdf.path):
        name = path.split("/", 1)[1]
        out["public"] += [f"/media/products/{name}", f"/media/listings/{name}"]
    return out


def _private(response) -> None:
    assert response.status_code == 200, response.status_code
    assert response.headers["Cache-Control"] == "private, no-store"
    assert response.headers["Content-Security-Policy"] == "default-src 'none'; sandbox"


def test_a_staged_file_is_served_only_to_its_organisation_and_staff(app, setup, uploads):
    cat, owner, staff = setup
    staged = _staged(app, owner, cat)
    other = h.supplier(app, "Kabelwerk GmbH", "info@kabelwerk.example")
    theirs = _staged(app, other, cat, sku="KW-1", mpn="KW-MPN-1")
    with app.app_context():
        make_user("buyer@example.com")
        db.session.commit()
    customer = app.test_client()
    assert login(customer, "buyer@example.com").status_code == 302
    anonymous = app.test_client()

    # Stored outside the product's public area.
    for path in (staged.image.path, staged.image.thumb_path, staged.pdf.path):
        assert path.startswith("listings/") and (uploads / path).is_file()
    urls = _addresses(staged)

    # The owner gets them in the portal; staff in the back office; never cached.
    large, thumb, pdf = (owner.client.get(u) for u in urls["portal"])
    for response in (large, thumb, pdf):
        _private(response)
    assert large.mimetype == thumb.mimetype == "image/webp"
    assert large.data == (uploads / staged.image.path).read_bytes()
    assert thumb.data == (uploads / staged.image.thumb_path).read_bytes()
    assert pdf.mimetype == "application/pdf" and pdf.data == pdf_bytes()
    assert pdf.headers["Content-Disposition"].startswith("attachment;")
    for url in urls["admin"]:
        _private(staff.get(url))

    # Everyone else gets 404, signed in or not: another organisation, a customer, an
    # anonymous visitor; staff at the portal's address, the owner at the back office's.
    for client in (other.client, customer, anonymous):
        for url in urls["portal"] + urls["admin"] + urls["public"]:
            assert client.get(url).status_code == 404, (url, client)
    for url in urls["portal"] + urls["public"]:
        assert staff.get(url).status_code == 404, url
    for url in urls["admin"] + urls["public"]:
        assert owner.client.get(url).status_code == 404, url
    # A file of another listing under my listing's address is a 404 too.
    mine = f"/supplier/listings/{staged.listing_id}/files"
    assert owner.client.get(f"{mine}/{theirs.image.id}").status_code == 404
    assert other.client.get(f"/supplier/listings/{theirs.listing_id}/files/"
                            f"{theirs.image.id}").status_code == 200
    # A document has no thumbnail; a link-only one no file.
    assert owner.client.get(f"{mine}/{staged.pdf.id}/thumb").status_code == 404

    # The portal's pages and the staff's review page show them at those addresses.
    images = owner.client.get(f"/supplier/listings/{staged.listing_id}/images").text
    documents = owner.client.get(f"/supplier/listings/{staged.listing_id}/documents").text
    assert urls["portal"][1] in images and urls["portal"][2] in documents
    assert h.submit(owner.client, app, staged.listing_id).status_code == 302
    review = staff.get(f"/admin/suppliers/listings/{staged.listing_id}").text
    assert urls["admin"][1] in review and urls["admin"][2] in review
    for text in (images, documents, review):
        assert "/media/" not in text


def test_approval_moves_the_files_to_the_public_product(app, setup, uploads):
    cat, owner, staff = setup
    staged = _staged(app, owner, cat)
    urls = _addresses(staged)
    assert h.submit(owner.client, app, staged.listing_id).status_code == 302
    assert h.approve(staff, app, staged.listing_id).status_code == 302

    product = h.stored(app, staged.listing_id).product
    [image], [sheet] = product.images, product.documents
    for path in (image.path, image.thumb_path, sheet.file_path):
        assert path.startswith("products/") and (uploads / path).is_file()
    for path in (staged.image.path, staged.image.thumb_path, staged.pdf.path):
        assert not (uploads / path).exists()
    assert not any((uploads / "listings").iterdir())

    shopper = app.test_client()
    page = shopper.get(f"/p/{product.slug}").text
    public = [f"/media/products/{p.split('/', 1)[1]}" for p in (image.path, sheet.file_path)]
    assert public[0] in page and public[1] in page
    for url in public:
        response = shopper.get(url)
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    # The staged addresses are gone with the staged files.
    for url in urls["portal"]:
        assert owner.client.get(url).status_code == 404
    for url in urls["admin"]:
        assert staff.get(url).status_code == 404


def test_an_approval_that_fails_leaves_the_files_staged(app, setup, uploads):
    cat, owner, staff = setup
    staged = _staged(app, owner, cat)
    assert h.submit(owner.client, app, staged.listing_id).status_code == 302
    (uploads / staged.pdf.path).unlink()  # lost from the disk after the upload
    response = h.approve(staff, app, staged.listing_id)
    assert response.status_code == 302
    page = staff.get(response.headers["Location"]).text
    assert "missing from the server" in page
    listing = h.stored(app, staged.listing_id)
    assert listing.status == L.SUBMITTED and listing.product_id is None
    assert sorted(f.id for f in listing.files) == sorted([staged.image.id, staged.pdf.id])
    for path in (staged.image.path, staged.image.thumb_path):
        assert (uploads / path).is_file()  # the moved copies were rolled back
    assert not (uploads / "products").exists() or not any((uploads / "products").iterdir())


def _files_on_disk(uploads) -> list:
    folder = uploads / "listings"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_a_rejected_new_listing_leaves_no_staged_file(app, setup, uploads):
    cat, owner, staff = setup
    staged = _staged(app, owner, cat)
    assert len(_files_on_disk(uploads)) == 3
    assert h.submit(owner.client, app, staged.listing_id).status_code == 302
    assert h.reject(staff, app, staged.listing_id).status_code == 302
    listing = h.stored(app, staged.listing_id)
    assert listing.status == L.REJECTED and listing.files == []
    assert _files_on_disk(uploads) == []
    assert owner.client.get(f"/supplier/listings/{staged.listing_id}/files/"
                            f"{staged.image.id}").status_code == 404


def test_a_removed_staged_file_leaves_nothing_on_disk(app, setup, uploads):
    cat, owner, _staff = setup
    staged = _staged(app, owner, cat)
    base = f"/supplier/listings/{staged.listing_id}"
    assert owner.client.post(f"{base}/images/{staged.image.id}/delete").status_code == 302
    assert not (uploads / staged.image.path).exists()
    assert not (uploads / staged.image.thumb_path).exists()
    assert (uploads / staged.pdf.path).is_file()
    assert owner.client.post(f"{base}/documents/{staged.pdf.id}/delete").status_code == 302
    assert _files_on_disk(uploads) == []
    assert h.stored(app, staged.listing_id).files == []


def test_a_listing_withdrawn_long_enough_loses_its_staged_uploads(app, setup, uploads):
    cat, owner, _staff = setup
    staged = _staged(app, owner, cat)
    assert h.add_datasheet(owner.client, staged.listing_id).status_code == 302  # a link
    kept = _staged(app, owner, cat, sku="FP-2", mpn="MPN-2")
    for listing_id in (staged.listing_id, kept.listing_id):
        response = owner.client.post(f"/supplier/listings/{listing_id}/withdraw",
                                     data={"version": h.version(app, listing_id)})
        assert response.status_code == 302
    page = owner.client.get(f"/supplier/listings/{staged.listing_id}").text
    assert "deleted 30 days after the withdrawal unless you reopen it" in page

    # Withdrawn: still there, and still the owner's to see (it may be reopened).
    assert len(_files_on_disk(uploads)) == 6
    with app.app_context():
        listing = db.session.get(SupplierListing, staged.listing_id)
        listing.status_changed_at = utcnow() - timedelta(days=31)
        db.session.commit()
        job_id = start_job("prune-withdrawn-listing-files").id
        db.session.rollback()
        assert db.session.get(Job, job_id).result == {"files": 2}
        links = db.session.scalars(select(ListingFile).where(
            ListingFile.listing_id == staged.listing_id)).all()
        assert [(f.path, f.url) for f in links] == [(None, "https://example.com/ds.pdf")]
    for path in (staged.image.path, staged.image.thumb_path, staged.pdf.path):
        assert not (uploads / path).exists()
    for path in (kept.image.path, kept.image.thumb_path, kept.pdf.path):
        assert (uploads / path).is_file()  # withdrawn yesterday: kept
    with app.app_context():  # twice is harmless
        job_id = start_job("prune-withdrawn-listing-files").id
        db.session.rollback()
        assert db.session.get(Job, job_id).result == {"files": 0}
