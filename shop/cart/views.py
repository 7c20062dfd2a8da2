"""The cart page and its buttons. Every POST finds the visitor's cart through their own
cookie or account (``session.current_cart``) and the line inside that cart, so another
visitor's line id answers 404; nothing a form sends can set a price."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, url_for

from shop.cart import queries, services, session
from shop.cart.blueprint import bp
from shop.cart.exceptions import LineNotFound
from shop.cart.forms import ActionForm, AddForm, QuantityForm, QuickOrderForm
from shop.errors import ValidationError
from shop.extensions import db
from shop.form_tokens import takes_guest_token
from shop.security import safe_next_url

bp.record_once(lambda state: session.init_app(state.app))


def render_cart(*, quantity_errors: dict[int, str] | None = None,
                quick_form: QuickOrderForm | None = None, quick=None, status: int = 200):
    cart = session.current_cart()
    view = queries.cart_view(cart, current_app.config["SHOP_CURRENCY"])
    return render_template(
        "cart/show.html", cart=view, quantity_errors=quantity_errors or {},
        action_form=ActionForm(), quick_form=quick_form or QuickOrderForm(), quick=quick,
    ), status


@bp.get("")
def show():
    return render_cart()


@bp.post("/add")
@takes_guest_token
def add():
    form = AddForm()
    back = safe_next_url(form.next.data, url_for("cart.show"))
    if not form.validate_on_submit() or form.product() is None:
        message = "; ".join(e for errors in form.errors.values() for e in errors) \
            or "That product could not be added."
        flash(message, "error")
        return redirect(back)
    cart = session.current_cart(create=True)
    try:
        line = services.add_item(cart, form.product(), form.quantity.number)
    except ValidationError as exc:
        db.session.rollback()
        flash(exc.message, "error")
        return redirect(back)
    db.session.commit()
    flash(f"Added {form.quantity.number} to your cart. Your cart now holds {line.quantity} "
          "of this product.", "success")
    return redirect(back)


def _cart_or_404():
    cart = session.current_cart()
    if cart is None:
        raise LineNotFound()
    return cart


@bp.post("/lines/<int:line_id>/quantity")
def set_quantity(line_id: int):
    form = QuantityForm()
    cart = _cart_or_404()
    if not form.validate_on_submit():
        errors = [e for errs in form.errors.values() for e in errs]
        return render_cart(quantity_errors={line_id: " ".join(errors)}, status=400)
    try:
        services.set_quantity(cart, line_id, form.quantity.number)
    except ValidationError as exc:
        db.session.rollback()
        return render_cart(quantity_errors={line_id: exc.message}, status=400)
    db.session.commit()
    flash("Quantity updated.", "success")
    return redirect(url_for("cart.show"))


def _line_action(line_id: int, action, message: str):
    form = ActionForm()
    cart = _cart_or_404()
    if not form.validate_on_submit():
        flash("That could not be done; reload the page and try again.", "error")
        return redirect(url_for("cart.show"))
    try:
        action(cart, line_id)
    except ValidationError as exc:
        db.session.rollback()
        flash(exc.message, "error")
        return redirect(url_for("cart.show"))
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("cart.show"))


@bp.post("/lines/<int:line_id>/remove")
def remove(line_id: int):
    return _line_action(line_id, services.remove_line, "Removed from your cart.")


@bp.post("/lines/<int:line_id>/save")
def save_for_later(line_id: int):
    return _line_action(line_id, services.save_for_later, "Saved for later.")


@bp.post("/lines/<int:line_id>/move")
def move_to_cart(line_id: int):
    return _line_action(line_id, services.move_to_cart, "Moved back into your cart.")


@bp.post("/lines/<int:line_id>/swap")
def swap(line_id: int):
    return _line_action(line_id, services.swap_for_successor,
                        "Swapped in the successor product.")


@bp.post("/confirm-prices")
def confirm_prices():
    form = ActionForm()
    cart = _cart_or_404()
    if form.validate_on_submit():
        services.confirm_prices(cart)
        db.session.commit()
        flash("Today's prices are confirmed.", "success")
    return redirect(url_for("cart.show"))
