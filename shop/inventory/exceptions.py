"""Errors of the inventory back office: a form that was sent before, and rules broken on
several lines of one form at once."""

from __future__ import annotations

from shop.errors import Conflict, ValidationError


class AlreadyRecorded(Conflict):
    """The same form (its one-time key), or the same posting, was applied before: nothing
    changed this time."""


class LineErrors(ValidationError):
    """Rules broken on lines of one form (a receipt, a count): ``errors`` maps each line's id
    to the message shown beside it."""

    def __init__(self, errors: dict[int, str], message: str | None = None):
        first = next(iter(errors.values()), "")
        super().__init__("lines", message or (
            first if len(errors) == 1 else f"{len(errors)} lines need attention: {first}"))
        self.errors = errors
