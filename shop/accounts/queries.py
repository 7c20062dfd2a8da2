"""Reads for accounts: users and addresses. No writes here."""

from __future__ import annotations

from sqlalchemy import func, or_, select

from shop.accounts.models import Address, Role, User
from shop.extensions import db


def user_by_id(user_id: int) -> User | None:
    return db.session.get(User, user_id)


def user_by_email(email: str) -> User | None:
    """A live (not deleted) account with this address; ``email`` already normalised."""
    return db.session.scalar(
        select(User).where(User.email == email, User.deleted_at.is_(None))
    )


def email_taken(email: str, *, except_user_id: int | None = None) -> bool:
    stmt = select(User.id).where(User.email == email)
    if except_user_id is not None:
        stmt = stmt.where(User.id != except_user_id)
    return db.session.scalar(stmt.limit(1)) is not None


def addresses_for(user_id: int) -> list[Address]:
    return list(db.session.scalars(
        select(Address).where(Address.user_id == user_id).order_by(
            Address.is_default_shipping.desc(), Address.is_default_billing.desc(), Address.id
        )
    ))


def address_of(user_id: int, address_id: int) -> Address | None:
    """The address only if it belongs to ``user_id``; anyone else's is as good as missing."""
    return db.session.scalar(
        select(Address).where(Address.id == address_id, Address.user_id == user_id)
    )


def default_address(user_id: int, kind: str) -> Address | None:
    column = Address.is_default_shipping if kind == "shipping" else Address.is_default_billing
    return db.session.scalar(select(Address).where(Address.user_id == user_id, column))


def count_admins() -> int:
    return db.session.scalar(
        select(func.count(User.id)).where(User.role == Role.ADMIN, User.deleted_at.is_(None))
    ) or 0


def users_page(q: str = "", page: int = 1, per_page: int = 50) -> tuple[list[User], int]:
    stmt = select(User).where(User.deleted_at.is_(None))
    if q:
        like = f"%{q.strip().lower()}%"
        stmt = stmt.where(or_(func.lower(User.email).like(like),
                              func.lower(User.display_name).like(like)))
    total = db.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    rows = db.session.scalars(
        stmt.order_by(User.id).offset((page - 1) * per_page).limit(per_page)
    )
    return list(rows), total



def staff_emails() -> list[str]:
    """Addresses of every active staff member and admin (for the back office's mails)."""
    return list(db.session.scalars(
        select(User.email).where(User.role.in_([Role.STAFF, Role.ADMIN]),
                                 User.deleted_at.is_(None), User.is_active_account.is_(True))
        .order_by(User.id)))
