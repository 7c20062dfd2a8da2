"""Products in the back office: the list (search, filters, sorting) and bulk changes from it,
each previewed product by product before it is confirmed, applied once however often the
confirmation is sent, and by a background job when it touches many products. Editing one
product is in ``product_edit``; its images, documents and ports in ``product_media``."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from shop.admin.blueprint import bp
from shop.admin.product_forms import ActionForm, BulkForm
from shop.admin.product_list import (
    SORT_TEXT,
    STATUS_TEXT,
    STOCK_TEXT,
    filter_choices,
    items_for_ids,
    list_page,
    matching_items,
    parse_params,
)
from shop.catalog import bulk
from shop.catalog.edit_models import BulkStatus, ProductBulkChange
from shop.catalog.models import Category
from shop.catalog.specs import ProductType
from shop.errors import ValidationError
from shop.extensions import db
from shop.jobs import start_job
from shop.jobs_state.queries import get_job
from shop.pagination import check_page, db_id, page_arg, page_count
from shop.security import staff_required

PREVIEW_PER_PAGE = 100


def _bulk_form(choices, *, submitted: bool) -> BulkForm:
    form = BulkForm() if submitted else BulkForm(formdata=None)
    form.category.choices = [SelectChoice("", "Choose a category"),
                             *[SelectChoice(v, t) for v, t in choices["categories"]]]
    return form


def _render_list(form: BulkForm, choices, status: int = 200):
    params = parse_params(request.args)
    page = page_arg(request.args)
    listing = list_page(params, page)
    pages = page_count(listing.total, listing.per_page)
    check_page(page, pages)
    ticked = {db_id(v) for v in request.form.getlist("ids")} if request.method == "POST" else set()
    return render_template(
        "admin/products.html", listing=listing, params=params, page=page, pages=pages,
        choices=choices, status_text=STATUS_TEXT, stock_text=STOCK_TEXT,
        sort_text=SORT_TEXT, bulk_form=form, ticked=ticked, product_types=list(ProductType),
    ), status


@bp.get("/products")
@staff_required
def products():
    if any(v == "" for v in request.args.values()):  # a submitted filter form's blanks
        return redirect(url_for("admin.products", **parse_params(request.args).query_args(
            page=request.args.get("page") or None)))
    choices = filter_choices()
    return _render_list(_bulk_form(choices, submitted=False), choices)


@bp.post("/products/bulk")
@staff_required
def products_bulk():
    """Plan a bulk change of the ticked products, or of all matching the list's filters (the
    form's address carries them), and show its preview."""
    choices = filter_choices()
    form = _bulk_form(choices, submitted=True)
    if not form.validate_on_submit():
        return _render_list(form, choices, 400)
    try:
        if form.scope.data == "all":
            items = matching_items(parse_params(request.args))
        else:
            ids = [i for i in (db_id(v) for v in request.form.getlist("ids")) if i]
            items = items_for_ids(ids[:bulk.MAX_ITEMS])
        change = bulk.plan(form.action.data, items, actor_id=current_user.id,
                           category_id=db_id(form.category.data), percent=form.percent.data)
        db.session.commit()
    except ValidationError as exc:
        db.session.rollback()
        form.apply_error(exc)
        return _render_list(form, choices, 400)
    return redirect(url_for("admin.products_bulk_review", change_id=change.id))


def _change(change_id: int) -> ProductBulkChange:
    change = db.session.get(ProductBulkChange, change_id)
    if change is None:
        abort(404)
    return change


@bp.get("/products/bulk/<int:change_id>")
@staff_required
def products_bulk_review(change_id: int):
    """Before confirmation: every product and what happens to it (old → new), a page at a
    time. Afterwards: how it went (and the job's progress while it runs)."""
    change = _change(change_id)
    page = page_arg(request.args)
    pages = page_count(change.total, PREVIEW_PER_PAGE)
    check_page(page, pages)
    outcomes = []
    if change.status == BulkStatus.PLANNED:
        outcomes = bulk.preview(change, (page - 1) * PREVIEW_PER_PAGE, PREVIEW_PER_PAGE)
    job = get_job(change.job_id) if change.job_id else None
    return render_template(
        "admin/product_bulk.html", change=change, outcomes=outcomes, page=page, pages=pages,
        action_text=bulk.ACTION_TEXT, job=job, form=ActionForm(), status_text=STATUS_TEXT,
        category_name=_category_name(change), threshold=bulk.JOB_THRESHOLD,
        first=(page - 1) * PREVIEW_PER_PAGE)


def _category_name(change: ProductBulkChange) -> str:
    category_id = (change.params or {}).get("category_id")
    category = db.session.get(Category, category_id) if category_id else None
    return category.name if category else ""


@bp.post("/products/bulk/<int:change_id>/apply")
@staff_required
def products_bulk_apply(change_id: int):
    """Confirm a planned change. Only the first confirmation applies it; a second one (a
    double click, a resubmitted form, another tab) is told it was done already."""
    change = _change(change_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    if not bulk.confirm(change.id):
        db.session.rollback()
        flash("This change was confirmed already; nothing was changed twice.", "info")
        return redirect(url_for("admin.products_bulk_review", change_id=change_id))
    change = _change(change_id)
    if change.total > bulk.JOB_THRESHOLD:
        db.session.commit()
        job = start_job("product-bulk-change", started_by_id=current_user.id,
                        params={"change_id": change_id, "actor_id": current_user.id},
                        key=f"product-bulk-change-{change_id}")
        change = _change(change_id)
        change.job_id = job.id
        db.session.commit()
        flash(f"Changing {change.total:,} products in the background.", "success")
    else:
        bulk.apply_all(change, actor_id=current_user.id)
        db.session.commit()
        flash(f"Done: {change.changed:,} changed, {change.skipped:,} left as they were.",
              "success")
    return redirect(url_for("admin.products_bulk_review", change_id=change_id))
