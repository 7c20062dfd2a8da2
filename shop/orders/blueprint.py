"""The orders' blueprint: ``/orders/<number>`` and the order history under ``/account``."""

from flask import Blueprint

from shop.mail import secret_links

bp = Blueprint("orders", __name__)
# The order mail's link carries the order's signed token: only its recipient may see it.
secret_links("orders.show", "orders.invoice")
