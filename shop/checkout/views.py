"""Checkout pages: details (one form), review with the totals, place the order.

Works without JavaScript: the details form posts back to itself to recompute the shipping
choices and totals, then to the review page, whose "Place order" button carries the one-time
token that makes placing idempotent."""

from __future__ import annotations

import secrets

from flask import (
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from shop.accounts.queries import default_address
from shop.cart.queries import cart_view
from shop.cart.session import current_cart
from shop.checkout import pricing
from shop.checkout.blueprint import bp
from shop.checkout.forms import ADDRESS_FIELDS, CheckoutForm, PlaceOrderForm
from shop.checkout.payments import start_card_payment
from shop.checkout.services import (
    CheckoutDetails,
    DestinationRefused,
    PricesChanged,
    check_details,
    payment_methods,
    place_order,
    quote,
)
from shop.errors import ValidationError
from shop.extensions import db
from shop.inventory.services import InsufficientStock
from shop.orders import notify
from shop.orders import services as order_services
from shop.orders.links import order_token, token_opens
from shop.orders.models import OrderStatus, PaymentMethod
from shop.orders.queries import order_by_number
from shop.orders.services import lock_order
from shop.payments.exceptions import GatewayUnavailable, PaymentError
from shop.payments.gateway import card_payments_enabled
from shop.payments.page import allow_stripe

DETAILS, REVIEWED, TOKEN = "checkout", "checkout_total", "checkout_token"


def card_enabled() -> bool:
    return card_payments_enabled(current_app.config)


def _cart_or_redirect():
    cart = current_cart()
    view = cart_view(cart, for_checkout=True) if cart is not None else None
    if view is None or not view.lines:
        flash("Your cart is empty: add something first.", "info")
        return None, None, redirect(url_for("cart.show"))
    return cart, view, None


def _prefill(form: CheckoutForm) -> None:
    saved = CheckoutDetails.from_dict(session.get(DETAILS))
    if saved is not None:
        for name in ("email", "name", "company", "phone", "vat_number", "po_number", "note",
                     "shipping_method", "payment_method"):
            form[name].data = getattr(saved, name)
        for name in ADDRESS_FIELDS:
            form[f"ship_{name}"].data = saved.shipping.get(name, "")
            form[f"bill_{name}"].data = (saved.billing or {}).get(name, "")
        form.billing_same.data = saved.billing is None
        return
    if current_user.is_authenticated:
        form.email.data = current_user.email
        form.name.data = current_user.display_name or ""
        for kind, prefix in (("shipping", "ship"), ("billing", "bill")):
            address = default_address(current_user.id, kind)
            if address is not None:
                for name in ADDRESS_FIELDS:
                    form[f"{prefix}_{name}"].data = getattr(address, name, "") or ""


def _details(form: CheckoutForm) -> CheckoutDetails:
    return CheckoutDetails(
        email=form.email.data.strip(), name=form.name.data.strip(),
        company=(form.company.data or "").strip(), phone=(form.phone.data or "").strip(),
        shipping=form.address("ship"),
        billing=None if form.billing_same.data else form.address("bill"),
        vat_number=(form.vat_number.data or "").strip(),
        po_number=(form.po_number.data or "").strip(), note=(form.note.data or "").strip(),
        shipping_method=form.shipping_method.data or "",
        payment_method=form.payment_method.data or "",
    )


def _shipping_choices(country: str | None):
    options = pricing.shipping_options(country) if country else []
    return [(o.code, o.label) for o in options] or [("standard", "Standard"),
                                                    ("express", "Express")]


@bp.route("", methods=["GET", "POST"])
def details():
    cart, view, away = _cart_or_redirect()
    if away:
        return away
    country = request.form.get("ship_country_code") or \
        (session.get(DETAILS) or {}).get("shipping", {}).get("country_code")
    form = CheckoutForm(shipping_choices=_shipping_choices(country),
                        payment_choices=payment_methods(card_enabled()))
    if request.method == "GET":
        _prefill(form)
        if not form.payment_method.data:
            form.payment_method.data = form.payment_method.choices[-1][0]
        if not form.shipping_method.data:
            form.shipping_method.data = form.shipping_method.choices[0][0]
    elif form.validate():
        try:
            details = check_details(_details(form), card_enabled())
        except ValidationError as exc:
            form.apply_error(exc)
        else:
            session[DETAILS] = details.to_dict()
            if request.form.get("action") != "update":
                return redirect(url_for("checkout.review"))
    totals = None
    if form.ship_country_code.data and form.shipping_method.data:
        try:
            totals = pricing.quote(view.subtotal_cents, view.currency,
                                   form.ship_country_code.data, form.shipping_method.data,
                                   pricing.normalise_vat(form.vat_number.data or ""))
        except LookupError:
            totals = None
    return render_template("checkout/details.html", form=form, view=view, totals=totals,
                           card_enabled=card_enabled())


@bp.get("/review")
def review():
    cart, view, away = _cart_or_redirect()
    if away:
        return away
    details = CheckoutDetails.from_dict(session.get(DETAILS))
    if details is None:
        return redirect(url_for("checkout.details"))
    totals = quote(view, details)
    session[REVIEWED] = totals.total_cents
    session.setdefault(TOKEN, secrets.token_urlsafe(24))
    form = PlaceOrderForm(token=session[TOKEN])
    return render_template("checkout/review.html", view=view, details=details, totals=totals,
                           form=form)


@bp.post("/place")
def place():
    form = PlaceOrderForm()
    token = (form.token.data or "")[:64]
    already = order_services.order_by_token(token) if token else None
    if already is not None:  # a double click or a resubmitted form: one order
        return _to_order(already)
    cart, view, away = _cart_or_redirect()
    if away:
        return away
    details = CheckoutDetails.from_dict(session.get(DETAILS))
    if details is None or not form.validate() or token != session.get(TOKEN):
        flash("Review your order again, then place it.", "error")
        return redirect(url_for("checkout.review"))
    user_id = current_user.id if current_user.is_authenticated else None
    created = False
    try:
        order = place_order(cart, view, details, token, session.get(REVIEWED), user_id)
        notify.order_placed(order)
        created = True
        response = _to_order(order)  # before the commit expires what it reads
        number, email, invoice = order.number, order.email, \
            order.payment_method == PaymentMethod.INVOICE
        db.session.commit()
    except DestinationRefused as exc:
        db.session.commit()  # the screening record stays
        flash(str(exc), "error")
        return redirect(url_for("checkout.details"))
    except PricesChanged as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return redirect(url_for("checkout.review"))
    except (ValidationError, InsufficientStock) as exc:
        db.session.rollback()
        flash(getattr(exc, "message", None) or str(exc), "error")
        return redirect(url_for("cart.show"))
    except IntegrityError:  # the same token placed by a parallel request
        db.session.rollback()
        order = order_services.order_by_token(token)
        if order is None:
            raise
        response = _to_order(order)
    for key in (DETAILS, REVIEWED, TOKEN):
        session.pop(key, None)
    if created and invoice:
        flash(f"Thank you: order {number} is placed. The confirmation is on its way "
              f"to {email}.", "success")
    return response


def _to_order(order):
    token = order_token(order.number)
    if order.payment_method == PaymentMethod.CARD and order.status == OrderStatus.PENDING_PAYMENT:
        return redirect(url_for("checkout.pay", number=order.number, t=token))
    return redirect(url_for("orders.show", number=order.number, t=token))


def _payable(number: str):
    """The order this visitor may pay (its link's token, or its owner), else 404."""
    order = order_by_number(number)
    if order is None:
        abort(404)
    mine = current_user.is_authenticated and current_user.id == order.user_id
    if not (mine or token_opens(request.args.get("t") or request.form.get("t"), order.number)):
        abort(404)
    return order


@bp.get("/pay/<number>")
@allow_stripe
def pay(number: str):
    order = _payable(number)
    token = order_token(order.number)
    if order.status != OrderStatus.PENDING_PAYMENT:
        return redirect(url_for("orders.show", number=order.number, t=token))
    unavailable = None
    start = None
    try:
        start = start_card_payment(order)
        db.session.commit()
    except GatewayUnavailable:
        db.session.rollback()
        unavailable = ("Card payments cannot be reached right now. Your order is saved and "
                       "nothing was charged: try again in a minute, or pay by invoice.")
    except PaymentError as exc:
        db.session.rollback()
        unavailable = f"Card payment is not possible for this order: {exc}"
    return render_template(
        "checkout/pay.html", order=order, start=start, unavailable=unavailable,
        publishable_key=current_app.config.get("STRIPE_PUBLISHABLE_KEY", ""),
        return_url=url_for("orders.show", number=order.number, t=token, _external=True),
        invoice_url=url_for("checkout.pay_by_invoice", number=order.number, t=token),
    )


@bp.route("/pay/<number>/invoice", methods=["GET", "POST"])
def pay_by_invoice(number: str):
    """Pay a card order by invoice instead (without JavaScript, or after a decline)."""
    order = _payable(number)
    token = order_token(order.number)
    form = PlaceOrderForm(token=token)
    if request.method == "POST" and order.status == OrderStatus.PENDING_PAYMENT:
        if form.validate_on_submit():
            order_services.switch_to_invoice(lock_order(order.id), None)
            notify.order_placed(order)
            db.session.commit()
            flash("Your order will be paid by invoice: the payment details are below.",
                  "success")
            return redirect(url_for("orders.show", number=order.number, t=token))
    if order.status != OrderStatus.PENDING_PAYMENT:
        return redirect(url_for("orders.show", number=order.number, t=token))
    return render_template("checkout/pay_by_invoice.html", order=order, form=form, token=token)
