"""The order page (its owner, staff, or anyone with the link from the order mail), the
printable invoice, the order history and "order again"."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from shop.cart import services as cart_services
from shop.cart.session import current_cart
from shop.errors import DomainError
from shop.extensions import db
from shop.orders.blueprint import bp
from shop.orders.links import token_opens
from shop.orders.models import STATUS_TEXT, Order
from shop.orders.queries import order_by_number, orders_of_user
from shop.pagination import check_page, page_arg, page_count
from shop.payments.queries import current_payment
from shop.security import STAFF_ROLES, login_required

PER_PAGE = 20
def _visible(number: str) -> Order:
    """The order, if this visitor may see it; 404 otherwise (whether it exists or not)."""
    order = order_by_number(number)
    if order is None:
        abort(404)
    token = request.args.get("t")
    if token_opens(token, order.number):
        return order
    if current_user.is_authenticated and (current_user.id == order.user_id
                                          or current_user.role in STAFF_ROLES):
        return order
    abort(404)


@bp.get("/orders/<number>")
def show(number: str):
    order = _visible(number)
    return render_template("orders/order.html", order=order, status_text=STATUS_TEXT,
                           token=request.args.get("t"), payment=current_payment(order.id))


@bp.get("/orders/<number>/invoice")
def invoice(number: str):
    order = _visible(number)
    return render_template("orders/invoice.html", order=order)


@bp.get("/account/orders")
@login_required
def history():
    page = page_arg(request.args)
    orders, total = orders_of_user(current_user.id, page, PER_PAGE)
    pages = page_count(total, PER_PAGE)
    check_page(page, pages)
    return render_template("orders/history.html", orders=orders, page=page, pages=pages,
                           status_text=STATUS_TEXT)


@bp.post("/account/orders/<number>/reorder")
@login_required
def reorder(number: str):
    order = order_by_number(number)
    if order is None or order.user_id != current_user.id:
        abort(404)
    cart = current_cart(create=True)
    for line in order.lines:
        if line.product_id is None:
            flash(f"{line.name} ({line.mpn}) is no longer sold.", "info")
            continue
        try:
            cart_services.add_item(cart, line.product_id, line.quantity)
        except DomainError as exc:
            flash(f"{line.name} ({line.mpn}): {getattr(exc, 'message', exc)}", "info")
    db.session.commit()
    flash(f"The items of order {order.number} are in your cart at today's prices.", "success")
    return redirect(url_for("cart.show"))
