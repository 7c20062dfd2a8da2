"""Listings in the supplier portal: the organisation's listings by status, a new listing (the
product type first, then its typed form), and one listing's page: its form with staff's
comments next to the fields, submission for review, withdrawal, reopening and discarding an
edit of a published listing. Images, documents and ports are in ``listing_media_views``.

Every listing is found among the signed-in member's own organisation's: any other id, in the
address or a form, is a 404 and changes nothing."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from shop.catalog.forms import set_choices
from shop.catalog.media import DOCUMENT_KINDS
from shop.catalog.spec_forms import spec_fields
from shop.catalog.specs import ProductType
from shop.errors import Conflict, ValidationError
from shop.extensions import db
from shop.pagination import check_page, db_id, page_arg, page_count
from shop.suppliers.access import (
    current_organisation,
    supplier_member_required,
    supplier_required,
)
from shop.suppliers.blueprint import portal_bp as bp
from shop.suppliers.listings import diff, queries, services
from shop.suppliers.listings import forms as lf
from shop.suppliers.listings.exceptions import ListingChanged
from shop.suppliers.listings.models import (
    EDITABLE,
    STATUS_EXPLAINED,
    STATUS_TEXT,
    TYPE_TEXT,
    ListingActor,
    ListingStatus,
    SupplierListing,
)
from shop.suppliers.listings.workflow import moves, working_copy

PER_PAGE = 25
SECTIONS = ("documents", "images", "interfaces", "general")
L = ListingStatus


def currency() -> str:
    return current_app.config.get("SHOP_CURRENCY", "USD")


def own_listing(listing_id: int) -> SupplierListing:
    """The listing if it is the signed-in member's organisation's; else 404."""
    listing = queries.listing_of(current_organisation().id, listing_id)
    if listing is None:
        abort(404)
    return listing


def locked(listing: SupplierListing) -> bool:
    status = L(listing.status)
    return status not in EDITABLE or (status is L.REJECTED and listing.product_id is None)


@bp.get("/listings")
@supplier_member_required
def listings():
    organisation = current_organisation()
    status = request.args.get("status", "")
    if status not in {s.value for s in L}:
        status = ""
    page = page_arg(request.args)
    rows, total = queries.organisation_page(organisation.id, status, page, PER_PAGE)
    pages = page_count(total, PER_PAGE)
    check_page(page, pages)
    return render_template(
        "supplier/listings.html", organisation=organisation, rows=rows, total=total,
        page=page, pages=pages, status=status, statuses=list(L), status_text=STATUS_TEXT,
        counts=queries.count_by_status(organisation.id), type_text=TYPE_TEXT)


def _form(ptype: ProductType, **kwargs):
    form = lf.listing_form_class(ptype, currency())(**kwargs)
    return lf.mark_required(set_choices(form, queries.brand_choices(), queries.category_choices()))


def _new_page(form, ptype: ProductType, status: int = 200):
    return render_template(
        "supplier/listing_new.html", organisation=current_organisation(), form=form,
        ptype=ptype, type_text=TYPE_TEXT, spec_fields=spec_fields(form.specs.form),
        currency=currency(), field_comments={}), status


@bp.get("/listings/new")
@supplier_required
def listing_new():
    kind = request.args.get("type", "")
    if kind not in {t.value for t in ProductType}:
        return render_template("supplier/listing_type.html", type_text=TYPE_TEXT,
                               organisation=current_organisation())
    return _new_page(_form(ProductType(kind), formdata=None), ProductType(kind))


@bp.post("/listings/new")
@supplier_required
def listing_create():
    kind = request.args.get("type", "")
    if kind not in {t.value for t in ProductType}:
        abort(404)
    ptype = ProductType(kind)
    form = _form(ptype)
    if form.validate_on_submit():
        try:
            listing = services.create(current_organisation().id, ptype.value,
                                      lf.values_of(form), actor_id=current_user.id)
            db.session.commit()
        except ValidationError as exc:
            db.session.rollback()
            form.apply_error(exc)
        else:
            flash("Listing saved as a draft. Add its datasheet and images, then submit it "
                  "for review.", "success")
            return redirect(url_for("supplier.listing", listing_id=listing.id))
    return _new_page(form, ptype, 400)


def _filled(listing: SupplierListing):
    form = _form(ProductType(listing.product_type), formdata=None,
                 data=lf.form_data(working_copy(listing)))
    form.version.data = str(listing.version)
    return form


def editor(listing: SupplierListing, form=None, *, errors=(), status: int = 200):
    """The listing's page: ``errors`` (a refused submission's) go next to their fields,
    or beside the documents, images and ports, or above the form."""
    form = form or _filled(listing)
    sections: dict[str, list[str]] = {}
    for error in errors:
        key = error.field or "general"
        if key in SECTIONS:
            sections.setdefault(key, []).append(error.message)
        else:
            form.apply_error(error)
    comments = (queries.comments_by_field(listing.id)
                if listing.status == L.CHANGES_REQUESTED else {})
    field_comments, section_comments = {}, {}
    for key, messages in comments.items():
        field = lf.field_for(form, key)
        if field is not None:
            field_comments[field.id] = messages
        else:
            section_comments[key] = messages
    return render_template(
        "supplier/listing_edit.html", organisation=current_organisation(), listing=listing,
        form=form, ptype=ProductType(listing.product_type), type_text=TYPE_TEXT,
        spec_fields=spec_fields(form.specs.form), currency=currency(),
        status_text=STATUS_TEXT, explained=STATUS_EXPLAINED, locked=locked(listing),
        moves=moves(listing, ListingActor.SUPPLIER), sections=sections,
        field_comments=field_comments, section_comments=section_comments,
        changes=diff.rows(listing, changed_only=True) if listing.product else [],
        events=queries.events(listing.id, 20), kinds=DOCUMENT_KINDS,
        datasheets=services.datasheets(listing), L=L,
        action_form=lf.VersionForm(formdata=None, data={"version": listing.version}),
        withdraw_form=lf.WithdrawForm(formdata=None, data={"version": listing.version}),
        staged_uploads=sum(1 for f in listing.files if f.path),
        keep_days=current_app.config.get("LISTING_WITHDRAWN_KEEP_DAYS") or 30,
    ), status


@bp.get("/listings/<int:listing_id>")
@supplier_member_required
def listing(listing_id: int):
    return editor(own_listing(listing_id))


@bp.post("/listings/<int:listing_id>")
@supplier_required
def listing_save(listing_id: int):
    """Save the form; with ``action=submit``, then submit the listing for review."""
    current = own_listing(listing_id)
    form = _form(ProductType(current.product_type))
    if not form.validate_on_submit():
        return editor(current, form, status=400)
    submitting = request.form.get("action") == "submit"
    try:
        changed = services.save(current, lf.values_of(form),
                                expected_version=db_id(form.version.data),
                                actor_id=current_user.id)
        db.session.commit()
    except ValidationError as exc:
        db.session.rollback()
        form.apply_error(exc)
        return editor(own_listing(listing_id), form, status=400)
    except ListingChanged as exc:  # another member saved it, or it moved on meanwhile
        db.session.rollback()
        db.session.expire_all()
        current = own_listing(listing_id)
        form.version.data = str(current.version)
        form.form_errors.append(f"{exc} Your values are below: save again to keep them.")
        return editor(current, form, status=409)
    if submitting:
        return _submit(listing_id, None)
    flash("Saved." if changed else "Nothing had changed.", "success")
    return redirect(url_for("supplier.listing", listing_id=listing_id))


def _submit(listing_id: int, version: int | None):
    current = own_listing(listing_id)
    try:
        services.submit(current, expected_version=version, actor_id=current_user.id)
        db.session.commit()
    except ValidationError as exc:
        db.session.rollback()
        return editor(own_listing(listing_id), errors=getattr(exc, "errors", [exc]),
                      status=400)
    except Conflict as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return redirect(url_for("supplier.listing", listing_id=listing_id))
    flash("Submitted: our staff review it and mail your team their decision.", "success")
    return redirect(url_for("supplier.listing", listing_id=listing_id))


@bp.post("/listings/<int:listing_id>/submit")
@supplier_required
def listing_submit(listing_id: int):
    own_listing(listing_id)
    form = lf.VersionForm()
    if not form.validate_on_submit():
        abort(400)
    return _submit(listing_id, db_id(form.version.data))


def _move(listing_id: int, form, work, done: str):
    own_listing(listing_id)
    if not form.validate_on_submit():
        abort(400)
    try:
        work(own_listing(listing_id), db_id(form.version.data))
        db.session.commit()
    except (ValidationError, Conflict) as exc:
        db.session.rollback()
        flash(getattr(exc, "message", None) or str(exc), "error")
    else:
        flash(done, "success")
    return redirect(url_for("supplier.listing", listing_id=listing_id))


@bp.post("/listings/<int:listing_id>/withdraw")
@supplier_required
def listing_withdraw(listing_id: int):
    form = lf.WithdrawForm()
    return _move(listing_id, form, lambda listing, version: services.withdraw(
        listing, expected_version=version, actor_id=current_user.id,
        note=(form.note.data or "").strip()),
        "Withdrawn: it is off the shop and out of review.")


@bp.post("/listings/<int:listing_id>/reopen")
@supplier_required
def listing_reopen(listing_id: int):
    return _move(listing_id, lf.VersionForm(), lambda listing, version: services.reopen(
        listing, expected_version=version, actor_id=current_user.id),
        "Reopened as a draft.")


@bp.post("/listings/<int:listing_id>/discard")
@supplier_required
def listing_discard(listing_id: int):
    return _move(listing_id, lf.VersionForm(), lambda listing, version: services.discard(
        listing, expected_version=version, actor_id=current_user.id,
        upload_dir=current_app.config["UPLOAD_DIR"]),
        "Your edit was discarded: the listing is as approved.")
