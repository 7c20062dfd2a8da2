"""A listing's images, documents and ports (or ends) in the supplier portal, each its own
page and form (the catalogue's media forms, ``shop.catalog.media_forms``), written through
``shop.suppliers.listings.media``: uploads are checked by content and staged with the
listing until staff approve it, and its staged files are served here to the organisation's
members only. Every id in an address must belong to the signed-in member's own listing (a
staged file) or to that listing's product (a published one)."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_login import current_user

from shop.catalog import media as catalog_media
from shop.catalog.media_forms import IMAGE_SLOTS, ConnectorsForm, DocumentForm, ImageUploadForm
from shop.catalog.services import PART_TYPES
from shop.catalog.specs import ProductType
from shop.errors import ValidationError
from shop.extensions import db
from shop.pagination import db_id
from shop.suppliers.access import (
    current_organisation,
    supplier_member_required,
    supplier_required,
)
from shop.suppliers.blueprint import portal_bp as bp
from shop.suppliers.files import send_staged
from shop.suppliers.listing_views import locked, own_listing
from shop.suppliers.listings import forms as lf
from shop.suppliers.listings import media, queries
from shop.suppliers.listings.exceptions import ListingChanged
from shop.suppliers.listings.models import (
    FILE_DOCUMENT,
    FILE_IMAGE,
    STATUS_TEXT,
    TYPE_TEXT,
    ListingStatus,
    SupplierListing,
)
from shop.suppliers.listings.workflow import working_copy

BLANK_ROWS = 2


def _upload_dir() -> str:
    return current_app.config["UPLOAD_DIR"]


def _comments(listing: SupplierListing, key: str) -> list[str]:
    if listing.status != ListingStatus.CHANGES_REQUESTED:
        return []
    return queries.comments_by_field(listing.id).get(key, [])


def _page(template: str, listing: SupplierListing, status: int = 200, **context):
    removed = working_copy(listing)
    return render_template(
        template, organisation=current_organisation(), listing=listing,
        type_text=TYPE_TEXT, status_text=STATUS_TEXT, locked=locked(listing),
        action_form=lf.VersionForm(formdata=None, data={"version": listing.version}),
        removed_images=set(removed["remove_images"]),
        removed_documents=set(removed["remove_documents"]), **context), status


def _done(endpoint: str, listing_id: int, message: str):
    flash(message, "success")
    return redirect(url_for(endpoint, listing_id=listing_id))


# --- staged files ----------------------------------------------------------------------------

@bp.get("/listings/<int:listing_id>/files/<int:file_id>", defaults={"thumb": False})
@bp.get("/listings/<int:listing_id>/files/<int:file_id>/thumb", defaults={"thumb": True})
def listing_file(listing_id: int, file_id: int, thumb: bool):
    """A staged image (or its thumbnail) or PDF of one of the organisation's listings. Anyone
    else, signed in or not, staff included (they have the back office's address), gets 404:
    the address confirms nothing."""
    organisation = current_organisation()
    listing = queries.listing_of(organisation.id, listing_id) if organisation else None
    if listing is None:
        abort(404)
    return send_staged(_upload_dir(), listing.id, file_id, thumb=thumb)


# --- images ----------------------------------------------------------------------------------

def _images_page(listing: SupplierListing, form=None, status: int = 200):
    return _page("supplier/listing_images.html", listing, status,
                 upload_form=form or ImageUploadForm(formdata=None),
                 slots=range(1, IMAGE_SLOTS + 1), comments=_comments(listing, "images"),
                 max_images=catalog_media.MAX_IMAGES,
                 image_mb=catalog_media.MAX_IMAGE_BYTES // (1024 * 1024))


@bp.get("/listings/<int:listing_id>/images")
@supplier_member_required
def listing_images(listing_id: int):
    return _images_page(own_listing(listing_id))


@bp.post("/listings/<int:listing_id>/images")
@supplier_required
def listing_images_upload(listing_id: int):
    listing = own_listing(listing_id)
    form = ImageUploadForm()
    if not form.validate_on_submit():
        return _images_page(listing, form, 400)
    items = form.images(_upload_dir())
    if items is None:
        return _images_page(listing, form, 400)
    try:
        added = media.add_images(listing, items, actor_id=current_user.id)
        db.session.commit()
    except ValidationError as exc:
        db.session.rollback()
        form.apply_error(exc)
        return _images_page(own_listing(listing_id), form, 400)
    return _done("supplier.listing_images", listing_id,
                 f"{len(added)} image{'s' if len(added) != 1 else ''} added.")


def _item_action(listing_id: int, work, endpoint: str, done: str):
    listing = own_listing(listing_id)
    if not lf.ActionForm().validate_on_submit():
        abort(400)
    try:
        found = work(listing)
    except ValidationError as exc:
        db.session.rollback()
        flash(exc.message, "error")
        return redirect(url_for(endpoint, listing_id=listing_id))
    if not found:
        db.session.rollback()
        abort(404)
    db.session.commit()
    return _done(endpoint, listing_id, done)


@bp.post("/listings/<int:listing_id>/images/<int:file_id>/delete")
@supplier_required
def listing_image_delete(listing_id: int, file_id: int):
    return _item_action(listing_id, lambda listing: media.remove_staged(
        listing, file_id, FILE_IMAGE, _upload_dir(), actor_id=current_user.id),
        "supplier.listing_images", "Image deleted.")


@bp.post("/listings/<int:listing_id>/images/published/<int:image_id>/remove")
@supplier_required
def listing_image_remove(listing_id: int, image_id: int):
    return _item_action(listing_id, lambda listing: media.remove_published(
        listing, image_id, FILE_IMAGE, actor_id=current_user.id),
        "supplier.listing_images", "The image goes when staff approve your changes.")


@bp.post("/listings/<int:listing_id>/images/published/<int:image_id>/keep")
@supplier_required
def listing_image_keep(listing_id: int, image_id: int):
    return _item_action(listing_id, lambda listing: media.keep_published(
        listing, image_id, FILE_IMAGE, actor_id=current_user.id),
        "supplier.listing_images", "The image stays.")


# --- documents -------------------------------------------------------------------------------

def _documents_page(listing: SupplierListing, form=None, status: int = 200):
    return _page("supplier/listing_documents.html", listing, status,
                 form=form or DocumentForm(formdata=None), kinds=catalog_media.DOCUMENT_KINDS,
                 comments=_comments(listing, "documents"),
                 document_mb=catalog_media.MAX_DOCUMENT_BYTES // (1024 * 1024))


@bp.get("/listings/<int:listing_id>/documents")
@supplier_member_required
def listing_documents(listing_id: int):
    return _documents_page(own_listing(listing_id))


@bp.post("/listings/<int:listing_id>/documents")
@supplier_required
def listing_document_add(listing_id: int):
    listing = own_listing(listing_id)
    form = DocumentForm()
    if not form.validate_on_submit():
        return _documents_page(listing, form, 400)
    try:
        media.add_document(listing, title=form.title.data or "", url=form.url.data or "",
                           kind=form.kind.data, upload=form.upload(_upload_dir()),
                           actor_id=current_user.id)
        db.session.commit()
    except ValidationError as exc:
        db.session.rollback()
        form.apply_error(exc)
        return _documents_page(own_listing(listing_id), form, 400)
    return _done("supplier.listing_documents", listing_id, "Document added.")


@bp.post("/listings/<int:listing_id>/documents/<int:file_id>/delete")
@supplier_required
def listing_document_delete(listing_id: int, file_id: int):
    return _item_action(listing_id, lambda listing: media.remove_staged(
        listing, file_id, FILE_DOCUMENT, _upload_dir(), actor_id=current_user.id),
        "supplier.listing_documents", "Document removed.")


@bp.post("/listings/<int:listing_id>/documents/published/<int:document_id>/remove")
@supplier_required
def listing_document_remove(listing_id: int, document_id: int):
    return _item_action(listing_id, lambda listing: media.remove_published(
        listing, document_id, FILE_DOCUMENT, actor_id=current_user.id),
        "supplier.listing_documents", "The document goes when staff approve your changes.")


@bp.post("/listings/<int:listing_id>/documents/published/<int:document_id>/keep")
@supplier_required
def listing_document_keep(listing_id: int, document_id: int):
    return _item_action(listing_id, lambda listing: media.keep_published(
        listing, document_id, FILE_DOCUMENT, actor_id=current_user.id),
        "supplier.listing_documents", "The document stays.")


# --- ports and ends --------------------------------------------------------------------------

def _rows(listing: SupplierListing) -> list[dict]:
    rows = [{**row, "modes": " ".join(row["modes"])}
            for row in working_copy(listing)["interfaces"]]
    return rows + [{} for _ in range(BLANK_ROWS)]


def _ports_page(listing: SupplierListing, form, status: int = 200):
    ptype = ProductType(listing.product_type)
    return _page("supplier/listing_ports.html", listing, status, form=form,
                 is_part=ptype in PART_TYPES, comments=_comments(listing, "interfaces"))


@bp.get("/listings/<int:listing_id>/ports")
@supplier_member_required
def listing_ports(listing_id: int):
    listing = own_listing(listing_id)
    form = ConnectorsForm(formdata=None, data={"rows": _rows(listing),
                                               "version": str(listing.version)})
    return _ports_page(listing, form)


@bp.post("/listings/<int:listing_id>/ports")
@supplier_required
def listing_ports_save(listing_id: int):
    """Replace the listing's ports (devices) or ends (cables, transceivers): what the
    compatibility lists are worked out from once it is approved."""
    listing = own_listing(listing_id)
    form = ConnectorsForm()
    if not form.validate_on_submit():
        return _ports_page(listing, form, 400)
    part = ProductType(listing.product_type) in PART_TYPES
    items = form.items(part=part)
    try:
        changed = media.set_interfaces(listing, items, expected_version=db_id(
            form.version.data), actor_id=current_user.id)
        db.session.commit()
    except ValidationError as exc:
        db.session.rollback()
        form.form_errors.append(exc.message)
        return _ports_page(own_listing(listing_id), form, 400)
    except ListingChanged as exc:
        db.session.rollback()
        db.session.expire_all()
        current = own_listing(listing_id)
        form.version.data = str(current.version)
        form.form_errors.append(f"{exc} Your rows are below: save again to keep them.")
        return _ports_page(current, form, 409)
    return _done("supplier.listing_ports", listing_id,
                 ("Ends" if part else "Ports") + (" saved." if changed else
                                                  ": nothing had changed."))
