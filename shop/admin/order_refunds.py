"""Refunds in the back office, in two steps that work without JavaScript: the order page's
form is checked and worked out (``order_refund``: the lines, shipping, tax and the amount, and
how the money goes back), then confirmed on a page of its own (``order_refund_confirm``). The
confirmation carries a key made for it, so sending it twice refunds once."""

from __future__ import annotations

import secrets

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from shop.admin.blueprint import bp
from shop.admin.order_forms import RefundConfirmForm, RefundForm
from shop.admin.orders import detail_page, order_or_404
from shop.checkout.payments import refund_order
from shop.db import to_minor_units
from shop.errors import Conflict, DomainError, ValidationError
from shop.extensions import db
from shop.orders.models import STATUS_TEXT, Order, OrderStatus, PaymentMethod
from shop.orders.refunds import RefundMode, RefundRequest, plan, refund_open
from shop.payments.exceptions import PaymentError
from shop.security import staff_required

MAX_UNITS_DIGITS = 5


def _request(order: Order, form: RefundForm) -> tuple[RefundRequest | None, dict[str, str]]:
    """The refund the form asks for, or the errors of its line fields (by field name)."""
    errors: dict[str, str] = {}
    units, restock = {}, {}
    for line in order.lines:
        for name, into in ((f"units-{line.id}", units), (f"restock-{line.id}", restock)):
            raw = (request.form.get(name) or "0").strip() or "0"
            if not raw.isascii() or not raw.isdigit() or len(raw) > MAX_UNITS_DIGITS:
                errors[name] = "Enter a whole number of units."
            elif int(raw):
                into[line.id] = int(raw)
    mode = RefundMode(form.mode.data) if form.mode.data in set(RefundMode) else None
    if mode is None:
        form.mode.errors = [*form.mode.errors, "Choose what to refund."]
        return None, errors
    amount = 0
    if mode is RefundMode.AMOUNT:
        try:
            amount = to_minor_units((form.amount.data or "").replace(",", ""), order.currency)
        except ValueError:
            form.amount.errors = [*form.amount.errors, "Enter an amount like 120.00."]
    if errors or form.amount.errors:
        return None, errors
    return RefundRequest(mode, units if mode is RefundMode.LINES else {}, restock,
                         bool(form.shipping.data) and mode is RefundMode.LINES, amount), errors


def _manual(order: Order, form: RefundForm) -> bool:
    return bool(form.manual.data) or order.payment_method != PaymentMethod.CARD


def _refused(order: Order, form: RefundForm, exc: ValidationError, errors: dict[str, str]):
    """Put a service's error beside its field: a line's input, or a field of the form."""
    if exc.field and exc.field.startswith(("units-", "restock-")):
        errors[exc.field] = exc.message
    else:
        form.apply_error(exc)
    return detail_page(order, refund_form=form, line_errors=errors, status=400)


@bp.post("/orders/<int:order_id>/refund")
@staff_required
def order_refund(order_id: int):
    """Check the refund and show what it comes to, with a button to confirm it."""
    order = order_or_404(order_id)
    if not refund_open(order):
        flash(f"{STATUS_TEXT[OrderStatus(order.status)]}: nothing can be refunded on this "
              "order now.", "error")
        return redirect(url_for("admin.order_detail", order_id=order_id))
    form = RefundForm()
    if not form.validate_on_submit():
        return detail_page(order, refund_form=form, status=400)
    wanted, errors = _request(order, form)
    if wanted is None:
        return detail_page(order, refund_form=form, line_errors=errors, status=400)
    try:
        worked_out = plan(order, wanted)
    except ValidationError as exc:
        return _refused(order, form, exc, errors)
    return render_template("admin/refund_confirm.html", order=order, plan=worked_out,
                           form=form, key=secrets.token_urlsafe(24),
                           manual=_manual(order, form),
                           lines={line.id: line for line in order.lines})


@bp.post("/orders/<int:order_id>/refund/confirm")
@staff_required
def order_refund_confirm(order_id: int):
    order = order_or_404(order_id)
    form = RefundConfirmForm()
    back = redirect(url_for("admin.order_detail", order_id=order_id))
    if not form.validate_on_submit():
        flash("The refund was not confirmed: work it out again from the order page.", "error")
        return back
    wanted, errors = _request(order, form)
    if wanted is None:
        return detail_page(order, refund_form=form, line_errors=errors, status=400)
    try:
        done = refund_order(order.id, wanted, key=form.key.data, actor_id=current_user.id,
                            note=(form.note.data or "").strip(), manual=_manual(order, form),
                            expected_cents=int(form.expected.data))
        db.session.commit()
    except ValidationError as exc:
        db.session.rollback()
        return _refused(order_or_404(order_id), form, exc, errors)
    except PaymentError as exc:
        db.session.rollback()
        flash(f"The payment provider refused the refund: {exc}", "error")
        return back
    except (Conflict, DomainError) as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return back
    if done.made_now:
        flash("Refund made." if done.refund.method == "card"
              else "Refund recorded.", "success")
    else:
        flash("This refund had been made already; nothing more was refunded.", "info")
    return back
