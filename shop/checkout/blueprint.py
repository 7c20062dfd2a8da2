"""The checkout's blueprint: ``/checkout``."""

from flask import Blueprint

bp = Blueprint("checkout", __name__, url_prefix="/checkout")
