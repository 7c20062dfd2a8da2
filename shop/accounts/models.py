"""Users and their roles."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from flask_login import UserMixin
from sqlalchemy import Boolean, DateTime, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from shop.db import TimestampMixin
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
    # carries it, so older sessions stop working.
    session_version: Mapped[int] = mapped_column(Integer, default=1)
    supplier_id: Mapped[int | None] = mapped_column(Integer, index=True)

    @property
    def is_active(self) -> bool:  # Flask-Login
        return self.is_active_account

    def get_id(self) -> str:  # Flask-Login: the id and the session version together
        return f"{self.id}:{self.session_version}"

    @property
    def is_staff(self) -> bool:
        return self.role in STAFF_ROLES

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN
