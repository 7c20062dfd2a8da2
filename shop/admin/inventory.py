"""Stock in the back office: the stock page (products and their levels per location, search,
location and low-stock filters, thresholds) and adjustments, which go through a review step
and carry a one-time key, so the same form sent twice changes stock once."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from wtforms.fields.choices import SelectChoice

from shop.admin.blueprint import bp
from shop.admin.inventory_forms import AdjustForm, ThresholdForm, new_key
from shop.catalog.models import Product
from shop.errors import DomainError, ValidationError
from shop.extensions import db
from shop.inventory import adjustments, stock_list
from shop.inventory.exceptions import AlreadyRecorded
from shop.inventory.models import Location, StockMovement
from shop.pagination import check_page, db_id, page_arg, page_count
from shop.security import safe_next_url, staff_required

PER_PAGE = 50


@bp.get("/inventory")
@staff_required
def inventory():
    return _stock_page()


def _stock_page(threshold_errors: dict[int, str] | None = None, q: str | None = None,
                status: int = 200):
    page = page_arg(request.args)
    q = (request.args.get("q", "") if q is None else q).strip()[:100]
    location_id = db_id(request.args.get("location"))
    low = request.args.get("stock") == "low"
    rows, total = stock_list.stock_page(q, location_id, low, page, PER_PAGE)
    pages = page_count(total, PER_PAGE)
    check_page(page, pages)
    return render_template(
        "admin/inventory/stock.html", rows=rows, total=total, page=page, pages=pages, q=q,
        location_id=location_id, low=low, locations=stock_list.locations(),
        threshold_form=ThresholdForm(), threshold_errors=threshold_errors or {},
        back=url_for("admin.inventory", q=q or None, location=location_id,
                     stock="low" if low else None, page=page if page > 1 else None),
    ), status


@bp.post("/inventory/<int:product_id>/threshold")
@staff_required
def inventory_threshold(product_id: int):
    product = db.session.get(Product, product_id)
    if product is None:
        abort(404)
    form = ThresholdForm()
    back = safe_next_url(form.next.data, url_for("admin.inventory", q=product.sku))
    if not form.validate_on_submit():
        errors = " ".join(e for errs in form.errors.values() for e in errs)
        return _stock_page({product_id: errors}, q=product.sku, status=400)
    try:
        adjustments.set_threshold(product_id, form.threshold.number, current_user.id)
    except ValidationError as exc:
        db.session.rollback()
        return _stock_page({product_id: exc.message}, q=product.sku, status=400)
    db.session.commit()
    flash(f"{product.sku}: low-stock threshold "
          + (f"set to {form.threshold.number}." if form.threshold.number is not None
             else "cleared."), "success")
    return redirect(back)


def _adjust_target():
    product = db.session.get(Product, db_id(request.args.get("product")) or 0)
    if product is None:
        abort(404)
    return product


def _adjust_form(product: Product, form: AdjustForm | None = None) -> AdjustForm:
    form = form or AdjustForm()
    form.location.choices = [SelectChoice(loc.id, f"{loc.name} ({loc.code})")
                             for loc in stock_list.locations()]
    return form


def _render_adjust(product, form, status=200, preview=None):
    return render_template("admin/inventory/adjust.html", product=product, form=form,
                           row=stock_list.stock_row(product.id), preview=preview,
                           reasons=adjustments.REASONS), status


@bp.get("/inventory/adjust")
@staff_required
def stock_adjust():
    product = _adjust_target()
    form = _adjust_form(product)
    chosen = db_id(request.args.get("location"))
    default = adjustments.default_location(product)
    form.location.data = chosen or (default.id if default else None)
    form.request_key.data = new_key()
    return _render_adjust(product, form)


@bp.post("/inventory/adjust")
@staff_required
def stock_adjust_post():
    product = _adjust_target()
    form = _adjust_form(product)
    if not form.request_key.data:
        form.request_key.data = new_key()
    if not form.validate_on_submit():
        return _render_adjust(product, form, 400)
    args = (product.id, form.location.data, form.delta.number)
    step = request.form.get("step", "review")
    try:
        if step != "confirm":
            preview = adjustments.check_adjustment(*args, reason=form.reason.data,
                                                   note=form.note.data)
            return _render_adjust(product, form, preview=preview if step == "review" else None)
        movement = adjustments.adjust_stock(*args, reason=form.reason.data,
                                            note=form.note.data, actor_id=current_user.id,
                                            request_key=form.request_key.data)
        db.session.commit()
    except AlreadyRecorded as exc:
        db.session.rollback()
        flash(str(exc), "info")
        return redirect(url_for("admin.inventory", q=product.sku))
    except IntegrityError:  # the same form, sent twice at once: the other one won
        db.session.rollback()
        if db.session.scalar(select(StockMovement.id).where(
                StockMovement.request_key == form.request_key.data)) is None:
            raise
        flash("This adjustment was recorded already; nothing was changed again.", "info")
        return redirect(url_for("admin.inventory", q=product.sku))
    except ValidationError as exc:
        db.session.rollback()
        form.apply_error(exc)
        return _render_adjust(product, form, 400)
    except DomainError as exc:
        db.session.rollback()
        form.apply_error(exc)
        return _render_adjust(product, form, 409)
    flash(f"{product.sku} at {movement_location(movement)}: on hand "
          f"{movement.on_hand_before} → {movement.on_hand_after} "
          f"({adjustments.REASONS[movement.reason].lower()}).", "success")
    return redirect(url_for("admin.inventory", q=product.sku))


def movement_location(movement: StockMovement) -> str:
    location = db.session.get(Location, movement.location_id)
    return location.code if location else "?"
