"""A listing's images, documents and ports or ends, changed in its working copy.

Uploads are checked by their content and stored exactly as the catalogue's media service
stores a product's (``shop.uploads``: images re-encoded as WebP at 800 and 320 px, PDFs
checked for active content; the same limits), under ``products/`` with random names, and
recorded as staged files of the listing; staff approval attaches them to the product. The
supplier removes a staged file outright, and asks for the removal of a published one (it
goes when staff approve). Each change counts as an edit: an approved listing moves to draft.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from shop import uploads
from shop.catalog import media as catalog_media
from shop.catalog.exceptions import InvalidProduct
from shop.catalog.fit import connector_from, port_role
from shop.catalog.media import ImageUpload
from shop.catalog.services import PART_TYPES
from shop.catalog.specs import ProductType
from shop.extensions import db
from shop.suppliers.listings import content as wc
from shop.suppliers.listings import queries
from shop.suppliers.listings.models import (
    FILE_DOCUMENT,
    FILE_IMAGE,
    ListingFile,
    SupplierListing,
)
from shop.suppliers.listings.workflow import bump, claim, start_edit, store, working_copy
from shop.uploads import InvalidUpload, Upload

AREA = catalog_media.AREA


def _edit(listing: SupplierListing, actor_id: int | None) -> None:
    start_edit(listing, actor_id=actor_id)
    bump(listing)


def _live_images(listing: SupplierListing) -> list:
    removed = set((listing.content or {}).get("remove_images") or [])
    return [i for i in (listing.product.images if listing.product else [])
            if i.id not in removed]


def add_images(listing: SupplierListing, images: list[ImageUpload], *,
               actor_id: int | None) -> list[ListingFile]:
    """Check, resize, re-encode and stage each image after the ones the listing has."""
    have = len(_live_images(listing)) + len(listing.images)
    if have + len(images) > catalog_media.MAX_IMAGES:
        raise InvalidProduct(f"file_{images[0].slot if images else 1}",
                             f"A product has at most {catalog_media.MAX_IMAGES} images; "
                             f"this one has {have}.")
    alts = [catalog_media._clean_alt(item.alt, f"alt_{item.slot}") for item in images]
    _edit(listing, actor_id)
    position = db.session.scalar(select(func.max(ListingFile.position))
                                 .where(ListingFile.listing_id == listing.id)) or 0
    added = []
    for item, alt in zip(images, alts, strict=True):
        field = f"file_{item.slot}"
        data = uploads.read_limited(item.upload.stream, catalog_media.MAX_IMAGE_BYTES,
                                    field=field, noun="Images")
        image = uploads.check_image(data, field=field)
        large = uploads.web_image(image, catalog_media.LARGE_WIDTH)
        thumb = uploads.web_image(large, catalog_media.THUMB_WIDTH)
        path = uploads.store(uploads.webp_bytes(large), upload_dir=item.upload.upload_dir,
                             area=AREA, extension="webp")
        thumb_path = uploads.store(uploads.webp_bytes(thumb),
                                   upload_dir=item.upload.upload_dir, area=AREA,
                                   extension="webp")
        position += 1
        row = ListingFile(listing_id=listing.id, kind=FILE_IMAGE, path=path,
                          thumb_path=thumb_path, title=alt, position=position)
        db.session.add(row)
        added.append(row)
    db.session.flush()
    db.session.expire(listing, ["files"])
    return added


def add_document(listing: SupplierListing, *, title: str, url: str = "",
                 kind: str = "datasheet", upload: Upload | None = None,
                 actor_id: int | None) -> ListingFile:
    """A datasheet or other document: a link, an uploaded PDF, or both."""
    title = " ".join((title or "").split())
    if not title:
        raise InvalidProduct("title", "Give the document a title, like “Datasheet”.")
    if len(title) > 200:
        raise InvalidProduct("title", "Keep the title under 200 characters.")
    if kind not in catalog_media.DOCUMENT_KINDS:
        raise InvalidProduct("kind", "Choose what kind of document it is.")
    url = catalog_media._check_url(url)
    if not url and upload is None:
        raise InvalidProduct("url", "Give the document's address, upload its PDF, or both.")
    _edit(listing, actor_id)
    file_path = None
    if upload is not None:
        data = uploads.read_limited(upload.stream, catalog_media.MAX_DOCUMENT_BYTES,
                                    field="file", noun="Documents")
        try:
            checked = uploads.check_document(data, field="file",
                                             accepted=catalog_media.PDF_ONLY)
        except InvalidUpload as exc:
            raise InvalidUpload("file", exc.message) from None
        file_path = uploads.store(checked.data, upload_dir=upload.upload_dir, area=AREA,
                                  extension="pdf")
    row = ListingFile(listing_id=listing.id, kind=FILE_DOCUMENT, path=file_path, title=title,
                      url=url, doc_kind=kind)
    db.session.add(row)
    db.session.flush()
    db.session.expire(listing, ["files"])
    return row


def remove_staged(listing: SupplierListing, file_id: int, kind: str, upload_dir: str, *,
                  actor_id: int | None) -> bool:
    """Remove a staged image or document of this listing (its files go once this commits);
    False when it is not one of this listing's."""
    staged = queries.file_of(listing.id, file_id, kind)
    if staged is None:
        return False
    _edit(listing, actor_id)
    for path in (staged.path, staged.thumb_path):
        if path:
            uploads.delete_after_commit(upload_dir, path)
    db.session.delete(staged)
    db.session.flush()
    db.session.expire(listing, ["files"])
    return True


def remove_published(listing: SupplierListing, item_id: int, kind: str, *,
                     actor_id: int | None) -> bool:
    """Ask for the removal of one of the product's published images or documents (it goes
    when staff approve the edit); False when the product has no such item."""
    product = listing.product
    items = (product.images if kind == FILE_IMAGE else product.documents) if product else []
    if item_id not in {i.id for i in items}:
        return False
    key = "remove_images" if kind == FILE_IMAGE else "remove_documents"
    data = working_copy(listing)
    if item_id in data[key]:
        return True
    _edit(listing, actor_id)
    data[key] = [*data[key], item_id]
    store(listing, data)
    return True


def keep_published(listing: SupplierListing, item_id: int, kind: str, *,
                   actor_id: int | None) -> bool:
    """Take back the removal of a published image or document; False when the product
    has no such item."""
    product = listing.product
    items = (product.images if kind == FILE_IMAGE else product.documents) if product else []
    if item_id not in {i.id for i in items}:
        return False
    key = "remove_images" if kind == FILE_IMAGE else "remove_documents"
    data = working_copy(listing)
    if item_id not in data[key]:
        return True
    _edit(listing, actor_id)
    data[key] = [i for i in data[key] if i != item_id]
    store(listing, data)
    return True


def interface_problem(product_type: str, rows: list[dict[str, Any]], protocols) -> str:
    """Why the catalogue would refuse these ports or ends ("" when it would not)."""
    ptype = ProductType(product_type)
    side = "end" if ptype in PART_TYPES else "port"
    defaults = [protocols] if isinstance(protocols, str) else list(protocols or [])
    for n, row in enumerate(wc.interface_rows(rows), start=1):
        try:
            connector_from({**row, "protocols": row["protocols"] or None}, defaults,
                           f"{side}s", "" if side == "end" else port_role(ptype.value))
        except ValueError as exc:
            return f"{side.capitalize()} {n}: {exc}"
    return ""


def set_interfaces(listing: SupplierListing, rows: list[dict[str, Any]], *,
                   expected_version: int | None, actor_id: int | None) -> bool:
    """Replace the working copy's ports or ends; False when nothing changed."""
    data = working_copy(listing)
    rows = wc.interface_rows(rows)
    problem = interface_problem(listing.product_type, rows, data.get("spec:protocol"))
    if problem:
        raise InvalidProduct("interfaces", problem)
    if rows == data["interfaces"]:
        return False
    start_edit(listing, actor_id=actor_id)
    claim(listing, expected_version)
    data["interfaces"] = rows
    store(listing, data)
    return True
