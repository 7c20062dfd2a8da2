"""Reads of the audit log: a filtered page, newest first, and the latest rows."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, select

from shop.audit.models import AuditEntry
from shop.extensions import db


@dataclass(frozen=True)
class AuditFilter:
    """What the audit page filters on; empty values filter nothing. ``actor`` is an e-mail
    address (or its start) or a user id; ``action`` an endpoint or its start
    (``admin.order``); dates are inclusive days in UTC."""

    actor: str = ""
    action: str = ""
    target_type: str = ""
    target_id: str = ""
    since: date | None = None
    until: date | None = None


def _where(f: AuditFilter) -> list:
    where = []
    actor = f.actor.strip()
    if actor.isascii() and actor.isdigit() and len(actor) <= 10:
        where.append(AuditEntry.actor_id == int(actor))
    elif actor:
        where.append(_starts(AuditEntry.actor_email, actor.lower()))
    if f.action.strip():
        where.append(_starts(AuditEntry.action, f.action.strip()))
    if f.target_type.strip():
        where.append(AuditEntry.target_type == f.target_type.strip())
    if f.target_id.strip():
        where.append(AuditEntry.target_id == f.target_id.strip())
    if f.since:
        where.append(AuditEntry.created_at >= _midnight(f.since))
    if f.until:
        where.append(AuditEntry.created_at < _midnight(f.until + timedelta(days=1)))
    return where


def _starts(column, prefix: str):
    """``column`` starts with ``prefix``, as a range its index can answer whatever the
    collation (LIKE would not use the index on SQLite, and its wildcards need escaping)."""
    bound = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    return (column >= prefix) & (column < bound)


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


# Counting stops this many rows past the page asked for: the log only grows, and a page
# says "more than N" rather than reading all of it to count.
COUNT_AHEAD = 500


def entries_page(f: AuditFilter, page: int = 1,
                 per_page: int = 50) -> tuple[list[AuditEntry], int, bool]:
    """One page of matching rows, newest first; how many match (up to ``COUNT_AHEAD`` past
    this page) and whether more do."""
    where = _where(f)
    stop = page * per_page + COUNT_AHEAD
    counted = db.session.scalar(select(func.count()).select_from(
        select(AuditEntry.id).where(*where).limit(stop + 1).subquery())) or 0
    rows = list(db.session.scalars(
        select(AuditEntry).where(*where).order_by(AuditEntry.id.desc())
        .limit(per_page).offset((page - 1) * per_page)))
    return rows, min(counted, stop), counted > stop


def latest(limit: int = 10) -> Sequence[AuditEntry]:
    return db.session.scalars(
        select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)).all()


def target_types() -> list[str]:
    """The kinds of rows the log can name (every mapped class), for the filter's choices;
    no query: the log may be long."""
    return sorted({mapper.class_.__name__ for mapper in db.Model.registry.mappers})
