"""Purchase orders in the back office: list, create, edit a draft, send, cancel, change
expected dates, and receive deliveries in full or in part. Creating and receiving carry a
one-time key, so a form sent twice creates or receives once."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError as FieldError

from shop.admin.blueprint import bp
from shop.admin.inventory_forms import (
    NoteForm,
    PurchaseOrderForm,
    ReceiveForm,
    new_key,
    parse_date,
    whole_number,
)
from shop.catalog.forms import format_price_input, parse_price
from shop.errors import DomainError, ValidationError
from shop.extensions import db
from shop.inventory import purchase_queries, purchasing, stock_list
from shop.inventory.exceptions import AlreadyRecorded, LineErrors
from shop.inventory.purchase_models import (
    OPEN_STATUSES,
    PURCHASE_STATUS_TEXT,
    PURCHASE_TRANSITIONS,
    PurchaseOrder,
    PurchaseReceipt,
    PurchaseStatus,
)
from shop.pagination import check_page, page_arg, page_count
from shop.security import staff_required

PER_PAGE = 50


@bp.get("/inventory/purchase-orders")
@staff_required
def purchase_orders():
    page = page_arg(request.args)
    status = request.args.get("status", "")
    if status not in PURCHASE_STATUS_TEXT:
        status = ""
    q = request.args.get("q", "").strip()[:60]
    rows, total = purchase_queries.purchase_orders_page(status, q, page, PER_PAGE)
    pages = page_count(total, PER_PAGE)
    check_page(page, pages)
    return render_template("admin/inventory/purchase_orders.html", orders=rows, total=total,
                           page=page, pages=pages, status=status, q=q,
                           status_text=PURCHASE_STATUS_TEXT)


def _order_form(form: PurchaseOrderForm | None = None) -> PurchaseOrderForm:
    form = form or PurchaseOrderForm()
    form.location.choices = [SelectChoice(loc.id, f"{loc.name} ({loc.code})")
                             for loc in stock_list.locations()]
    return form


def _render_form(form, order=None, status=200):
    return render_template("admin/inventory/purchase_order_form.html", form=form,
                           order=order), status


@bp.get("/inventory/purchase-orders/new")
@staff_required
def purchase_order_new():
    form = _order_form()
    form.request_key.data = new_key()
    return _render_form(form)


def _lines_or_error(form: PurchaseOrderForm):
    try:
        return form.line_inputs()
    except FieldError:
        return None


@bp.post("/inventory/purchase-orders/new")
@staff_required
def purchase_order_create():
    form = _order_form()
    if not form.validate_on_submit():
        return _render_form(form, status=400)
    lines = _lines_or_error(form)
    if lines is None:
        return _render_form(form, status=400)
    try:
        order = _create(form, lines)
        db.session.commit()
    except AlreadyRecorded as exc:
        db.session.rollback()
        flash(str(exc), "info")
        return redirect(url_for("admin.purchase_order", order_id=exc.purchase_order.id))
    except IntegrityError:  # sent twice at once: the other request made it
        db.session.rollback()
        made = db.session.scalar(select(PurchaseOrder).where(
            PurchaseOrder.request_key == form.request_key.data))
        if made is None:
            raise
        flash(f"Purchase order {made.number} was created from this form already.", "info")
        return redirect(url_for("admin.purchase_order", order_id=made.id))
    except ValidationError as exc:
        db.session.rollback()
        form.apply_error(exc)
        return _render_form(form, status=400)
    flash(f"Purchase order {order.number} saved as a draft. Send it when it is complete.",
          "success")
    return redirect(url_for("admin.purchase_order", order_id=order.id))


def _create(form: PurchaseOrderForm, lines) -> PurchaseOrder:
    return purchasing.create_purchase_order(
        supplier_name=form.supplier_name.data, supplier_id=form.supplier_id.number,
        location_id=form.location.data, lines=lines, note=form.note.data or "",
        actor_id=current_user.id, request_key=form.request_key.data or None,
        currency=form.currency.data)


def _order(order_id: int) -> PurchaseOrder:
    order = purchase_queries.purchase_order(order_id)
    if order is None:
        abort(404)
    return order


def _detail(order: PurchaseOrder, *, receive_form=None, receive_errors=None, typed=None,
            note_form=None, note_action=None, date_errors=None, cost_errors=None,
            typed_costs=None, status=200):
    if receive_form is None:
        receive_form = ReceiveForm()
        receive_form.request_key.data = new_key()
    return render_template(
        "admin/inventory/purchase_order.html", order=order,
        products=purchase_queries.line_products(order),
        receipts=purchase_queries.receipts(order.id), status_text=PURCHASE_STATUS_TEXT,
        S=PurchaseStatus,
        allowed=PURCHASE_TRANSITIONS[PurchaseStatus(order.status)],
        receivable=order.status in OPEN_STATUSES, receive_form=receive_form,
        receive_errors=receive_errors or {}, typed=typed or {},
        note_form=note_form or NoteForm(), note_action=note_action,
        date_errors=date_errors or {}, cost_errors=cost_errors or {},
        typed_costs=typed_costs or {line.id: format_price_input(line.unit_cost_cents,
                                                                order.currency)
                                    for line in order.lines},
        location=next((loc for loc in stock_list.locations()
                       if loc.id == order.location_id), None),
    ), status


@bp.get("/inventory/purchase-orders/<int:order_id>")
@staff_required
def purchase_order(order_id: int):
    return _detail(_order(order_id))


@bp.get("/inventory/purchase-orders/<int:order_id>/edit")
@staff_required
def purchase_order_edit(order_id: int):
    order = _order(order_id)
    if order.status != PurchaseStatus.DRAFT:
        flash("Only a draft can be edited; change the expected dates on the order's page.",
              "error")
        return redirect(url_for("admin.purchase_order", order_id=order.id))
    products = purchase_queries.line_products(order)
    form = _order_form()
    form.supplier_name.data, form.location.data = order.supplier_name, order.location_id
    form.currency.data = order.currency
    form.supplier_id.data = "" if order.supplier_id is None else str(order.supplier_id)
    form.note.data = order.note
    form.lines.data = "\n".join(
        f"{products[line.product_id].sku}, {line.quantity_ordered}"
        + (f", {line.expected_on.isoformat()}" if line.expected_on else "")
        for line in order.lines)
    return _render_form(form, order)


@bp.post("/inventory/purchase-orders/<int:order_id>/edit")
@staff_required
def purchase_order_update(order_id: int):
    order = _order(order_id)
    form = _order_form()
    if not form.validate_on_submit():
        return _render_form(form, order, 400)
    lines = _lines_or_error(form)
    if lines is None:
        return _render_form(form, order, 400)
    try:
        purchasing.update_draft(purchasing.lock(order_id), supplier_name=form.supplier_name.data,
                                supplier_id=form.supplier_id.number,
                                location_id=form.location.data, lines=lines,
                                note=form.note.data or "", currency=form.currency.data)
        db.session.commit()
    except ValidationError as exc:
        db.session.rollback()
        form.apply_error(exc)
        return _render_form(form, _order(order_id), 400)
    except DomainError as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return redirect(url_for("admin.purchase_order", order_id=order_id))
    flash("Draft saved.", "success")
    return redirect(url_for("admin.purchase_order", order_id=order_id))


ACTIONS = {
    "place": (purchasing.place_order, "Sent: its units now show as arriving."),
    "cancel": (purchasing.cancel, "Cancelled."),
}


@bp.post("/inventory/purchase-orders/<int:order_id>/<action>")
@staff_required
def purchase_order_action(order_id: int, action: str):
    if action not in ACTIONS:
        abort(404)
    _order(order_id)
    form = NoteForm()
    if not form.validate_on_submit():
        return _detail(_order(order_id), note_form=form, note_action=action, status=400)
    call, done = ACTIONS[action]
    try:
        call(purchasing.lock(order_id), current_user.id, (form.note.data or "").strip())
    except ValidationError as exc:
        db.session.rollback()
        form.apply_error(exc)
        return _detail(_order(order_id), note_form=form, note_action=action, status=400)
    except DomainError as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return redirect(url_for("admin.purchase_order", order_id=order_id))
    db.session.commit()
    flash(done, "success")
    return redirect(url_for("admin.purchase_order", order_id=order_id))


@bp.post("/inventory/purchase-orders/<int:order_id>/dates")
@staff_required
def purchase_order_dates(order_id: int):
    order = _order(order_id)
    form = NoteForm()
    dates, errors = {}, {}
    for line in order.lines:
        name = f"expected-{line.id}"
        if name in request.form:
            try:
                dates[line.id] = parse_date(request.form.get(name))
            except ValueError as exc:
                errors[line.id] = str(exc)
    if not form.validate_on_submit() or errors:
        return _detail(order, date_errors=errors, status=400)
    try:
        changed = purchasing.set_expected_dates(purchasing.lock(order_id), dates)
    except DomainError as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return redirect(url_for("admin.purchase_order", order_id=order_id))
    db.session.commit()
    flash(f"Expected dates changed on {changed} line{'s' if changed != 1 else ''}.", "success")
    return redirect(url_for("admin.purchase_order", order_id=order_id))


@bp.post("/inventory/purchase-orders/<int:order_id>/costs")
@staff_required
def purchase_order_costs(order_id: int):
    """Unit costs per line, typed in major units of the order's currency as a price is
    (``1299.00`` or ``1,299.00``); an empty field means not known. Errors beside each."""
    order = _order(order_id)
    form = NoteForm()
    costs, errors, typed = {}, {}, {}
    for line in order.lines:
        name = f"cost-{line.id}"
        if name not in request.form:
            continue
        typed[line.id] = request.form.get(name, "")[:40]
        try:
            costs[line.id] = parse_price(typed[line.id], order.currency, noun="unit cost")
        except ValueError as exc:
            errors[line.id] = str(exc)
    if not form.validate_on_submit() or errors:
        return _detail(order, cost_errors=errors, typed_costs=typed, status=400)
    try:
        changed = purchasing.set_unit_costs(purchasing.lock(order_id), costs)
    except ValidationError as exc:
        db.session.rollback()
        line_id = int(exc.field.removeprefix("cost-")) if exc.field.startswith("cost-") \
            else None
        if line_id is None:
            flash(exc.message, "error")
            return redirect(url_for("admin.purchase_order", order_id=order_id))
        return _detail(_order(order_id), cost_errors={line_id: exc.message},
                       typed_costs=typed, status=400)
    db.session.commit()
    flash(f"Unit costs changed on {changed} line{'s' if changed != 1 else ''}.", "success")
    return redirect(url_for("admin.purchase_order", order_id=order_id))


@bp.post("/inventory/purchase-orders/<int:order_id>/receive")
@staff_required
def purchase_order_receive(order_id: int):
    order = _order(order_id)
    form = ReceiveForm()
    everything = request.form.get("action") == "all"
    typed, errors, quantities = {}, {}, {}
    for line in order.lines:
        raw = (request.form.get(f"receive-{line.id}") or "").strip()
        typed[line.id] = raw
        if everything:
            quantities[line.id] = line.outstanding
        elif raw:
            try:
                quantities[line.id] = whole_number(raw)
            except ValueError as exc:
                errors[line.id] = str(exc)
    if not form.validate_on_submit() or errors:
        return _detail(order, receive_form=form, receive_errors=errors, typed=typed,
                       status=400)
    try:
        receipt = purchasing.receive(order_id, quantities, actor_id=current_user.id,
                                     request_key=form.request_key.data,
                                     note=form.note.data or "")
        db.session.commit()
    except AlreadyRecorded as exc:
        db.session.rollback()
        flash(str(exc), "info")
        return redirect(url_for("admin.purchase_order", order_id=order_id))
    except IntegrityError:  # the same form, sent twice at once: the other one received it
        db.session.rollback()
        if db.session.scalar(select(PurchaseReceipt.id).where(
                PurchaseReceipt.request_key == form.request_key.data)) is None:
            raise
        flash("This delivery was recorded already; nothing was received again.", "info")
        return redirect(url_for("admin.purchase_order", order_id=order_id))
    except LineErrors as exc:
        db.session.rollback()
        return _detail(_order(order_id), receive_form=form, receive_errors=exc.errors,
                       typed=typed, status=400)
    except ValidationError as exc:
        db.session.rollback()
        form.apply_error(exc)
        return _detail(_order(order_id), receive_form=form, typed=typed, status=400)
    except DomainError as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return redirect(url_for("admin.purchase_order", order_id=order_id))
    flash(f"Received {receipt.units} units into stock.", "success")
    return redirect(url_for("admin.purchase_order", order_id=order_id))
