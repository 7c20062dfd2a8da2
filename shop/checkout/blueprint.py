"""The checkout's blueprint: ``/checkout``."""

from flask import Blueprint

from shop.mail import secret_links

bp = Blueprint("checkout", __name__, url_prefix="/checkout")
# Payment links carry the order's signed token.
secret_links("checkout.pay", "checkout.pay_by_invoice")
