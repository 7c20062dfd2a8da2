"""Account use cases: register, verify, sign in, reset, change password or e-mail, profile,
delete, roles. Services take plain arguments, add and flush; the caller commits once."""

from __future__ import annotations

from datetime import datetime

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import delete, select, text
from sqlalchemy.exc import IntegrityError

from shop.accounts import devices, notify, passwords, queries, sessions, throttle, tokens
from shop.accounts.exceptions import TokenInvalid, WrongCredentials
from shop.accounts.models import Address, Role, User
from shop.db import utcnow
from shop.errors import ValidationError
from shop.extensions import db

GENERIC_SIGN_IN_ERROR = "That e-mail address and password do not match an account."


def normalize_email(email: str, field: str = "email") -> str:
    """The form the shop stores and compares: validated, lower case."""
    email = (email or "").strip()
    if len(email) > 254:
        raise ValidationError(field, "An e-mail address has at most 254 characters.")
    try:
        result = validate_email(email, check_deliverability=False)
    except EmailNotValidError as exc:
        raise ValidationError(field, "Enter a valid e-mail address.") from exc
    return result.normalized.lower()


def _user(user_id: int) -> User:
    user = queries.user_by_id(user_id)
    if user is None or user.deleted_at is not None:
        raise ValidationError(None, "This account no longer exists.")
    return user


# --- registration and verification -----------------------------------------------------------

def register(email: str, password: str, display_name: str = "") -> User | None:
    """Create an unverified account and mail the link. An address that already has an account
    gets a notice instead, and the caller answers the same either way (no enumeration)."""
    email = normalize_email(email)
    passwords.check_rules(password, email=email)
    # Hashed whatever the address, so both answers take the same time (no enumeration).
    password_hash = passwords.hash_password(password)
    if queries.email_taken(email):
        notify.already_registered(email)
        return None
    user = User(email=email, password_hash=password_hash,
                display_name=(display_name or "").strip()[:120], role=Role.CUSTOMER)
    try:
        with db.session.begin_nested():
            db.session.add(user)
    except IntegrityError:  # registered by a concurrent request a moment ago
        notify.already_registered(email)
        return None
    notify.verification(email, tokens.make_token(tokens.VERIFY, user.id, email))
    return user


def resend_verification(email: str) -> None:
    """One mail to the address whatever its state, so the answer reveals nothing."""
    try:
        email = normalize_email(email)
    except ValidationError:
        return
    user = queries.user_by_email(email)
    if user is None:
        notify.no_account(email, "confirmation")
    elif user.is_verified:
        notify.already_verified(email)
    else:
        notify.verification(email, tokens.make_token(tokens.VERIFY, user.id, email))


def check_link(token: str, purpose: str, now: float | None = None
               ) -> tuple[User, tokens.TokenData]:
    """The account a link from a mail belongs to and what the link says, or a ``TokenError``.
    Changes nothing: the page behind a link only acts on a POST."""
    data = tokens.read_token(token, purpose, now=now)
    return _user_for(data), data


def _user_for(data: tokens.TokenData) -> User:
    user = queries.user_by_id(data.user_id)
    if user is None or user.deleted_at is not None or user.email != data.email:
        raise TokenInvalid()
    if data.purpose == tokens.RESET and (
        data.extra.get("p") != tokens.password_fingerprint(user.password_hash)
    ):
        raise TokenInvalid("This link was issued before the password last changed. "
                           "Ask for a new one.")
    return user


def verify_email(token: str, now: float | None = None) -> User:
    data = tokens.read_token(token, tokens.VERIFY, now=now)
    user = _user_for(data)
    tokens.consume(data)
    if user.email_verified_at is None:
        user.email_verified_at = utcnow()
    db.session.flush()
    return user


# --- sign-in ---------------------------------------------------------------------------------

def sign_in_key(email: str) -> str:
    """The address sign-in limits count under: normalised when it is an address at all, so
    ``Victim@Example.com `` and ``victim@example.com`` share one count."""
    try:
        return normalize_email(email)
    except ValidationError:  # still counted, under what was typed
        return (email or "").strip().lower()[:254]


def authenticate(email: str, password: str, now: datetime | None = None,
                 device_token: str | None = None) -> User:
    """The account for these credentials. Failures are counted per address (known or not)
    and the caller must commit even when this raises, so the count sticks.

    With a device token issued to this address (``devices``) the failures and delays are the
    device's own: strangers failing on purpose cannot lock its owner out. While locked,
    attempts are refused without a password check and never make the delay grow."""
    now = now or utcnow()
    key = sign_in_key(email)
    device = devices.read(device_token, key)
    counter = throttle.device_counter(key, device.device_id) if device else key
    throttle.check(counter, now)
    user = queries.user_by_email(key)
    if not passwords.verify_password(user.password_hash if user else None, password):
        throttle.record_failure(counter, now)
        raise WrongCredentials(GENERIC_SIGN_IN_ERROR)
    throttle.clear(counter)
    if not user.is_active_account:
        raise ValidationError(None, "This account is disabled. Contact us if you think "
                                    "this is a mistake.")
    if not user.is_verified:
        raise ValidationError(None, "Confirm your e-mail address first: use the link we "
                                    "sent you, or ask for a new one below.")
    user.last_login_at = now
    db.session.flush()
    return user


# --- password --------------------------------------------------------------------------------

def request_password_reset(email: str) -> None:
    """Exactly one mail to the address, a link or a 'no account' notice: the page, the mail
    count and the work done look the same whether or not the account exists."""
    try:
        email = normalize_email(email)
    except ValidationError:
        return
    user = queries.user_by_email(email)
    if user is None:
        notify.no_account(email, "password reset")
        return
    token = tokens.make_token(
        tokens.RESET, user.id, user.email,
        extra={"p": tokens.password_fingerprint(user.password_hash)},
    )
    notify.reset_link(user.email, token)


def reset_password(token: str, new_password: str, now: float | None = None) -> User:
    data = tokens.read_token(token, tokens.RESET, now=now)
    user = _user_for(data)
    passwords.check_rules(new_password, email=user.email)
    tokens.consume(data)
    _set_password(user, new_password)
    if user.email_verified_at is None:  # the link proved the mailbox is theirs
        user.email_verified_at = utcnow()
    throttle.clear(user.email)
    db.session.flush()
    return user


def _set_password(user: User, new_password: str) -> None:
    user.password_hash = passwords.hash_password(new_password)
    user.session_version = (user.session_version or 1) + 1  # every other session ends
    sessions.end_all(user.id)


def change_password(user_id: int, current_password: str, new_password: str) -> User:
    user = _user(user_id)
    if not passwords.verify_password(user.password_hash, current_password):
        raise ValidationError("current_password", "That is not your current password.")
    passwords.check_rules(new_password, email=user.email, field="new_password")
    if current_password == new_password:
        raise ValidationError("new_password", "Choose a password different from the current one.")
    _set_password(user, new_password)
    notify.password_changed(user.email)
    db.session.flush()
    return user


# --- e-mail change ---------------------------------------------------------------------------

def request_email_change(user_id: int, new_email: str, password: str) -> None:
    """Mail a confirmation link to the new address; nothing changes until it is used. If the
    address already has an account its owner is told instead, and the caller answers the
    same, so this cannot be used to test which addresses have accounts."""
    user = _user(user_id)
    if not passwords.verify_password(user.password_hash, password):
        raise ValidationError("password", "That is not your current password.")
    new_email = normalize_email(new_email)
    if new_email == user.email:
        raise ValidationError("email", "That is already your e-mail address.")
    # Both branches send two mails (to the new address, and a notice to the current one),
    # so neither the answer nor its timing tells whether the new address has an account.
    if queries.email_taken(new_email):
        notify.email_in_use(new_email)
    else:
        token = tokens.make_token(tokens.EMAIL_CHANGE, user.id, user.email,
                                  extra={"new": new_email})
        notify.email_change_link(new_email, token)
    notify.email_change_requested(user.email, new_email)


def confirm_email_change(token: str, now: float | None = None) -> User:
    data = tokens.read_token(token, tokens.EMAIL_CHANGE, now=now)
    user = _user_for(data)
    new_email = str(data.extra.get("new") or "")
    if not new_email:
        raise TokenInvalid()
    if queries.email_taken(new_email, except_user_id=user.id):
        raise ValidationError(None, "That address now belongs to another account.")
    tokens.consume(data)
    old_email = user.email
    try:
        with db.session.begin_nested():
            user.email = new_email
            user.email_verified_at = utcnow()
    except IntegrityError as exc:
        raise ValidationError(None, "That address now belongs to another account.") from exc
    throttle.clear(old_email)
    return user


# --- profile, deletion, roles ----------------------------------------------------------------

def update_profile(user_id: int, *, display_name: str, company_name: str, tax_id: str,
                   phone: str) -> User:
    user = _user(user_id)
    user.display_name = display_name.strip()
    user.company_name = company_name.strip()
    user.tax_id = tax_id.strip().upper().replace(" ", "")
    user.phone = phone.strip()
    db.session.flush()
    return user


def delete_account(user_id: int, password: str) -> None:
    """Erase the person, keep the row: orders point at it. The address becomes a unique
    placeholder, the hash and profile are cleared, the address book is deleted."""
    user = _user(user_id)
    if not passwords.verify_password(user.password_hash, password):
        raise ValidationError("password", "That is not your current password.")
    old_email = user.email
    anonymise(user)
    notify.account_deleted(old_email)


def anonymise(user: User) -> None:
    """Strip every personal detail from the row and end all its sessions. The last admin
    cannot go: someone must still be able to manage the shop."""
    if user.role == Role.ADMIN:
        lock_admins()
        db.session.refresh(user)
        if user.role == Role.ADMIN and queries.count_admins() <= 1:
            raise ValidationError(None, "You are the last admin. Make someone else admin "
                                        "before deleting your account.")
    old_email = user.email
    db.session.execute(delete(Address).where(Address.user_id == user.id))
    db.session.expire(user, ["addresses"])
    user.email = f"deleted-{user.id}@deleted.invalid"
    user.password_hash = ""
    user.display_name = ""
    user.company_name = ""
    user.tax_id = ""
    user.phone = ""
    user.email_verified_at = None
    user.last_login_at = None
    user.is_active_account = False
    user.role = Role.CUSTOMER
    user.supplier_id = None
    user.deleted_at = utcnow()
    user.session_version = (user.session_version or 1) + 1
    sessions.end_all(user.id)
    throttle.clear(old_email)
    db.session.flush()


def change_role(actor_id: int, user_id: int, role: str) -> User:
    """Admins change roles. The supplier role comes with an approved supplier organisation;
    the last admin cannot stop being one."""
    try:
        role = Role(role)
    except ValueError as exc:
        raise ValidationError("role", "Choose one of the listed roles.") from exc
    user = _user(user_id)
    if role == Role.SUPPLIER and user.supplier_id is None:
        raise ValidationError("role", "Only members of an approved supplier organisation can "
                                      "be suppliers.")
    if user.id == actor_id and role != Role.ADMIN:
        raise ValidationError("role", "You cannot remove your own admin role.")
    # Lock, then count: two admins demoting each other at once cannot both succeed.
    admins = lock_admins()
    db.session.refresh(user)
    if actor_id not in admins:
        raise ValidationError("role", "Only admins can change roles, and you no longer are one.")
    if user.role == Role.ADMIN and role != Role.ADMIN and queries.count_admins() <= 1:
        raise ValidationError("role", "This is the last admin; make someone else admin first.")
    user.role = role
    db.session.flush()
    return user


def create_invited_account(email: str, password: str, display_name: str = "") -> User:
    """An account made from an invitation link (a supplier organisation's): the link proved
    the mailbox, so it starts verified. The caller gives it its role."""
    email = normalize_email(email)
    passwords.check_rules(password, email=email)
    if queries.email_taken(email):
        raise ValidationError("email", "That address already has an account; sign in instead.")
    user = User(email=email, password_hash=passwords.hash_password(password),
                display_name=(display_name or "").strip()[:120], role=Role.CUSTOMER,
                email_verified_at=utcnow())
    try:
        with db.session.begin_nested():
            db.session.add(user)
    except IntegrityError as exc:  # made by a concurrent request a moment ago
        raise ValidationError("email", "That address already has an account; sign in "
                                       "instead.") from exc
    return user


def set_supplier(user_id: int, supplier_id: int | None) -> User:
    """Make the account a member of a supplier organisation (the supplier role), or take it
    out of its organisation (back to customer). Staff accounts never become suppliers."""
    user = _user(user_id)
    if user.role in (Role.STAFF, Role.ADMIN):
        raise ValidationError("email", "Staff accounts cannot belong to a supplier "
                                       "organisation.")
    user.supplier_id = supplier_id
    user.role = Role.SUPPLIER if supplier_id is not None else Role.CUSTOMER
    db.session.flush()
    return user


def lock_admins() -> list[int]:
    """Lock the rows of every admin until the transaction ends and return their ids, so a
    count of admins taken next stays true until the caller commits. PostgreSQL locks the rows
    (``FOR UPDATE``); SQLite has no row locks, so the database's write lock is taken first
    with a write that changes nothing."""
    if db.session.get_bind().dialect.name == "sqlite":
        db.session.execute(text("UPDATE user_account SET role = role WHERE role = 'admin'"))
    return list(db.session.scalars(
        select(User.id).where(User.role == Role.ADMIN, User.deleted_at.is_(None))
        .order_by(User.id).with_for_update()
    ))


def create_admin(email: str, password: str) -> tuple[User, bool]:
    """For ``flask create-admin``: a new verified admin, or an existing account promoted
    (its password replaced). Returns the user and whether it was created."""
    email = normalize_email(email)
    passwords.check_rules(password, email=email)
    user = queries.user_by_email(email)
    created = user is None
    if created:
        user = User(email=email, password_hash="", display_name="")
        db.session.add(user)
    _set_password(user, password)
    user.role = Role.ADMIN
    user.email_verified_at = user.email_verified_at or utcnow()
    db.session.flush()
    return user, created


def prune_expired_records(now: datetime | None = None) -> tuple[int, int, int]:
    """Housekeeping (``flask prune-accounts`` and the daily job): delete sign-in failure
    counters past their window, use records of links that age alone now refuses, and
    sessions that have expired. Returns how many of each were deleted. Nothing it deletes
    changes whether a sign-in is delayed, a link accepted or a session honoured, so it is
    safe to run at any time, and twice."""
    return throttle.prune(now), tokens.prune_used(now), sessions.prune(now)
