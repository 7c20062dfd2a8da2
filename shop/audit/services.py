"""Writing to the audit log by hand: for statements the ORM does not see (a core UPDATE over
many rows, raw SQL), which the automatic capture cannot describe. Adds and flushes; the
entry point commits, so the record stands or falls with the change it describes."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from shop.audit.models import AuditEntry
from shop.audit.values import json_value
from shop.db import utcnow
from shop.errors import ValidationError
from shop.extensions import db


def record(action: str, target_type: str, target_id: Any, before: dict[str, Any] | None,
           after: dict[str, Any] | None, *, actor_id: int | None,
           actor_email: str | None = None, operation: str = "statement",
           request_id: str = "") -> AuditEntry:
    """One audit row: ``action`` (an endpoint or a name such as ``stock.bulk_reprice``), the
    target's type and id (``""`` for many rows), the fields before and after (JSON values;
    secrets are masked), and who did it (their e-mail is looked up when not given)."""
    action = (action or "").strip()
    target_type = (target_type or "").strip()
    if not action or not target_type:
        raise ValidationError("action", "An audit entry needs an action and a target type.")
    if actor_email is None and actor_id is not None:
        actor_email = _email_of(actor_id)
    entry = AuditEntry(
        created_at=utcnow(), actor_id=actor_id, actor_email=(actor_email or "")[:254],
        action=action[:120], operation=operation[:12], target_type=target_type[:60],
        target_id="" if target_id is None else str(target_id)[:64],
        before=_masked(before), after=_masked(after), request_id=request_id[:64])
    db.session.add(entry)
    db.session.flush()
    return entry


def _masked(values: dict[str, Any] | None) -> dict[str, Any] | None:
    if values is None:
        return None
    return {str(k): json_value(str(k), v) for k, v in values.items()}


def _email_of(user_id: int) -> str:
    from shop.accounts.models import User

    return db.session.scalar(select(User.email).where(User.id == user_id)) or ""
