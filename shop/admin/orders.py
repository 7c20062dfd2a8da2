"""Orders in the back office: the list (filters and search), one order with everything about
it (lines, addresses, payments, refunds, screening, timeline), and the actions its status
table allows (mark paid, release or cancel a hold, pack, ship, deliver, cancel). Refunds are
in ``order_refunds``, the printable pages in ``order_print``. Each action is a POST that
changes nothing when the order has moved on already."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from shop.accounts import queries as account_queries
from shop.accounts.countries import country_choices
from shop.admin.blueprint import bp
from shop.admin.order_forms import NoteForm, OrderFilterForm, RefundForm, ShipForm
from shop.compliance import queries as compliance_queries
from shop.errors import DomainError, ValidationError
from shop.extensions import db
from shop.orders import notify
from shop.orders import services as order_services
from shop.orders.models import ORDER_TRANSITIONS, STATUS_TEXT, Order, OrderStatus
from shop.orders.queries import (
    OrderFilter,
    count_by_status,
    order_by_id,
    orders_page,
    refunds_of,
    shipped_line_ids,
)
from shop.orders.refunds import refund_open, refundable_cents, shipping_refunded
from shop.pagination import check_page, page_arg, page_count
from shop.payments.queries import payments_for_order
from shop.security import staff_required

PER_PAGE = 50
# Statuses whose orders wait for someone: the list counts them (an index range each).
OPEN_STATUSES = (OrderStatus.PENDING_PAYMENT, OrderStatus.AWAITING_PAYMENT,
                 OrderStatus.COMPLIANCE_HOLD, OrderStatus.PAID, OrderStatus.PACKED)
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
    form = OrderFilterForm(formdata=request.args)
    counts = count_by_status(OPEN_STATUSES)
    form.status.choices = [SelectChoice("", "Any"), *(
        SelectChoice(s.value, f"{STATUS_TEXT[s]} ({counts.get(s.value, 0)})"
                     if s in OPEN_STATUSES else STATUS_TEXT[s]) for s in OrderStatus)]
    form.country.choices = [("", "Any"), *country_choices()]
    form.validate()  # a malformed value shows its error beside its field and filters nothing
    wanted = OrderFilter(
        status=_chosen(form.status, {s.value for s in OrderStatus}),
        q=_text(form.q), since=None if form.since.errors else form.since.data,
        until=None if form.until.errors else form.until.data,
        country=_chosen(form.country, {code for code, _ in country_choices()}),
        method=_chosen(form.method, {m.value for m in form.method.choices}),
        compliance=_chosen(form.compliance, {"hold", "controlled"}))
    found = orders_page(wanted, page, PER_PAGE)
    pages = page_count(found.total, PER_PAGE)
    check_page(page, pages)
    return render_template("admin/orders.html", found=found, page=page, pages=pages,
                           form=form, status_text=STATUS_TEXT, filtered=wanted != OrderFilter())


def _text(field) -> str:
    return "" if field.errors else str(field.data or "").strip()


def _chosen(field, allowed: set[str]) -> str:
    value = str(field.data or "")
    if value not in allowed:
        if value:
            field.errors = [*field.errors, "Choose one of the listed values."]
        return ""
    return value


def order_or_404(order_id: int) -> Order:
    order = order_by_id(order_id)
    if order is None:
        abort(404)
    return order


@bp.get("/orders/<int:order_id>")
@staff_required
def order_detail(order_id: int):
    order = order_or_404(order_id)
    return detail_page(order)


def detail_page(order: Order, ship_form=None, refund_form=None, note_form=None, note_action=None,
            line_errors=None, status=200):
    """The order page; ``note_action`` names the note form that was refused, whose errors
    and note are shown with it; ``line_errors`` are the refund form's errors by line field."""
    allowed = ORDER_TRANSITIONS[OrderStatus(order.status)]
    refunds = refunds_of(order.id)
    actors = {e.actor_id for e in order.events} | {r.created_by for r in refunds}
    return render_template(
        "admin/order.html", order=order, allowed=allowed, status_text=STATUS_TEXT,
        note_form=note_form or NoteForm(), note_action=note_action,
        ship_form=ship_form or ShipForm(), refund_form=refund_form or RefundForm(),
        line_errors=line_errors or {}, payments=payments_for_order(order.id),
        refunds=refunds, refundable=refundable_cents(order), refund_open=refund_open(order),
        shipping_left=order.shipping_cents - shipping_refunded(order.id),
        shipped_lines=shipped_line_ids(order),
        screenings=compliance_queries.screenings_for("order", order.id),
        actors=_emails(actors), S=OrderStatus,
    ), status


def _emails(user_ids) -> dict[int, str]:
    found = {}
    for user_id in sorted(i for i in user_ids if i):
        user = account_queries.user_by_id(user_id)
        found[user_id] = user.email if user is not None else f"user {user_id}"
    return found


def perform(order_id: int, work, done: str, form, **detail):
    """Run one action on an order and commit it, or put the service's error on the form (a
    rule broken) or flash it (the order moved on meanwhile); either way nothing changes."""
    try:
        work()
    except ValidationError as exc:
        db.session.rollback()
        form.apply_error(exc)
        return detail_page(order_or_404(order_id), status=400, **detail)
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
    order = order_or_404(order_id)
    form = NoteForm()
    if not form.validate_on_submit():
        return detail_page(order, note_form=form, note_action=action, status=400)
    call, done = NOTE_ACTIONS[action]
    return perform(order_id, lambda: call(order, current_user.id,
                                          (form.note.data or "").strip()),
                   done, form, note_form=form, note_action=action)


@bp.post("/orders/<int:order_id>/ship")
@staff_required
def order_ship(order_id: int):
    order = order_or_404(order_id)
    form = ShipForm()
    if not form.validate_on_submit():
        return detail_page(order, ship_form=form, status=400)

    def ship():
        order_services.mark_shipped(order, current_user.id, form.carrier.data,
                                    form.tracking_number.data)
        notify.order_shipped(order)

    return perform(order_id, ship, "Marked shipped; the customer has been told.", form,
                   ship_form=form)
