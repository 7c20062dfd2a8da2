"""Mails about an order: placed (with the lines, totals and how to pay) and shipped. Links
carry the order's signed token, so a guest opens the order from the mail."""

from __future__ import annotations

from flask import current_app, render_template

from shop.mail import absolute_url, send_mail
from shop.orders.links import order_token
from shop.orders.models import Order


def _link(order: Order) -> str:
    return absolute_url("orders.show", number=order.number, t=order_token(order.number))


def order_placed(order: Order) -> None:
    text = render_template("orders/mail/placed.txt", order=order, link=_link(order),
                           bank=_bank())
    send_mail(order.email, f"Your order {order.number}", text)


def order_shipped(order: Order) -> None:
    text = render_template("orders/mail/shipped.txt", order=order, link=_link(order))
    send_mail(order.email, f"Order {order.number} has shipped", text)


def _bank() -> dict[str, str]:
    config = current_app.config
    return {key: config.get(f"BANK_{key.upper()}") or ""
            for key in ("account_name", "iban", "bic", "name")}
