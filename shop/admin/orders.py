"""Orders in the back office: the list, one order with its timeline, and every action its
status table allows (mark paid, release or cancel a hold, pack, ship, deliver, cancel,
refund). Each action is a POST that changes nothing when the order has moved on already."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from shop.admin.blueprint import bp
from shop.admin.order_forms import NoteForm, RefundForm, ShipForm
from shop.checkout.payments import refund_order
from shop.db import to_minor_units
from shop.errors import DomainError, ValidationError
from shop.extensions import db
from shop.orders import notify
from shop.orders import services as order_services
from shop.orders.models import ORDER_TRANSITIONS, STATUS_TEXT, Order, OrderStatus
from shop.orders.queries import count_by_status, order_by_id, orders_page
from shop.pagination import check_page, page_arg, page_count
from shop.payments.exceptions import PaymentError
from shop.security import staff_required

PER_PAGE = 50
# Actions a NoteForm carries: the service to call and what to say when it went through.
NOTE_ACTIONS = {
    "mark-paid": (lambda o, a, n: order_services.mark_invoice_paid(o, a, n), "Marked paid."),
    "release": (lambda o, a, n: order_services.release_hold(o, a, n), "Released for fulfilment."),
    "pack": (lambda o, a, n: order_services.mark_packed(o, a), "Marked packed."),
    "deliver": (lambda o, a, n: order_services.mark_delivered(o, a), "Marked delivered."),
    "cancel": (lambda o, a, n: order_services.cancel(o, a, n), "Cancelled; its stock is back."),
}


@bp.get("/orders")
@staff_required
def orders():
    page = page_arg(request.args)
    status = request.args.get("status", "")
    if status not in {s.value for s in OrderStatus}:
        status = ""
    q = request.args.get("q", "").strip()[:100]
    rows, total = orders_page(status, q, page, PER_PAGE)
    pages = page_count(total, PER_PAGE)
    check_page(page, pages)
    return render_template("admin/orders.html", orders=rows, total=total, page=page,
                           pages=pages, status=status, q=q, counts=count_by_status(),
                           status_text=STATUS_TEXT, statuses=list(OrderStatus))


def _order(order_id: int) -> Order:
    order = order_by_id(order_id)
    if order is None:
        abort(404)
    return order


@bp.get("/orders/<int:order_id>")
@staff_required
def order_detail(order_id: int):
    order = _order(order_id)
    return _detail(order)


def _detail(order: Order, ship_form=None, refund_form=None, note_form=None, note_action=None,
            status=200):
    """The order page; ``note_action`` names the note form that was refused, whose errors
    and note are shown with it."""
    allowed = ORDER_TRANSITIONS[OrderStatus(order.status)]
    return render_template(
        "admin/order.html", order=order, allowed=allowed, status_text=STATUS_TEXT,
        note_form=note_form or NoteForm(), note_action=note_action,
        ship_form=ship_form or ShipForm(),
        refund_form=refund_form or RefundForm(), S=OrderStatus,
    ), status


def _perform(order_id: int, work, done: str, form, **detail):
    """Run one action on an order and commit it, or put the service's error on the form (a
    rule broken) or flash it (the order moved on meanwhile); either way nothing changes."""
    try:
        work()
    except ValidationError as exc:
        db.session.rollback()
        form.apply_error(exc)
        return _detail(_order(order_id), status=400, **detail)
    except DomainError as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return redirect(url_for("admin.order_detail", order_id=order_id))
    db.session.commit()
    flash(done, "success")
    return redirect(url_for("admin.order_detail", order_id=order_id))


@bp.post("/orders/<int:order_id>/<action>")
@staff_required
def order_action(order_id: int, action: str):
    if action not in NOTE_ACTIONS:
        abort(404)
    order = _order(order_id)
    form = NoteForm()
    if not form.validate_on_submit():
        return _detail(order, note_form=form, note_action=action, status=400)
    call, done = NOTE_ACTIONS[action]
    return _perform(order_id, lambda: call(order, current_user.id,
                                           (form.note.data or "").strip()),
                    done, form, note_form=form, note_action=action)


@bp.post("/orders/<int:order_id>/ship")
@staff_required
def order_ship(order_id: int):
    order = _order(order_id)
    form = ShipForm()
    if not form.validate_on_submit():
        return _detail(order, ship_form=form, status=400)

    def ship():
        order_services.mark_shipped(order, current_user.id, form.carrier.data,
                                    form.tracking_number.data)
        notify.order_shipped(order)

    return _perform(order_id, ship, "Marked shipped; the customer has been told.", form,
                    ship_form=form)


@bp.post("/orders/<int:order_id>/refund")
@staff_required
def order_refund(order_id: int):
    """A refund: through the payment provider for a card order, recorded by hand for one paid
    by bank transfer; optionally restocking lines that came back."""
    order = _order(order_id)
    form = RefundForm()
    if not form.validate_on_submit():
        return _detail(order, refund_form=form, status=400)

    def refund():
        try:
            amount = to_minor_units(form.amount.data.replace(",", ""), order.currency)
        except ValueError as exc:
            raise ValidationError("amount", "Enter an amount like 120.00.") from exc
        restock = {line.id: _units(request.form.get(f"restock-{line.id}"))
                   for line in order.lines}
        try:
            refund_order(order, amount, current_user.id, (form.note.data or "").strip())
        except PaymentError as exc:
            raise ValidationError("amount", "The payment provider refused the refund: "
                                            f"{exc}") from exc
        order_services.restock(order, restock, current_user.id)

    return _perform(order_id, refund, "Refund recorded.", form, refund_form=form)


def _units(raw: str | None) -> int:
    raw = (raw or "0").strip() or "0"
    if not raw.isascii() or not raw.isdigit() or len(raw) > 5:
        raise ValidationError("restock", "Units back in stock must be a whole number.")
    return int(raw)
