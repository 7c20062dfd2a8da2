"""Statuses that move only along a table of allowed transitions, every move recorded.

A domain declares its statuses as a ``StrEnum`` and, beside it, one commented table of the
moves it allows, checked and frozen by :func:`transitions`::

    # Allowed status changes:
    #   pending → paid, cancelled
    #   paid    → shipped, refunded
    #   …
    ORDER_TRANSITIONS = transitions(OrderStatus, {
        OrderStatus.PENDING: {OrderStatus.PAID, OrderStatus.CANCELLED},
        OrderStatus.PAID: {OrderStatus.SHIPPED, OrderStatus.REFUNDED},
        OrderStatus.SHIPPED: set(),  # final
        …
    })

It then changes a status only through :func:`change_status`, which checks the move against the
table (a forbidden one raises :class:`InvalidTransition`, a ``Conflict``), applies it and adds
the event row that the domain's ``record`` builds from a :class:`StatusChange`: who, when,
from, to and a note (``record=lambda change: OrderEvent(order_id=order.id,
**change.columns())``). Like every service it adds and flushes; the entry point commits.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from types import MappingProxyType
from typing import Any, Generic, TypeVar

from shop.db import utcnow
from shop.errors import Conflict
from shop.extensions import db

S = TypeVar("S", bound=StrEnum)
E = TypeVar("E")

TransitionTable = Mapping[S, frozenset[S]]


class InvalidTransition(Conflict):
    """A status change the transition table does not allow."""

    def __init__(self, current: str, target: str):
        super().__init__(f"A {current} item cannot become {target}.")
        self.current = current
        self.target = target


def transitions(status: type[S], table: Mapping[S, Iterable[S]]) -> TransitionTable[S]:
    """Check and freeze a transition table: it must give a row for every status of
    ``status`` (an empty one for a final status) and name no other values."""
    members = set(status)
    missing = members - set(table)
    strays = {value for source, targets in table.items() for value in (source, *targets)
              if not isinstance(value, status)}
    if missing or strays:
        raise ValueError(f"{status.__name__} transitions: missing rows for "
                         f"{sorted(missing)}, unknown statuses {sorted(map(str, strays))}")
    return MappingProxyType({source: frozenset(targets) for source, targets in table.items()})


def allowed(table: TransitionTable[S], current: str, target: str) -> bool:
    """Whether ``table`` lets a ``current`` item become ``target``."""
    return target in table.get(current, frozenset())


@dataclass(frozen=True)
class StatusChange(Generic[S]):
    """One move, as the domain's ``record`` receives it to build its event row."""

    from_status: S
    to_status: S
    actor_id: int | None  # who; None for the shop itself (a schedule, a webhook, a link)
    at: datetime  # when
    note: str = ""

    def columns(self, note_length: int = 200) -> dict[str, Any]:
        """The move as the columns every event table names the same way: ``from_status``,
        ``to_status``, ``actor_id``, ``note`` (cut to ``note_length``) and ``created_at``."""
        return {"from_status": self.from_status, "to_status": self.to_status,
                "actor_id": self.actor_id, "note": self.note[:note_length],
                "created_at": self.at}


def change_status(obj: Any, target: S, *, table: TransitionTable[S], actor_id: int | None,
                  record: Callable[[StatusChange[S]], E], note: str = "",
                  now: datetime | None = None, attribute: str = "status") -> E:
    """Move ``obj``'s status (``obj.status``, or ``attribute``) to ``target``.

    Raises :class:`InvalidTransition` when ``table`` forbids the move from the current status
    (staying put included, unless the table lists it). Otherwise sets the status, adds the
    event row ``record(change)`` returns, flushes and returns that row.
    """
    status = type(next(iter(table)))
    current, target = status(getattr(obj, attribute)), status(target)
    if not allowed(table, current, target):
        raise InvalidTransition(current, target)
    setattr(obj, attribute, target)
    event = record(StatusChange(current, target, actor_id, now or utcnow(), note))
    db.session.add(event)
    db.session.flush()
    return event
