"""The orders' blueprint: ``/orders/<number>`` and the order history under ``/account``."""

from flask import Blueprint

bp = Blueprint("orders", __name__)
