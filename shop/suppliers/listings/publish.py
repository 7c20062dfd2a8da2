"""Approval: the working copy becomes the product customers see, through the catalogue's
own services (``shop.catalog.editing`` for fields, specs and price and the status,
``shop.catalog.services.set_interfaces`` for ports or ends, ``shop.catalog.media`` for
removals), so identifiers, search, the facet index and cached pages follow.

The first approval creates the product (the organisation's, ``supplier_id``) and publishes
it. A later one applies only the fields the supplier changed, over the product as it is
then, and publishes it again if it was withdrawn. The staged files move from the private
``listings/`` area into the product's public one (``shop.uploads.move``: a rolled-back
approval leaves them staged, a committed one leaves no private copy behind).
"""

from __future__ import annotations

from sqlalchemy import func, select

from shop import uploads
from shop.catalog import media as catalog_media
from shop.catalog.editing import change_product_status, create_from_draft, update_from_draft
from shop.catalog.models import (
    ChangeKind,
    Product,
    ProductDocument,
    ProductImage,
    ProductStatus,
)
from shop.catalog.services import PART_TYPES, record_change, set_interfaces
from shop.errors import Conflict
from shop.extensions import db
from shop.suppliers.listings import content as wc
from shop.suppliers.listings.models import SupplierListing
from shop.suppliers.listings.workflow import store, working_copy


def _interface_items(rows) -> list[dict]:
    return [{**row, "protocols": row["protocols"] or None} for row in rows]


def publish(listing: SupplierListing, *, actor_id: int | None, currency: str,
            upload_dir: str) -> Product:
    """Apply the working copy to the product (creating it the first time), attach the
    staged files, carry out the asked-for removals and publish it."""
    data = working_copy(listing)
    ptype = listing.product_type
    draft = wc.to_draft(ptype, data, currency)
    product = listing.product
    if product is None:
        product = create_from_draft(draft, actor_id=actor_id,
                                    supplier_id=listing.organisation_id)
        listing.product_id = product.id
        listing.product = product
        if data["interfaces"]:
            _set_interfaces(product, data["interfaces"])
    else:
        current = wc.of_product(product)
        update_from_draft(product, draft, expected_version=product.version, actor_id=actor_id)
        if data["interfaces"] != current["interfaces"]:
            _set_interfaces(product, data["interfaces"])
        for image_id in data["remove_images"]:
            catalog_media.delete_image(product, image_id, upload_dir)
        for document_id in data["remove_documents"]:
            catalog_media.delete_document(product, document_id, upload_dir)
    _attach_files(listing, product, upload_dir)
    db.session.expire(product, ["images", "documents", "specs", "interfaces"])
    if product.status != ProductStatus.PUBLISHED:
        change_product_status(product, ProductStatus.PUBLISHED, actor_id=actor_id,
                              note=f"Supplier listing {listing.id} approved")
    store(listing, wc.of_product(product))
    return product


def _set_interfaces(product: Product, rows) -> None:
    if product.type in PART_TYPES:
        set_interfaces(product, ends=_interface_items(rows))
    else:
        set_interfaces(product, ports=_interface_items(rows))


def _attach_files(listing: SupplierListing, product: Product, upload_dir: str) -> None:
    """The staged images (after the product's own) and documents become the product's,
    their files moved to where the product's public files live."""
    if not listing.files:
        return
    position = db.session.scalar(select(func.max(ProductImage.position))
                                 .where(ProductImage.product_id == product.id))
    position = -1 if position is None else position
    for staged in list(listing.files):
        if staged.kind == "image":
            position += 1
            db.session.add(ProductImage(product_id=product.id,
                                        path=_public(staged.path, upload_dir),
                                        thumb_path=_public(staged.thumb_path, upload_dir),
                                        alt=staged.title, position=position))
        else:
            db.session.add(ProductDocument(product_id=product.id, title=staged.title,
                                           url=staged.url, kind=staged.doc_kind,
                                           file_path=_public(staged.path, upload_dir)))
        db.session.delete(staged)
    db.session.flush()
    db.session.expire(listing, ["files"])
    record_change(ChangeKind.CONTENT, product.id)


def _public(path: str | None, upload_dir: str) -> str | None:
    """A staged file's path once moved into the product's area (a file staged before the
    private area existed is there already)."""
    if not path or path.startswith(f"{catalog_media.AREA}/"):
        return path
    moved = uploads.move(upload_dir, path, area=catalog_media.AREA)
    if moved is None:
        raise Conflict("A file of this listing is missing from the server, so nothing was "
                       "approved. Ask the supplier to upload it again.")
    return moved
