"""Audit capture without the views' help: while a signed-in user's request to an audited
blueprint is handled, every object the ORM inserts, updates or deletes becomes an audit row
(its changed fields before and after), and so does every ORM-enabled bulk UPDATE or DELETE
(its SET values, WHERE clause and row count).

Changes are noted at each flush (while the attributes still hold their history) and written
when the transaction commits, on its own connection, one row per object however many
flushes touched it (the first value before, the last after). What a rollback undoes (the
whole transaction, or a savepoint) is forgotten with it.

The guards here refuse, always and everywhere, to update or delete an audit row through the
ORM (``session.delete``, a changed attribute, ``update(AuditEntry)``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import Flask, g, has_request_context, request
from flask_login import current_user
from sqlalchemy import event, insert, inspect
from sqlalchemy.orm import ORMExecuteState, Session, SessionTransaction
from sqlalchemy.sql.elements import BindParameter

from shop.audit.exceptions import AuditLogIsAppendOnly
from shop.audit.models import AuditEntry
from shop.audit.values import MASK, MAX_TEXT, SECRET_FIELD, json_value
from shop.db import utcnow
from shop.errors import request_id
from shop.extensions import db

#: Blueprints whose requests are audited: the back office, and the supplier portal.
AUDITED_BLUEPRINTS = frozenset({"admin", "supplier"})
#: Tables left out: the audit rows themselves, sign-in sessions, counters and used links,
#: the catalogue's change feed and search text, stored mail and job progress.
SKIPPED_TABLES = frozenset({
    "audit_entry", "user_session", "login_throttle", "account_token_use", "catalog_change",
    "catalog_version", "search_document", "outbox_message", "job",
})
_PENDING = "audit_pending"
_installed = False


def init_app(app: Flask) -> None:
    """Note who acts at the start of each audited request; install the listeners once (on
    the session class, so every app's sessions have them)."""
    global _installed
    app.before_request(_note_actor)
    if not _installed:
        session_class = db.session.session_factory.class_
        event.listen(session_class, "before_flush", _refuse_changed_entries)
        event.listen(session_class, "after_flush", _note_flush)
        event.listen(session_class, "do_orm_execute", _on_statement)
        event.listen(session_class, "before_commit", _write_pending)
        event.listen(session_class, "after_soft_rollback", _forget_rolled_back)
        event.listen(session_class, "after_transaction_end", _forget_at_end)
        _installed = True


@dataclass(frozen=True)
class Actor:
    id: int
    email: str
    action: str
    request_id: str


def _note_actor() -> None:
    if request.blueprint not in AUDITED_BLUEPRINTS or not current_user.is_authenticated:
        return
    action = request.endpoint or request.path
    if request.view_args and "action" in request.view_args:
        action = f"{action}:{request.view_args['action']}"
    g.audit_actor = Actor(current_user.id, current_user.email, action[:120],
                          request_id()[:64])


def _actor() -> Actor | None:
    return g.get("audit_actor") if has_request_context() else None


# --- the guards ----------------------------------------------------------------------------

def _refuse_changed_entries(session: Session, _context, _instances) -> None:
    for obj in session.deleted:
        if isinstance(obj, AuditEntry):
            raise AuditLogIsAppendOnly("deleted")
    for obj in session.dirty:
        if isinstance(obj, AuditEntry) and session.is_modified(obj):
            raise AuditLogIsAppendOnly("changed")


# --- pending rows, kept per transaction ----------------------------------------------------

@dataclass
class Pending:
    actor: Actor
    operation: str
    target_type: str
    target_id: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    transaction: SessionTransaction

    def merge(self, later: Pending) -> None:
        """The same object changed again in the same transaction: keep the first value
        before and the last after."""
        if later.operation == "delete":
            self.before = {**(later.before or {}), **(self.before or {})}
            self.after = None
            self.operation = "delete" if self.operation != "insert" else "gone"
            return
        self.after = {**(self.after or {}), **(later.after or {})}
        if self.operation == "update":
            self.before = {**(later.before or {}), **(self.before or {})}


def _pending(session: Session) -> dict[Any, Pending]:
    return session.info.setdefault(_PENDING, {})


def _add(session: Session, key: Any, entry: Pending) -> None:
    pending = _pending(session)
    if key is not None and key in pending:
        pending[key].merge(entry)
    else:
        pending[key if key is not None else object()] = entry


def _write_pending(session: Session) -> None:
    if not session.info.get(_PENDING):
        return
    session.flush()  # the last changes are noted before they are written
    entries = [e for e in session.info.pop(_PENDING, {}).values() if e.operation != "gone"]
    if not entries:
        return
    now = utcnow()
    session.connection().execute(insert(AuditEntry.__table__), [
        {"created_at": now, "actor_id": e.actor.id, "actor_email": e.actor.email,
         "action": e.actor.action, "request_id": e.actor.request_id,
         "operation": e.operation, "target_type": e.target_type, "target_id": e.target_id,
         "before": e.before, "after": e.after} for e in entries])


def _innermost(session: Session) -> SessionTransaction | None:
    return session.get_nested_transaction() or session.get_transaction()


def _forget_rolled_back(session: Session, rolled_back: SessionTransaction) -> None:
    pending = session.info.get(_PENDING)
    if not pending:
        return
    for key, entry in list(pending.items()):
        transaction = entry.transaction
        while transaction is not None and transaction is not rolled_back:
            transaction = transaction.parent
        if transaction is rolled_back:
            del pending[key]


def _forget_at_end(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:
        session.info.pop(_PENDING, None)


# --- what a flush changed ------------------------------------------------------------------

def _note_flush(session: Session, _context) -> None:
    actor = _actor()
    if actor is None:
        return
    transaction = _innermost(session)  # a savepoint's rollback forgets what it noted
    for operation, objects in (("insert", session.new), ("update", session.dirty),
                               ("delete", session.deleted)):
        for obj in objects:
            described = _describe(operation, obj)
            if described is not None:
                key, fields = described
                _add(session, key, Pending(actor, transaction=transaction, **fields))


def _describe(operation: str, obj: Any) -> tuple[Any, dict[str, Any]] | None:
    state = inspect(obj, raiseerr=False)
    if state is None or state.mapper.persist_selectable.name in SKIPPED_TABLES:
        return None
    mapper = state.mapper
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None
    if operation == "update":
        before, after = {}, {}
        for attr in mapper.column_attrs:
            history = state.attrs[attr.key].history
            if not history.added and not history.deleted:
                continue
            old = history.deleted[0] if history.deleted else None
            new = history.added[0] if history.added else None
            if old == new:
                continue
            before[attr.key] = json_value(attr.key, old)
            after[attr.key] = json_value(attr.key, new)
        if not after:
            return None
    else:
        values = {attr.key: json_value(attr.key, state.dict.get(attr.key))
                  for attr in mapper.column_attrs if attr.key in state.dict}
        before, after = (None, values) if operation == "insert" else (values, None)
    identity = state.identity or tuple(
        state.dict.get(mapper.get_property_by_column(column).key)
        for column in mapper.primary_key)
    target_id = ",".join(str(part) for part in identity)[:64]
    return (mapper.class_, target_id), {
        "operation": operation, "target_type": mapper.class_.__name__,
        "target_id": target_id, "before": before, "after": after}


# --- statements over many rows -------------------------------------------------------------

def _on_statement(state: ORMExecuteState):
    if not (state.is_update or state.is_delete):
        return None
    mapper = state.bind_mapper
    if mapper is not None and mapper.class_ is AuditEntry:
        raise AuditLogIsAppendOnly("deleted" if state.is_delete else "changed")
    actor = _actor()
    if actor is None or mapper is None or mapper.persist_selectable.name in SKIPPED_TABLES:
        return None
    values = _set_values(state)
    if state.is_update and set(values) <= {"updated_at"}:
        return None  # a lock taken by touching the row's time
    result = state.invoke_statement()
    where = state.statement.whereclause
    after = {"set": values, "where": str(where) if where is not None else "",
             "params": _plain_params(state.parameters),
             "rows": getattr(result, "rowcount", None)}
    _add(state.session, None, Pending(
        actor, "bulk delete" if state.is_delete else "bulk update",
        mapper.class_.__name__, "", None, after, _innermost(state.session)))
    return result


def _set_values(state: ORMExecuteState) -> dict[str, Any]:
    """The SET clause of an UPDATE: column → value (or the expression, as SQL text)."""
    values = getattr(state.statement, "_values", None) or {}  # SQLAlchemy keeps SET here
    found: dict[str, Any] = {}
    for column, value in values.items():
        name = getattr(column, "key", None) or str(column)
        if isinstance(value, BindParameter) and value.value is not None:
            found[name] = json_value(name, value.value)
        else:
            found[name] = MASK if SECRET_FIELD.search(name) else str(value)[:MAX_TEXT]
    return found


def _plain_params(params: Any) -> Any:
    if isinstance(params, dict):
        return {str(k): json_value(str(k), v) for k, v in params.items()}
    if isinstance(params, list | tuple):
        return [_plain_params(p) for p in params[:20]]
    return None
