"""The accounts blueprint (``/account/…``). Its routes are registered by ``views`` (sign-in,
registration, mailed links, profile) and ``address_views`` (the address book)."""

from flask import Blueprint

bp = Blueprint("accounts", __name__, url_prefix="/account")
