"""The accounts blueprint (``/account/…``). Its routes are registered by ``views`` (sign-in,
registration, mailed links, profile) and ``address_views`` (the address book)."""

from flask import Blueprint

from shop.mail import secret_links

bp = Blueprint("accounts", __name__, url_prefix="/account")

# Mailed links whose token is the recipient's alone (withheld from the outbox).
secret_links("accounts.verify", "accounts.reset_password", "accounts.email_confirm")
