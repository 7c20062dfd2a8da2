"""Users and their roles, the address book, single-use link records and sign-in throttling."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from flask_login import UserMixin
from sqlalchemy import Boolean, DateTime, ForeignKey, Index, Integer, String, text
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from shop.accounts.countries import is_country_code
from shop.db import TimestampMixin, utcnow
from shop.extensions import db


class Role(StrEnum):
    CUSTOMER = "customer"
    SUPPLIER = "supplier"  # belongs to an approved supplier organisation
    STAFF = "staff"  # back office
    ADMIN = "admin"  # staff plus user management


STAFF_ROLES = frozenset({Role.STAFF, Role.ADMIN})


class User(UserMixin, TimestampMixin, db.Model):
    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    display_name: Mapped[str] = mapped_column(String(120), default="")
    role: Mapped[str] = mapped_column(String(20), default=Role.CUSTOMER)
    email_verified_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    is_active_account: Mapped[bool] = mapped_column(Boolean, default=True)
    # Bumped when the password changes or the user signs out everywhere; the session
    # carries it, so older sessions stop working (their ``UserSession`` rows are deleted too).
    session_version: Mapped[int] = mapped_column(Integer, default=1)
    supplier_id: Mapped[int | None] = mapped_column(
        ForeignKey("supplier_organisation.id"), index=True)  # shop.suppliers
    # Profile: what invoices and deliveries need beyond the name.
    company_name: Mapped[str] = mapped_column(String(200), default="")
    tax_id: Mapped[str] = mapped_column(String(40), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Set when the account was deleted: the row stays (orders point at it), the person is gone.
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    addresses: Mapped[list[Address]] = relationship(
        back_populates="user", cascade="all, delete-orphan", passive_deletes=True,
        order_by="Address.id",
    )

    @property
    def is_active(self) -> bool:  # Flask-Login
        return self.is_active_account and self.deleted_at is None

    def get_id(self) -> str:
        """Flask-Login: the id, the session version and the token of the server-side session
        this user object was signed in or loaded with (``shop.accounts.sessions``)."""
        return f"{self.id}:{self.session_version}:{self.__dict__.get('session_token', '')}"

    @property
    def is_staff(self) -> bool:
        return self.role in STAFF_ROLES

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    @property
    def is_verified(self) -> bool:
        return self.email_verified_at is not None


class Address(TimestampMixin, db.Model):
    """One entry of a user's address book. At most one default of each kind per user:
    the service keeps that rule and the two partial unique indexes back it up."""

    __tablename__ = "address"
    __table_args__ = (
        Index("uq_address_default_shipping", "user_id", unique=True,
              sqlite_where=text("is_default_shipping = 1"),
              postgresql_where=text("is_default_shipping")),
        Index("uq_address_default_billing", "user_id", unique=True,
              sqlite_where=text("is_default_billing = 1"),
              postgresql_where=text("is_default_billing")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    full_name: Mapped[str] = mapped_column(String(120))
    company: Mapped[str] = mapped_column(String(200), default="")
    line1: Mapped[str] = mapped_column(String(200))
    line2: Mapped[str] = mapped_column(String(200), default="")
    city: Mapped[str] = mapped_column(String(100))
    region: Mapped[str] = mapped_column(String(100), default="")
    postal_code: Mapped[str] = mapped_column(String(20), default="")
    country_code: Mapped[str] = mapped_column(String(2))
    phone: Mapped[str] = mapped_column(String(40), default="")
    is_default_shipping: Mapped[bool] = mapped_column(Boolean, default=False)
    is_default_billing: Mapped[bool] = mapped_column(Boolean, default=False)

    user: Mapped[User] = relationship(back_populates="addresses")

    @validates("country_code")
    def _check_country(self, _key: str, value: str) -> str:
        code = (value or "").strip().upper()
        if not is_country_code(code):
            raise ValueError(f"not an ISO 3166-1 alpha-2 country code: {value!r}")
        return code


class UsedToken(db.Model):
    """A single-use link that has been used. The unique id makes a second use fail even
    when two requests race."""

    __tablename__ = "account_token_use"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_id: Mapped[str] = mapped_column(String(64), unique=True)
    purpose: Mapped[str] = mapped_column(String(20))
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    used_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class LoginThrottle(db.Model):
    """Failed sign-ins per account, shared by every worker through the database.

    Keyed on a hash of the address typed in, so unknown addresses are throttled exactly
    like known ones and no address is stored in clear."""

    __tablename__ = "login_throttle"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    last_failure_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class UserSession(db.Model):
    """One signed-in browser, held on the server. The session cookie and the remember-me
    cookie name it by a random token (only its digest is stored); signing out deletes the
    row, so copies of either cookie stop working. Every row expires: a plain session after
    ``PERMANENT_SESSION_LIFETIME``, a remembered one ``REMEMBER_COOKIE_DURATION`` after it
    was last restored from its cookie, which also gives it a new token."""

    __tablename__ = "user_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    remember: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
