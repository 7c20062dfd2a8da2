"""Suppliers' listings in the back office: the moderation queue (filters: status,
organisation, product type, time waiting, name or SKU) and one listing's review page: what
the supplier proposes field by field beside the published version (old → new, specs
included), its images, documents and history, and the three decisions: approve, request
changes with a comment per field, reject with the reason. Each decision is mailed to the
organisation's members (``shop.suppliers.listings.review``). The staged images and PDFs
are served to staff here (and to the organisation in its portal), never at a public
address."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from shop.admin.blueprint import bp
from shop.catalog.media import DOCUMENT_KINDS
from shop.catalog.specs import ProductType
from shop.errors import Conflict, ValidationError
from shop.extensions import db
from shop.pagination import check_page, db_id, page_arg, page_count
from shop.security import staff_or_404, staff_required
from shop.suppliers.files import send_staged
from shop.suppliers.listings import content as wc
from shop.suppliers.listings import diff, queries, review
from shop.suppliers.listings.forms import ApproveForm, ChangesForm, RejectForm
from shop.suppliers.listings.models import (
    STATUS_TEXT,
    TYPE_TEXT,
    ListingActor,
    ListingStatus,
    SupplierListing,
)
from shop.suppliers.listings.workflow import moves, working_copy

PER_PAGE = 50
AGE_TEXT = {"": "Any time", "1": "More than a day", "3": "More than 3 days",
            "7": "More than a week"}
L = ListingStatus


def _filter() -> queries.QueueFilter:
    args = request.args
    status, kind, age = args.get("status", ""), args.get("type", ""), args.get("age", "")
    return queries.QueueFilter(
        status=status if status in {s.value for s in L} else "",
        organisation_id=db_id(args.get("organisation")),
        product_type=kind if kind in {t.value for t in ProductType} else "",
        age=age if age in queries.AGES else "", q=args.get("q", "").strip()[:100])


@bp.get("/suppliers/listings", endpoint="supplier_listings")
@staff_required
def supplier_listings():
    page = page_arg(request.args)
    flt = _filter()
    rows, total = queries.queue_page(flt, page, PER_PAGE)
    pages = page_count(total, PER_PAGE)
    check_page(page, pages)
    return render_template(
        "admin/supplier_listings.html", listings=rows, total=total, page=page, pages=pages,
        flt=flt, counts=queries.count_by_status(), status_text=STATUS_TEXT,
        statuses=list(L), type_text=TYPE_TEXT, ages=AGE_TEXT,
        organisations=queries.organisations_with_listings())


def _listing(listing_id: int) -> SupplierListing:
    listing = queries.listing_by_id(listing_id)
    if listing is None:
        abort(404)
    return listing


def _review(listing: SupplierListing, *, approve_form=None, changes_form=None,
            reject_form=None, comment_errors=None, status: int = 200):
    version = {"version": listing.version}
    rows = diff.rows(listing)
    changed = [r for r in rows if r.changed]
    data = working_copy(listing)
    product = listing.product
    return render_template(
        "admin/supplier_listing.html", listing=listing, status_text=STATUS_TEXT,
        type_text=TYPE_TEXT, rows=rows, changed=changed,
        unchanged=[r for r in rows if not r.changed], kinds=DOCUMENT_KINDS,
        decide=L.APPROVED in moves(listing, ListingActor.STAFF), currency=_currency(),
        removed_images=[i for i in (product.images if product else [])
                        if i.id in data["remove_images"]],
        removed_documents=[d for d in (product.documents if product else [])
                           if d.id in data["remove_documents"]],
        media_keys=[("images", wc.label("images")), ("documents", wc.label("documents")),
                    ("general", wc.label("general"))],
        comments=request.form if request.method == "POST" else {},
        comment_errors=comment_errors or {}, events=queries.events(listing.id),
        field_label=wc.label,
        approve_form=approve_form or ApproveForm(formdata=None, data=version),
        changes_form=changes_form or ChangesForm(formdata=None, data=version),
        reject_form=reject_form or RejectForm(formdata=None, data=version),
    ), status


def _currency() -> str:
    return current_app.config.get("SHOP_CURRENCY", "USD")


@bp.get("/suppliers/listings/<int:listing_id>")
@staff_required
def supplier_listing(listing_id: int):
    return _review(_listing(listing_id))


@bp.get("/suppliers/listings/<int:listing_id>/files/<int:file_id>",
        defaults={"thumb": False})
@bp.get("/suppliers/listings/<int:listing_id>/files/<int:file_id>/thumb",
        defaults={"thumb": True})
@staff_or_404
def supplier_listing_file(listing_id: int, file_id: int, thumb: bool):
    """A staged image (or its thumbnail) or PDF of a listing under review."""
    return send_staged(current_app.config["UPLOAD_DIR"], listing_id, file_id, thumb=thumb)


def _decided(listing_id: int, message: str):
    flash(message, "success")
    return redirect(url_for("admin.supplier_listing", listing_id=listing_id))


def _refused(listing_id: int, exc: Exception):
    db.session.rollback()
    flash(getattr(exc, "message", None) or str(exc), "error")
    return redirect(url_for("admin.supplier_listing", listing_id=listing_id))


@bp.post("/suppliers/listings/<int:listing_id>/approve")
@staff_required
def supplier_listing_approve(listing_id: int):
    _listing(listing_id)
    form = ApproveForm()
    if not form.validate_on_submit():
        return _review(_listing(listing_id), approve_form=form, status=400)
    try:
        review.approve(listing_id, expected_version=db_id(form.version.data),
                       actor_id=current_user.id, currency=_currency(),
                       upload_dir=current_app.config["UPLOAD_DIR"],
                       note=form.note.data or "")
        db.session.commit()
    except (ValidationError, Conflict) as exc:
        return _refused(listing_id, exc)
    return _decided(listing_id, "Approved: it is on the shop, and the supplier's team was "
                                "mailed.")


@bp.post("/suppliers/listings/<int:listing_id>/changes")
@staff_required
def supplier_listing_changes(listing_id: int):
    listing = _listing(listing_id)
    form = ChangesForm()
    if not form.validate_on_submit():
        return _review(listing, changes_form=form, status=400)
    comments = {key: request.form.get(f"comment-{key}", "")
                for key in wc.comment_keys(listing.product_type) if key != "general"}
    comments["general"] = form.general.data or ""
    try:
        review.request_changes(listing_id, comments,
                               expected_version=db_id(form.version.data),
                               actor_id=current_user.id)
        db.session.commit()
    except ValidationError as exc:
        db.session.rollback()
        errors = {}
        for error in getattr(exc, "errors", None) or [exc]:
            if error.field == "general":
                form.general.errors = [*form.general.errors, error.message]
            else:
                errors[error.field] = error.message
        return _review(_listing(listing_id), changes_form=form, comment_errors=errors,
                       status=400)
    except Conflict as exc:
        return _refused(listing_id, exc)
    return _decided(listing_id, "Changes requested: the supplier's team was mailed your "
                                "comments.")


@bp.post("/suppliers/listings/<int:listing_id>/reject")
@staff_required
def supplier_listing_reject(listing_id: int):
    _listing(listing_id)
    form = RejectForm()
    if not form.validate_on_submit():
        return _review(_listing(listing_id), reject_form=form, status=400)
    try:
        review.reject(listing_id, form.reason.data or "",
                      expected_version=db_id(form.version.data), actor_id=current_user.id,
                      upload_dir=current_app.config["UPLOAD_DIR"])
        db.session.commit()
    except ValidationError as exc:
        db.session.rollback()
        form.apply_error(exc)
        return _review(_listing(listing_id), reject_form=form, status=400)
    except Conflict as exc:
        return _refused(listing_id, exc)
    return _decided(listing_id, "Rejected: the supplier's team was mailed the reason.")
