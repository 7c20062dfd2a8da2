"""A product's images, documents and ports (or ends) in the back office: each its own page
and form, written through ``shop.catalog.media`` and ``shop.catalog.services``."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for

from shop.admin.blueprint import bp
from shop.admin.product_forms import ActionForm
from shop.admin.product_list import STATUS_TEXT, TYPE_TEXT
from shop.admin.product_list import product_or_404 as _product
from shop.catalog import media
from shop.catalog.editing import EditConflict, claim_version
from shop.catalog.media_forms import IMAGE_SLOTS, ConnectorsForm, DocumentForm, ImageUploadForm
from shop.catalog.models import Product
from shop.catalog.services import PART_TYPES, set_interfaces
from shop.errors import ValidationError
from shop.extensions import db
from shop.pagination import db_id
from shop.security import staff_required

BLANK_ROWS = 2


def _upload_dir() -> str:
    return current_app.config["UPLOAD_DIR"]


# --- images ----------------------------------------------------------------------------------

def _images_page(product: Product, upload_form=None, errors=None, status: int = 200):
    return render_template(
        "admin/product_images.html", product=product, type_text=TYPE_TEXT,
        status_text=STATUS_TEXT, upload_form=upload_form or ImageUploadForm(formdata=None),
        slots=range(1, IMAGE_SLOTS + 1), errors=errors or {}, action_form=ActionForm(),
        images=sorted(product.images, key=lambda i: (i.position, i.id)),
        max_images=media.MAX_IMAGES, image_mb=media.MAX_IMAGE_BYTES // (1024 * 1024),
        form_mb=(current_app.config.get("MAX_CONTENT_LENGTH") or 0) // (1024 * 1024),
    ), status


@bp.get("/products/<int:product_id>/images")
@staff_required
def product_images(product_id: int):
    return _images_page(_product(product_id))


@bp.post("/products/<int:product_id>/images")
@staff_required
def product_images_upload(product_id: int):
    product = _product(product_id)
    form = ImageUploadForm()
    if not form.validate_on_submit():
        return _images_page(product, form, status=400)
    items = form.images(_upload_dir())
    if items is None:
        return _images_page(product, form, status=400)
    try:
        added = media.add_images(product, items)
        db.session.commit()
    except ValidationError as exc:
        db.session.rollback()
        form.apply_error(exc)
        return _images_page(_product(product_id), form, status=400)
    flash(f"{len(added)} image{'s' if len(added) != 1 else ''} added.", "success")
    return redirect(url_for("admin.product_images", product_id=product_id))


@bp.post("/products/<int:product_id>/images/arrange")
@staff_required
def product_images_arrange(product_id: int):
    """Save the order (a number per image, 1 first) and every image's description."""
    product = _product(product_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    positions, alts, errors = {}, {}, {}
    for image in product.images:
        raw = (request.form.get(f"position-{image.id}") or "").strip()
        if raw:
            place = db_id(raw)
            if place is None or place > 999:
                errors[f"position-{image.id}"] = "Enter a place from 1, like 2."
            else:
                positions[image.id] = place
        if f"alt-{image.id}" in request.form:
            alts[image.id] = request.form.get(f"alt-{image.id}", "")
    if not errors:
        try:
            changed = media.arrange_images(product, positions, alts)
            db.session.commit()
        except ValidationError as exc:
            db.session.rollback()
            errors[exc.field or ""] = exc.message
        else:
            flash("Order and descriptions saved." if changed else "Nothing had changed.",
                  "success")
            return redirect(url_for("admin.product_images", product_id=product_id))
    return _images_page(_product(product_id), errors=errors, status=400)


@bp.post("/products/<int:product_id>/images/<int:image_id>/delete")
@staff_required
def product_image_delete(product_id: int, image_id: int):
    product = _product(product_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    deleted = media.delete_image(product, image_id, _upload_dir())
    db.session.commit()
    flash("Image deleted." if deleted else "That image was deleted already.", "success")
    return redirect(url_for("admin.product_images", product_id=product_id))


# --- documents -------------------------------------------------------------------------------

def _documents_page(product: Product, form=None, status: int = 200):
    return render_template(
        "admin/product_documents.html", product=product, type_text=TYPE_TEXT,
        status_text=STATUS_TEXT, form=form or DocumentForm(formdata=None),
        action_form=ActionForm(), kinds=media.DOCUMENT_KINDS,
        document_mb=media.MAX_DOCUMENT_BYTES // (1024 * 1024),
    ), status


@bp.get("/products/<int:product_id>/documents")
@staff_required
def product_documents(product_id: int):
    return _documents_page(_product(product_id))


@bp.post("/products/<int:product_id>/documents")
@staff_required
def product_document_add(product_id: int):
    product = _product(product_id)
    form = DocumentForm()
    if not form.validate_on_submit():
        return _documents_page(product, form, 400)
    try:
        media.add_document(product, title=form.title.data or "", url=form.url.data or "",
                           kind=form.kind.data, upload=form.upload(_upload_dir()))
        db.session.commit()
    except ValidationError as exc:
        db.session.rollback()
        form.apply_error(exc)
        return _documents_page(_product(product_id), form, 400)
    flash("Document added.", "success")
    return redirect(url_for("admin.product_documents", product_id=product_id))


@bp.post("/products/<int:product_id>/documents/<int:document_id>/delete")
@staff_required
def product_document_delete(product_id: int, document_id: int):
    product = _product(product_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    deleted = media.delete_document(product, document_id, _upload_dir())
    db.session.commit()
    flash("Document removed." if deleted else "That document was removed already.", "success")
    return redirect(url_for("admin.product_documents", product_id=product_id))


# --- ports and ends --------------------------------------------------------------------------

def _rows_of(product: Product) -> list[dict]:
    rows = [{"label": i.label, "count": i.count, "cage": i.cage, "top": i.top,
             "role": i.role, "modes": i.modes, "protocols": i.protocols.split()}
            for i in product.interfaces]
    return rows + [{} for _ in range(BLANK_ROWS)]


def _connectors_page(product: Product, form, *, conflict: bool = False, status: int = 200):
    return render_template(
        "admin/product_connectors.html", product=product, form=form, type_text=TYPE_TEXT,
        status_text=STATUS_TEXT, is_part=product.type in PART_TYPES, conflict=conflict,
        protocols=[s.text for s in product.specs if s.code == "protocol"],
    ), status


@bp.get("/products/<int:product_id>/connectors")
@staff_required
def product_connectors(product_id: int):
    product = _product(product_id)
    form = ConnectorsForm(formdata=None, data={"rows": _rows_of(product),
                                               "version": str(product.version)})
    return _connectors_page(product, form)


@bp.post("/products/<int:product_id>/connectors")
@staff_required
def product_connectors_save(product_id: int):
    """Replace the product's ports (devices) or ends (cables, transceivers): what the
    compatibility lists are worked out from."""
    product = _product(product_id)
    form = ConnectorsForm()
    if not form.validate_on_submit():
        return _connectors_page(product, form, status=400)
    items = [{**row, "protocols": row["protocols"] or None}
             for row in form.items(part=product.type in PART_TYPES)]
    try:
        claim_version(product, db_id(form.version.data))
        if product.type in PART_TYPES:
            set_interfaces(product, ends=items)
        else:
            set_interfaces(product, ports=items)
        db.session.commit()
    except EditConflict:
        db.session.rollback()
        product = _product(product_id)
        form.version.data = str(product.version)
        return _connectors_page(product, form, conflict=True, status=409)
    except ValidationError as exc:
        db.session.rollback()
        form.apply_error(exc)
        return _connectors_page(_product(product_id), form, status=400)
    side = "Ends" if product.type in PART_TYPES else "Ports"
    flash(f"{side} saved; the compatibility lists follow.", "success")
    return redirect(url_for("admin.product_connectors", product_id=product_id))

