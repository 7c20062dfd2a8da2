"""The one way an application's status changes, and notes beside the changes: each writes
an event row saying who (an applicant, a member of staff or the shop), when, why, and the
mail the applicant got with it."""

from __future__ import annotations

from datetime import datetime

from shop.db import utcnow
from shop.extensions import db
from shop.status import allowed, change_status
from shop.suppliers.exceptions import MoveNotAllowed
from shop.suppliers.models import (
    APPLICATION_TRANSITIONS,
    MOVERS,
    STATUS_TEXT,
    Actor,
    ApplicationEvent,
    ApplicationStatus,
    SupplierApplication,
)

NOTE_LENGTH = 2000


def may_move(actor: Actor | str, current: str, target: str) -> bool:
    """Whether the table allows the move and ``actor`` is one who makes it."""
    current, target = ApplicationStatus(current), ApplicationStatus(target)
    return (allowed(APPLICATION_TRANSITIONS, current, target)
            and Actor(actor) in MOVERS.get((current, target), frozenset()))


def staff_moves(current: str) -> list[ApplicationStatus]:
    """The statuses staff may move an application to from ``current``, in table order."""
    return [target for target in ApplicationStatus
            if may_move(Actor.STAFF, current, target)]


def move(application: SupplierApplication, target: ApplicationStatus | str, *,
         actor: Actor, actor_id: int | None, note: str = "", mail_subject: str = "",
         mail_body: str = "", now: datetime | None = None) -> ApplicationEvent:
    """Change the status along ``APPLICATION_TRANSITIONS``, by one who may make the move
    (``MOVERS``); record the event. A move the table forbids is an ``InvalidTransition``,
    one this actor may not make a ``MoveNotAllowed`` (both are conflicts)."""
    current, target = ApplicationStatus(application.status), ApplicationStatus(target)
    if allowed(APPLICATION_TRANSITIONS, current, target) and not may_move(actor, current,
                                                                          target):
        raise MoveNotAllowed(f"{STATUS_TEXT[current]}: only "
                             f"{' or '.join(sorted(MOVERS[(current, target)]))} may move an "
                             f"application to {STATUS_TEXT[target].lower()}.")
    event = change_status(
        application, target, table=APPLICATION_TRANSITIONS, actor_id=actor_id,
        note=note, now=now or utcnow(),
        record=lambda change: ApplicationEvent(
            application_id=application.id, actor_kind=Actor(actor),
            mail_subject=mail_subject[:255], mail_body=mail_body,
            **change.columns(NOTE_LENGTH)))
    application.status_changed_at = event.created_at
    db.session.flush()
    return event


def note(application: SupplierApplication, text: str, *, actor: Actor, actor_id: int | None,
         mail_subject: str = "", mail_body: str = "", now: datetime | None = None,
         ) -> ApplicationEvent:
    """Something that happened without a status change (documents added, a staff note)."""
    event = ApplicationEvent(
        application_id=application.id, from_status=application.status,
        to_status=application.status, actor_kind=Actor(actor), actor_id=actor_id,
        note=text[:NOTE_LENGTH], mail_subject=mail_subject[:255], mail_body=mail_body,
        created_at=now or utcnow())
    db.session.add(event)
    db.session.flush()
    return event
