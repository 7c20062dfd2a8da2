"""The supplier programme's two blueprints: ``suppliers`` (the public programme page, the
application and the applicant's status pages, under ``/suppliers``) and ``supplier`` (the
portal of approved organisations, under ``/supplier``). ``views`` and ``portal_views``
register their routes."""

from flask import Blueprint

from shop.mail import secret_links

bp = Blueprint("suppliers", __name__, url_prefix="/suppliers")
portal_bp = Blueprint("supplier", __name__, url_prefix="/supplier")

secret_links("suppliers.confirm", "suppliers.status_link", "supplier.accept_invitation")
