"""Who may see what of the supplier programme, for views (never for services).

- The applicant: a browser that opened one of an application's signed links is given that
  application for its session (``grant``); an account that applied, or that belongs to the
  organisation the application became, sees it too (``queries.applicant_may_see``).
- The portal: ``supplier_member_required`` lets in the members of an organisation (suspended
  or not); ``supplier_required`` only members of an active organisation (what selling
  needs). ``current_organisation()`` is the signed-in member's organisation.
"""

from __future__ import annotations

from functools import wraps

from flask import current_app, g, render_template, session
from flask_login import current_user

from shop.suppliers import queries
from shop.suppliers.models import SupplierOrganisation

SESSION_KEY = "supplier_applications"
MAX_GRANTS = 10


def grant(application_id: int) -> None:
    """This browser may follow the application until its session ends."""
    ids = [i for i in granted_ids() if i != application_id]
    session[SESSION_KEY] = [application_id, *ids][:MAX_GRANTS]


def granted_ids() -> list[int]:
    raw = session.get(SESSION_KEY) or []
    return [i for i in raw if isinstance(i, int)] if isinstance(raw, list) else []


def current_organisation() -> SupplierOrganisation | None:
    """The signed-in user's supplier organisation, or None (not signed in, not a supplier)."""
    if "supplier_organisation" not in g:
        user = current_user if current_user.is_authenticated else None
        g.supplier_organisation = queries.organisation_for_user(user)
    return g.supplier_organisation


def _members_only(view, *, active: bool):
    @wraps(view)
    def wrapper(*args, **kwargs):
        if not current_user.is_authenticated:
            return current_app.login_manager.unauthorized()
        organisation = current_organisation()
        if organisation is None:
            return render_template("supplier/not_member.html"), 403
        if active and not organisation.is_active:
            return render_template("supplier/suspended.html", organisation=organisation), 403
        return view(*args, **kwargs)

    return wrapper


def supplier_member_required(view):
    """Signed-in members of a supplier organisation, suspended or not; others get 403."""
    return _members_only(view, active=False)


def supplier_required(view):
    """Signed-in members of an active supplier organisation; members of a suspended one
    get a 403 page saying so, everyone else a 403."""
    return _members_only(view, active=True)
