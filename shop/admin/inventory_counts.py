"""Stock counts in the back office: start a count for a location, enter what was counted
(over a page of the location's products, or pasted as "SKU, count" lines), review the
differences and post them as "count" adjustments, once."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError as FieldError

from shop.admin.blueprint import bp
from shop.admin.inventory_forms import ActionForm, CountPasteForm, CountStartForm, whole_number
from shop.errors import DomainError, ValidationError
from shop.extensions import db
from shop.inventory import count_queries, counts, stock_list
from shop.inventory.count_models import COUNT_STATUS_TEXT, CountStatus, StockCount
from shop.inventory.exceptions import AlreadyRecorded, LineErrors
from shop.pagination import check_page, page_arg, page_count
from shop.security import staff_required

PER_PAGE = 50


def _start_form(form: CountStartForm | None = None) -> CountStartForm:
    form = form or CountStartForm()
    form.location.choices = [SelectChoice(loc.id, f"{loc.name} ({loc.code})")
                             for loc in stock_list.locations()]
    return form


def _list(form: CountStartForm | None = None, status: int = 200):
    page = page_arg(request.args)
    rows, total = count_queries.counts_page(page, PER_PAGE)
    pages = page_count(total, PER_PAGE)
    check_page(page, pages)
    return render_template("admin/inventory/counts.html", counts=rows, total=total, page=page,
                           pages=pages, form=_start_form(form),
                           status_text=COUNT_STATUS_TEXT), status


@bp.get("/inventory/counts")
@staff_required
def stock_counts():
    return _list()


@bp.post("/inventory/counts")
@staff_required
def stock_count_start():
    form = _start_form()
    if not form.validate_on_submit():
        return _list(form, 400)
    try:
        count = counts.start_count(form.location.data, form.note.data, current_user.id)
    except ValidationError as exc:
        db.session.rollback()
        form.apply_error(exc)
        return _list(form, 400)
    db.session.commit()
    flash(f"Count {count.id} started. Enter what you count; nothing changes until you post.",
          "success")
    return redirect(url_for("admin.stock_count", count_id=count.id))


def _count(count_id: int) -> StockCount:
    count = count_queries.stock_count(count_id)
    if count is None:
        abort(404)
    return count


def _page(count: StockCount, *, paste_form=None, entry_errors=None, typed=None,
          status=200):
    page = page_arg(request.args)
    candidates, total = count_queries.products_to_count(count, page, PER_PAGE)
    pages = page_count(total, PER_PAGE)
    check_page(page, pages)
    location = next((loc for loc in stock_list.locations() if loc.id == count.location_id),
                    None)
    return render_template(
        "admin/inventory/count.html", count=count, location=location, candidates=candidates,
        page=page, pages=pages, total=total, paste_form=paste_form or CountPasteForm(),
        entry_errors=entry_errors or {}, typed=typed or {}, lines=count_queries.review(count),
        action_form=ActionForm(), status_text=COUNT_STATUS_TEXT, S=CountStatus,
    ), status


@bp.get("/inventory/counts/<int:count_id>")
@staff_required
def stock_count(count_id: int):
    return _page(_count(count_id))


def _done(count_id: int, message: str, category: str = "success", endpoint="admin.stock_count",
          **values):
    flash(message, category)
    return redirect(url_for(endpoint, count_id=count_id, **values))


@bp.post("/inventory/counts/<int:count_id>/paste")
@staff_required
def stock_count_paste(count_id: int):
    count = _count(count_id)
    form = CountPasteForm()
    if not form.validate_on_submit():
        return _page(count, paste_form=form, status=400)
    try:
        rows = form.count_inputs()
    except FieldError:
        return _page(count, paste_form=form, status=400)
    try:
        written = counts.record_pasted(counts.lock(count_id), rows)
    except ValidationError as exc:
        db.session.rollback()
        form.apply_error(exc)
        return _page(_count(count_id), paste_form=form, status=400)
    except DomainError as exc:
        db.session.rollback()
        return _done(count_id, str(exc), "error")
    db.session.commit()
    return _done(count_id, f"Recorded {written} counted product{'s' if written != 1 else ''}.")


@bp.post("/inventory/counts/<int:count_id>/entries")
@staff_required
def stock_count_entries(count_id: int):
    """Counts typed over one page of the location's products (blank: not counted)."""
    count = _count(count_id)
    form = ActionForm()
    candidates, _total = count_queries.products_to_count(count, page_arg(request.args),
                                                         PER_PAGE)
    typed, errors, counted = {}, {}, {}
    for candidate in candidates:
        raw = (request.form.get(f"count-{candidate.product_id}") or "").strip()
        typed[candidate.product_id] = raw
        if raw:
            try:
                counted[candidate.product_id] = whole_number(raw)
            except ValueError as exc:
                errors[candidate.product_id] = str(exc)
    if not form.validate_on_submit() or errors:
        return _page(count, entry_errors=errors, typed=typed, status=400)
    if not counted:
        return _done(count_id, "Nothing was typed on this page.", "error",
                     page=request.args.get("page"))
    try:
        written = counts.record_by_product(counts.lock(count_id), counted)
    except LineErrors as exc:
        db.session.rollback()
        return _page(_count(count_id), entry_errors=exc.errors, typed=typed, status=400)
    except DomainError as exc:
        db.session.rollback()
        return _done(count_id, str(exc), "error")
    db.session.commit()
    return _done(count_id, f"Recorded {written} counted product{'s' if written != 1 else ''}.",
                 page=request.args.get("page"))


@bp.post("/inventory/counts/<int:count_id>/lines/<int:line_id>/remove")
@staff_required
def stock_count_remove_line(count_id: int, line_id: int):
    _count(count_id)
    if not ActionForm().validate_on_submit():
        return _done(count_id, "That could not be done; reload the page.", "error")
    try:
        counts.remove_line(counts.lock(count_id), line_id)
    except DomainError as exc:
        db.session.rollback()
        return _done(count_id, str(exc), "error")
    db.session.commit()
    return _done(count_id, "Line removed.")


def _review(count: StockCount, errors: dict[int, str] | None = None, status: int = 200):
    location = next((loc for loc in stock_list.locations() if loc.id == count.location_id),
                    None)
    lines = count_queries.review(count)
    return render_template(
        "admin/inventory/count_review.html", count=count, location=location, lines=lines,
        changes=[ln for ln in lines if ln.difference], errors=errors or {},
        action_form=ActionForm(), status_text=COUNT_STATUS_TEXT, S=CountStatus,
    ), status


@bp.get("/inventory/counts/<int:count_id>/review")
@staff_required
def stock_count_review(count_id: int):
    return _review(_count(count_id))


@bp.post("/inventory/counts/<int:count_id>/post")
@staff_required
def stock_count_post(count_id: int):
    _count(count_id)
    if not ActionForm().validate_on_submit():
        return _done(count_id, "That could not be done; reload the page.", "error",
                     endpoint="admin.stock_count_review")
    try:
        posted = counts.post_count(count_id, current_user.id)
    except AlreadyRecorded as exc:
        db.session.rollback()
        return _done(count_id, str(exc), "info", endpoint="admin.stock_count_review")
    except LineErrors as exc:
        db.session.rollback()
        return _review(_count(count_id), exc.errors, 400)
    except ValidationError as exc:
        db.session.rollback()
        return _done(count_id, exc.message, "error", endpoint="admin.stock_count_review")
    db.session.commit()
    return _done(count_id, f"Count posted: {posted} adjustment{'s' if posted != 1 else ''} "
                           "written to the ledger.", endpoint="admin.stock_count_review")


@bp.post("/inventory/counts/<int:count_id>/cancel")
@staff_required
def stock_count_cancel(count_id: int):
    _count(count_id)
    if not ActionForm().validate_on_submit():
        return _done(count_id, "That could not be done; reload the page.", "error")
    try:
        counts.cancel_count(count_id, current_user.id)
    except DomainError as exc:
        db.session.rollback()
        return _done(count_id, str(exc), "info")
    db.session.commit()
    return _done(count_id, "Count cancelled; nothing was posted.")
