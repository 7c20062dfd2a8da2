"""Supplier organisations and their people: an approved application becomes an
organisation; members invite colleagues by a signed, expiring, single-use link and remove
them; staff suspend and reinstate the organisation."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import update

from shop.accounts import queries as account_queries
from shop.accounts import services as account_services
from shop.accounts.exceptions import TokenExpired, TokenInvalid, TokenUsed
from shop.accounts.models import Role, User
from shop.accounts.tokens import max_age_for
from shop.db import utcnow
from shop.errors import ValidationError
from shop.extensions import db
from shop.suppliers import links, notify, queries
from shop.suppliers.exceptions import Conflict, NotFound
from shop.suppliers.models import (
    SupplierApplication,
    SupplierInvitation,
    SupplierOrganisation,
    as_utc,
)


def create_for(application: SupplierApplication) -> SupplierOrganisation:
    """The organisation an approved application becomes (once)."""
    if application.organisation_id is not None:
        return application.organisation
    organisation = SupplierOrganisation(
        name=application.legal_name, trading_name=application.trading_name,
        country_code=application.country_code, tax_id=application.tax_id,
        website=application.website, email=application.email, phone=application.phone)
    db.session.add(organisation)
    db.session.flush()
    application.organisation_id = organisation.id
    application.organisation = organisation
    db.session.flush()
    return organisation


def suspend(organisation: SupplierOrganisation, now: datetime | None = None) -> None:
    organisation.suspended_at = organisation.suspended_at or now or utcnow()
    db.session.flush()


def reinstate(organisation: SupplierOrganisation) -> None:
    organisation.suspended_at = None
    db.session.flush()


def _organisation(organisation_id: int) -> SupplierOrganisation:
    organisation = queries.organisation_by_id(organisation_id)
    if organisation is None:
        raise NotFound("no such organisation")
    return organisation


def invite(organisation_id: int, email: str, name: str = "", *, invited_by_id: int | None,
           mail: bool = True, now: datetime | None = None) -> SupplierInvitation:
    """Invite someone to the organisation: a mail with a link that works once, for a few
    days. An earlier invitation of the same address still open is withdrawn."""
    now = now or utcnow()
    organisation = _organisation(organisation_id)
    if not organisation.is_active:
        raise ValidationError("email", "Your organisation is suspended: it cannot invite "
                                       "anyone until the suspension ends.")
    email = account_services.normalize_email(email)
    name = " ".join((name or "").split())
    if len(name) > 120:
        raise ValidationError("name", "Use at most 120 characters.")
    existing = account_queries.user_by_email(email)
    if existing is not None:
        _check_may_join(existing, organisation.id)
    for earlier in queries.pending_invitations(organisation.id, now):
        if earlier.email == email:
            earlier.revoked_at = now
    invitation = SupplierInvitation(
        organisation_id=organisation.id, email=email, name=name, invited_by_id=invited_by_id,
        created_at=now,
        expires_at=now + timedelta(seconds=max_age_for(links.INVITE)))
    db.session.add(invitation)
    db.session.flush()
    if mail:
        inviter = account_queries.user_by_id(invited_by_id) if invited_by_id else None
        inviter_email = inviter.email if inviter and inviter.role == Role.SUPPLIER else None
        notify.invitation(invitation, inviter_email)
    return invitation


def _check_may_join(user: User, organisation_id: int) -> None:
    if user.role in (Role.STAFF, Role.ADMIN):
        raise ValidationError("email", "That address belongs to a staff account of the shop, "
                                       "which cannot join a supplier organisation.")
    if user.supplier_id == organisation_id and user.role == Role.SUPPLIER:
        raise ValidationError("email", "That person is already a member of your organisation.")
    if user.supplier_id is not None and user.role == Role.SUPPLIER:
        raise ValidationError("email", "That address belongs to a member of another supplier "
                                       "organisation. Ask them to contact us.")


def check_invitation(token: str, now: datetime | None = None,
                     ) -> tuple[SupplierInvitation, User | None]:
    """The invitation a link belongs to and the account its address already has (if any),
    or a ``TokenError``. Changes nothing."""
    now = now or utcnow()
    data = links.read(token, links.INVITE, now=now.timestamp())
    invitation = queries.invitation_by_id(data.user_id)
    if invitation is None or invitation.email != data.email:
        raise TokenInvalid()
    if invitation.accepted_at is not None:
        raise TokenUsed("This invitation has been accepted already. Sign in with your "
                        "e-mail address and password.")
    if invitation.revoked_at is not None:
        raise TokenInvalid("This invitation was withdrawn. Ask your colleagues for a new one.")
    if as_utc(invitation.expires_at) <= now:
        raise TokenExpired("This invitation has expired. Ask your colleagues (or us) for a "
                           "new one.")
    if not invitation.organisation.is_active:
        raise TokenInvalid("This organisation is suspended; its invitations cannot be "
                           "accepted now.")
    return invitation, account_queries.user_by_email(invitation.email)


def accept(token: str, *, password: str | None = None, display_name: str = "",
           now: datetime | None = None) -> User:
    """Accept an invitation: a new account (with the password chosen here, its address
    proved by the link) or the existing account of that address joins the organisation.
    Works once."""
    now = now or utcnow()
    invitation, user = check_invitation(token, now)
    if user is not None:
        _check_may_join(user, invitation.organisation_id)
    else:
        user = account_services.create_invited_account(invitation.email, password or "",
                                                       display_name or invitation.name)
    result = db.session.execute(
        update(SupplierInvitation)
        .where(SupplierInvitation.id == invitation.id,
               SupplierInvitation.accepted_at.is_(None),
               SupplierInvitation.revoked_at.is_(None))
        .values(accepted_at=now, accepted_user_id=user.id)
        .execution_options(synchronize_session=False))
    if result.rowcount != 1:  # accepted by a request that raced this one
        raise TokenUsed()
    account_services.set_supplier(user.id, invitation.organisation_id)
    return user


def revoke_invitation(organisation_id: int, invitation_id: int,
                      now: datetime | None = None) -> SupplierInvitation:
    invitation = queries.invitation_of(organisation_id, invitation_id)
    if invitation is None:
        raise NotFound("no such invitation")
    if invitation.accepted_at is not None:
        raise Conflict("That invitation has been accepted already.")
    invitation.revoked_at = invitation.revoked_at or now or utcnow()
    db.session.flush()
    return invitation


def remove_member(organisation_id: int, user_id: int, *, actor_id: int) -> User:
    """Take someone out of the organisation: their account stays, as a customer's."""
    person = queries.member(organisation_id, user_id)
    if person is None:
        raise NotFound("no such member")
    if person.id == actor_id:
        raise ValidationError(None, "You cannot remove yourself; ask a colleague to.")
    return account_services.set_supplier(person.id, None)
