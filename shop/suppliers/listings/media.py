"""A listing's images, documents and ports or ends, changed in its working copy.

Uploads are checked by their content and re-encoded exactly as the catalogue's media service
does a product's (``shop.catalog.media``: images as WebP at 800 and 320 px, PDFs checked for
active content; the same limits), but stored in the private area ``listings/`` (never served
at a public address: ``shop.suppliers.files.send_staged`` gives them to the organisation's
members and to staff only) and recorded as staged files of the listing. Staff approval moves
them into the product's public area (``publish``). The supplier removes a staged file
outright (its files go once that commits), and asks for the removal of a published one (it
goes when staff approve). Each change counts as an edit: an approved listing moves to draft.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

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
from shop.suppliers.listings.workflow import (
    AREA,
    bump,
    claim,
    forget_file,
    start_edit,
    store,
    working_copy,
)
from shop.uploads import Upload


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
    alts = [catalog_media.clean_alt(item.alt, f"alt_{item.slot}") for item in images]
    _edit(listing, actor_id)
    position = db.session.scalar(select(func.max(ListingFile.position))
                                 .where(ListingFile.listing_id == listing.id)) or 0
    added = []
    for item, alt in zip(images, alts, strict=True):
        path, thumb_path = catalog_media.store_image(item.upload, f"file_{item.slot}",
                                                     area=AREA)
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
    title, url = catalog_media.document_fields(title, url, kind, has_file=upload is not None)
    _edit(listing, actor_id)
    file_path = catalog_media.store_pdf(upload, area=AREA) if upload is not None else None
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
    forget_file(staged, upload_dir)
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
