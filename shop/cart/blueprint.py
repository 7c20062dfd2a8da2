"""The cart blueprint (``/cart``). ``views`` and ``quick_views`` register its routes."""

from flask import Blueprint

bp = Blueprint("cart", __name__, url_prefix="/cart")
