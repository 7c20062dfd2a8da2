"""The supplier programme's signed links, made and read by ``shop.accounts.tokens`` (the
shop's one token machinery: signature, purpose, expiry).

- confirm: the applicant's e-mail address (3 days). Used once: confirming records
  ``email_confirmed_at`` and moves the application on; a second use finds it confirmed.
- status: the application's status page (30 days, used many times). Every mail about an
  application carries a fresh one, and ``/suppliers/link`` mails new ones.
- invite: joining an organisation (7 days). Used once: the invitation records its
  acceptance.
"""

from __future__ import annotations

from shop.accounts import tokens
from shop.accounts.exceptions import TokenInvalid
from shop.mail import absolute_url
from shop.suppliers.models import SupplierApplication, SupplierInvitation

CONFIRM = tokens.SUPPLIER_CONFIRM
STATUS = tokens.SUPPLIER_STATUS
INVITE = tokens.SUPPLIER_INVITE


def confirm_url(application: SupplierApplication) -> str:
    token = tokens.make_token(CONFIRM, application.id, application.email)
    return absolute_url("suppliers.confirm", token=token)


def status_url(application: SupplierApplication) -> str:
    token = tokens.make_token(STATUS, application.id, application.email)
    return absolute_url("suppliers.status_link", token=token)


def invite_url(invitation: SupplierInvitation) -> str:
    token = tokens.make_token(INVITE, invitation.id, invitation.email)
    return absolute_url("supplier.accept_invitation", token=token)


def read(token: str, purpose: str, now: float | None = None) -> tokens.TokenData:
    """What a link says (its subject's id and the address it was sent to), or a
    ``TokenError`` when it is tampered with or expired."""
    data = tokens.read_token(token, purpose, now=now)
    if data.user_id <= 0:
        raise TokenInvalid()
    return data


def max_age_days(purpose: str) -> int:
    return max(1, tokens.max_age_for(purpose) // 86400)
