"""Creating and editing one product in the back office, and moving it between statuses.

The form is the catalogue's typed product form (``shop.catalog.forms``); saves go through
``shop.catalog.editing``. The form carries the product's version and the values it showed:
a save made after someone else's is refused with what changed meanwhile, and the form comes
back with the person's own changes kept and everyone else's taken in.
"""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from shop.admin.blueprint import bp
from shop.admin.product_forms import StatusForm
from shop.admin.product_list import STATUS_TEXT, TYPE_TEXT, brand_choices, category_tree
from shop.admin.product_list import product_or_404 as _product
from shop.catalog.editing import (
    EditConflict,
    change_product_status,
    create_from_draft,
    publish_problems,
    update_from_draft,
)
from shop.catalog.form_diff import conflict, dump_values, form_values, load_values
from shop.catalog.forms import draft_from, product_form_class, product_form_data, set_choices
from shop.catalog.models import PRODUCT_TRANSITIONS, Product, ProductStatus
from shop.catalog.queries import product_events
from shop.catalog.spec_forms import spec_fields
from shop.catalog.specs import ProductType
from shop.errors import Conflict, ValidationError
from shop.extensions import db
from shop.pagination import db_id
from shop.security import staff_required

STATUS_ACTIONS = {ProductStatus.PUBLISHED: "Publish", ProductStatus.DRAFT: "Move to draft",
                  ProductStatus.ARCHIVED: "Archive",
                  ProductStatus.PENDING_REVIEW: "Send for review"}


def _currency() -> str:
    return current_app.config.get("SHOP_CURRENCY", "USD")


def _form_class(ptype: ProductType):
    return product_form_class(ptype, staff=True, currency=_currency())


def _with_choices(form):
    return set_choices(form, brand_choices(), category_tree())


def _filled(product: Product):
    """The form as it shows the stored product, with those values kept in ``loaded``."""
    form = _with_choices(_form_class(product.type)(formdata=None,
                                                   data=product_form_data(product)))
    form.loaded.data = dump_values(form_values(form))
    return form


def _editor(form, product: Product | None, ptype: ProductType, *, differences=None,
            status: int = 200):
    allowed = []
    if product is not None:
        allowed = [t for t in (ProductStatus.PUBLISHED, ProductStatus.DRAFT,
                               ProductStatus.ARCHIVED) if t in PRODUCT_TRANSITIONS[
                                   ProductStatus(product.status)]]
    return render_template(
        "admin/product_edit.html", form=form, product=product, ptype=ptype,
        type_text=TYPE_TEXT, spec_fields=spec_fields(form.specs.form),
        status_text=STATUS_TEXT, status_actions=STATUS_ACTIONS, allowed=allowed,
        status_form=StatusForm(formdata=None), differences=differences,
        events=product_events(product.id, 10) if product else [],
        problems=publish_problems(product) if product else [], currency=_currency(),
    ), status


@bp.get("/products/new")
@staff_required
def product_new():
    kind = request.args.get("type", "")
    if kind not in {t.value for t in ProductType}:
        return render_template("admin/product_new.html", type_text=TYPE_TEXT)
    ptype = ProductType(kind)
    return _editor(_with_choices(_form_class(ptype)(formdata=None)), None, ptype)


@bp.post("/products/new")
@staff_required
def product_create():
    kind = request.args.get("type", "")
    if kind not in {t.value for t in ProductType}:
        abort(404)
    ptype = ProductType(kind)
    form = _with_choices(_form_class(ptype)())
    if form.validate_on_submit():
        try:
            product = create_from_draft(draft_from(form, _currency()), actor_id=current_user.id)
            db.session.commit()
        except ValidationError as exc:
            db.session.rollback()
            form.apply_error(exc)
        else:
            flash("Product created as a draft. Add images, then publish it.", "success")
            return redirect(url_for("admin.product_edit", product_id=product.id))
    return _editor(form, None, ptype, status=400)


@bp.get("/products/<int:product_id>/edit")
@staff_required
def product_edit(product_id: int):
    product = _product(product_id)
    return _editor(_filled(product), product, product.type)


@bp.post("/products/<int:product_id>/edit")
@staff_required
def product_save(product_id: int):
    product = _product(product_id)
    ptype = product.type
    form = _with_choices(_form_class(ptype)())
    if not form.validate_on_submit():
        return _editor(form, product, ptype, status=400)
    try:
        changed = update_from_draft(product, draft_from(form, _currency()),
                                    expected_version=db_id(form.version.data),
                                    actor_id=current_user.id)
        db.session.commit()
    except EditConflict:
        db.session.rollback()
        return _conflict(product_id, form)
    except ValidationError as exc:
        db.session.rollback()
        form.apply_error(exc)
        return _editor(form, _product(product_id), ptype, status=400)
    flash("Saved." if changed else "Nothing had changed.", "success")
    return redirect(url_for("admin.product_edit", product_id=product_id))


def _conflict(product_id: int, submitted):
    """Someone saved the product after this form was filled: say what changed, and show the
    form again on the current version with the submitter's own changes kept."""
    db.session.expire_all()
    product = _product(product_id)
    current = _filled(product)
    differences, merged = conflict(submitted, current, load_values(submitted.loaded.data))
    form = _with_choices(_form_class(product.type)(formdata=merged))
    form.version.data = str(product.version)
    form.loaded.data = current.loaded.data
    return _editor(form, product, product.type, differences=differences, status=409)


@bp.post("/products/<int:product_id>/status")
@staff_required
def product_status(product_id: int):
    product = _product(product_id)
    form = StatusForm()
    if not form.validate_on_submit() or form.target.data not in {s.value for s in
                                                                  ProductStatus}:
        abort(400)
    try:
        change_product_status(product, form.target.data, actor_id=current_user.id,
                              note=(form.note.data or "").strip())
        db.session.commit()
    except (ValidationError, Conflict) as exc:
        db.session.rollback()
        flash(getattr(exc, "message", None) or str(exc), "error")
    else:
        flash(f"Now {STATUS_TEXT[ProductStatus(form.target.data)].lower()}.", "success")
    return redirect(url_for("admin.product_edit", product_id=product_id))
