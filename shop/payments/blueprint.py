"""The ``payments`` blueprint: the provider's webhook (``/payments/stripe/webhook``)."""

from flask import Blueprint

bp = Blueprint("payments", __name__, url_prefix="/payments")
