"""One audit row per change: who (their id and e-mail at the time), when, the action (the
endpoint, ``admin.order_ship``), the target (its type and id) and the changed fields before
and after. Rows are only ever added: the ORM refuses to update or delete one (``capture``),
and the database refuses an UPDATE (a trigger, created with the table)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import DDL, JSON, DateTime, Index, Integer, String, event
from sqlalchemy.orm import Mapped, mapped_column

from shop.db import utcnow
from shop.extensions import db


class AuditEntry(db.Model):
    __tablename__ = "audit_entry"
    __table_args__ = (
        Index("ix_audit_entry_created", "created_at", "id"),
        Index("ix_audit_entry_actor", "actor_id", "id"),
        Index("ix_audit_entry_actor_email", "actor_email", "id"),
        Index("ix_audit_entry_target", "target_type", "target_id", "id"),
        Index("ix_audit_entry_action", "action", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # No foreign key: the row keeps who it was even after the account is gone.
    actor_id: Mapped[int | None] = mapped_column(Integer)
    actor_email: Mapped[str] = mapped_column(String(254), default="")
    action: Mapped[str] = mapped_column(String(120))
    # insert, update, delete (one object), or bulk update / bulk delete (a statement).
    operation: Mapped[str] = mapped_column(String(12))
    target_type: Mapped[str] = mapped_column(String(60))
    target_id: Mapped[str] = mapped_column(String(64), default="")
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # The rows one request wrote share this value, so a page can show them together.
    request_id: Mapped[str] = mapped_column(String(64), default="")

    @property
    def changed_fields(self) -> list[tuple[str, Any, Any]]:
        """(field, before, after) for every field either side names, in a stable order."""
        before, after = self.before or {}, self.after or {}
        names = list(dict.fromkeys([*before, *after]))
        return [(name, before.get(name), after.get(name)) for name in names]


# The database itself refuses to change a stored row (PostgreSQL and SQLite). Deleting is
# refused by the ORM guard in ``capture``; a retention job, if one is ever wanted, would be a
# deliberate operator step.
REFUSE_MESSAGE = "audit_entry rows cannot be changed"
POSTGRES_GUARD = (
    "CREATE OR REPLACE FUNCTION audit_entry_refuse_update() RETURNS trigger AS $$ "
    f"BEGIN RAISE EXCEPTION '{REFUSE_MESSAGE}'; END; $$ LANGUAGE plpgsql",
    "CREATE TRIGGER audit_entry_no_update BEFORE UPDATE ON audit_entry "
    "FOR EACH ROW EXECUTE FUNCTION audit_entry_refuse_update()",
)
POSTGRES_DROP = ("DROP TRIGGER IF EXISTS audit_entry_no_update ON audit_entry",
                 "DROP FUNCTION IF EXISTS audit_entry_refuse_update()")
SQLITE_GUARD = (
    "CREATE TRIGGER IF NOT EXISTS audit_entry_no_update BEFORE UPDATE ON audit_entry "
    f"BEGIN SELECT RAISE(ABORT, '{REFUSE_MESSAGE}'); END",
)

for _statement in POSTGRES_GUARD:
    event.listen(AuditEntry.__table__, "after_create",
                 DDL(_statement).execute_if(dialect="postgresql"))
for _statement in SQLITE_GUARD:
    event.listen(AuditEntry.__table__, "after_create",
                 DDL(_statement).execute_if(dialect="sqlite"))
